#include "kubeobject.h"

#include <QJsonArray>

namespace routemap {

namespace {

Labels stringMap(const QJsonValue &value)
{
    Labels map;
    const QJsonObject obj = value.toObject();
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        const QJsonValue v = it.value();
        // Label values are strings; a YAML `true` or `8080` still means that text.
        map.insert(it.key(), v.isString() ? v.toString() : v.toVariant().toString());
    }
    return map;
}

} // namespace

const OwnerReference *KubeObject::controllerOwner() const
{
    for (const OwnerReference &o : owners) {
        if (o.controller) {
            return &o;
        }
    }
    return owners.isEmpty() ? nullptr : &owners.first();
}

KubeObject KubeObject::fromJson(QJsonObject body, const SourceLocation &location)
{
    KubeObject o;
    o.apiVersion = body.value(QLatin1String("apiVersion")).toString();
    o.ref.kind = body.value(QLatin1String("kind")).toString();
    o.ref.group = groupOfApiVersion(o.apiVersion);
    const QJsonObject meta = body.value(QLatin1String("metadata")).toObject();
    o.ref.name = meta.value(QLatin1String("name")).toString();
    if (o.ref.name.isEmpty()) {
        o.ref.name = meta.value(QLatin1String("generateName")).toString();
    }
    if (!isClusterScopedKind(o.ref.kind)) {
        o.ref.ns = meta.value(QLatin1String("namespace")).toString();
        if (o.ref.ns.isEmpty()) {
            o.ref.ns = QStringLiteral("default");
        }
    }
    o.uid = meta.value(QLatin1String("uid")).toString();
    o.resourceVersion = meta.value(QLatin1String("resourceVersion")).toString();
    o.labels = stringMap(meta.value(QLatin1String("labels")));
    o.annotations = stringMap(meta.value(QLatin1String("annotations")));
    const QJsonArray owners = meta.value(QLatin1String("ownerReferences")).toArray();
    for (const QJsonValue &v : owners) {
        const QJsonObject ow = v.toObject();
        o.owners.append({ow.value(QLatin1String("apiVersion")).toString(), ow.value(QLatin1String("kind")).toString(),
                         ow.value(QLatin1String("name")).toString(), ow.value(QLatin1String("controller")).toBool()});
    }
    if (o.ref.kind == QLatin1String("Secret") && o.ref.group.isEmpty()) {
        // Metadata only: the payload is never kept.
        body.remove(QLatin1String("data"));
        body.remove(QLatin1String("stringData"));
        QJsonObject m = meta;
        m.remove(QLatin1String("managedFields"));
        Labels ann = o.annotations;
        // kubectl apply stores the whole object, data included, in this annotation.
        ann.remove(QStringLiteral("kubectl.kubernetes.io/last-applied-configuration"));
        o.annotations = ann;
        QJsonObject annJson = m.value(QLatin1String("annotations")).toObject();
        annJson.remove(QLatin1String("kubectl.kubernetes.io/last-applied-configuration"));
        if (annJson.isEmpty()) {
            m.remove(QLatin1String("annotations"));
        } else {
            m.insert(QLatin1String("annotations"), annJson);
        }
        body.insert(QLatin1String("metadata"), m);
    }
    o.body = std::move(body);
    o.location = location;
    return o;
}

} // namespace routemap
