#include "diagnostics/policyeval.h"
#include "diagnostics/rules.h"
#include "diagnostics/selection.h"
#include "model/controllers.h"

#include <algorithm>

namespace routemap::rules {

namespace {

struct BackendUse {
    const Service *service = nullptr;
    const ServicePort *port = nullptr;
    QList<ObjectRef> ingresses;
    const IngressController *controller = nullptr;
};

const ServicePort *backendPort(const Service &s, const IngressBackend &b)
{
    if (b.portNumber > 0) {
        return s.portByNumber(b.portNumber);
    }
    if (!b.portName.isEmpty()) {
        return s.portByName(b.portName);
    }
    return nullptr;
}

QList<IngressBackend> serviceBackends(const Ingress &ing)
{
    QList<IngressBackend> out;
    if (ing.defaultBackend && ing.defaultBackend->isService()) {
        out.append(*ing.defaultBackend);
    }
    for (const IngressRule &r : ing.rules) {
        for (const IngressPath &p : r.paths) {
            if (p.backend.isService()) {
                out.append(p.backend);
            }
        }
    }
    return out;
}

QString portText(const TargetPort &p)
{
    if (p.number > 0 && !p.name.isEmpty()) {
        return QStringLiteral("%1 (%2)").arg(p.number).arg(p.name);
    }
    return p.number > 0 ? QString::number(p.number) : p.name;
}

} // namespace

void checkNetworkPolicies(FindingSink &sink)
{
    const Snapshot &snapshot = sink.snapshot();
    if (snapshot.networkPolicies().isEmpty()) {
        return;
    }
    const QList<IngressController> controllers = ingressControllers(snapshot);
    QList<BackendUse> uses;
    for (const Ingress &ing : snapshot.ingresses()) {
        const IngressController *controller = controllerForIngress(snapshot, controllers, ing);
        if (!controller || controller->workloads.isEmpty()) {
            continue; // only when the controller's pods are known
        }
        for (const IngressBackend &b : serviceBackends(ing)) {
            const Service *s = snapshot.service(ing.ref().ns, b.serviceName);
            const ServicePort *port = s ? backendPort(*s, b) : nullptr;
            if (!port || s->isExternalName()) {
                continue; // missing backends are the Ingress rules' findings
            }
            auto it = std::find_if(uses.begin(), uses.end(),
                [&](const BackendUse &u) { return u.service == s && u.port == port && u.controller == controller; });
            if (it == uses.end()) {
                uses.append({s, port, {}, controller});
                it = uses.end() - 1;
            }
            if (!it->ingresses.contains(ing.ref())) {
                it->ingresses.append(ing.ref());
            }
        }
    }
    for (const BackendUse &u : std::as_const(uses)) {
        const QList<TrafficSource> sources = sourcesOf(snapshot, u.controller->workloads);
        const BlockedBackend blocked = blockedBackend(snapshot, *u.service, *u.port, sources);
        if (blocked.workloads.isEmpty()) {
            continue;
        }
        QList<ObjectRef> policyRefs;
        for (const NetworkPolicy *np : blocked.policies) {
            policyRefs.append(np->ref());
        }
        QList<ObjectRef> controllerRefs;
        for (const Workload *w : u.controller->workloads) {
            controllerRefs.append(w->ref());
        }
        const Workload *controller = u.controller->workloads.first();
        Finding &f = sink.add(QStringLiteral("networkpolicy-blocks-ingress"), Severity::Warning, *u.service->object);
        f.related = policyRefs + controllerRefs + u.ingresses;
        f.message = QStringLiteral("The pods of %1 (Service %2) are isolated by %3, and no rule admits the %4 "
                                   "controller (%5) on port %6, so %7 cannot reach them")
                        .arg(joinRefs(blocked.workloads), u.service->ref().qualifiedName(), joinRefs(policyRefs),
                            u.controller->displayName(), controller->ref().display(), portText(blocked.port),
                            joinRefs(u.ingresses));
        const Labels controllerLabels = controller->podTemplate.labels;
        const QString podLabel = controllerLabels.contains(QStringLiteral("app.kubernetes.io/name"))
            ? QStringLiteral("app.kubernetes.io/name=")
                + controllerLabels.value(QStringLiteral("app.kubernetes.io/name"))
            : labelsDisplay(controllerLabels);
        // Extend a policy that already has rules (a pure default-deny is better left alone).
        const auto withRules = std::find_if(blocked.policies.begin(), blocked.policies.end(),
            [](const NetworkPolicy *np) { return !np->ingress.isEmpty(); });
        const QString target = withRules != blocked.policies.end()
            ? QString(QStringLiteral("an ingress rule to ") + (*withRules)->ref().display())
            : QString(
                QStringLiteral("a NetworkPolicy in ") + u.service->ref().ns + QStringLiteral(" selecting these pods"));
        f.hint = QStringLiteral("Add %1 that admits from namespaceSelector kubernetes.io/metadata.name=%2 with "
                                "podSelector %3, on port %4")
                     .arg(target, controller->ref().ns, podLabel, portText(blocked.port));
        f.kubectl = QStringLiteral("kubectl describe networkpolicy ") + policyRefs.first().name
            + kubectlNamespace(policyRefs.first().ns);
    }
}

} // namespace routemap::rules
