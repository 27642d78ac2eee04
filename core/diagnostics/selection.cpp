#include "diagnostics/selection.h"

#include "model/controllers.h"

#include <QSet>
#include <algorithm>

namespace routemap::rules {

namespace {

const QString kPodName = QStringLiteral("statefulset.kubernetes.io/pod-name");
const QString kPodIndex = QStringLiteral("apps.kubernetes.io/pod-index");
const QString kJobName = QStringLiteral("job-name");
const QString kBatchJobName = QStringLiteral("batch.kubernetes.io/job-name");
const QString kTemplateHash = QStringLiteral("pod-template-hash");
const QString kRevisionHash = QStringLiteral("controller-revision-hash");

bool isOrdinalOf(const QString &podName, const QString &setName)
{
    if (!podName.startsWith(setName + u'-')) {
        return false;
    }
    bool numeric = false;
    podName.mid(setName.size() + 1).toInt(&numeric);
    return numeric;
}

// Labels a controller puts on the Pods it creates are never in the template: match them against the
// controller itself instead, so a StatefulSet pod-name selector finds its StatefulSet offline.
bool controllerLabelMatches(const Workload &w, const QString &key, const QString &value)
{
    const QString &kind = w.ref().kind;
    if (key == kPodName) {
        return kind == QLatin1String("StatefulSet") && isOrdinalOf(value, w.ref().name);
    }
    if (key == kPodIndex) {
        return kind == QLatin1String("StatefulSet");
    }
    if (key == kJobName || key == kBatchJobName) {
        return kind == QLatin1String("Job") && w.ref().name == value;
    }
    if (key == kTemplateHash) {
        return kind == QLatin1String("Deployment") || kind == QLatin1String("ReplicaSet");
    }
    if (key == kRevisionHash) {
        return kind == QLatin1String("StatefulSet") || kind == QLatin1String("DaemonSet");
    }
    return false;
}

bool isControllerLabel(const QString &key)
{
    return key == kPodName || key == kPodIndex || key == kJobName || key == kBatchJobName || key == kTemplateHash
        || key == kRevisionHash;
}

bool templateMatches(const Workload &w, const Labels &selector)
{
    const Labels &labels = w.podTemplate.labels;
    for (auto it = selector.begin(); it != selector.end(); ++it) {
        const auto found = labels.find(it.key());
        if (found != labels.end() && found.value() == it.value()) {
            continue;
        }
        if (found == labels.end() && isControllerLabel(it.key()) && controllerLabelMatches(w, it.key(), it.value())) {
            continue;
        }
        return false;
    }
    return true;
}

} // namespace

ObjectRef SelectedWorkload::ref() const
{
    if (workload) {
        return workload->ref();
    }
    return pods.isEmpty() ? ObjectRef() : pods.first()->ref();
}

QList<const Labels *> SelectedWorkload::labelSets() const
{
    QList<const Labels *> out;
    if (viaTemplate && podTemplate) {
        out.append(&podTemplate->labels);
    }
    for (const Pod *p : pods) {
        out.append(&p->labels);
    }
    return out;
}

QList<const QList<Container> *> SelectedWorkload::containerSets() const
{
    QList<const QList<Container> *> out;
    if (viaTemplate && podTemplate) {
        out.append(&podTemplate->containers);
    }
    for (const Pod *p : pods) {
        out.append(&p->containers);
    }
    return out;
}

QList<SelectedWorkload> selectedByLabels(const Snapshot &snapshot, const QString &ns, const Labels &selector)
{
    QList<SelectedWorkload> out;
    if (selector.isEmpty()) {
        return out;
    }
    QSet<const Workload *> ownersWithPods;
    for (const Pod &p : snapshot.pods()) {
        if (p.ref().ns == ns) {
            if (const Workload *owner = snapshot.ownerOf(p)) {
                ownersWithPods.insert(owner);
            }
        }
    }
    const QList<const Pod *> pods = snapshot.podsMatching(ns, selector);
    for (const Pod *p : pods) {
        const Workload *owner = snapshot.ownerOf(*p);
        auto existing = std::find_if(
            out.begin(), out.end(), [&](const SelectedWorkload &s) { return owner && s.workload == owner; });
        if (existing != out.end()) {
            existing->pods.append(p);
            continue;
        }
        SelectedWorkload s;
        s.workload = owner;
        s.pods.append(p);
        out.append(s);
    }
    for (const Workload &w : snapshot.workloads()) {
        if (w.ref().ns != ns || !w.podTemplate.present || w.ref().kind == QLatin1String("CronJob")) {
            continue;
        }
        if (!templateMatches(w, selector)) {
            continue;
        }
        const Workload *top = snapshot.topLevel(&w);
        if (ownersWithPods.contains(top) || ownersWithPods.contains(&w)) {
            continue; // its loaded Pods decide
        }
        const bool seen
            = std::any_of(out.begin(), out.end(), [&](const SelectedWorkload &s) { return s.workload == top; });
        if (seen) {
            continue;
        }
        SelectedWorkload s;
        s.workload = top;
        s.viaTemplate = true;
        s.podTemplate = &w.podTemplate;
        out.append(s);
    }
    return out;
}

QList<SelectedWorkload> selectedBy(const Snapshot &snapshot, const Service &service)
{
    if (service.isExternalName() || !service.hasSelector) {
        return {};
    }
    return selectedByLabels(snapshot, service.ref().ns, service.selector);
}

QList<ContainerPort> declaredPorts(const QList<SelectedWorkload> &selection)
{
    QList<ContainerPort> out;
    for (const SelectedWorkload &s : selection) {
        for (const QList<Container> *containers : s.containerSets()) {
            for (const Container &c : *containers) {
                out += c.ports;
            }
        }
    }
    return out;
}

QString joinRefs(const QList<ObjectRef> &refs, int limit)
{
    QStringList parts;
    for (qsizetype i = 0; i < refs.size() && i < limit; ++i) {
        parts.append(refs.at(i).display());
    }
    if (refs.size() > limit) {
        parts.append(QStringLiteral("and %1 more").arg(refs.size() - limit));
    }
    return parts.join(QStringLiteral(", "));
}

QString kubectlResource(const ObjectRef &ref)
{
    const QString kind = ref.kind.toLower();
    static const QSet<QString> ambiguousGroups = {QStringLiteral("gateway.networking.k8s.io")};
    if (ambiguousGroups.contains(ref.group)) {
        return kind + u'.' + ref.group;
    }
    return kind;
}

QString kubectlNamespace(const QString &ns)
{
    return ns.isEmpty() ? QString() : QStringLiteral(" -n ") + ns;
}

} // namespace routemap::rules
