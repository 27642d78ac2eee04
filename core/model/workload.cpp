#include "workload.h"

#include "jsonutil.h"

#include <QJsonArray>
#include <QSet>

namespace routemap {

namespace {

QList<Container> readContainers(const QJsonArray &array)
{
    QList<Container> out;
    for (const QJsonValue &cv : array) {
        const QJsonObject c = cv.toObject();
        Container container;
        container.name = c.value(QLatin1String("name")).toString();
        const QJsonArray ports = c.value(QLatin1String("ports")).toArray();
        for (const QJsonValue &pv : ports) {
            const QJsonObject p = pv.toObject();
            ContainerPort port;
            port.name = p.value(QLatin1String("name")).toString();
            port.containerPort = json::toInt(p.value(QLatin1String("containerPort")), 0);
            const QString proto = p.value(QLatin1String("protocol")).toString();
            if (!proto.isEmpty()) {
                port.protocol = proto;
            }
            container.ports.append(port);
        }
        out.append(container);
    }
    return out;
}

} // namespace

QList<Container> containersFromPodSpec(const QJsonObject &podSpec)
{
    QList<Container> out = readContainers(podSpec.value(QLatin1String("containers")).toArray());
    out += readContainers(podSpec.value(QLatin1String("initContainers")).toArray());
    return out;
}

bool isWorkloadKind(const QString &kind)
{
    static const QSet<QString> kinds = {QStringLiteral("Deployment"),  QStringLiteral("ReplicaSet"),
                                        QStringLiteral("ReplicationController"), QStringLiteral("StatefulSet"),
                                        QStringLiteral("DaemonSet"),   QStringLiteral("Job"),
                                        QStringLiteral("CronJob")};
    return kinds.contains(kind);
}

Workload Workload::fromObject(const ObjectPtr &object)
{
    Workload w;
    w.object = object;
    QJsonObject spec = object->spec();
    const QString &kind = object->ref.kind;
    if (kind == QLatin1String("CronJob")) {
        spec = spec.value(QLatin1String("jobTemplate")).toObject().value(QLatin1String("spec")).toObject();
    }
    const QJsonValue selector = spec.value(QLatin1String("selector"));
    if (kind == QLatin1String("ReplicationController")) {
        // A plain map; when absent it defaults to the template's labels.
        Labels map;
        const QJsonObject sel = selector.toObject();
        for (auto it = sel.begin(); it != sel.end(); ++it) {
            map.insert(it.key(), it.value().toVariant().toString());
        }
        w.selector = LabelSelector::fromMap(map);
    } else {
        w.selector = LabelSelector::fromJson(selector);
    }
    const QJsonValue templ = spec.value(QLatin1String("template"));
    if (templ.isObject()) {
        const QJsonObject t = templ.toObject();
        w.podTemplate.present = true;
        const QJsonObject labels = t.value(QLatin1String("metadata")).toObject().value(QLatin1String("labels")).toObject();
        for (auto it = labels.begin(); it != labels.end(); ++it) {
            w.podTemplate.labels.insert(it.key(), it.value().toVariant().toString());
        }
        w.podTemplate.containers = containersFromPodSpec(t.value(QLatin1String("spec")).toObject());
    }
    if (kind == QLatin1String("ReplicationController") && w.selector.matchLabels.isEmpty()) {
        w.selector = LabelSelector::fromMap(w.podTemplate.labels);
    }
    w.replicas = json::toInt(spec.value(QLatin1String("replicas")), -1);
    if (kind == QLatin1String("Job")) {
        w.replicas = json::toInt(spec.value(QLatin1String("parallelism")), -1);
    }
    const QJsonObject status = object->status();
    if (!status.isEmpty()) {
        if (kind == QLatin1String("DaemonSet")) {
            w.readyReplicas = json::toInt(status.value(QLatin1String("numberReady")), 0);
            w.replicas = json::toInt(status.value(QLatin1String("desiredNumberScheduled")), w.replicas);
        } else if (kind == QLatin1String("Job")) {
            w.readyReplicas = json::toInt(status.value(QLatin1String("ready")), json::toInt(status.value(QLatin1String("active")), 0));
        } else {
            w.readyReplicas = json::toInt(status.value(QLatin1String("readyReplicas")), 0);
        }
    }
    return w;
}

Pod Pod::fromObject(const ObjectPtr &object)
{
    Pod p;
    p.object = object;
    p.labels = object->labels;
    const QJsonObject spec = object->spec();
    p.containers = containersFromPodSpec(spec);
    p.nodeName = spec.value(QLatin1String("nodeName")).toString();
    const QJsonObject status = object->status();
    p.hasStatus = !status.isEmpty();
    p.phase = status.value(QLatin1String("phase")).toString();
    p.podIP = status.value(QLatin1String("podIP")).toString();
    const QJsonArray conditions = status.value(QLatin1String("conditions")).toArray();
    for (const QJsonValue &cv : conditions) {
        const QJsonObject c = cv.toObject();
        if (c.value(QLatin1String("type")).toString() == QLatin1String("Ready")) {
            p.ready = c.value(QLatin1String("status")).toString() == QLatin1String("True");
        }
    }
    return p;
}

} // namespace routemap
