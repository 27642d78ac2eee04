#pragma once

// Which loaded workloads and Services implement ingress classes and Gateways. One recognition shared by the
// topology (which draws a controller node) and the diagnostics (which follow traffic through it), so the
// graph and the findings always agree on what is a controller.

#include "model/snapshot.h"

namespace routemap {

// One ingress class and the controller that serves it.
struct IngressController {
    // Null when the class is only implied: a recognised controller runs but no IngressClass for it is loaded.
    const IngressClass *ingressClass = nullptr;
    QString className; // the class Ingresses name to reach this controller
    QString family; // "ingress-nginx", "traefik", "nginx-inc", "haproxy"; empty when not a known project
    QList<const Workload *> workloads; // the controller's top-level workloads (Deployments, DaemonSets, ...)
    QList<const Service *> services; // Services selecting the controller's pods

    bool isImplied() const { return ingressClass == nullptr; }
    // The family when known, else the class name: how messages name the controller.
    QString displayName() const { return family.isEmpty() ? className : family; }
};

// The controller family a workload runs ("ingress-nginx", "traefik", ...), from its container images and
// pod template labels; empty when it is not a recognised ingress controller. Jobs never count: admission
// webhook Jobs carry the controller's name label.
QString ingressControllerFamily(const Workload &workload);

// The controller family an IngressClass's spec.controller names; empty when unknown.
QString familyOfControllerName(const QString &controllerName);

// The class a family's controller serves when nothing says otherwise ("nginx", "traefik", "haproxy").
QString impliedClassName(const QString &family);

// True when `workload` serves `cls`: by its container arguments (--ingress-class, --controller-class,
// traefik's providers.kubernetesingress.ingressclass) when it has them, else by its image or labels
// matching the class's controller name.
bool servesIngressClass(const Workload &workload, const IngressClass &cls);

// Every loaded IngressClass (in load order, with the workloads serving it, possibly none), then the implied
// class of each recognised controller workload that serves no loaded class, sorted by name. An implied class
// comes from the workload's --ingress-class argument, else from its family; it is left out when an
// IngressClass of that name is loaded (that class is served by someone else).
// Recognised once per snapshot (Snapshot::ingressControllers) and shared by every caller.
QList<IngressController> ingressControllers(const Snapshot &snapshot);
// The recognition itself, done anew on every call.
QList<IngressController> recogniseIngressControllers(const Snapshot &snapshot);

// The entry of `controllers` for a class name, or null.
const IngressController *controllerForClass(const QList<IngressController> &controllers, const QString &className);

// The entry of `controllers` that serves `ingress` (through Snapshot::effectiveClass), or null.
const IngressController *controllerForIngress(
    const Snapshot &snapshot, const QList<IngressController> &controllers, const Ingress &ingress);

// True when the Service sends its traffic to an ingress controller's pods: a Service of one of
// `controllers`, a Service selecting a recognised controller workload, or one selecting the well-known
// labels of a controller whose workload is not loaded.
bool frontsIngressController(
    const Snapshot &snapshot, const QList<IngressController> &controllers, const Service &service);
bool frontsIngressController(const Snapshot &snapshot, const Service &service);

// The Services a Gateway implementation created for `gateway` (gateway.networking.k8s.io/gateway-name,
// istio.io/gateway-name in the Gateway's namespace; Envoy Gateway's owning-gateway labels anywhere).
QList<const Service *> gatewayServices(const Snapshot &snapshot, const Gateway &gateway);

// The top-level workloads running `gateway`'s data plane (pod templates carrying the gateway-name labels).
QList<const Workload *> gatewayWorkloads(const Snapshot &snapshot, const Gateway &gateway);

// True when the Service belongs to some Gateway (Gateway API or Istio gateway deployments), even one that
// is not loaded.
bool frontsGateway(const Snapshot &snapshot, const Service &service);


} // namespace routemap
