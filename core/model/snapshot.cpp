#include "snapshot.h"

#include <QSet>

namespace routemap {

namespace {

template<typename T>
const T *findByRef(const QList<T> &list, const ObjectRef &ref)
{
    for (const T &item : list) {
        if (item.ref() == ref) {
            return &item;
        }
    }
    return nullptr;
}

} // namespace

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

Snapshot::Snapshot()
    : d(std::make_shared<Data>())
{
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
    for (KubeObject &o : objects) {
        shared.append(std::make_shared<const KubeObject>(std::move(o)));
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

    for (const ObjectPtr &o : std::as_const(d.objects)) {
        const QString &kind = o->ref.kind;
        if (!isUnderstoodKind(o->ref.group, kind)) {
            const QString label = o->ref.group.isEmpty() ? kind : kind + u'.' + o->ref.group;
            d.unknownKinds[label] += 1;
            continue;
        }
        if (kind == QLatin1String("Namespace")) {
            d.namespaces.append({o});
        } else if (kind == QLatin1String("Node")) {
            d.nodes.append(Node::fromObject(o));
        } else if (kind == QLatin1String("Secret")) {
            d.secrets.append({o, o->body.value(QLatin1String("type")).toString()});
        } else if (kind == QLatin1String("Pod")) {
            d.pods.append(Pod::fromObject(o));
        } else if (isWorkloadKind(kind)) {
            d.workloads.append(Workload::fromObject(o));
        } else if (kind == QLatin1String("Service")) {
            d.services.append(Service::fromObject(o));
        } else if (kind == QLatin1String("Endpoints")) {
            d.endpointSets.append(EndpointSet::fromEndpoints(o));
        } else if (kind == QLatin1String("EndpointSlice")) {
            d.endpointSets.append(EndpointSet::fromEndpointSlice(o));
        } else if (kind == QLatin1String("Ingress")) {
            d.ingresses.append(Ingress::fromObject(o));
        } else if (kind == QLatin1String("IngressClass")) {
            d.ingressClasses.append(IngressClass::fromObject(o));
        } else if (kind == QLatin1String("NetworkPolicy")) {
            d.networkPolicies.append(NetworkPolicy::fromObject(o));
        } else if (kind == QLatin1String("GatewayClass")) {
            d.gatewayClasses.append(GatewayClass::fromObject(o));
        } else if (kind == QLatin1String("Gateway")) {
            d.gateways.append(Gateway::fromObject(o));
        } else if (isRouteKind(kind)) {
            d.routes.append(Route::fromObject(o));
        } else if (kind == QLatin1String("ReferenceGrant")) {
            d.referenceGrants.append(ReferenceGrant::fromObject(o));
        }
    }
    return s;
}

ObjectPtr Snapshot::object(const ObjectRef &ref) const
{
    const auto it = d->objectIndex.constFind(ref);
    return it == d->objectIndex.constEnd() ? ObjectPtr() : d->objects.at(it.value());
}

const Service *Snapshot::service(const QString &ns, const QString &name) const
{
    return findByRef(d->services, {QString(), QStringLiteral("Service"), ns, name});
}

const Workload *Snapshot::workload(const QString &kind, const QString &ns, const QString &name) const
{
    for (const Workload &w : d->workloads) {
        if (w.ref().kind == kind && w.ref().ns == ns && w.ref().name == name) {
            return &w;
        }
    }
    return nullptr;
}

const IngressClass *Snapshot::ingressClass(const QString &name) const
{
    return findByRef(d->ingressClasses, {QStringLiteral("networking.k8s.io"), QStringLiteral("IngressClass"), QString(), name});
}

const GatewayClass *Snapshot::gatewayClass(const QString &name) const
{
    return findByRef(d->gatewayClasses, {QString::fromLatin1(kGatewayGroup), QStringLiteral("GatewayClass"), QString(), name});
}

const Gateway *Snapshot::gateway(const QString &ns, const QString &name) const
{
    return findByRef(d->gateways, {QString::fromLatin1(kGatewayGroup), QStringLiteral("Gateway"), ns, name});
}

const Namespace *Snapshot::namespaceObject(const QString &name) const
{
    return findByRef(d->namespaces, {QString(), QStringLiteral("Namespace"), QString(), name});
}

const Secret *Snapshot::secret(const QString &ns, const QString &name) const
{
    return findByRef(d->secrets, {QString(), QStringLiteral("Secret"), ns, name});
}

QList<const EndpointSet *> Snapshot::endpointsOf(const QString &ns, const QString &serviceName) const
{
    QList<const EndpointSet *> out;
    for (const EndpointSet &e : d->endpointSets) {
        if (e.ref().ns == ns && e.serviceName == serviceName) {
            out.append(&e);
        }
    }
    return out;
}

QList<const Pod *> Snapshot::podsMatching(const QString &ns, const Labels &selector) const
{
    QList<const Pod *> out;
    for (const Pod &p : d->pods) {
        if (p.ref().ns == ns && labelsContain(p.labels, selector)) {
            out.append(&p);
        }
    }
    return out;
}

QList<const Workload *> Snapshot::workloadsMatching(const QString &ns, const Labels &selector) const
{
    QList<const Workload *> out;
    for (const Workload &w : d->workloads) {
        if (w.ref().ns != ns || !w.podTemplate.present || w.ref().kind == QLatin1String("CronJob")) {
            continue;
        }
        if (labelsContain(w.podTemplate.labels, selector)) {
            out.append(&w);
        }
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

const Workload *Snapshot::topLevel(const Workload *workload) const
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
            if (const Workload *parent = this->workload(parentKind, ns, up->name)) {
                return parent;
            }
        }
        return workload;
    }
    // Hand-written or stripped manifests: "<deployment>-<hash>".
    const qsizetype dash = workload->ref().name.lastIndexOf(u'-');
    if (dash > 0 && workload->ref().kind == QLatin1String("ReplicaSet")) {
        if (const Workload *parent = this->workload(parentKind, ns, workload->ref().name.left(dash))) {
            return parent;
        }
    }
    return workload;
}

const Workload *Snapshot::ownerOf(const Pod &pod) const
{
    const OwnerReference *owner = pod.object->controllerOwner();
    if (!owner) {
        return nullptr;
    }
    const QString &ns = pod.ref().ns;
    if (const Workload *direct = workload(owner->kind, ns, owner->name)) {
        return topLevel(direct);
    }
    // The ReplicaSet or Job is not loaded, but its parent may be: "<deployment>-<hash>", "<cronjob>-<time>".
    const QString parentKind = parentKindOf(owner->kind);
    const qsizetype dash = owner->name.lastIndexOf(u'-');
    if (!parentKind.isEmpty() && dash > 0) {
        return workload(parentKind, ns, owner->name.left(dash));
    }
    return nullptr;
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
