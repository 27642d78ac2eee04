#pragma once

#include "cluster.h"
#include "gateway.h"
#include "ingress.h"
#include "networkpolicy.h"
#include "service.h"
#include "workload.h"

#include <QHash>
#include <QMap>

#include <memory>

namespace routemap {

// Something that went wrong while reading input. Loading goes on after each of these.
struct LoadIssue {
    enum class Type { ParseError, Unreadable, NotAnObject, Duplicate };
    Type type = Type::ParseError;
    SourceLocation location;
    QString message;
    ObjectRef object;        // for Duplicate: the identity loaded twice
    SourceLocation previous; // for Duplicate: where it was first seen
};

// Every object loaded from one set of inputs, as immutable values with typed views and indexes.
// Cheap to copy: the data is shared.
class Snapshot
{
public:
    Snapshot();
    // Deduplicates by identity (the first occurrence wins, later ones become Duplicate issues),
    // builds the typed views of every understood kind, and indexes them.
    static Snapshot build(QList<KubeObject> objects, QList<LoadIssue> issues = {});
    // The same over objects that are already shared (a live cluster's store): they are not copied,
    // so the snapshot and the caller hold the same KubeObject instances.
    static Snapshot build(QList<ObjectPtr> objects, QList<LoadIssue> issues = {});

    // Every distinct object, understood or not, in load order.
    const QList<ObjectPtr> &objects() const { return d->objects; }
    // Number of documents loaded per kind, duplicates included (what a loader test compares).
    const QMap<QString, int> &documentsByKind() const { return d->documentsByKind; }
    // Kinds loaded but not understood (ConfigMap, CRDs, Istio Gateway as "Gateway.networking.istio.io", ...).
    const QMap<QString, int> &unknownKinds() const { return d->unknownKinds; }
    const QList<LoadIssue> &issues() const { return d->issues; }
    int documentCount() const;

    const QList<Namespace> &namespaces() const { return d->namespaces; }
    const QList<Node> &nodes() const { return d->nodes; }
    const QList<Secret> &secrets() const { return d->secrets; }
    const QList<Pod> &pods() const { return d->pods; }
    const QList<Workload> &workloads() const { return d->workloads; }
    const QList<Service> &services() const { return d->services; }
    const QList<EndpointSet> &endpointSets() const { return d->endpointSets; }
    const QList<Ingress> &ingresses() const { return d->ingresses; }
    const QList<IngressClass> &ingressClasses() const { return d->ingressClasses; }
    const QList<NetworkPolicy> &networkPolicies() const { return d->networkPolicies; }
    const QList<GatewayClass> &gatewayClasses() const { return d->gatewayClasses; }
    const QList<Gateway> &gateways() const { return d->gateways; }
    const QList<Route> &routes() const { return d->routes; }
    const QList<ReferenceGrant> &referenceGrants() const { return d->referenceGrants; }

    ObjectPtr object(const ObjectRef &ref) const;
    const Service *service(const QString &ns, const QString &name) const;
    const Workload *workload(const QString &kind, const QString &ns, const QString &name) const;
    const IngressClass *ingressClass(const QString &name) const;
    const GatewayClass *gatewayClass(const QString &name) const;
    const Gateway *gateway(const QString &ns, const QString &name) const;
    const Namespace *namespaceObject(const QString &name) const;
    const Secret *secret(const QString &ns, const QString &name) const;
    // Endpoints and EndpointSlices that belong to a Service.
    QList<const EndpointSet *> endpointsOf(const QString &ns, const QString &serviceName) const;
    // Pods in `ns` whose labels contain `selector`.
    QList<const Pod *> podsMatching(const QString &ns, const Labels &selector) const;
    // Workloads in `ns` whose pod template labels contain `selector` (Pods matched offline through templates).
    QList<const Workload *> workloadsMatching(const QString &ns, const Labels &selector) const;
    // The top-level workload that owns a Pod (see topLevel); a ReplicaSet or Job that is not loaded
    // still resolves to its loaded Deployment or CronJob by name. Null for bare Pods.
    const Workload *ownerOf(const Pod &pod) const;
    // The workload at the top of an ownership chain: a ReplicaSet's Deployment, a Job's CronJob (by
    // ownerReference, or for a ReplicaSet without one by "<deployment>-<hash>"), else the workload itself.
    const Workload *topLevel(const Workload *workload) const;
    // Ingress classes marked default.
    QList<const IngressClass *> defaultIngressClasses() const;
    // The class an Ingress ends up with: requested class, else the single default class, else "".
    QString effectiveClass(const Ingress &ingress) const;

    // True for a live cluster or files loaded "as the whole cluster": missing references are certain.
    bool isComplete() const { return d->complete; }
    void setComplete(bool complete);
    // "manifests" or "cluster"
    QString sourceKind() const { return d->sourceKind; }
    void setSourceKind(const QString &kind);

private:
    struct Data {
        QList<ObjectPtr> objects;
        QMap<QString, int> documentsByKind;
        QMap<QString, int> unknownKinds;
        QList<LoadIssue> issues;
        QList<Namespace> namespaces;
        QList<Node> nodes;
        QList<Secret> secrets;
        QList<Pod> pods;
        QList<Workload> workloads;
        QList<Service> services;
        QList<EndpointSet> endpointSets;
        QList<Ingress> ingresses;
        QList<IngressClass> ingressClasses;
        QList<NetworkPolicy> networkPolicies;
        QList<GatewayClass> gatewayClasses;
        QList<Gateway> gateways;
        QList<Route> routes;
        QList<ReferenceGrant> referenceGrants;
        QHash<ObjectRef, qsizetype> objectIndex;
        bool complete = false;
        QString sourceKind = QStringLiteral("manifests");
    };
    std::shared_ptr<Data> d;
    void detach();
};

// True when the (group, kind) pair is one Routemap understands.
bool isUnderstoodKind(const QString &group, const QString &kind);

} // namespace routemap
