// Entry points: the cloud load balancer of each LoadBalancer Service and the node ports of NodePort Services.
#include "topologybuilder.h"

namespace routemap {

namespace {

QString portList(const Service &svc)
{
    QStringList ports;
    for (const ServicePort &p : svc.ports) {
        ports.append(u':' + QString::number(p.port));
    }
    return ports.join(QStringLiteral(", "));
}

QString nodePortList(const Service &svc)
{
    QStringList ports;
    for (const ServicePort &p : svc.ports) {
        ports.append(p.nodePort > 0 ? u':' + QString::number(p.nodePort) : QStringLiteral(":auto"));
    }
    return ports.join(QStringLiteral(", "));
}

} // namespace

void TopologyBuilder::addEntryPoints()
{
    for (const Service &svc : m_snapshot.services()) {
        if (!svc.exposesNodePorts()) {
            continue;
        }
        const ObjectRef &ref = svc.ref();
        TopoNode node;
        node.title = ref.name;
        node.ref = ref;
        node.refs.append(ref);
        node.ns = ref.ns;
        QString label;
        if (svc.isLoadBalancer()) {
            node.id = QStringLiteral("lb:") + ref.ns + u'/' + ref.name;
            node.kind = NodeKind::LoadBalancer;
            if (!svc.loadBalancerAddresses.isEmpty()) {
                node.subtitle = svc.loadBalancerAddresses.join(QStringLiteral(", "));
            } else {
                node.subtitle = svc.hasStatus ? QStringLiteral("pending") : QStringLiteral("address unknown");
            }
            label = portList(svc);
        } else {
            node.id = QStringLiteral("nodeport:") + ref.ns + u'/' + ref.name;
            node.kind = NodeKind::NodePort;
            node.subtitle = QStringLiteral("NodePort ") + nodePortList(svc);
            QStringList ports;
            for (const ServicePort &p : svc.ports) {
                ports.append((p.nodePort > 0 ? u':' + QString::number(p.nodePort) : QStringLiteral(":auto"))
                    + QStringLiteral("→") + QString::number(p.port));
            }
            label = ports.join(QStringLiteral(", "));
        }
        node.tier = Tier::Entry;
        node.details.append(QStringLiteral("Service ") + ref.qualifiedName() + QStringLiteral(" (") + svc.type + u')');
        for (const ServicePort &p : svc.ports) {
            node.details.append(QStringLiteral("port ") + p.display()
                + (p.nodePort > 0 ? QStringLiteral(" node port ") + QString::number(p.nodePort)
                                  : QStringLiteral(" node port auto")));
        }
        if (!svc.externalTrafficPolicy.isEmpty()) {
            node.details.append(QStringLiteral("externalTrafficPolicy: ") + svc.externalTrafficPolicy);
        }
        const QString id = addNode(node).id;
        addEdge(QStringLiteral("client"), id, QString());

        // Traffic into an ingress controller or Gateway goes to that node; otherwise to the Service itself.
        const QStringList owners = m_absorbedServices.value(ref);
        if (owners.isEmpty()) {
            addEdge(id, serviceId(ref.ns, ref.name), label);
        }
        for (const QString &owner : owners) {
            addEdge(id, owner, label);
        }
    }

    // Controllers and Gateways whose own Service is not loaded are still reached from outside somehow.
    QList<std::pair<QString, QString>> pending;
    for (const TopoNode &n : std::as_const(m_nodes)) {
        if (n.kind != NodeKind::IngressController && n.kind != NodeKind::Gateway) {
            continue;
        }
        bool entered = false;
        for (const TopoEdge &e : std::as_const(m_edges)) {
            if (e.to == n.id
                && (e.from.startsWith(QLatin1String("lb:")) || e.from.startsWith(QLatin1String("nodeport:")))) {
                entered = true;
                break;
            }
        }
        if (!entered) {
            const Gateway *gw = n.kind == NodeKind::Gateway ? m_snapshot.gateway(n.ref.ns, n.ref.name) : nullptr;
            const QString label = n.kind == NodeKind::IngressController ? QStringLiteral("entry not loaded")
                : gw && !gw->addresses.isEmpty()                        ? gw->addresses.join(QStringLiteral(", "))
                                                                        : QString();
            pending.append({n.id, label});
        }
    }
    for (const auto &[to, label] : std::as_const(pending)) {
        addEdge(QStringLiteral("client"), to, label);
    }
}

} // namespace routemap
