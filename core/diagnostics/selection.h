#pragma once

// Helpers the rules share around the selection: which Pods or pod templates a Service selects (the model's
// rule, also used by the map), the ports they declare, and how findings name objects and kubectl commands.

#include "model/snapshot.h"

namespace routemap::rules {

// The selection rule lives in the model (Snapshot::selectedBy), shared with the map; these forward to it.
using routemap::SelectedWorkload;
inline QList<SelectedWorkload> selectedBy(const Snapshot &snapshot, const Service &service)
{
    return snapshot.selectedBy(service);
}
inline QList<SelectedWorkload> selectedByLabels(const Snapshot &snapshot, const QString &ns, const Labels &selector)
{
    return snapshot.selectedByLabels(ns, selector);
}

// Every container port declared by the containers of the selection.
QList<ContainerPort> declaredPorts(const QList<SelectedWorkload> &selection);

// "Deployment shop/a, Deployment shop/b" (at most `limit` names, then "and N more").
QString joinRefs(const QList<ObjectRef> &refs, int limit = 4);

// The lowercase resource name kubectl accepts for a kind ("deployment", "httproute.gateway.networking.k8s.io").
QString kubectlResource(const ObjectRef &ref);
// " -n ns" for namespaced objects, "" otherwise.
QString kubectlNamespace(const QString &ns);

} // namespace routemap::rules
