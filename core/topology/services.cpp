// Services and the edges from them to the pods (or manual endpoints) behind them.
#include "topologybuilder.h"

namespace routemap {

namespace {

QString targetPorts(const Service &svc)
{
    QStringList out;
    for (const ServicePort &p : svc.ports) {
        const QString t = !p.targetPortName.isEmpty()
            ? p.targetPortName
            : QString::number(p.targetPortNumber > 0 ? p.targetPortNumber : p.port);
        const QString text = u':' + t;
        if (!out.contains(text)) {
            out.append(text);
        }
    }
    return out.join(QStringLiteral(", "));
}

QString serviceSubtitle(const Service &svc)
{
    if (svc.isExternalName()) {
        return QStringLiteral("ExternalName → ")
            + (svc.externalName.isEmpty() ? QStringLiteral("(no name)") : svc.externalName);
    }
    QString type = svc.type;
    if (svc.isHeadless()) {
        type += QStringLiteral(" (headless)");
    }
    QStringList ports;
    for (const ServicePort &p : svc.ports) {
        ports.append(p.display());
    }
    return ports.isEmpty() ? type : type + QStringLiteral(" · ") + ports.join(QStringLiteral(", "));
}

} // namespace

QString TopologyBuilder::serviceTarget(const QString &ns, const QString &name)
{
    const Service *svc = m_snapshot.service(ns, name);
    if (!svc) {
        return addGhost(ObjectRef {QString(), QStringLiteral("Service"), ns, name}, Tier::Service,
            QStringLiteral("Service not loaded"));
    }
    const QStringList owners = m_absorbedServices.value(svc->ref());
    return owners.isEmpty() ? serviceId(ns, name) : owners.first();
}

QString TopologyBuilder::resourceTarget(const ObjectRef &ref)
{
    if (!m_snapshot.object(ref)) {
        return addGhost(ref, Tier::Service, ref.kind + QStringLiteral(" not loaded"));
    }
    TopoNode node;
    node.id = QStringLiteral("resource:") + ref.key();
    node.kind = NodeKind::Service;
    node.tier = Tier::Service;
    node.title = ref.name;
    node.subtitle = ref.kind + (ref.group.isEmpty() ? QString() : u'.' + ref.group);
    node.ref = ref;
    node.ns = ref.ns;
    return addNode(node).id;
}

void TopologyBuilder::addServices()
{
    for (const Service &svc : m_snapshot.services()) {
        if (m_absorbedServices.contains(svc.ref())) {
            continue;
        }
        const ObjectRef &ref = svc.ref();
        TopoNode node;
        node.id = serviceId(ref.ns, ref.name);
        node.kind = NodeKind::Service;
        node.tier = Tier::Service;
        node.title = ref.name;
        node.subtitle = serviceSubtitle(svc);
        node.ref = ref;
        node.ns = ref.ns;
        node.details.append(QStringLiteral("type: ") + svc.type);
        if (svc.hasSelector) {
            node.details.append(QStringLiteral("selector: ") + labelsDisplay(svc.selector));
        } else if (!svc.isExternalName()) {
            node.details.append(QStringLiteral("no selector"));
        }
        for (const ServicePort &p : svc.ports) {
            node.details.append(QStringLiteral("port ") + (p.name.isEmpty() ? QString() : p.name + u' ') + p.display());
        }
        if (!svc.clusterIP.isEmpty()) {
            node.details.append(QStringLiteral("clusterIP: ") + svc.clusterIP);
        }
        addNode(node);
        addServiceBackends(svc, node.id);
    }
}

void TopologyBuilder::addServiceBackends(const Service &svc, const QString &serviceNode)
{
    if (svc.isExternalName()) {
        return; // traffic leaves the cluster by DNS: no pods by design
    }
    const ObjectRef &ref = svc.ref();
    const QString label = targetPorts(svc);
    if (svc.hasSelector) {
        const QStringList groups = podGroupsFor(svc);
        for (const QString &group : groups) {
            addEdge(serviceNode, group, label);
        }
        if (groups.isEmpty()) {
            TopoNode ghost;
            ghost.id = QStringLiteral("ghost:pods/") + ref.ns + u'/' + ref.name;
            ghost.kind = NodeKind::Ghost;
            ghost.tier = Tier::Pods;
            ghost.title = QStringLiteral("no pods");
            ghost.subtitle = QStringLiteral("no pods match ") + labelsDisplay(svc.selector);
            ghost.details.append(QStringLiteral("no loaded Pod or workload template in ") + ref.ns
                + QStringLiteral(" carries ") + labelsDisplay(svc.selector));
            ghost.ref = ObjectRef {QString(), QStringLiteral("Pod"), ref.ns, QString()};
            ghost.ns = ref.ns;
            ghost.ghost = true;
            ghost.ready = 0;
            ghost.total = 0;
            addNode(ghost);
            addEdge(serviceNode, ghost.id, label, true);
        }
        return;
    }
    const QList<const EndpointSet *> endpoints = m_snapshot.endpointsOf(ref.ns, ref.name);
    if (endpoints.isEmpty()) {
        return; // a Service without selector nor endpoints: a finding, not a box
    }
    TopoNode node;
    node.id = QStringLiteral("endpoints:") + ref.ns + u'/' + ref.name;
    node.kind = NodeKind::PodGroup;
    node.tier = Tier::Pods;
    node.title = QStringLiteral("manual endpoints");
    node.ns = ref.ns;
    node.ref = endpoints.first()->ref();
    int ready = 0;
    int total = 0;
    for (const EndpointSet *set : endpoints) {
        node.refs.append(set->ref());
        for (const EndpointAddress &a : set->addresses) {
            ++total;
            ready += a.ready ? 1 : 0;
            node.details.append(
                a.ip + (a.targetPodName.isEmpty() ? QString() : QStringLiteral(" pod ") + a.targetPodName));
        }
    }
    node.ready = ready;
    node.total = total;
    node.subtitle = QString::number(total) + (total == 1 ? QStringLiteral(" address") : QStringLiteral(" addresses"));
    addNode(node);
    addEdge(serviceNode, node.id, label);
}

} // namespace routemap
