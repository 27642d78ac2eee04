// Gateway API rules: Gateway classes, route parents and listeners, backends, ReferenceGrants, route status
// (docs/diagnostics.md).
#include "diagnostics/rules.h"

#include <QSet>
#include <algorithm>

namespace routemap::rules {

namespace {

const QString kGwGroup = QString::fromLatin1(kGatewayGroup);

QString nsFlag(const QString &ns)
{
    return ns.isEmpty() ? QString() : QStringLiteral(" -n ") + ns;
}

// "kubectl get httproute -n shop web -o yaml": the route's spec and the status its Gateways wrote.
QString routeYaml(const Route &route)
{
    const ObjectRef &r = route.ref();
    return QStringLiteral("kubectl get ") + r.kind.toLower() + nsFlag(r.ns) + u' ' + r.name
        + QStringLiteral(" -o yaml");
}

bool isGatewayParent(const ObjectRef &t)
{
    return t.group == kGwGroup && t.kind == QLatin1String("Gateway");
}

QString listenerDisplay(const Listener &l)
{
    return (l.name.isEmpty() ? QStringLiteral("-") : l.name) + QStringLiteral(" :") + QString::number(l.port);
}

QString parentDisplay(const ParentRef &p)
{
    QString text = p.target.display();
    if (!p.sectionName.isEmpty()) {
        text += QStringLiteral(" sectionName ") + p.sectionName;
    }
    if (p.port > 0) {
        text += QStringLiteral(" port ") + QString::number(p.port);
    }
    return text;
}

void checkGatewayClasses(FindingSink &sink)
{
    const Snapshot &snap = sink.snapshot();
    for (const Gateway &gw : snap.gateways()) {
        if (!gw.className.isEmpty() && snap.gatewayClass(gw.className)) {
            continue;
        }
        Finding &f
            = sink.addMissing(QStringLiteral("gateway-class-unknown"), Severity::Error, Severity::Warning, *gw.object);
        f.related.append({kGwGroup, QStringLiteral("GatewayClass"), QString(), gw.className});
        QStringList known;
        for (const GatewayClass &c : snap.gatewayClasses()) {
            known.append(c.ref().name);
        }
        known.sort();
        if (gw.className.isEmpty()) {
            f.message = gw.ref().display() + QStringLiteral(" names no gatewayClassName");
        } else {
            f.message = gw.ref().display() + QStringLiteral(" uses class ") + gw.className
                + QStringLiteral(", but GatewayClass ") + gw.className + u' ' + sink.missingPhrase();
        }
        f.hint = QStringLiteral("Install the Gateway implementation that provides this class (it creates the "
                                "GatewayClass), or set gatewayClassName to an existing class")
            + (known.isEmpty() ? QString() : QStringLiteral(": ") + known.join(QStringLiteral(", ")));
        f.kubectl = gw.className.isEmpty() ? QStringLiteral("kubectl get gatewayclass")
                                           : QStringLiteral("kubectl get gatewayclass ") + gw.className;
    }
}

// Empty when the listener admits the route; else why not.
QString listenerRefusal(const Snapshot &snap, const Listener &l, const Route &route, const Gateway &gw)
{
    const QString &routeNs = route.ref().ns;
    if (!l.allowedKinds.isEmpty() && !l.allowedKinds.contains(route.ref().kind)) {
        return QStringLiteral("listener ") + listenerDisplay(l) + QStringLiteral(" allows only ")
            + l.allowedKinds.join(QStringLiteral(", "));
    }
    if (l.allowedFrom == QLatin1String("Same")) {
        if (routeNs != gw.ref().ns) {
            return QStringLiteral("listener ") + listenerDisplay(l)
                + QStringLiteral(" allows routes only from its own namespace ") + gw.ref().ns
                + QStringLiteral(" (allowedRoutes.namespaces.from: Same)");
        }
    } else if (l.allowedFrom == QLatin1String("Selector")) {
        if (!l.allowedSelector.matches(snap.namespaceLabels(routeNs))) {
            return QStringLiteral("listener ") + listenerDisplay(l) + QStringLiteral(" allows namespaces labelled ")
                + (l.allowedSelector.isNull() ? QStringLiteral("(no selector)") : l.allowedSelector.display())
                + QStringLiteral(", and namespace ") + routeNs
                + (snap.namespaceObject(routeNs) ? QStringLiteral(" does not carry them")
                                                 : QStringLiteral(" (not loaded) is not known to carry them"));
        }
    }
    // "All" and values this version does not know admit the route.
    return QString();
}

void checkGatewayParent(FindingSink &sink, const Route &route, const ParentRef &p, const Gateway &gw)
{
    if (gw.listeners.isEmpty()) {
        return; // a Gateway without listeners is malformed; nothing to compare with
    }
    const Snapshot &snap = sink.snapshot();
    QList<const Listener *> candidates;
    QStringList all;
    for (const Listener &l : gw.listeners) {
        all.append(listenerDisplay(l));
        if ((p.sectionName.isEmpty() || l.name == p.sectionName) && (p.port <= 0 || l.port == p.port)) {
            candidates.append(&l);
        }
    }
    QString reason;
    if (candidates.isEmpty()) {
        QStringList asked;
        if (!p.sectionName.isEmpty()) {
            asked.append(QStringLiteral("sectionName ") + p.sectionName);
        }
        if (p.port > 0) {
            asked.append(QStringLiteral("port ") + QString::number(p.port));
        }
        reason = QStringLiteral("no listener matches ") + asked.join(QStringLiteral(" and "))
            + QStringLiteral(" (listeners: ") + all.join(QStringLiteral(", ")) + u')';
    } else {
        QStringList refusals;
        for (const Listener *l : std::as_const(candidates)) {
            const QString why = listenerRefusal(snap, *l, route, gw);
            if (why.isEmpty()) {
                return;
            }
            if (!refusals.contains(why)) {
                refusals.append(why);
            }
        }
        reason = refusals.join(QStringLiteral("; "));
    }
    Finding &f = sink.addMissing(
        QStringLiteral("route-not-allowed-by-listener"), Severity::Error, Severity::Warning, *route.object);
    f.related.append(gw.ref());
    f.message = route.ref().display() + QStringLiteral(" cannot attach to ") + gw.ref().display() + QStringLiteral(": ")
        + reason;
    f.hint = candidates.isEmpty()
        ? QStringLiteral("Make the parentRef's sectionName/port name an existing listener, or drop them to "
                         "attach to every listener")
        : QStringLiteral("Widen the listener's allowedRoutes (namespaces.from: All or a Selector the namespace "
                         "matches, or add the route kind), or move the route into an admitted namespace");
    f.kubectl = routeYaml(route);
}

void checkParents(FindingSink &sink, const Route &route)
{
    const Snapshot &snap = sink.snapshot();
    const ObjectRef &ref = route.ref();
    for (const ParentRef &p : route.parents) {
        const ObjectRef &t = p.target;
        if (t.name.isEmpty()) {
            continue;
        }
        if (isGatewayParent(t)) {
            if (const Gateway *gw = snap.gateway(t.ns, t.name)) {
                checkGatewayParent(sink, route, p, *gw);
                continue;
            }
            Finding &f = sink.addMissing(
                QStringLiteral("route-parent-missing"), Severity::Error, Severity::Warning, *route.object);
            f.related.append(t);
            f.message = ref.display() + QStringLiteral(" attaches to ") + parentDisplay(p) + QStringLiteral(", which ")
                + sink.missingPhrase();
            QStringList sameName;
            for (const Gateway &g : snap.gateways()) {
                if (g.ref().name == t.name) {
                    sameName.append(g.ref().qualifiedName());
                }
            }
            f.hint = sameName.isEmpty()
                ? QStringLiteral("Create the Gateway or fix parentRefs (name, and namespace when the Gateway "
                                 "lives in another namespace)")
                : QStringLiteral("A Gateway of that name exists as ") + sameName.join(QStringLiteral(", "))
                    + QStringLiteral(": set parentRefs[].namespace");
            f.kubectl = QStringLiteral("kubectl get gateway") + nsFlag(t.ns) + u' ' + t.name;
        } else if (t.kind == QLatin1String("Service")) {
            // GAMMA: a mesh route attaches to a Service (core group, written "" ).
            const bool coreGroup = t.group.isEmpty() || t.group == QLatin1String("core");
            if (coreGroup && snap.service(t.ns, t.name)) {
                continue;
            }
            Finding &f = sink.addMissing(
                QStringLiteral("route-parent-missing"), Severity::Error, Severity::Warning, *route.object);
            f.related.append(t);
            if (coreGroup) {
                f.message = ref.display() + QStringLiteral(" attaches to mesh Service ") + t.qualifiedName()
                    + QStringLiteral(", which ") + sink.missingPhrase();
                f.hint = QStringLiteral("Create the Service or fix the parentRef's name and namespace");
            } else {
                f.message = ref.display() + QStringLiteral(" attaches to ") + t.group + QStringLiteral("/Service ")
                    + t.qualifiedName() + QStringLiteral(": the parentRef leaves group at its default ") + t.group
                    + QStringLiteral(", which has no Service kind");
                f.hint = QStringLiteral("Set group: \"\" on the parentRef to attach to the core Service ")
                    + t.qualifiedName() + QStringLiteral(" (and make sure it exists)");
            }
            f.kubectl = QStringLiteral("kubectl get svc") + nsFlag(t.ns) + u' ' + t.name;
        }
        // Other parent kinds belong to implementation extensions: nothing to check here.
    }
}

bool backendPermitted(const Snapshot &snap, const Route &route, const ObjectRef &target)
{
    const ObjectRef from {kGwGroup, route.ref().kind, route.ref().ns, route.ref().name};
    return std::any_of(snap.referenceGrants().begin(), snap.referenceGrants().end(),
        [&](const ReferenceGrant &g) { return g.permits(from, target); });
}

void checkServiceBackend(FindingSink &sink, const Route &route, const BackendRef &b)
{
    const ObjectRef &ref = route.ref();
    const ObjectRef &t = b.target;
    const Service *svc = sink.snapshot().service(t.ns, t.name);
    if (!svc) {
        Finding &f = sink.addMissing(
            QStringLiteral("route-backend-missing"), Severity::Error, Severity::Warning, *route.object);
        f.related.append(t);
        f.message = ref.display() + QStringLiteral(" sends traffic to Service ") + t.qualifiedName()
            + (b.port > 0 ? u':' + QString::number(b.port) : QString()) + QStringLiteral(", which ")
            + sink.missingPhrase();
        f.hint = QStringLiteral("Create Service ") + t.qualifiedName()
            + QStringLiteral(" or fix the backendRef's name and namespace; requests to it get HTTP 500");
        f.kubectl = QStringLiteral("kubectl get svc") + nsFlag(t.ns) + u' ' + t.name;
        return;
    }
    if (svc->isExternalName() || (b.port > 0 && svc->portByNumber(b.port))) {
        return;
    }
    QStringList ports;
    for (const ServicePort &p : svc->ports) {
        ports.append(QString::number(p.port));
    }
    const QString portList = ports.isEmpty() ? QStringLiteral("no port") : ports.join(QStringLiteral(", "));
    Finding &f = sink.add(QStringLiteral("route-backend-port-missing"), Severity::Error, *route.object);
    f.related.append(svc->ref());
    if (b.port <= 0) {
        f.message = ref.display() + QStringLiteral(" sends traffic to Service ") + t.qualifiedName()
            + QStringLiteral(" but names no port (required for Service backends)");
        f.hint = QStringLiteral("Set backendRefs[].port to a port of the Service (") + portList + u')';
    } else {
        f.message = ref.display() + QStringLiteral(" sends traffic to Service ") + t.qualifiedName()
            + QStringLiteral(" port ") + QString::number(b.port)
            + QStringLiteral(", which the Service does not expose (it exposes ") + portList + u')';
        f.hint = QStringLiteral("Use a port the Service exposes (the Service port, not the container's targetPort), "
                                "or add port ")
            + QString::number(b.port) + QStringLiteral(" to the Service");
    }
    f.kubectl = QStringLiteral("kubectl describe svc") + nsFlag(t.ns) + u' ' + t.name;
}

void checkBackends(FindingSink &sink, const Route &route)
{
    const Snapshot &snap = sink.snapshot();
    const ObjectRef &ref = route.ref();
    QSet<QString> seen;
    for (const RouteRule &rule : route.rules) {
        for (const BackendRef &b : rule.backends) {
            const ObjectRef &t = b.target;
            if (t.name.isEmpty() || t.kind.isEmpty()) {
                continue;
            }
            const QString key = t.key() + u':' + QString::number(b.port);
            if (seen.contains(key)) {
                continue;
            }
            seen.insert(key);
            // The grant decides whether the lookup is allowed at all, so it comes before existence.
            if (t.ns != ref.ns && !backendPermitted(snap, route, t)) {
                Finding &f = sink.addMissing(
                    QStringLiteral("route-backend-not-permitted"), Severity::Error, Severity::Warning, *route.object);
                f.related.append(t);
                f.message = ref.display() + QStringLiteral(" sends traffic to ") + t.display()
                    + QStringLiteral(" in another namespace, and no ReferenceGrant in ") + t.ns
                    + QStringLiteral(" allows ") + ref.kind + QStringLiteral("s from ") + ref.ns
                    + QStringLiteral(" to reference it");
                f.hint = QStringLiteral("Add a ReferenceGrant in namespace ") + t.ns
                    + QStringLiteral(" with from {group: ") + kGwGroup + QStringLiteral(", kind: ") + ref.kind
                    + QStringLiteral(", namespace: ") + ref.ns + QStringLiteral("} and to {group: \"") + t.group
                    + QStringLiteral("\", kind: ") + t.kind + QStringLiteral(", name: ") + t.name + u'}';
                f.kubectl = QStringLiteral("kubectl get referencegrant") + nsFlag(t.ns) + QStringLiteral(" -o yaml");
                continue;
            }
            if (b.isService()) {
                checkServiceBackend(sink, route, b);
                continue;
            }
            if (snap.object(t)) {
                continue; // an extension backend kind that is loaded
            }
            // Only Services are a core backend kind; anything else needs an implementation that knows it
            // (ResolvedRefs=False, InvalidKind otherwise), so the certainty stays at a warning.
            Finding &f = sink.add(QStringLiteral("route-backend-missing"), Severity::Warning, *route.object);
            f.related.append(t);
            f.message = ref.display() + QStringLiteral(" sends traffic to ") + t.kind
                + (t.group.isEmpty() ? QString() : u'.' + t.group) + u' ' + t.qualifiedName()
                + QStringLiteral(", which is not a Service and ") + sink.missingPhrase();
            f.hint
                = QStringLiteral("Use a Service backend (group \"\", kind Service) unless the Gateway implementation "
                                 "documents support for this kind");
            f.kubectl = routeYaml(route);
        }
    }
}

void checkStatus(FindingSink &sink, const Route &route)
{
    if (!route.hasStatus) {
        return;
    }
    QList<ObjectRef> parents;
    QHash<ObjectRef, QStringList> problems;
    for (const RouteParentStatus &c : route.conditions) {
        if ((c.condition != QLatin1String("Accepted") && c.condition != QLatin1String("ResolvedRefs"))
            || c.status != QLatin1String("False")) {
            continue;
        }
        if (!parents.contains(c.parent)) {
            parents.append(c.parent);
        }
        QString text = c.condition + QStringLiteral("=False");
        if (!c.reason.isEmpty() || !c.message.isEmpty()) {
            text += QStringLiteral(" (") + c.reason
                + (c.message.isEmpty() ? QString()
                                       : (c.reason.isEmpty() ? QString() : QStringLiteral(": ")) + c.message)
                + u')';
        }
        problems[c.parent].append(text);
    }
    for (const ObjectRef &parent : std::as_const(parents)) {
        Finding &f = sink.add(QStringLiteral("route-not-accepted"), Severity::Warning, *route.object);
        f.related.append(parent);
        f.message = route.ref().display() + QStringLiteral(": ") + parent.display() + QStringLiteral(" reports ")
            + problems.value(parent).join(QStringLiteral(", "));
        f.hint = QStringLiteral("The reason names the cause: fix the parentRef or listener for Accepted, the "
                                "backendRefs (existence, kind, ReferenceGrant) for ResolvedRefs");
        f.kubectl = routeYaml(route);
    }
}

} // namespace

void checkGatewayApi(FindingSink &sink)
{
    checkGatewayClasses(sink);
    for (const Route &route : sink.snapshot().routes()) {
        checkParents(sink, route);
        checkBackends(sink, route);
        checkStatus(sink, route);
    }
}

} // namespace routemap::rules
