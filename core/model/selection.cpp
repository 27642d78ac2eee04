// The one selection rule: which Pods, or offline which pod templates, a Service selects. The map and the
// diagnostics both ask Snapshot::selectedBy, so a "no pods" ghost and a service-selects-nothing finding
// always agree.
#include "snapshot.h"

namespace routemap {

namespace {

const QString kPodName = QStringLiteral("statefulset.kubernetes.io/pod-name");
const QString kPodIndex = QStringLiteral("apps.kubernetes.io/pod-index");
const QString kJobName = QStringLiteral("job-name");
const QString kBatchJobName = QStringLiteral("batch.kubernetes.io/job-name");
const QString kTemplateHash = QStringLiteral("pod-template-hash");
const QString kRevisionHash = QStringLiteral("controller-revision-hash");

bool isOrdinalOf(const QString &podName, const QString &setName)
{
    if (podName.size() <= setName.size() + 1 || !podName.startsWith(setName) || podName.at(setName.size()) != u'-') {
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

bool templateMatches(const Workload &w, const Labels &selector)
{
    const Labels &labels = w.podTemplate.labels;
    for (auto it = selector.begin(); it != selector.end(); ++it) {
        const auto found = labels.find(it.key());
        if (found != labels.end() && found.value() == it.value()) {
            continue;
        }
        if (found == labels.end() && isControllerAddedLabel(it.key())
            && controllerLabelMatches(w, it.key(), it.value())) {
            continue;
        }
        return false;
    }
    return true;
}

} // namespace

bool isControllerAddedLabel(const QString &key)
{
    return key == kPodName || key == kPodIndex || key == kJobName || key == kBatchJobName || key == kTemplateHash
        || key == kRevisionHash;
}

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

QList<SelectedWorkload> Snapshot::selectedByLabels(const QString &ns, const Labels &selector) const
{
    QList<SelectedWorkload> out;
    if (selector.isEmpty()) {
        return out;
    }
    QHash<const Workload *, qsizetype> byOwner; // owner -> its entry in `out`
    for (const Pod *p : podsMatching(ns, selector)) {
        const Workload *owner = ownerOf(*p);
        if (owner) {
            const auto existing = byOwner.constFind(owner);
            if (existing != byOwner.constEnd()) {
                out[existing.value()].pods.append(p);
                continue;
            }
            byOwner.insert(owner, out.size());
        }
        SelectedWorkload s;
        s.workload = owner;
        s.pods.append(p);
        out.append(s);
    }
    for (const qsizetype i : candidates(d->templatesByLabel, d->templatesByNs, ns, selector, true)) {
        const Workload &w = d->workloads.at(i);
        if (!templateMatches(w, selector)) {
            continue;
        }
        const Workload *top = topLevel(&w);
        if (d->podsByOwner.contains(workloadPosition(top)) || d->podsByOwner.contains(i) || byOwner.contains(top)) {
            continue; // its loaded Pods decide
        }
        byOwner.insert(top, out.size());
        SelectedWorkload s;
        s.workload = top;
        s.viaTemplate = true;
        s.podTemplate = &w.podTemplate;
        out.append(s);
    }
    return out;
}

QList<SelectedWorkload> Snapshot::selectedBy(const Service &service) const
{
    if (service.isExternalName() || !service.hasSelector) {
        return {};
    }
    return selectedByLabels(service.ref().ns, service.selector);
}

} // namespace routemap
