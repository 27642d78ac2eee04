#pragma once

// Which Pods or pod templates a Service selects, grouped by the workload that owns them. Shared by the
// service, entry-point and network-policy rules and by the route-backend rules.

#include "model/snapshot.h"

namespace routemap::rules {

// Pods (or, offline, a pod template) that a Service selects and that belong to one workload.
struct SelectedWorkload {
    const Workload *workload = nullptr; // the top owner (Deployment over ReplicaSet); null for a bare Pod
    QList<const Pod *> pods; // the selected Pods of this workload that are loaded
    bool viaTemplate = false; // no Pod loaded: matched through the workload's pod template
    const PodTemplate *podTemplate = nullptr; // the template that matched (viaTemplate only)

    // The workload's ref, or the Pod's for a bare Pod.
    ObjectRef ref() const;
    // The label sets of the selected Pods (or the template's labels).
    QList<const Labels *> labelSets() const;
    // The containers of each selected Pod (or of the template).
    QList<const QList<Container> *> containerSets() const;
};

// The workloads whose Pods (or, without loaded Pods, pod templates) carry every label of the Service's
// selector. Loaded Pods take precedence; templates of workloads with no loaded Pod count too. Labels
// that controllers add to Pods (statefulset.kubernetes.io/pod-name, apps.kubernetes.io/pod-index,
// job-name) are matched against the owning StatefulSet or Job when matching templates. Empty for
// ExternalName and selector-less Services.
QList<SelectedWorkload> selectedBy(const Snapshot &snapshot, const Service &service);

// Pods or templates in `ns` carrying all of `selector` (same rules as selectedBy).
QList<SelectedWorkload> selectedByLabels(const Snapshot &snapshot, const QString &ns, const Labels &selector);

// Every container port declared by the containers of the selection.
QList<ContainerPort> declaredPorts(const QList<SelectedWorkload> &selection);

// "Deployment shop/a, Deployment shop/b" (at most `limit` names, then "and N more").
QString joinRefs(const QList<ObjectRef> &refs, int limit = 4);

// The lowercase resource name kubectl accepts for a kind ("deployment", "httproute.gateway.networking.k8s.io").
QString kubectlResource(const ObjectRef &ref);
// " -n ns" for namespaced objects, "" otherwise.
QString kubectlNamespace(const QString &ns);

} // namespace routemap::rules
