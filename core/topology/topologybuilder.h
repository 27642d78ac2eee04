#pragma once

#include "model/snapshot.h"
#include "topology.h"

#include <QSet>

namespace routemap {

struct TopologyOptions {
    // Reserved for view choices that change the graph itself (for example one node per Pod).
    bool groupPods = true;
};

// The traffic graph of a snapshot. Pure: the same snapshot always gives the same graph.
Topology buildTopology(const Snapshot &snapshot, const TopologyOptions &options = {});

// Builds one Topology. The work is split by resource family over several source files
// (entrypoints, ingresses, gatewayapi, services, workloads); each step adds nodes and edges.
class TopologyBuilder
{
public:
    TopologyBuilder(const Snapshot &snapshot, const TopologyOptions &options);
    Topology build();

    // Stable node ids, shared with anyone who needs to find a node for an object.
    static QString serviceId(const QString &ns, const QString &name);
    static QString ghostId(const ObjectRef &missing);
    static QString workloadGroupId(const ObjectRef &workload);

private:
    // --- graph bookkeeping (topologybuilder.cpp)
    TopoNode &addNode(TopoNode node); // returns the existing node when the id is taken
    TopoNode *findNode(const QString &id);
    void addEdge(const QString &from, const QString &to, const QString &label, bool ghost = false);
    // A dashed stand-in for an object that is referenced but not loaded.
    QString addGhost(const ObjectRef &missing, Tier tier, const QString &subtitle);
    void markReachability();

    // --- ingress controllers (ingresses.cpp)
    void addIngressControllers();
    void addIngresses();
    QString ingressBackendTarget(const ObjectRef &ingressRef, const IngressBackend &backend);

    // --- Gateway API (gatewayapi.cpp)
    void addGateways();
    void addRoutes();

    // --- entry points: LoadBalancer and NodePort Services (entrypoints.cpp)
    void addEntryPoints();

    // --- Services (services.cpp)
    void addServices();
    void addServiceBackends(const Service &service, const QString &serviceNode);
    // The node an edge to a Service goes to: its node, the controller that absorbed it, or a ghost.
    QString serviceTarget(const QString &ns, const QString &name);
    // Any non-Service object an Ingress or Route sends traffic to.
    QString resourceTarget(const ObjectRef &ref);

    // --- workloads and pods (workloads.cpp)
    // Node ids of the pod groups a Service selects (Snapshot::selectedBy: loaded pods, else pod templates).
    QStringList podGroupsFor(const Service &service);
    QString ensureWorkloadGroup(const Workload *workload);
    QString ensurePodNode(const Pod *pod);
    // The group a loaded Pod belongs to (its workload's, its unloaded owner's, or its own node).
    QString groupForPod(const Pod *pod);
    QString ensureOwnerGroup(const ObjectRef &owner);
    void addRemainingWorkloads();
    // Pods and workloads that a controller or Gateway absorbed, with ready/total from them.
    void absorbWorkload(TopoNode &node, const Workload *workload);

    const Snapshot &m_snapshot;
    TopologyOptions m_options;
    QList<TopoNode> m_nodes;
    QHash<QString, qsizetype> m_nodeIndex;
    QList<TopoEdge> m_edges;
    QHash<QString, int> m_pairCount;
    // Services drawn inside a controller or Gateway node instead of on their own: ref -> node ids.
    QHash<ObjectRef, QStringList> m_absorbedServices;
    QHash<ObjectRef, QString> m_absorbedWorkloads; // top-level workload -> the controller/Gateway node holding it
    QHash<ObjectRef, QList<const Pod *>> m_podsByGroup; // top workload ref -> its loaded pods
    QList<const Pod *> m_barePods;
};

} // namespace routemap
