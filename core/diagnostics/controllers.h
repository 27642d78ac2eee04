#pragma once

// Recognises the ingress controllers and gateways that are loaded, so rules can follow traffic from the
// cloud load balancer through the controller to the backends.

#include "diagnostics/selection.h"

namespace routemap::rules {

// One ingress class and the controller that serves it.
struct ControllerInfo {
    const IngressClass *ingressClass = nullptr; // null when the class is only implied (no IngressClass loaded)
    QString className; // the class Ingresses name to reach this controller
    QString family; // "ingress-nginx", "traefik", "nginx-inc", "haproxy"
    QList<const Workload *> workloads; // the controller's Deployments/DaemonSets
    QList<const Service *> services; // Services selecting the controller's pods
};

// The controller family a workload runs ("ingress-nginx", "traefik", ...), from its pod template's labels
// and container images; empty when it is not a recognised ingress controller.
QString ingressControllerFamily(const Workload &workload);

// The controller family an IngressClass's spec.controller names; empty when unknown.
QString familyOfControllerName(const QString &controllerName);

// Every ingress class with recognised controller workloads, plus the implied class ("nginx",
// "traefik") of a recognised controller when no IngressClass for it is loaded.
QList<ControllerInfo> ingressControllers(const Snapshot &snapshot);

// The entry of `controllers` that serves `ingress` (through Snapshot::effectiveClass), or null.
const ControllerInfo *controllerFor(
    const Snapshot &snapshot, const QList<ControllerInfo> &controllers, const Ingress &ingress);

// True when the Service sends its traffic to an ingress controller's pods.
bool frontsIngressController(const Snapshot &snapshot, const Service &service);

// True when the Service belongs to a Gateway (Gateway API or Istio gateway deployments).
bool frontsGateway(const Snapshot &snapshot, const Service &service);

} // namespace routemap::rules
