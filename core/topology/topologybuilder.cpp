#include "topologybuilder.h"

#include <QQueue>
#include <algorithm>

namespace routemap {

Topology buildTopology(const Snapshot &snapshot, const TopologyOptions &options)
{
    return TopologyBuilder(snapshot, options).build();
}

TopologyBuilder::TopologyBuilder(const Snapshot &snapshot, const TopologyOptions &options)
    : m_snapshot(snapshot)
    , m_options(options)
{ }

QString TopologyBuilder::serviceId(const QString &ns, const QString &name)
{
    return QStringLiteral("service:") + ns + u'/' + name;
}

namespace {

// The group a kind normally lives in: ghost ids leave it out so they stay short and readable.
bool isUsualGroup(const ObjectRef &ref)
{
    static const QHash<QString, QString> usual = {
        {QStringLiteral("Service"), QString()},
        {QStringLiteral("Secret"), QString()},
        {QStringLiteral("Pod"), QString()},
        {QStringLiteral("IngressClass"), QStringLiteral("networking.k8s.io")},
        {QStringLiteral("Gateway"), QLatin1String(kGatewayGroup)},
        {QStringLiteral("GatewayClass"), QLatin1String(kGatewayGroup)},
    };
    const auto it = usual.constFind(ref.kind);
    return it != usual.constEnd() && it.value() == ref.group;
}

} // namespace

QString TopologyBuilder::ghostId(const ObjectRef &missing)
{
    QString id = QStringLiteral("ghost:") + missing.kind + u'/' + missing.ns + u'/' + missing.name;
    if (!missing.group.isEmpty() && !isUsualGroup(missing)) {
        id += u'@' + missing.group;
    }
    return id;
}

QString TopologyBuilder::workloadGroupId(const ObjectRef &workload)
{
    return QStringLiteral("pods:") + workload.kind + u'/' + workload.ns + u'/' + workload.name;
}

TopoNode &TopologyBuilder::addNode(TopoNode node)
{
    const auto it = m_nodeIndex.constFind(node.id);
    if (it != m_nodeIndex.constEnd()) {
        return m_nodes[it.value()];
    }
    if (node.refs.isEmpty() && node.ref.isValid() && !node.ghost) {
        node.refs.append(node.ref);
    }
    m_nodeIndex.insert(node.id, m_nodes.size());
    m_nodes.append(std::move(node));
    return m_nodes.last();
}

TopoNode *TopologyBuilder::findNode(const QString &id)
{
    const auto it = m_nodeIndex.constFind(id);
    return it == m_nodeIndex.constEnd() ? nullptr : &m_nodes[it.value()];
}

void TopologyBuilder::addEdge(const QString &from, const QString &to, const QString &label, bool ghost)
{
    if (from.isEmpty() || to.isEmpty()) {
        return;
    }
    const QString pair = from + QStringLiteral("->") + to;
    const int n = ++m_pairCount[pair];
    TopoEdge edge;
    edge.id = n == 1 ? pair : pair + u'#' + QString::number(n);
    edge.from = from;
    edge.to = to;
    edge.label = label;
    const TopoNode *target = findNode(to);
    edge.ghost = ghost || (target && target->ghost);
    m_edges.append(edge);
}

QString TopologyBuilder::addGhost(const ObjectRef &missing, Tier tier, const QString &subtitle)
{
    TopoNode node;
    node.id = ghostId(missing);
    node.kind = NodeKind::Ghost;
    node.tier = tier;
    node.title = missing.name.isEmpty() ? missing.kind : missing.name;
    node.subtitle = subtitle.isEmpty() ? missing.kind + QStringLiteral(" not loaded") : subtitle;
    node.details.append(missing.display() + QStringLiteral(" is referenced but not loaded"));
    node.ref = missing;
    node.ns = missing.ns;
    node.ghost = true;
    return addNode(node).id;
}

void TopologyBuilder::markReachability()
{
    QHash<QString, QStringList> out;
    for (const TopoEdge &e : std::as_const(m_edges)) {
        out[e.from].append(e.to);
    }
    QSet<QString> reached;
    QQueue<QString> queue;
    const QString client = QStringLiteral("client");
    reached.insert(client);
    queue.enqueue(client);
    while (!queue.isEmpty()) {
        const QString id = queue.dequeue();
        for (const QString &next : out.value(id)) {
            if (!reached.contains(next)) {
                reached.insert(next);
                queue.enqueue(next);
            }
        }
    }
    for (TopoNode &n : m_nodes) {
        n.internal = !reached.contains(n.id);
    }
    // A missing class in front of a reachable Gateway is part of the outside path: keep it visible.
    for (const TopoEdge &e : std::as_const(m_edges)) {
        TopoNode *from = findNode(e.from);
        if (from && from->ghost && from->internal && from->tier <= Tier::Controller && reached.contains(e.to)) {
            from->internal = false;
        }
    }
    for (TopoEdge &e : m_edges) {
        const TopoNode *from = findNode(e.from);
        const TopoNode *to = findNode(e.to);
        e.internal = !from || !to || from->internal || to->internal;
    }
}

Topology TopologyBuilder::build()
{
    TopoNode client;
    client.id = QStringLiteral("client");
    client.kind = NodeKind::Client;
    client.tier = Tier::Client;
    client.title = QStringLiteral("Internet");
    client.subtitle = QStringLiteral("outside clients");
    addNode(client);

    // Pods first: controllers, Gateways and Services all look their pods up by group.
    for (const Pod &pod : m_snapshot.pods()) {
        if (const Workload *owner = m_snapshot.ownerOf(pod)) {
            m_podsByGroup[owner->ref()].append(&pod);
            continue;
        }
        const OwnerReference *owner = pod.object->controllerOwner();
        if (owner && !owner->kind.isEmpty() && !owner->name.isEmpty()) {
            // The owner is not loaded: still group the pods under its name.
            m_podsByGroup[ObjectRef {QString(), owner->kind, pod.ref().ns, owner->name}].append(&pod);
        } else {
            m_barePods.append(&pod);
        }
    }

    addIngressControllers();
    addGateways();
    addEntryPoints();
    addServices();
    addIngresses();
    addRoutes();
    addRemainingWorkloads();

    // Edges may have been added before their target became a ghost node: settle the flag now.
    for (TopoEdge &e : m_edges) {
        const TopoNode *to = findNode(e.to);
        const TopoNode *from = findNode(e.from);
        e.ghost = e.ghost || (to && to->ghost) || (from && from->ghost);
    }
    markReachability();

    // Load order must not show: the main object first, the rest by key.
    for (TopoNode &n : m_nodes) {
        std::sort(n.refs.begin(), n.refs.end(), [&n](const ObjectRef &a, const ObjectRef &b) {
            if ((a == n.ref) != (b == n.ref)) {
                return a == n.ref;
            }
            return a.key() < b.key();
        });
    }

    Topology topology;
    topology.nodes = m_nodes;
    topology.edges = m_edges;
    std::sort(topology.nodes.begin(), topology.nodes.end(),
        [](const TopoNode &a, const TopoNode &b) { return a.tier != b.tier ? a.tier < b.tier : a.id < b.id; });
    std::sort(
        topology.edges.begin(), topology.edges.end(), [](const TopoEdge &a, const TopoEdge &b) { return a.id < b.id; });
    return topology;
}

} // namespace routemap
