// Gateway API: Gateways (with their class and their own Service) and Routes.
#include "model/controllers.h"
#include "topologybuilder.h"

namespace routemap {

namespace {

QString gatewayId(const QString &ns, const QString &name)
{
    return QStringLiteral("gateway:") + ns + u'/' + name;
}

QString routeId(const ObjectRef &ref)
{
    if (ref.kind == QLatin1String("HTTPRoute")) {
        return QStringLiteral("route:") + ref.ns + u'/' + ref.name;
    }
    return QStringLiteral("route:") + ref.kind + u'/' + ref.ns + u'/' + ref.name;
}

QString listenerDisplay(const Listener &l)
{
    return (l.protocol.isEmpty() ? QStringLiteral("?") : l.protocol) + u':' + QString::number(l.port);
}

} // namespace

void TopologyBuilder::addGateways()
{
    for (const Gateway &gw : m_snapshot.gateways()) {
        const ObjectRef &ref = gw.ref();
        TopoNode node;
        node.id = gatewayId(ref.ns, ref.name);
        node.kind = NodeKind::Gateway;
        node.tier = Tier::Controller;
        node.title = ref.name;
        node.ref = ref;
        node.refs.append(ref);
        node.ns = ref.ns;
        QStringList listeners;
        for (const Listener &l : gw.listeners) {
            const QString text = listenerDisplay(l);
            if (!listeners.contains(text)) {
                listeners.append(text);
            }
            node.details.append(QStringLiteral("listener ") + (l.name.isEmpty() ? QStringLiteral("-") : l.name) + u' '
                + text + (l.hostname.isEmpty() ? QString() : u' ' + l.hostname));
        }
        node.subtitle = (gw.className.isEmpty() ? QStringLiteral("no class") : gw.className)
            + (listeners.isEmpty() ? QString() : QStringLiteral(" · ") + listeners.join(QStringLiteral(", ")));
        node.details.prepend(QStringLiteral("class: ") + gw.className);
        if (!gw.addresses.isEmpty()) {
            node.details.append(QStringLiteral("address: ") + gw.addresses.join(QStringLiteral(", ")));
        }
        const GatewayClass *cls = gw.className.isEmpty() ? nullptr : m_snapshot.gatewayClass(gw.className);
        if (cls) {
            node.refs.append(cls->ref());
            node.details.append(QStringLiteral("controller: ") + cls->controllerName);
        }
        addNode(node);
        const QString id = node.id;

        if (!cls) {
            const QString ghost = addGhost(
                ObjectRef {QLatin1String(kGatewayGroup), QStringLiteral("GatewayClass"), QString(), gw.className},
                Tier::Entry, QStringLiteral("GatewayClass not loaded"));
            if (gw.className.isEmpty()) {
                findNode(ghost)->title = QStringLiteral("no class");
            }
            addEdge(ghost, id, QString(), true);
        }

        // Certificates the Gateway terminates TLS with: a missing Secret is a visible broken link.
        QStringList certs;
        for (const Listener &l : gw.listeners) {
            for (const ObjectRef &cert : l.certificateRefs) {
                if (!cert.isValid() || certs.contains(cert.key())) {
                    continue;
                }
                certs.append(cert.key());
                const bool isSecret = cert.group.isEmpty() && cert.kind == QLatin1String("Secret");
                if (isSecret && !m_snapshot.secret(cert.ns, cert.name)) {
                    const QString ghost = addGhost(cert, Tier::Service, QStringLiteral("TLS Secret not loaded"));
                    addEdge(id, ghost, QStringLiteral("tls"), true);
                }
            }
        }

        // The Service (and workload) an implementation created for this Gateway belong to its node.
        for (const Service *svc : gatewayServices(m_snapshot, gw)) {
            m_absorbedServices[svc->ref()].append(id);
            TopoNode *n = findNode(id);
            n->refs.append(svc->ref());
            n->details.append(
                QStringLiteral("Service ") + svc->ref().qualifiedName() + QStringLiteral(" (") + svc->type + u')');
        }
        for (const Workload *w : gatewayWorkloads(m_snapshot, gw)) {
            absorbWorkload(*findNode(id), w);
        }
    }
}

void TopologyBuilder::addRoutes()
{
    for (const Route &route : m_snapshot.routes()) {
        const ObjectRef &ref = route.ref();
        TopoNode node;
        node.id = routeId(ref);
        node.kind = NodeKind::Route;
        node.tier = Tier::Route;
        node.title = ref.name;
        node.subtitle = ref.kind
            + (route.hostnames.isEmpty() ? QString()
                                         : QStringLiteral(" · ") + route.hostnames.join(QStringLiteral(", ")));
        node.ref = ref;
        node.ns = ref.ns;
        for (const ParentRef &p : route.parents) {
            node.details.append(QStringLiteral("parent ") + p.target.display()
                + (p.sectionName.isEmpty() ? QString() : u'/' + p.sectionName));
        }
        for (const RouteRule &rule : route.rules) {
            QStringList backends;
            for (const BackendRef &b : rule.backends) {
                backends.append(b.target.qualifiedName() + (b.port > 0 ? u':' + QString::number(b.port) : QString()));
            }
            node.details.append(
                (rule.matches.isEmpty() ? QStringLiteral("any") : rule.matches.join(QStringLiteral(", ")))
                + QStringLiteral(" → ")
                + (backends.isEmpty() ? QStringLiteral("no backend") : backends.join(QStringLiteral(", "))));
        }
        const QString id = addNode(node).id;

        for (const ParentRef &p : route.parents) {
            const ObjectRef &t = p.target;
            QString label = p.sectionName;
            if (p.port > 0) {
                label += (label.isEmpty() ? QString() : QStringLiteral(" ")) + u':' + QString::number(p.port);
            }
            if (t.kind == QLatin1String("Gateway") && t.group == QLatin1String(kGatewayGroup)) {
                if (m_snapshot.gateway(t.ns, t.name)) {
                    addEdge(gatewayId(t.ns, t.name), id, label);
                } else {
                    const bool known = findNode(ghostId(t)) != nullptr;
                    const QString ghost = addGhost(t, Tier::Controller, QStringLiteral("Gateway not loaded"));
                    if (!known) {
                        addEdge(QStringLiteral("client"), ghost, QString(), true);
                    }
                    addEdge(ghost, id, label, true);
                }
            } else if (t.kind == QLatin1String("Service")) {
                // GAMMA: the route steers traffic sent to a Service inside the mesh.
                const QString from
                    = t.group.isEmpty() ? serviceTarget(t.ns, t.name) : addGhost(t, Tier::Service, QString());
                addEdge(from, id, label.isEmpty() ? QStringLiteral("mesh") : QStringLiteral("mesh ") + label);
            } else {
                const QString from = resourceTarget(t);
                addEdge(from, id, label);
            }
        }

        const QString hosts = route.hostnames.join(u',');
        for (const RouteRule &rule : route.rules) {
            QStringList parts;
            if (!hosts.isEmpty()) {
                parts.append(hosts);
            }
            if (!rule.matches.isEmpty()) {
                parts.append(rule.matches.join(QStringLiteral(", ")));
            }
            for (const BackendRef &b : rule.backends) {
                QStringList label = parts;
                if (b.port > 0) {
                    label.append(u':' + QString::number(b.port));
                }
                if (rule.backends.size() > 1) {
                    label.append(QStringLiteral("weight ") + QString::number(b.weight));
                }
                const QString target
                    = b.isService() ? serviceTarget(b.target.ns, b.target.name) : resourceTarget(b.target);
                addEdge(id, target, label.join(u' '));
            }
        }
    }
}

} // namespace routemap
