#include "snapshot.h"

#include "controllers.h"

#include <QSet>

#include <mutex>

namespace routemap {

bool isUnderstoodKind(const QString &group, const QString &kind)
{
    static const QHash<QString, QSet<QString>> groups = {
        {QStringLiteral("Namespace"), {QString()}},
        {QStringLiteral("Node"), {QString()}},
        {QStringLiteral("Pod"), {QString()}},
        {QStringLiteral("Service"), {QString()}},
        {QStringLiteral("Endpoints"), {QString()}},
        {QStringLiteral("Secret"), {QString()}},
        {QStringLiteral("ReplicationController"), {QString()}},
        {QStringLiteral("Deployment"), {QStringLiteral("apps"), QStringLiteral("extensions")}},
        {QStringLiteral("ReplicaSet"), {QStringLiteral("apps"), QStringLiteral("extensions")}},
        {QStringLiteral("StatefulSet"), {QStringLiteral("apps")}},
        {QStringLiteral("DaemonSet"), {QStringLiteral("apps"), QStringLiteral("extensions")}},
        {QStringLiteral("Job"), {QStringLiteral("batch")}},
        {QStringLiteral("CronJob"), {QStringLiteral("batch")}},
        {QStringLiteral("EndpointSlice"), {QStringLiteral("discovery.k8s.io")}},
        {QStringLiteral("Ingress"), {QStringLiteral("networking.k8s.io"), QStringLiteral("extensions")}},
        {QStringLiteral("IngressClass"), {QStringLiteral("networking.k8s.io")}},
        {QStringLiteral("NetworkPolicy"), {QStringLiteral("networking.k8s.io"), QStringLiteral("extensions")}},
        {QStringLiteral("GatewayClass"), {QString::fromLatin1(kGatewayGroup)}},
        {QStringLiteral("Gateway"), {QString::fromLatin1(kGatewayGroup)}},
        {QStringLiteral("HTTPRoute"), {QString::fromLatin1(kGatewayGroup)}},
        {QStringLiteral("GRPCRoute"), {QString::fromLatin1(kGatewayGroup)}},
        {QStringLiteral("TCPRoute"), {QString::fromLatin1(kGatewayGroup)}},
        {QStringLiteral("TLSRoute"), {QString::fromLatin1(kGatewayGroup)}},
        {QStringLiteral("UDPRoute"), {QString::fromLatin1(kGatewayGroup)}},
        {QStringLiteral("ReferenceGrant"), {QString::fromLatin1(kGatewayGroup)}},
    };
    const auto it = groups.find(kind);
    return it != groups.end() && it->contains(group);
}

struct Snapshot::Lazy {
    std::once_flag controllersOnce;
    QList<IngressController> controllers;
};

Snapshot::Snapshot()
    : d(std::make_shared<Data>())
{
    d->lazy = std::make_shared<Lazy>();
}

const QList<IngressController> &Snapshot::ingressControllers() const
{
    Lazy &lazy = *d->lazy;
    std::call_once(lazy.controllersOnce, [&] { lazy.controllers = recogniseIngressControllers(*this); });
    return lazy.controllers;
}

void Snapshot::detach()
{
    if (d.use_count() > 1) {
        d = std::make_shared<Data>(*d);
    }
}

void Snapshot::setComplete(bool complete)
{
    detach();
    d->complete = complete;
}

void Snapshot::setSourceKind(const QString &kind)
{
    detach();
    d->sourceKind = kind;
}

int Snapshot::documentCount() const
{
    int n = 0;
    for (const int c : d->documentsByKind) {
        n += c;
    }
    return n;
}

Snapshot Snapshot::build(QList<KubeObject> objects, QList<LoadIssue> issues)
{
    QList<ObjectPtr> shared;
    shared.reserve(objects.size());
    if (objects.isDetached()) {
        for (KubeObject &o : objects) {
            shared.append(std::make_shared<const KubeObject>(std::move(o)));
        }
    } else {
        // The caller keeps its list (LoadResult::toSnapshot): copy each object once, without first
        // detaching the whole list. Copies share their strings, maps and JSON bodies.
        for (const KubeObject &o : std::as_const(objects)) {
            shared.append(std::make_shared<const KubeObject>(o));
        }
    }
    return build(std::move(shared), std::move(issues));
}

Snapshot Snapshot::build(QList<ObjectPtr> objects, QList<LoadIssue> issues)
{
    Snapshot s;
    Data &d = *s.d;
    d.issues = std::move(issues);
    d.objects.reserve(objects.size());
    for (ObjectPtr &o : objects) {
        if (!o) {
            continue;
        }
        d.documentsByKind[o->ref.kind] += 1;
        const auto seen = d.objectIndex.constFind(o->ref);
        if (seen != d.objectIndex.constEnd()) {
            LoadIssue dup;
            dup.type = LoadIssue::Type::Duplicate;
            dup.location = o->location;
            dup.object = o->ref;
            dup.previous = d.objects.at(seen.value())->location;
            dup.message = o->ref.display() + QStringLiteral(" is defined twice (first at ") + dup.previous.display() +
                          QStringLiteral("); the first definition is used");
            d.issues.append(dup);
            continue;
        }
        d.objectIndex.insert(o->ref, d.objects.size());
        d.objects.append(std::move(o));
    }

    const auto at = [&d](const ObjectPtr &o, qsizetype position) { d.typedIndex.insert(o->ref, position); };
    for (const ObjectPtr &o : std::as_const(d.objects)) {
        const QString &kind = o->ref.kind;
        if (!isUnderstoodKind(o->ref.group, kind)) {
            const QString label = o->ref.group.isEmpty() ? kind : kind + u'.' + o->ref.group;
            d.unknownKinds[label] += 1;
            continue;
        }
        if (kind == QLatin1String("Namespace")) {
            at(o, d.namespaces.size());
            d.namespaces.append({o});
        } else if (kind == QLatin1String("Node")) {
            at(o, d.nodes.size());
            d.nodes.append(Node::fromObject(o));
        } else if (kind == QLatin1String("Secret")) {
            at(o, d.secrets.size());
            d.secrets.append({o, o->body.value(QLatin1String("type")).toString()});
        } else if (kind == QLatin1String("Pod")) {
            at(o, d.pods.size());
            d.pods.append(Pod::fromObject(o));
        } else if (isWorkloadKind(kind)) {
            at(o, d.workloads.size());
            d.workloads.append(Workload::fromObject(o));
        } else if (kind == QLatin1String("Service")) {
            at(o, d.services.size());
            d.services.append(Service::fromObject(o));
        } else if (kind == QLatin1String("Endpoints")) {
            at(o, d.endpointSets.size());
            d.endpointSets.append(EndpointSet::fromEndpoints(o));
        } else if (kind == QLatin1String("EndpointSlice")) {
            at(o, d.endpointSets.size());
            d.endpointSets.append(EndpointSet::fromEndpointSlice(o));
        } else if (kind == QLatin1String("Ingress")) {
            at(o, d.ingresses.size());
            d.ingresses.append(Ingress::fromObject(o));
        } else if (kind == QLatin1String("IngressClass")) {
            at(o, d.ingressClasses.size());
            d.ingressClasses.append(IngressClass::fromObject(o));
        } else if (kind == QLatin1String("NetworkPolicy")) {
            at(o, d.networkPolicies.size());
            d.networkPolicies.append(NetworkPolicy::fromObject(o));
        } else if (kind == QLatin1String("GatewayClass")) {
            at(o, d.gatewayClasses.size());
            d.gatewayClasses.append(GatewayClass::fromObject(o));
        } else if (kind == QLatin1String("Gateway")) {
            at(o, d.gateways.size());
            d.gateways.append(Gateway::fromObject(o));
        } else if (isRouteKind(kind)) {
            at(o, d.routes.size());
            d.routes.append(Route::fromObject(o));
        } else if (kind == QLatin1String("ReferenceGrant")) {
            at(o, d.referenceGrants.size());
            d.referenceGrants.append(ReferenceGrant::fromObject(o));
        }
    }
    s.buildIndexes();
    return s;
}

ObjectPtr Snapshot::object(const ObjectRef &ref) const
{
    const auto it = d->objectIndex.constFind(ref);
    return it == d->objectIndex.constEnd() ? ObjectPtr() : d->objects.at(it.value());
}

template<typename T>
const T *Snapshot::typed(const QList<T> &list, const ObjectRef &ref) const
{
    const auto it = d->typedIndex.constFind(ref);
    if (it == d->typedIndex.constEnd() || it.value() >= list.size()) {
        return nullptr;
    }
    const T *item = &list.at(it.value());
    return item->ref() == ref ? item : nullptr;
}

const Service *Snapshot::service(const QString &ns, const QString &name) const
{
    return typed(d->services, {QString(), QStringLiteral("Service"), ns, name});
}

const Workload *Snapshot::findWorkload(const QString &kind, const QString &ns, const QString &name) const
{
    const auto it = d->workloadIndex.constFind(ObjectRef {QString(), kind, ns, name});
    return it == d->workloadIndex.constEnd() ? nullptr : &d->workloads.at(it.value());
}

const Workload *Snapshot::workload(const QString &kind, const QString &ns, const QString &name) const
{
    return findWorkload(kind, ns, name);
}

const IngressClass *Snapshot::ingressClass(const QString &name) const
{
    return typed(d->ingressClasses, {QStringLiteral("networking.k8s.io"), QStringLiteral("IngressClass"), QString(), name});
}

const GatewayClass *Snapshot::gatewayClass(const QString &name) const
{
    return typed(d->gatewayClasses, {QString::fromLatin1(kGatewayGroup), QStringLiteral("GatewayClass"), QString(), name});
}

const Gateway *Snapshot::gateway(const QString &ns, const QString &name) const
{
    return typed(d->gateways, {QString::fromLatin1(kGatewayGroup), QStringLiteral("Gateway"), ns, name});
}

const Namespace *Snapshot::namespaceObject(const QString &name) const
{
    return typed(d->namespaces, {QString(), QStringLiteral("Namespace"), QString(), name});
}

const Secret *Snapshot::secret(const QString &ns, const QString &name) const
{
    return typed(d->secrets, {QString(), QStringLiteral("Secret"), ns, name});
}

Labels Snapshot::namespaceLabels(const QString &ns) const
{
    Labels labels;
    if (const Namespace *n = namespaceObject(ns)) {
        labels = n->labels();
    }
    labels.insert(QStringLiteral("kubernetes.io/metadata.name"), ns);
    return labels;
}

QList<const EndpointSet *> Snapshot::endpointsOf(const QString &ns, const QString &serviceName) const
{
    QList<const EndpointSet *> out;
    for (const qsizetype i : d->endpointsByService.value({ns, serviceName})) {
        out.append(&d->endpointSets.at(i));
    }
    return out;
}

Snapshot::Postings Snapshot::candidates(const QHash<LabelKey, Postings> &byLabel, const QHash<QString, Postings> &byNs,
    const QString &ns, const Labels &selector, bool skipControllerLabels) const
{
    // The shortest posting list of the selector's pairs: every match is in it.
    const Postings *best = nullptr;
    for (auto it = selector.begin(); it != selector.end(); ++it) {
        if (skipControllerLabels && isControllerAddedLabel(it.key())) {
            continue;
        }
        const auto found = byLabel.constFind(LabelKey {ns, it.key(), it.value()});
        if (found == byLabel.constEnd()) {
            return {};
        }
        if (!best || found->size() < best->size()) {
            best = &found.value();
        }
    }
    return best ? *best : byNs.value(ns);
}

QList<const Pod *> Snapshot::podsMatching(const QString &ns, const Labels &selector) const
{
    QList<const Pod *> out;
    for (const qsizetype i : candidates(d->podsByLabel, d->podsByNs, ns, selector, false)) {
        const Pod &p = d->pods.at(i);
        if (labelsContain(p.labels, selector)) {
            out.append(&p);
        }
    }
    return out;
}

QList<const Workload *> Snapshot::workloadsMatching(const QString &ns, const Labels &selector) const
{
    QList<const Workload *> out;
    for (const qsizetype i : candidates(d->templatesByLabel, d->templatesByNs, ns, selector, false)) {
        const Workload &w = d->workloads.at(i);
        if (labelsContain(w.podTemplate.labels, selector)) {
            out.append(&w);
        }
    }
    return out;
}

QList<const Pod *> Snapshot::podsIn(const QString &ns) const
{
    QList<const Pod *> out;
    for (const qsizetype i : d->podsByNs.value(ns)) {
        out.append(&d->pods.at(i));
    }
    return out;
}

QList<const Workload *> Snapshot::workloadsIn(const QString &ns) const
{
    QList<const Workload *> out;
    for (const qsizetype i : d->workloadsByNs.value(ns)) {
        out.append(&d->workloads.at(i));
    }
    return out;
}

namespace {

// The kind that owns a ReplicaSet or a Job, if any: ReplicaSet -> Deployment, Job -> CronJob.
QString parentKindOf(const QString &kind)
{
    if (kind == QLatin1String("ReplicaSet")) {
        return QStringLiteral("Deployment");
    }
    if (kind == QLatin1String("Job")) {
        return QStringLiteral("CronJob");
    }
    return {};
}

} // namespace

qsizetype Snapshot::podPosition(const Pod *pod) const
{
    const qsizetype i = pod - d->pods.constData();
    return pod && i >= 0 && i < d->pods.size() && &d->pods.at(i) == pod ? i : -1;
}

qsizetype Snapshot::workloadPosition(const Workload *workload) const
{
    const qsizetype i = workload - d->workloads.constData();
    return workload && i >= 0 && i < d->workloads.size() && &d->workloads.at(i) == workload ? i : -1;
}

const Workload *Snapshot::computeTopLevel(const Workload *workload) const
{
    if (!workload) {
        return nullptr;
    }
    const QString parentKind = parentKindOf(workload->ref().kind);
    if (parentKind.isEmpty()) {
        return workload;
    }
    const QString &ns = workload->ref().ns;
    if (const OwnerReference *up = workload->object->controllerOwner()) {
        if (up->kind == parentKind) {
            if (const Workload *parent = findWorkload(parentKind, ns, up->name)) {
                return parent;
            }
        }
        return workload;
    }
    // Hand-written or stripped manifests: "<deployment>-<hash>".
    const qsizetype dash = workload->ref().name.lastIndexOf(u'-');
    if (dash > 0 && workload->ref().kind == QLatin1String("ReplicaSet")) {
        if (const Workload *parent = findWorkload(parentKind, ns, workload->ref().name.left(dash))) {
            return parent;
        }
    }
    return workload;
}

const Workload *Snapshot::topLevel(const Workload *workload) const
{
    const qsizetype i = workloadPosition(workload);
    if (i >= 0 && i < d->workloadTop.size()) {
        return &d->workloads.at(d->workloadTop.at(i));
    }
    return computeTopLevel(workload);
}

const Workload *Snapshot::computeOwnerOf(const Pod &pod) const
{
    const OwnerReference *owner = pod.object->controllerOwner();
    if (!owner) {
        return nullptr;
    }
    const QString &ns = pod.ref().ns;
    if (const Workload *direct = findWorkload(owner->kind, ns, owner->name)) {
        return topLevel(direct);
    }
    // The ReplicaSet or Job is not loaded, but its parent may be: "<deployment>-<hash>", "<cronjob>-<time>".
    const QString parentKind = parentKindOf(owner->kind);
    const qsizetype dash = owner->name.lastIndexOf(u'-');
    if (!parentKind.isEmpty() && dash > 0) {
        return findWorkload(parentKind, ns, owner->name.left(dash));
    }
    return nullptr;
}

const Workload *Snapshot::ownerOf(const Pod &pod) const
{
    const qsizetype i = podPosition(&pod);
    if (i >= 0 && i < d->podOwner.size()) {
        const qsizetype owner = d->podOwner.at(i);
        return owner < 0 ? nullptr : &d->workloads.at(owner);
    }
    return computeOwnerOf(pod);
}

QList<const Pod *> Snapshot::podsOf(const Workload *workload) const
{
    QList<const Pod *> out;
    for (const qsizetype i : d->podsByOwner.value(workloadPosition(workload))) {
        out.append(&d->pods.at(i));
    }
    return out;
}

QList<const Workload *> Snapshot::ownedWorkloads(const Workload *workload) const
{
    QList<const Workload *> out;
    for (const qsizetype i : d->ownedByTop.value(workloadPosition(workload))) {
        out.append(&d->workloads.at(i));
    }
    return out;
}

void Snapshot::buildIndexes()
{
    Data &x = *d;
    for (qsizetype i = 0; i < x.pods.size(); ++i) {
        const Pod &p = x.pods.at(i);
        x.podsByNs[p.ref().ns].append(i);
        for (auto it = p.labels.begin(); it != p.labels.end(); ++it) {
            x.podsByLabel[LabelKey {p.ref().ns, it.key(), it.value()}].append(i);
        }
    }
    for (qsizetype i = 0; i < x.workloads.size(); ++i) {
        const Workload &w = x.workloads.at(i);
        ObjectRef key = w.ref();
        key.group.clear();
        x.workloadIndex.insert(key, x.workloadIndex.value(key, i)); // the first one loaded wins
        x.workloadsByNs[w.ref().ns].append(i);
        // A CronJob's template is its Jobs' template: the Jobs' Pods, not the CronJob's, carry it.
        if (w.podTemplate.present && w.ref().kind != QLatin1String("CronJob")) {
            x.templatesByNs[w.ref().ns].append(i);
            for (auto it = w.podTemplate.labels.begin(); it != w.podTemplate.labels.end(); ++it) {
                x.templatesByLabel[LabelKey {w.ref().ns, it.key(), it.value()}].append(i);
            }
        }
    }
    for (qsizetype i = 0; i < x.endpointSets.size(); ++i) {
        const EndpointSet &e = x.endpointSets.at(i);
        x.endpointsByService[{e.ref().ns, e.serviceName}].append(i);
    }
    // Ownership, resolved once: tops first (ownerOf goes through topLevel), then the Pods.
    x.workloadTop.resize(x.workloads.size());
    for (qsizetype i = 0; i < x.workloads.size(); ++i) {
        x.workloadTop[i] = workloadPosition(computeTopLevel(&x.workloads.at(i)));
        if (x.workloadTop.at(i) != i) {
            x.ownedByTop[x.workloadTop.at(i)].append(i);
        }
    }
    x.podOwner.resize(x.pods.size());
    for (qsizetype i = 0; i < x.pods.size(); ++i) {
        const qsizetype owner = workloadPosition(computeOwnerOf(x.pods.at(i)));
        x.podOwner[i] = owner;
        if (owner >= 0) {
            x.podsByOwner[owner].append(i);
        }
    }
}

QList<const IngressClass *> Snapshot::defaultIngressClasses() const
{
    QList<const IngressClass *> out;
    for (const IngressClass &c : d->ingressClasses) {
        if (c.isDefault) {
            out.append(&c);
        }
    }
    return out;
}

QString Snapshot::effectiveClass(const Ingress &ingress) const
{
    const QString requested = ingress.requestedClass();
    if (!requested.isEmpty()) {
        return requested;
    }
    const QList<const IngressClass *> defaults = defaultIngressClasses();
    return defaults.size() == 1 ? defaults.first()->ref().name : QString();
}

} // namespace routemap
