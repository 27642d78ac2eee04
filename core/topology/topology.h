#pragma once

#include "model/objectref.h"

#include <QHash>
#include <QList>
#include <QStringList>

namespace routemap {

// The kinds of boxes on the traffic map, from the outside in.
enum class NodeKind {
    Client,            // "the internet"
    LoadBalancer,      // one per type: LoadBalancer Service (its cloud LB)
    NodePort,          // one per NodePort Service (or LB Service without an LB address)
    IngressController, // an ingress controller (IngressClass + its Deployment/Service when loaded)
    Gateway,           // a Gateway API Gateway (with its class)
    Ingress,
    Route,             // HTTPRoute / GRPCRoute
    Service,
    PodGroup,          // the pods of one workload (or its template, offline)
    Pod,               // a bare Pod with no owning workload
    Ghost,             // a referenced object that is not loaded
};

// Fixed left-to-right columns.
enum class Tier { Client = 0, Entry = 1, Controller = 2, Route = 3, Service = 4, Pods = 5 };

QString nodeKindName(NodeKind kind); // "LoadBalancer", ...
Tier tierOf(NodeKind kind);          // Ghost nodes carry their own tier in TopoNode::tier

struct TopoNode {
    QString id;            // stable across snapshots for the same objects
    NodeKind kind = NodeKind::Service;
    Tier tier = Tier::Service;
    QString title;         // first line: the name
    QString subtitle;      // second line: kind-specific summary ("LoadBalancer · 80, 443", "3/3 ready")
    QStringList details;   // further lines for the inspector / tooltips
    ObjectRef ref;         // the main object (for a ghost: the missing object)
    QList<ObjectRef> refs; // every loaded object this node stands for (ref first)
    QString ns;            // namespace for grouping; empty for cluster-wide nodes
    bool ghost = false;    // referenced, not loaded: drawn dashed
    bool internal = false; // not reachable from the Client: dimmed or hidden
    int ready = -1;        // pods ready / total; -1 = unknown
    int total = -1;
};

struct TopoEdge {
    QString id;            // from + "->" + to (+ "#n" when several edges join the same pair)
    QString from;
    QString to;
    QString label;         // "app.example.com/api", ":80→8080", ...
    bool ghost = false;    // leads to a ghost node: drawn dashed
    bool internal = false;
};

struct Topology {
    QList<TopoNode> nodes;
    QList<TopoEdge> edges;

    const TopoNode *node(const QString &id) const;
    // Nodes that stand for `ref` (as their main object, or among refs)
    QList<const TopoNode *> nodesFor(const ObjectRef &ref) const;
    // Golden text: one line per node and edge, sorted, stable.
    QString toText() const;
    // The part of the map that matters for some namespaces: their nodes, every node on a path into them (the
    // client, load balancers, controllers and gateways in front), and the edges among those.
    Topology scopedToNamespaces(const QStringList &namespaces) const;
};

} // namespace routemap
