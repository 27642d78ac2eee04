// Ingress rules: class resolution, backends, TLS and cross-Ingress conflicts (docs/diagnostics.md).
#include "diagnostics/rules.h"
#include "diagnostics/selection.h"
#include "model/controllers.h"

#include <QJsonArray>
#include <QMap>
#include <QSet>
#include <algorithm>

namespace routemap::rules {

namespace {

const QString kNetworkingGroup = QStringLiteral("networking.k8s.io");

QString nsFlag(const QString &ns)
{
    return ns.isEmpty() ? QString() : QStringLiteral(" -n ") + ns;
}

QString describeIngress(const Ingress &ing)
{
    return QStringLiteral("kubectl describe ingress") + nsFlag(ing.ref().ns) + u' ' + ing.ref().name;
}

ObjectRef ingressClassRef(const QString &name)
{
    return {kNetworkingGroup, QStringLiteral("IngressClass"), QString(), name};
}

ObjectRef serviceRef(const QString &ns, const QString &name)
{
    return {QString(), QStringLiteral("Service"), ns, name};
}

QString hostDisplay(const QString &host)
{
    return host.isEmpty() ? QStringLiteral("*") : host;
}

// Every backend of an Ingress with a readable place: "default backend" or "foo.com/api".
struct PlacedBackend {
    const IngressBackend *backend;
    QString where;
};

QList<PlacedBackend> backendsOf(const Ingress &ing)
{
    QList<PlacedBackend> out;
    if (ing.defaultBackend) {
        out.append({&*ing.defaultBackend, QStringLiteral("default backend")});
    }
    for (const IngressRule &rule : ing.rules) {
        for (const IngressPath &p : rule.paths) {
            out.append({&p.backend, hostDisplay(rule.host) + (p.path.isEmpty() ? QStringLiteral("/") : p.path)});
        }
    }
    return out;
}

QString classNames(const QList<IngressClass> &classes)
{
    QStringList names;
    for (const IngressClass &c : classes) {
        names.append(c.ref().name);
    }
    names.sort();
    return names.join(QStringLiteral(", "));
}

void checkClass(FindingSink &sink, const QList<IngressController> &controllers, const Ingress &ing)
{
    const Snapshot &snap = sink.snapshot();
    const ObjectRef &ref = ing.ref();
    if (!ing.classAnnotation.isEmpty()) {
        Finding &f = sink.add(QStringLiteral("ingress-class-annotation-deprecated"), Severity::Info, *ing.object);
        f.related.append(ingressClassRef(ing.classAnnotation));
        f.message = ref.display() + QStringLiteral(" selects class ") + ing.classAnnotation
            + QStringLiteral(" with the deprecated kubernetes.io/ingress.class annotation");
        if (!ing.className.isEmpty() && ing.className != ing.classAnnotation) {
            f.message += QStringLiteral(" while spec.ingressClassName says ") + ing.className;
        }
        f.hint = QStringLiteral("Set spec.ingressClassName: ")
            + (ing.className.isEmpty() ? ing.classAnnotation : ing.className)
            + QStringLiteral(" and remove the kubernetes.io/ingress.class annotation");
        f.kubectl
            = QStringLiteral("kubectl get ingress") + nsFlag(ref.ns) + u' ' + ref.name + QStringLiteral(" -o yaml");
    }

    const QString requested = ing.requestedClass();
    if (requested.isEmpty()) {
        if (!snap.defaultIngressClasses().isEmpty()) {
            return; // the default class applies (several defaults are reported on the classes)
        }
        Finding &f
            = sink.addMissing(QStringLiteral("ingress-class-unset"), Severity::Error, Severity::Warning, *ing.object);
        f.related.append(ingressClassRef(QString())); // the graph's "no ingress class" node
        f.message = ref.display()
            + QStringLiteral(" names no ingress class (no spec.ingressClassName, no kubernetes.io/ingress.class "
                             "annotation) and no IngressClass")
            + (sink.isComplete() ? QString() : QStringLiteral(" in the loaded manifests"))
            + QStringLiteral(" is marked default, so no controller is bound to serve it");
        const QString known = classNames(snap.ingressClasses());
        f.hint = QStringLiteral("Set spec.ingressClassName to the class of the controller that should serve it")
            + (known.isEmpty() ? QString() : QStringLiteral(" (loaded classes: ") + known + u')')
            + QStringLiteral(", or mark one IngressClass with ingressclass.kubernetes.io/is-default-class: \"true\"");
        f.kubectl = QStringLiteral("kubectl get ingressclass");
        return;
    }
    if (snap.ingressClass(requested)) {
        return;
    }
    Finding &f
        = sink.addMissing(QStringLiteral("ingress-class-unknown"), Severity::Error, Severity::Warning, *ing.object);
    f.related.append(ingressClassRef(requested));
    const bool viaAnnotation = ing.className.isEmpty();
    f.message = ref.display() + QStringLiteral(" asks for class ") + requested
        + (viaAnnotation ? QStringLiteral(" (kubernetes.io/ingress.class annotation)") : QString())
        + QStringLiteral(", but IngressClass ") + requested + u' ' + sink.missingPhrase();
    const QString known = classNames(snap.ingressClasses());
    // The graph draws a running controller for the implied class; the class object is still what binds it.
    const IngressController *implied = controllerForClass(controllers, requested);
    if (implied && implied->isImplied() && !implied->workloads.isEmpty()) {
        QList<ObjectRef> runs;
        for (const Workload *w : implied->workloads) {
            runs.append(w->ref());
        }
        f.message += QStringLiteral(" (the ") + implied->displayName() + QStringLiteral(" controller ") + joinRefs(runs)
            + QStringLiteral(" runs and implies this class)");
        f.hint = QStringLiteral("Apply the IngressClass ") + requested
            + QStringLiteral(" that comes with that controller (its chart or deploy manifest creates it), or use a "
                             "class that exists")
            + (known.isEmpty() ? QString() : QStringLiteral(": ") + known);
    } else {
        f.hint = QStringLiteral("Install the controller that provides class ") + requested
            + QStringLiteral(" (it creates the IngressClass), or use a class that exists")
            + (known.isEmpty() ? QString() : QStringLiteral(": ") + known);
    }
    f.kubectl = QStringLiteral("kubectl get ingressclass ") + requested;
}

void checkDefaultClasses(FindingSink &sink)
{
    const QList<const IngressClass *> defaults = sink.snapshot().defaultIngressClasses();
    if (defaults.size() < 2) {
        return;
    }
    for (const IngressClass *c : defaults) {
        Finding &f = sink.add(QStringLiteral("ingress-class-multiple-defaults"), Severity::Warning, *c->object);
        QStringList others;
        for (const IngressClass *o : defaults) {
            if (o != c) {
                others.append(o->ref().name);
                f.related.append(o->ref());
            }
        }
        f.message = c->ref().display() + QStringLiteral(" is marked default, and so ")
            + (others.size() == 1 ? QStringLiteral("is ") : QStringLiteral("are ")) + others.join(QStringLiteral(", "))
            + QStringLiteral(": Ingresses without a class are rejected or bound unpredictably");
        f.hint
            = QStringLiteral("Keep ingressclass.kubernetes.io/is-default-class: \"true\" on exactly one IngressClass");
        f.kubectl = QStringLiteral("kubectl get ingressclass -o custom-columns=NAME:.metadata.name,"
                                   "DEFAULT:.metadata.annotations.ingressclass\\.kubernetes\\.io/is-default-class");
    }
}

void checkAdmitted(FindingSink &sink, const Ingress &ing)
{
    if (!ing.hasStatus || !ing.loadBalancerAddresses.isEmpty()) {
        return;
    }
    const QString cls = sink.snapshot().effectiveClass(ing);
    Finding &f = sink.add(QStringLiteral("ingress-not-admitted"), Severity::Warning, *ing.object);
    if (!cls.isEmpty()) {
        f.related.append(ingressClassRef(cls));
    }
    // An entry without ip/hostname can still carry per-port errors from the controller or cloud.
    QStringList errors;
    const QJsonArray entries = ing.object->status()
                                   .value(QLatin1String("loadBalancer"))
                                   .toObject()
                                   .value(QLatin1String("ingress"))
                                   .toArray();
    for (const QJsonValue &e : entries) {
        for (const QJsonValue &p : e.toObject().value(QLatin1String("ports")).toArray()) {
            const QString error = p.toObject().value(QLatin1String("error")).toString();
            if (!error.isEmpty() && !errors.contains(error)) {
                errors.append(error);
            }
        }
    }
    f.message = ing.ref().display()
        + (errors.isEmpty() ? QStringLiteral(" has no address in status.loadBalancer.ingress: no controller has "
                                             "admitted it (or its load balancer is still pending)")
                            : QStringLiteral(" has no address in status.loadBalancer.ingress; the status reports: ")
                    + errors.join(QStringLiteral(", ")));
    f.hint = (cls.isEmpty() ? QStringLiteral("Give it an ingress class and check")
                            : QStringLiteral("Check that the controller of class ") + cls + QStringLiteral(" runs,"))
        + QStringLiteral(" that it watches namespace ") + ing.ref().ns
        + QStringLiteral("; its logs and the Ingress events say why it was skipped");
    f.kubectl = describeIngress(ing);
}

void checkBackends(FindingSink &sink, const Ingress &ing)
{
    const Snapshot &snap = sink.snapshot();
    const ObjectRef &ref = ing.ref();
    QSet<QString> reported; // one finding per Service (and port) per Ingress
    for (const PlacedBackend &pb : backendsOf(ing)) {
        const IngressBackend &b = *pb.backend;
        // Resource backends (StorageBucket, ...) are not Services and malformed ones have nothing to look up.
        if (!b.isService()) {
            continue;
        }
        const Service *svc = snap.service(ref.ns, b.serviceName);
        const QString svcName = ref.ns + u'/' + b.serviceName;
        const QString describeSvc = QStringLiteral("kubectl describe svc") + nsFlag(ref.ns) + u' ' + b.serviceName;
        if (!svc) {
            if (reported.contains(b.serviceName)) {
                continue;
            }
            reported.insert(b.serviceName);
            Finding &f = sink.addMissing(
                QStringLiteral("ingress-backend-service-missing"), Severity::Error, Severity::Warning, *ing.object);
            f.related.append(serviceRef(ref.ns, b.serviceName));
            f.message = ref.display() + QStringLiteral(" routes ") + pb.where + QStringLiteral(" to Service ") + svcName
                + QStringLiteral(", which ") + sink.missingPhrase();
            f.hint = QStringLiteral("Create Service ") + svcName
                + QStringLiteral(" or point the backend at an existing Service in namespace ") + ref.ns
                + QStringLiteral(" (an Ingress can only reach Services in its own namespace)");
            f.kubectl = QStringLiteral("kubectl get svc") + nsFlag(ref.ns) + u' ' + b.serviceName;
            continue;
        }
        if (svc->isExternalName()) {
            continue; // ports of an ExternalName Service are informational; the controller uses the backend's
        }
        const QString port = b.portDisplay();
        const QString key = b.serviceName + u':' + port;
        if (reported.contains(key)) {
            continue;
        }
        const ServicePort *sp = b.portNumber > 0 ? svc->portByNumber(b.portNumber)
            : !b.portName.isEmpty()              ? svc->portByName(b.portName)
                                                 : nullptr;
        QStringList ports;
        for (const ServicePort &p : svc->ports) {
            ports.append(p.name.isEmpty() ? QString::number(p.port) : QString::number(p.port) + u'/' + p.name);
        }
        const QString portList = ports.isEmpty() ? QStringLiteral("none") : ports.join(QStringLiteral(", "));
        if (!sp) {
            reported.insert(key);
            Finding &f = sink.add(QStringLiteral("ingress-backend-port-missing"), Severity::Error, *ing.object);
            f.related.append(svc->ref());
            if (port.isEmpty()) {
                f.message = ref.display() + QStringLiteral(" routes ") + pb.where + QStringLiteral(" to Service ")
                    + svcName + QStringLiteral(" but names no port");
                f.hint = QStringLiteral("Set service.port.number or service.port.name; Service ") + svcName
                    + QStringLiteral(" exposes ") + portList;
            } else {
                f.message = ref.display() + QStringLiteral(" routes ") + pb.where + QStringLiteral(" to Service ")
                    + svcName + QStringLiteral(" port ") + port + QStringLiteral(", which the Service does not expose");
                f.hint = QStringLiteral("Use one of the ports Service ") + svcName + QStringLiteral(" exposes (")
                    + portList + QStringLiteral("), or add port ") + port + QStringLiteral(" to the Service");
            }
            f.kubectl = describeSvc;
            continue;
        }
        const QString protocol = sp->protocol.toUpper();
        if (protocol == QLatin1String("UDP") || protocol == QLatin1String("SCTP")) {
            reported.insert(key);
            Finding &f = sink.add(QStringLiteral("ingress-backend-not-http"), Severity::Warning, *ing.object);
            f.related.append(svc->ref());
            f.message = ref.display() + QStringLiteral(" routes ") + pb.where + QStringLiteral(" to Service ") + svcName
                + QStringLiteral(" port ") + port + QStringLiteral(", which is ") + protocol
                + QStringLiteral(": an Ingress only carries HTTP(S)");
            f.hint = QStringLiteral("Expose ") + protocol
                + QStringLiteral(
                    " traffic with a LoadBalancer or NodePort Service, or a Gateway API UDPRoute/TCPRoute");
            f.kubectl = describeSvc;
        }
    }
}

bool hasCertManagerAnnotation(const Ingress &ing)
{
    const Labels &a = ing.object->annotations;
    return a.contains(QStringLiteral("cert-manager.io/issuer"))
        || a.contains(QStringLiteral("cert-manager.io/cluster-issuer"));
}

void checkTlsSecrets(FindingSink &sink, const Ingress &ing)
{
    const ObjectRef &ref = ing.ref();
    const bool issued = hasCertManagerAnnotation(ing);
    QSet<QString> seen;
    for (const IngressTls &tls : ing.tls) {
        if (tls.secretName.isEmpty() || seen.contains(tls.secretName)) {
            continue; // no secretName: the controller's default certificate is used
        }
        seen.insert(tls.secretName);
        // Some controllers accept "namespace/name" for a delegated certificate.
        QString ns = ref.ns;
        QString name = tls.secretName;
        const qsizetype slash = name.indexOf(u'/');
        if (slash > 0) {
            ns = name.left(slash);
            name = name.mid(slash + 1);
        }
        if (sink.snapshot().secret(ns, name)) {
            continue;
        }
        const QString code = QStringLiteral("ingress-tls-secret-missing");
        Finding &f = issued ? sink.add(code, Severity::Info, *ing.object)
                            : sink.addMissing(code, Severity::Error, Severity::Warning, *ing.object);
        f.related.append({QString(), QStringLiteral("Secret"), ns, name});
        const QString hosts
            = tls.hosts.isEmpty() ? QString() : QStringLiteral(" for ") + tls.hosts.join(QStringLiteral(", "));
        f.message = ref.display() + QStringLiteral(" terminates TLS") + hosts + QStringLiteral(" with Secret ") + ns
            + u'/' + name + QStringLiteral(", which ") + sink.missingPhrase();
        if (issued) {
            f.message += QStringLiteral(" yet (cert-manager is expected to issue it)");
            f.hint = QStringLiteral("cert-manager creates Secret ") + name
                + QStringLiteral(" once the Certificate is issued; if it stays missing, check the Certificate and "
                                 "its issuer (kubectl describe certificate")
                + nsFlag(ns) + u' ' + name + u')';
        } else {
            f.hint = QStringLiteral("Create the TLS Secret (kubectl create secret tls ") + name + nsFlag(ns)
                + QStringLiteral(" --cert=... --key=...) or let cert-manager issue it; until then the controller "
                                 "serves its default certificate");
        }
        f.kubectl = QStringLiteral("kubectl get secret") + nsFlag(ns) + u' ' + name;
    }
}

void checkTlsHosts(FindingSink &sink, const Ingress &ing)
{
    QStringList tlsHosts;
    bool hostlessEntry = false;
    for (const IngressTls &tls : ing.tls) {
        if (tls.hosts.isEmpty()) {
            hostlessEntry = true;
        }
        for (const QString &h : tls.hosts) {
            if (!h.isEmpty() && !tlsHosts.contains(h)) {
                tlsHosts.append(h);
            }
        }
    }
    if (tlsHosts.isEmpty()) {
        return; // only entries without hosts: they name no host to compare
    }
    QStringList ruleHosts;
    bool catchAll = ing.defaultBackend.has_value();
    for (const IngressRule &rule : ing.rules) {
        if (rule.host.isEmpty()) {
            catchAll = true;
        } else if (!ruleHosts.contains(rule.host)) {
            ruleHosts.append(rule.host);
        }
    }
    QStringList uncovered;
    if (!hostlessEntry) { // a host-less entry may serve every host (controller-specific): no claim then
        for (const QString &host : std::as_const(ruleHosts)) {
            const bool covered
                = std::any_of(tlsHosts.begin(), tlsHosts.end(), [&](const QString &t) { return hostMatches(t, host); });
            if (!covered) {
                uncovered.append(host);
            }
        }
    }
    QStringList unused;
    if (!catchAll) { // a rule without host or a default backend serves any TLS host
        for (const QString &t : std::as_const(tlsHosts)) {
            const bool used = std::any_of(ruleHosts.begin(), ruleHosts.end(),
                [&](const QString &host) { return hostMatches(t, host) || hostMatches(host, t); });
            if (!used) {
                unused.append(t);
            }
        }
    }
    if (uncovered.isEmpty() && unused.isEmpty()) {
        return;
    }
    Finding &f = sink.add(QStringLiteral("ingress-tls-host-mismatch"), Severity::Warning, *ing.object);
    QStringList parts;
    if (!uncovered.isEmpty()) {
        parts.append(QStringLiteral("rule host ") + uncovered.join(QStringLiteral(", "))
            + QStringLiteral(" is not covered by any tls hosts entry (") + tlsHosts.join(QStringLiteral(", ")) + u')');
    }
    if (!unused.isEmpty()) {
        parts.append(
            QStringLiteral("TLS host ") + unused.join(QStringLiteral(", ")) + QStringLiteral(" is used by no rule"));
    }
    f.message = ing.ref().display() + QStringLiteral(": ") + parts.join(QStringLiteral("; "));
    f.hint = uncovered.isEmpty()
        ? QStringLiteral("Remove the unused TLS host or add a rule for it")
        : QStringLiteral("Add the host to a tls[].hosts entry whose certificate covers it, or HTTPS "
                         "requests for it get the controller's default certificate");
    f.kubectl = describeIngress(ing);
}

// Ingresses of one class that define the same host, path and pathType.
void checkConflicts(FindingSink &sink)
{
    const Snapshot &snap = sink.snapshot();
    struct Claim {
        const Ingress *ingress;
        QString display; // "foo.bar.com/ (Prefix)"
    };
    QMap<QString, QList<Claim>> claims; // key: class \n host \n path \n pathType
    for (const Ingress &ing : snap.ingresses()) {
        const QString cls = snap.effectiveClass(ing);
        QSet<QString> own;
        for (const IngressRule &rule : ing.rules) {
            for (const IngressPath &p : rule.paths) {
                const QString path = p.path.isEmpty() ? QStringLiteral("/") : p.path;
                const QString type = p.pathType.isEmpty() ? QStringLiteral("ImplementationSpecific") : p.pathType;
                const QString key = cls + u'\n' + rule.host.toLower() + u'\n' + path + u'\n' + type;
                if (own.contains(key)) {
                    continue;
                }
                own.insert(key);
                claims[key].append({&ing, hostDisplay(rule.host) + path + QStringLiteral(" (") + type + u')'});
            }
        }
    }
    // Per Ingress: the first conflicting host/path, how many there are, and who else claims them.
    struct Conflict {
        QString first;
        int count = 0;
        QList<const Ingress *> others;
    };
    QMap<QString, Conflict> conflicts; // by ObjectRef::key()
    QHash<QString, const Ingress *> byRef;
    for (auto it = claims.cbegin(); it != claims.cend(); ++it) {
        const QList<Claim> &list = it.value();
        if (list.size() < 2) {
            continue;
        }
        for (const Claim &c : list) {
            Conflict &conflict = conflicts[c.ingress->ref().key()];
            byRef.insert(c.ingress->ref().key(), c.ingress);
            if (conflict.count++ == 0) {
                conflict.first = c.display;
            }
            for (const Claim &o : list) {
                if (o.ingress != c.ingress && !conflict.others.contains(o.ingress)) {
                    conflict.others.append(o.ingress);
                }
            }
        }
    }
    for (auto it = conflicts.cbegin(); it != conflicts.cend(); ++it) {
        const Ingress &ing = *byRef.value(it.key());
        const Conflict &c = it.value();
        const QString cls = snap.effectiveClass(ing);
        Finding &f = sink.add(QStringLiteral("ingress-rule-conflict"), Severity::Warning, *ing.object);
        QStringList others;
        for (const Ingress *o : c.others) {
            f.related.append(o->ref());
            others.append(o->ref().display());
        }
        f.message = ing.ref().display() + QStringLiteral(" and ") + others.join(QStringLiteral(", "))
            + (others.size() == 1 ? QStringLiteral(" both define ") : QStringLiteral(" all define ")) + c.first
            + (c.count > 1 ? QStringLiteral(" (and %1 more host/path pairs)").arg(c.count - 1) : QString())
            + (cls.isEmpty() ? QStringLiteral(" without a class") : QStringLiteral(" for class ") + cls);
        f.hint = QStringLiteral("Which Ingress wins depends on the controller: keep each host/path in one Ingress, "
                                "or give them different hosts or classes");
        f.kubectl = QStringLiteral("kubectl get ingress -A");
    }
}

} // namespace

void checkIngresses(FindingSink &sink)
{
    checkDefaultClasses(sink);
    const QList<IngressController> controllers = ingressControllers(sink.snapshot());
    for (const Ingress &ing : sink.snapshot().ingresses()) {
        checkClass(sink, controllers, ing);
        checkAdmitted(sink, ing);
        checkBackends(sink, ing);
        checkTlsSecrets(sink, ing);
        checkTlsHosts(sink, ing);
    }
    checkConflicts(sink);
}

} // namespace routemap::rules
