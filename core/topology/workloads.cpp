// Pod groups: the pods of one workload (or its template when no pods are loaded), and bare Pods.
#include "topologybuilder.h"

namespace routemap {

namespace {

struct Readiness {
    int ready = -1;
    int total = -1;
};

bool isScalable(const QString &kind)
{
    return kind == QLatin1String("Deployment") || kind == QLatin1String("ReplicaSet")
        || kind == QLatin1String("StatefulSet") || kind == QLatin1String("ReplicationController");
}

Readiness readinessOf(const Workload *workload, const QList<const Pod *> &pods)
{
    Readiness r;
    if (!pods.isEmpty()) {
        r.ready = 0;
        r.total = static_cast<int>(pods.size());
        for (const Pod *p : pods) {
            r.ready += p->ready ? 1 : 0;
        }
        return r;
    }
    if (!workload) {
        return r;
    }
    const bool scalable = isScalable(workload->ref().kind);
    r.total = workload->replicas >= 0 ? workload->replicas : (scalable ? 1 : -1);
    if (workload->readyReplicas >= 0) {
        r.ready = workload->readyReplicas;
    }
    return r;
}

QString readinessText(const Readiness &r)
{
    if (r.ready >= 0 && r.total >= 0) {
        return QStringLiteral("%1/%2 ready").arg(r.ready).arg(r.total);
    }
    if (r.total >= 0) {
        return r.total == 1 ? QStringLiteral("1 replica") : QStringLiteral("%1 replicas").arg(r.total);
    }
    return QString();
}

} // namespace

QString TopologyBuilder::ensureWorkloadGroup(const Workload *workload)
{
    const QString absorbed = m_absorbedWorkloads.value(workload->ref());
    if (!absorbed.isEmpty()) {
        return absorbed;
    }
    const QString id = workloadGroupId(workload->ref());
    if (findNode(id)) {
        return id;
    }
    const ObjectRef &ref = workload->ref();
    const QList<const Pod *> pods = m_podsByGroup.value(ref);
    TopoNode node;
    node.id = id;
    node.kind = NodeKind::PodGroup;
    node.tier = Tier::Pods;
    node.title = ref.name;
    node.ref = ref;
    node.refs.append(ref);
    node.ns = ref.ns;
    for (const Workload *w : m_snapshot.ownedWorkloads(workload)) {
        node.refs.append(w->ref());
    }
    for (const Pod *p : pods) {
        node.refs.append(p->ref());
    }
    const Readiness r = readinessOf(workload, pods);
    node.ready = r.ready;
    node.total = r.total;
    const QString text = readinessText(r);
    node.subtitle = text.isEmpty() ? ref.kind : ref.kind + QStringLiteral(" · ") + text;
    if (!workload->selector.isNull()) {
        node.details.append(QStringLiteral("selector: ") + workload->selector.display());
    }
    if (workload->podTemplate.present) {
        node.details.append(QStringLiteral("pod labels: ") + labelsDisplay(workload->podTemplate.labels));
        for (const Container &c : workload->podTemplate.containers) {
            QStringList ports;
            for (const ContainerPort &p : c.ports) {
                ports.append((p.name.isEmpty() ? QString() : p.name + u'=') + QString::number(p.containerPort));
            }
            node.details.append(QStringLiteral("container ") + c.name
                + (ports.isEmpty() ? QString() : QStringLiteral(" ports ") + ports.join(QStringLiteral(", "))));
        }
    }
    return addNode(node).id;
}

QString TopologyBuilder::ensureOwnerGroup(const ObjectRef &owner)
{
    const QString id = workloadGroupId(owner);
    if (findNode(id)) {
        return id;
    }
    const QList<const Pod *> pods = m_podsByGroup.value(owner);
    TopoNode node;
    node.id = id;
    node.kind = NodeKind::PodGroup;
    node.tier = Tier::Pods;
    node.title = owner.name;
    node.ref = pods.isEmpty() ? owner : pods.first()->ref();
    node.ns = owner.ns;
    for (const Pod *p : pods) {
        node.refs.append(p->ref());
    }
    const Readiness r = readinessOf(nullptr, pods);
    node.ready = r.ready;
    node.total = r.total;
    node.subtitle = owner.kind + QStringLiteral(" · ") + readinessText(r);
    node.details.append(owner.display() + QStringLiteral(" (owner, not loaded)"));
    return addNode(node).id;
}

QString TopologyBuilder::ensurePodNode(const Pod *pod)
{
    const ObjectRef &ref = pod->ref();
    const QString id = QStringLiteral("pod:") + ref.ns + u'/' + ref.name;
    if (findNode(id)) {
        return id;
    }
    TopoNode node;
    node.id = id;
    node.kind = NodeKind::Pod;
    node.tier = Tier::Pods;
    node.title = ref.name;
    node.ref = ref;
    node.ns = ref.ns;
    if (pod->hasStatus) {
        node.ready = pod->ready ? 1 : 0;
        node.total = 1;
        node.subtitle = QStringLiteral("Pod · ") + (pod->phase.isEmpty() ? QStringLiteral("?") : pod->phase)
            + (pod->ready ? QStringLiteral(", ready") : QStringLiteral(", not ready"));
    } else {
        node.subtitle = QStringLiteral("Pod");
    }
    node.details.append(QStringLiteral("labels: ") + labelsDisplay(pod->labels));
    if (!pod->nodeName.isEmpty()) {
        node.details.append(QStringLiteral("node: ") + pod->nodeName);
    }
    if (!pod->podIP.isEmpty()) {
        node.details.append(QStringLiteral("IP: ") + pod->podIP);
    }
    return addNode(node).id;
}

QString TopologyBuilder::groupForPod(const Pod *pod)
{
    if (const Workload *owner = m_snapshot.ownerOf(*pod)) {
        return ensureWorkloadGroup(owner);
    }
    const OwnerReference *owner = pod->object->controllerOwner();
    if (owner && !owner->kind.isEmpty() && !owner->name.isEmpty()) {
        return ensureOwnerGroup(ObjectRef {QString(), owner->kind, pod->ref().ns, owner->name});
    }
    return ensurePodNode(pod);
}

QStringList TopologyBuilder::podGroupsFor(const Service &service)
{
    QStringList out;
    const auto add = [&out](const QString &id) {
        if (!id.isEmpty() && !out.contains(id)) {
            out.append(id);
        }
    };
    // The same rule as the diagnostics: loaded Pods, else (offline) the workloads' pod templates.
    for (const SelectedWorkload &selected : m_snapshot.selectedBy(service)) {
        if (selected.viaTemplate) {
            add(ensureWorkloadGroup(selected.workload));
            continue;
        }
        for (const Pod *pod : selected.pods) {
            add(groupForPod(pod));
        }
    }
    return out;
}

void TopologyBuilder::absorbWorkload(TopoNode &node, const Workload *workload)
{
    const ObjectRef &ref = workload->ref();
    if (m_absorbedWorkloads.contains(ref)) {
        return;
    }
    m_absorbedWorkloads.insert(ref, node.id);
    node.refs.append(ref);
    for (const Workload *w : m_snapshot.ownedWorkloads(workload)) {
        node.refs.append(w->ref());
    }
    const QList<const Pod *> pods = m_podsByGroup.value(ref);
    for (const Pod *p : pods) {
        node.refs.append(p->ref());
    }
    const Readiness r = readinessOf(workload, pods);
    if (r.ready >= 0) {
        node.ready = qMax(node.ready, 0) + r.ready;
    }
    if (r.total >= 0) {
        node.total = qMax(node.total, 0) + r.total;
    }
}

void TopologyBuilder::addRemainingWorkloads()
{
    // Everything loaded is visible: workloads no Service selects show up as internal pod groups.
    for (const Workload &w : m_snapshot.workloads()) {
        if (m_snapshot.topLevel(&w) == &w) {
            ensureWorkloadGroup(&w);
        }
    }
    for (const Pod &pod : m_snapshot.pods()) {
        groupForPod(&pod);
    }
}

} // namespace routemap
