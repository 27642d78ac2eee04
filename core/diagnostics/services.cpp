#include "diagnostics/rules.h"
#include "diagnostics/selection.h"
#include "model/jsonutil.h"

#include <QSet>
#include <algorithm>

namespace routemap::rules {

namespace {

QString endpointSlicesCommand(const Service &s)
{
    return QStringLiteral("kubectl get endpointslices") + kubectlNamespace(s.ref().ns)
        + QStringLiteral(" -l kubernetes.io/service-name=") + s.ref().name;
}

QString podsCommand(const Service &s)
{
    return QStringLiteral("kubectl get pods") + kubectlNamespace(s.ref().ns) + QStringLiteral(" -l ")
        + labelsDisplay(s.selector) + QStringLiteral(" --show-labels");
}

bool hasAnyAddress(const QList<const EndpointSet *> &sets)
{
    return std::any_of(sets.begin(), sets.end(), [](const EndpointSet *e) { return !e->addresses.isEmpty(); });
}

// A workload or bare Pod whose labels share keys with the selector but not all of its values.
// Values that look like a typo or a variant of each other: "checkout" and "checkout-svc", "web" and "wbe".
bool similarValues(const QString &a, const QString &b)
{
    if (a.contains(b) || b.contains(a)) {
        return true;
    }
    if (qMin(a.size(), b.size()) < 4 || qAbs(a.size() - b.size()) > 2) {
        return false;
    }
    // Levenshtein distance up to 2.
    QList<int> prev(b.size() + 1);
    for (qsizetype j = 0; j <= b.size(); ++j) {
        prev[j] = int(j);
    }
    for (qsizetype i = 1; i <= a.size(); ++i) {
        QList<int> cur(b.size() + 1);
        cur[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int cost = a.at(i - 1) == b.at(j - 1) ? 0 : 1;
            cur[j] = qMin(qMin(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
        }
        prev = cur;
    }
    return prev[b.size()] <= 2;
}

struct NearMiss {
    ObjectRef ref;
    const Labels *labels = nullptr;
    int sharedKeys = 0;
    int sharedPairs = 0;
};

QList<NearMiss> nearMisses(const Snapshot &snapshot, const Service &service)
{
    QList<NearMiss> out;
    QSet<ObjectRef> seen; // a workload's Pods and templates count once
    const auto consider = [&](const ObjectRef &ref, const Labels &labels) {
        NearMiss m {ref, &labels, 0, 0};
        bool similar = false;
        for (auto it = service.selector.begin(); it != service.selector.end(); ++it) {
            if (labels.contains(it.key())) {
                ++m.sharedKeys;
                m.sharedPairs += labels.value(it.key()) == it.value() ? 1 : 0;
                similar = similar || similarValues(labels.value(it.key()), it.value());
            }
        }
        if ((m.sharedPairs > 0 || similar) && !seen.contains(ref)) {
            seen.insert(ref);
            out.append(m);
        }
    };
    const QString &ns = service.ref().ns;
    for (const Pod *p : snapshot.podsIn(ns)) {
        const Workload *owner = snapshot.ownerOf(*p);
        consider(owner ? owner->ref() : p->ref(), p->labels);
    }
    for (const Workload *w : snapshot.workloadsIn(ns)) {
        if (w->podTemplate.present) {
            consider(snapshot.topLevel(w)->ref(), w->podTemplate.labels);
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const NearMiss &a, const NearMiss &b) {
        return std::tie(a.sharedPairs, a.sharedKeys) > std::tie(b.sharedPairs, b.sharedKeys);
    });
    return out;
}

void checkSelectsNothing(FindingSink &sink, const Service &s)
{
    const Snapshot &snapshot = sink.snapshot();
    const QString selector = labelsDisplay(s.selector);
    const QList<NearMiss> misses = nearMisses(snapshot, s);
    Finding &f = sink.add(QStringLiteral("service-selects-nothing"), Severity::Error, *s.object);
    f.message = QStringLiteral("Service %1 selects %2, but no Pod or pod template in %3 carries it")
                    .arg(s.ref().qualifiedName(), selector, s.ref().ns);
    for (const NearMiss &m : misses) {
        f.related.append(m.ref);
    }
    if (!misses.isEmpty()) {
        const NearMiss &best = misses.first();
        QStringList have;
        QStringList lacking;
        for (auto it = s.selector.begin(); it != s.selector.end(); ++it) {
            if (best.labels->contains(it.key())) {
                have.append(it.key() + u'=' + best.labels->value(it.key()));
            } else {
                lacking.append(it.key());
            }
        }
        f.hint = best.ref.display()
            + (best.ref.kind == QLatin1String("Pod") ? QStringLiteral(" is labelled ")
                                                     : QStringLiteral(" labels its pods "))
            + have.join(u',');
        if (!lacking.isEmpty()) {
            f.hint += QStringLiteral(" and without ") + lacking.join(u',');
        }
        f.hint += QStringLiteral(": make the selector and the labels agree");
    } else if (sink.isComplete()) {
        f.hint = QStringLiteral(
            "Fix the selector to match the labels of the pods meant to serve this Service, or deploy them");
    } else {
        f.hint = QStringLiteral("Fix the selector to match the pods meant to serve this Service, or load the manifests "
                                "that define those pods");
    }
    f.kubectl = endpointSlicesCommand(s);
}

void checkReadiness(FindingSink &sink, const Service &s, const QList<SelectedWorkload> &selection)
{
    if (json::at(s.object->spec(), "publishNotReadyAddresses").toBool(false)) {
        return; // not-ready Pods get endpoints anyway
    }
    const QList<const EndpointSet *> sets = sink.snapshot().endpointsOf(s.ref().ns, s.ref().name);
    QList<ObjectRef> related;
    for (const SelectedWorkload &w : selection) {
        related.append(w.ref());
    }
    if (!sets.isEmpty()) {
        int addresses = 0;
        for (const EndpointSet *e : sets) {
            for (const EndpointAddress &a : e->addresses) {
                if (a.ready) {
                    return;
                }
                ++addresses;
            }
        }
        Finding &f = sink.add(QStringLiteral("service-no-ready-endpoints"), Severity::Error, *s.object);
        f.related = related;
        f.message = addresses == 0 ? QStringLiteral("Service %1 has no endpoint: %2 lists no address")
                                         .arg(s.ref().qualifiedName(), sets.first()->ref().display())
                                   : QStringLiteral("Service %1 has %2 endpoint address(es), none of them ready")
                                         .arg(s.ref().qualifiedName())
                                         .arg(addresses);
        f.hint = QStringLiteral("Find out why the selected Pods are not Ready (readiness probe, crash loop, pending "
                                "scheduling): kubectl describe pod on one of them");
        f.kubectl = endpointSlicesCommand(s);
        return;
    }
    int withStatus = 0;
    for (const SelectedWorkload &w : selection) {
        for (const Pod *p : w.pods) {
            if (p->hasStatus) {
                if (p->ready) {
                    return;
                }
                ++withStatus;
            }
        }
    }
    if (withStatus == 0) {
        return; // status unknown
    }
    Finding &f = sink.add(QStringLiteral("service-no-ready-endpoints"), Severity::Error, *s.object);
    f.related = related;
    f.message = QStringLiteral("Service %1 selects %2 Pod(s) with a known status (%3), none of them Ready")
                    .arg(s.ref().qualifiedName())
                    .arg(withStatus)
                    .arg(joinRefs(related));
    f.hint = QStringLiteral("Find out why the Pods are not Ready (readiness probe, crash loop, pending scheduling): "
                            "kubectl describe pod on one of them");
    f.kubectl = podsCommand(s);
}

void checkSeveralWorkloads(FindingSink &sink, const Service &s, const QList<SelectedWorkload> &selection)
{
    QList<ObjectRef> owners;
    QList<ObjectRef> keys;
    for (const SelectedWorkload &w : selection) {
        if (!w.workload) {
            continue;
        }
        // ReplicaSets of an owner that is not loaded (an Argo Rollout, say) are still one workload.
        ObjectRef key = w.workload->ref();
        if (const OwnerReference *owner = w.workload->object->controllerOwner()) {
            key = {groupOfApiVersion(owner->apiVersion), owner->kind, key.ns, owner->name};
        }
        if (!keys.contains(key)) {
            keys.append(key);
            owners.append(w.workload->ref());
        }
    }
    if (owners.size() < 2) {
        return;
    }
    Finding &f = sink.add(QStringLiteral("service-selects-several-workloads"), Severity::Warning, *s.object);
    f.related = owners;
    f.message = QStringLiteral("Service %1 selects %2 through the pods of %3 workloads: %4")
                    .arg(s.ref().qualifiedName(), labelsDisplay(s.selector))
                    .arg(owners.size())
                    .arg(joinRefs(owners, 6));
    f.hint = QStringLiteral("Unless spreading traffic over them is intended (versions, canary), add a label to the "
                            "selector that only one workload's pods carry");
    f.kubectl = podsCommand(s);
}

QString describePorts(const QList<ContainerPort> &ports)
{
    QStringList parts;
    for (const ContainerPort &p : ports) {
        const QString text
            = p.name.isEmpty() ? QString::number(p.containerPort) : p.name + u' ' + QString::number(p.containerPort);
        if (!parts.contains(text)) {
            parts.append(text);
        }
    }
    return parts.join(QStringLiteral(", "));
}

void checkTargetPorts(FindingSink &sink, const Service &s, const QList<SelectedWorkload> &selection)
{
    if (selection.isEmpty()) {
        return;
    }
    QList<ObjectRef> related;
    for (const SelectedWorkload &w : selection) {
        related.append(w.ref());
    }
    const QList<ContainerPort> declared = declaredPorts(selection);
    const QString declaredText
        = declared.isEmpty() ? QStringLiteral("none declared") : QStringLiteral("declared: ") + describePorts(declared);
    for (const ServicePort &port : s.ports) {
        if (!port.targetPortName.isEmpty()) {
            const bool found = std::any_of(declared.begin(), declared.end(),
                [&](const ContainerPort &c) { return c.name == port.targetPortName; });
            if (found) {
                continue;
            }
            Finding &f = sink.add(QStringLiteral("service-target-port-unresolved"), Severity::Error, *s.object);
            f.related = related;
            f.message = QStringLiteral("Service %1 port %2 targets the port named %3, but no container of %4 "
                                       "declares it (%5)")
                            .arg(s.ref().qualifiedName())
                            .arg(port.port)
                            .arg(port.targetPortName, joinRefs(related), declaredText);
            f.hint = QStringLiteral("Name the container port %1 in the pod template, or set targetPort to the number "
                                    "the container listens on")
                         .arg(port.targetPortName);
            f.kubectl = endpointSlicesCommand(s) + QStringLiteral(" -o yaml");
        } else if (port.targetPortNumber > 0 && !declared.isEmpty()) {
            const bool found = std::any_of(declared.begin(), declared.end(),
                [&](const ContainerPort &c) { return c.containerPort == port.targetPortNumber; });
            if (found) {
                continue;
            }
            Finding &f = sink.add(QStringLiteral("service-target-port-undeclared"), Severity::Info, *s.object);
            f.related = related;
            f.message = QStringLiteral("Service %1 port %2 targets port %3, which no container of %4 lists (%5)")
                            .arg(s.ref().qualifiedName())
                            .arg(port.port)
                            .arg(port.targetPortNumber)
                            .arg(joinRefs(related), declaredText);
            f.hint = QStringLiteral("Declaring container ports is optional, so this may work; if the app listens on "
                                    "one of the declared ports, point targetPort at it");
            f.kubectl = QStringLiteral("kubectl port-forward") + kubectlNamespace(s.ref().ns)
                + QStringLiteral(" service/") + s.ref().name + u' ' + QString::number(port.port);
        }
    }
}

void checkWithoutSelector(FindingSink &sink, const Service &s)
{
    const QList<const EndpointSet *> sets = sink.snapshot().endpointsOf(s.ref().ns, s.ref().name);
    if (hasAnyAddress(sets)) {
        return;
    }
    Finding &f = sink.addMissing(
        QStringLiteral("service-without-selector-no-endpoints"), Severity::Warning, Severity::Info, *s.object);
    f.message = sets.isEmpty() ? QStringLiteral("Service %1 has no selector, and its Endpoints/EndpointSlice %2")
                                     .arg(s.ref().qualifiedName(), sink.missingPhrase())
                               : QStringLiteral("Service %1 has no selector, and %2 lists no address")
                                     .arg(s.ref().qualifiedName(), sets.first()->ref().display());
    f.hint = QStringLiteral("Add a selector matching the pods that serve it, or create an EndpointSlice labelled "
                            "kubernetes.io/service-name=%1 with the backend addresses (or use type ExternalName)")
                 .arg(s.ref().name);
    f.kubectl = endpointSlicesCommand(s);
}

} // namespace

void checkServices(FindingSink &sink)
{
    const Snapshot &snapshot = sink.snapshot();
    for (const Service &s : snapshot.services()) {
        if (s.isExternalName()) {
            continue; // a DNS alias: no selector, no endpoints
        }
        if (!s.hasSelector) {
            checkWithoutSelector(sink, s);
            continue;
        }
        const QList<SelectedWorkload> selection = selectedBy(snapshot, s);
        if (selection.isEmpty()) {
            // Live input may list endpoints without the Pods behind them: those prove the selector matches.
            if (!hasAnyAddress(snapshot.endpointsOf(s.ref().ns, s.ref().name))) {
                checkSelectsNothing(sink, s);
            }
            continue;
        }
        checkReadiness(sink, s, selection);
        checkSeveralWorkloads(sink, s, selection);
        checkTargetPorts(sink, s, selection);
    }
}

} // namespace routemap::rules
