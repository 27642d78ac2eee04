#include "topology.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace routemap {

QString nodeKindName(NodeKind kind)
{
    switch (kind) {
    case NodeKind::Client:
        return QStringLiteral("Client");
    case NodeKind::LoadBalancer:
        return QStringLiteral("LoadBalancer");
    case NodeKind::NodePort:
        return QStringLiteral("NodePort");
    case NodeKind::IngressController:
        return QStringLiteral("IngressController");
    case NodeKind::Gateway:
        return QStringLiteral("Gateway");
    case NodeKind::Ingress:
        return QStringLiteral("Ingress");
    case NodeKind::Route:
        return QStringLiteral("Route");
    case NodeKind::Service:
        return QStringLiteral("Service");
    case NodeKind::PodGroup:
        return QStringLiteral("PodGroup");
    case NodeKind::Pod:
        return QStringLiteral("Pod");
    case NodeKind::Ghost:
        return QStringLiteral("Ghost");
    }
    return QStringLiteral("Unknown");
}

Tier tierOf(NodeKind kind)
{
    switch (kind) {
    case NodeKind::Client:
        return Tier::Client;
    case NodeKind::LoadBalancer:
    case NodeKind::NodePort:
        return Tier::Entry;
    case NodeKind::IngressController:
    case NodeKind::Gateway:
        return Tier::Controller;
    case NodeKind::Ingress:
    case NodeKind::Route:
        return Tier::Route;
    case NodeKind::Service:
    case NodeKind::Ghost:
        return Tier::Service;
    case NodeKind::PodGroup:
    case NodeKind::Pod:
        return Tier::Pods;
    }
    return Tier::Service;
}

const TopoNode *Topology::node(const QString &id) const
{
    for (const TopoNode &n : nodes) {
        if (n.id == id) {
            return &n;
        }
    }
    return nullptr;
}

QList<const TopoNode *> Topology::nodesFor(const ObjectRef &ref) const
{
    QList<const TopoNode *> out;
    for (const TopoNode &n : nodes) {
        if (n.ref == ref || n.refs.contains(ref)) {
            out.append(&n);
        }
    }
    return out;
}

namespace {

QString flag(bool value)
{
    return value ? QStringLiteral("1") : QStringLiteral("0");
}

} // namespace

QString Topology::toText() const
{
    QStringList lines;
    for (const TopoNode &n : nodes) {
        QString line = QStringLiteral("node %1 [%2] tier=%3 title=%4 subtitle=%5 ghost=%6 internal=%7")
                           .arg(n.id, nodeKindName(n.kind), QString::number(static_cast<int>(n.tier)), n.title,
                               n.subtitle, flag(n.ghost), flag(n.internal));
        if (n.ready >= 0 || n.total >= 0) {
            line += QStringLiteral(" ready=%1/%2")
                        .arg(n.ready >= 0 ? QString::number(n.ready) : QStringLiteral("?"),
                            n.total >= 0 ? QString::number(n.total) : QStringLiteral("?"));
        }
        QStringList refs;
        for (const ObjectRef &r : n.refs) {
            refs.append(r.key());
        }
        if (!refs.isEmpty()) {
            line += QStringLiteral(" refs=") + refs.join(u',');
        }
        lines.append(line);
    }
    for (const TopoEdge &e : edges) {
        lines.append(QStringLiteral("edge %1 -> %2 label=%3 ghost=%4 internal=%5")
                         .arg(e.from, e.to, e.label, flag(e.ghost), flag(e.internal)));
    }
    std::sort(lines.begin(), lines.end());
    return lines.join(u'\n') + u'\n';
}

Topology Topology::scopedToNamespaces(const QStringList &namespaces) const
{
    QHash<QString, QList<const TopoEdge *>> edgesInto;
    for (const TopoEdge &edge : edges) {
        edgesInto[edge.to].append(&edge);
    }
    QSet<QString> kept;
    QList<QString> queue;
    for (const TopoNode &n : nodes) {
        if (!n.ns.isEmpty() && namespaces.contains(n.ns)) {
            kept.insert(n.id);
            queue.append(n.id);
        }
    }
    // Walk upstream: whatever sends traffic into a kept node stays, so the outside path still leads in.
    while (!queue.isEmpty()) {
        const QString id = queue.takeLast();
        for (const TopoEdge *edge : edgesInto.value(id)) {
            if (!kept.contains(edge->from)) {
                kept.insert(edge->from);
                queue.append(edge->from);
            }
        }
    }
    Topology scoped;
    for (const TopoNode &n : nodes) {
        if (kept.contains(n.id)) {
            scoped.nodes.append(n);
        }
    }
    for (const TopoEdge &edge : edges) {
        if (kept.contains(edge.from) && kept.contains(edge.to)) {
            scoped.edges.append(edge);
        }
    }
    return scoped;
}

} // namespace routemap
