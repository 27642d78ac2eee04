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

struct IngressController;

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
    // Every Pod, and every workload, of one namespace, in load order.
    QList<const Pod *> podsIn(const QString &ns) const;
    QList<const Workload *> workloadsIn(const QString &ns) const;

    // The one selection rule, shared by the map and the diagnostics: the workloads whose Pods (or, without
    // loaded Pods, pod templates) carry every label of the Service's selector. Loaded Pods take precedence;
    // templates of workloads with no loaded Pod count too. Labels that controllers add to Pods
    // (statefulset.kubernetes.io/pod-name, apps.kubernetes.io/pod-index, job-name, pod-template-hash,
    // controller-revision-hash) are matched against the owning StatefulSet, Job, ... when matching
    // templates. Pods first (grouped by owner, in load order), then templates. Empty for ExternalName and
    // selector-less Services.
    QList<SelectedWorkload> selectedBy(const Service &service) const;
    // The same for a plain selector in `ns`; an empty selector selects nothing.
    QList<SelectedWorkload> selectedByLabels(const QString &ns, const Labels &selector) const;
    // The top-level workload that owns a Pod (see topLevel); a ReplicaSet or Job that is not loaded
    // still resolves to its loaded Deployment or CronJob by name. Null for bare Pods.
    const Workload *ownerOf(const Pod &pod) const;
    // The workload at the top of an ownership chain: a ReplicaSet's Deployment, a Job's CronJob (by
    // ownerReference, or for a ReplicaSet without one by "<deployment>-<hash>"), else the workload itself.
    const Workload *topLevel(const Workload *workload) const;
    // The loaded Pods whose ownerOf is `workload`, in load order.
    QList<const Pod *> podsOf(const Workload *workload) const;
    // The other workloads whose topLevel is `workload` (a Deployment's ReplicaSets), in load order.
    QList<const Workload *> ownedWorkloads(const Workload *workload) const;
    // The labels a namespace selector sees: the loaded Namespace's labels, and always the
    // kubernetes.io/metadata.name label the API server sets.
    Labels namespaceLabels(const QString &ns) const;
    // The ingress controllers (see ingressControllers() in controllers.h), recognised once per snapshot.
    const QList<IngressController> &ingressControllers() const;
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
    // Label key=value in one namespace: the key of the posting lists.
    struct LabelKey {
        QString ns;
        QString key;
        QString value;
        friend bool operator==(const LabelKey &, const LabelKey &) = default;
        friend size_t qHash(const LabelKey &k, size_t seed = 0) { return qHashMulti(seed, k.ns, k.key, k.value); }
    };
    using Postings = QList<qsizetype>; // positions in pods or workloads, ascending (load order)
    struct Lazy; // results computed on first use and shared by copies (controller recognition)
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
        // Built once in build(); every lookup below is a hash probe or a walk over a posting list.
        QHash<ObjectRef, qsizetype> typedIndex; // ref -> position in the list of its kind
        QHash<ObjectRef, qsizetype> workloadIndex; // (kind, ns, name) with the group left out; first wins
        QHash<QString, Postings> podsByNs;
        QHash<QString, Postings> workloadsByNs;
        QHash<QString, Postings> templatesByNs; // workloads with a pod template that Pods come from
        QHash<LabelKey, Postings> podsByLabel;
        QHash<LabelKey, Postings> templatesByLabel;
        QHash<QPair<QString, QString>, Postings> endpointsByService; // (ns, service) -> endpointSets
        QList<qsizetype> podOwner; // per Pod: position of ownerOf() in workloads, or -1
        QList<qsizetype> workloadTop; // per workload: position of topLevel()
        QHash<qsizetype, Postings> podsByOwner; // workload -> its Pods (ownerOf)
        QHash<qsizetype, Postings> ownedByTop; // top workload -> the other workloads below it
        std::shared_ptr<Lazy> lazy;
        bool complete = false;
        QString sourceKind = QStringLiteral("manifests");
    };
    std::shared_ptr<Data> d;
    void detach();
    void buildIndexes();
    template<typename T>
    const T *typed(const QList<T> &list, const ObjectRef &ref) const;
    const Workload *findWorkload(const QString &kind, const QString &ns, const QString &name) const;
    const Workload *computeTopLevel(const Workload *workload) const;
    const Workload *computeOwnerOf(const Pod &pod) const;
    qsizetype podPosition(const Pod *pod) const;
    qsizetype workloadPosition(const Workload *workload) const;
    Postings candidates(const QHash<LabelKey, Postings> &byLabel, const QHash<QString, Postings> &byNs,
        const QString &ns, const Labels &selector, bool skipControllerLabels) const;
};

// True when the (group, kind) pair is one Routemap understands.
bool isUnderstoodKind(const QString &group, const QString &kind);

} // namespace routemap
