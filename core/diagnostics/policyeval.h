#pragma once

// NetworkPolicy evaluation for one hop: may traffic from a known set of source pods (an ingress
// controller, a gateway) reach the pods behind a Service port? Shared by the Ingress and route rules.

#include "diagnostics/selection.h"

namespace routemap::rules {

// Pods that send the traffic: their namespace and labels (templates of the controller's workloads).
struct TrafficSource {
    QString ns;
    Labels podLabels;
};

// Sources for the pods of `workloads` (template labels, or loaded Pods' labels).
QList<TrafficSource> sourcesOf(const Snapshot &snapshot, const QList<const Workload *> &workloads);

// A namespace's labels as the API server sees them (Snapshot::namespaceLabels).
inline Labels namespaceLabels(const Snapshot &snapshot, const QString &ns)
{
    return snapshot.namespaceLabels(ns);
}

// Policies in `ns` of type Ingress whose podSelector selects `podLabels`.
QList<const NetworkPolicy *> isolatingPolicies(const Snapshot &snapshot, const QString &ns, const Labels &podLabels);

// The destination port as the pod sees it.
struct TargetPort {
    int number = 0; // 0 when unknown (a named port no container declares)
    QString name; // the container port's name, when it has one
    QString protocol = QStringLiteral("TCP");
};

// The container port a Service port sends to, resolved against one pod's (or template's) containers.
TargetPort resolveTargetPort(const ServicePort &port, const QList<Container> &containers);

// True when some ingress rule of `policy` admits `source` on `port`. Rules that cannot be judged
// offline (ipBlock peers, unknown port numbers) count as admitting.
bool policyAdmits(
    const Snapshot &snapshot, const NetworkPolicy &policy, const TrafficSource &source, const TargetPort &port);

// Why traffic from `sources` cannot reach the pods a Service port leads to.
struct BlockedBackend {
    QList<const NetworkPolicy *> policies; // the policies isolating the blocked pods
    QList<ObjectRef> workloads; // the selected workloads (or bare Pods) none of whose pods is reachable
    TargetPort port; // the resolved target port of the first blocked pod
};

// Non-empty `workloads` when at least one selected workload is isolated by Ingress policies and no
// rule of them admits any of `sources` on the Service port's target port.
BlockedBackend blockedBackend(
    const Snapshot &snapshot, const Service &service, const ServicePort &port, const QList<TrafficSource> &sources);

} // namespace routemap::rules
