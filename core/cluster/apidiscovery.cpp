#include "apidiscovery.h"

#include "model/gateway.h"
#include "model/snapshot.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace routemap {

QString ApiResource::prefix() const
{
    if (group.isEmpty()) {
        return QStringLiteral("/api/") + version;
    }
    return QStringLiteral("/apis/") + group + u'/' + version;
}

QString ApiResource::collectionPath(const QString &ns) const
{
    if (ns.isEmpty()) {
        return prefix() + u'/' + resource;
    }
    return prefix() + QStringLiteral("/namespaces/") + ns + u'/' + resource;
}

QString ApiResource::displayName() const
{
    return group.isEmpty() ? resource : QString(resource + u'.' + group);
}

namespace discovery {

namespace {

QJsonObject parseObject(const QByteArray &json, const char *what, QString *error)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject()) {
        if (error) {
            *error = QStringLiteral("the server's %1 is not a JSON object").arg(QLatin1String(what));
        }
        return {};
    }
    return doc.object();
}

} // namespace

bool isInterestingGroup(const QString &group)
{
    static const QSet<QString> groups = {
        QString(),
        QStringLiteral("apps"),
        QStringLiteral("batch"),
        QStringLiteral("discovery.k8s.io"),
        QStringLiteral("networking.k8s.io"),
        QString::fromLatin1(kGatewayGroup),
    };
    return groups.contains(group);
}

QList<GroupVersions> parseGroupList(const QByteArray &json, QString *error)
{
    QList<GroupVersions> out;
    const QJsonObject root = parseObject(json, "API group list (/apis)", error);
    if (root.isEmpty()) {
        return out;
    }
    const QJsonArray groups = root.value(QLatin1String("groups")).toArray();
    for (const QJsonValue &g : groups) {
        const QJsonObject group = g.toObject();
        GroupVersions gv;
        gv.group = group.value(QLatin1String("name")).toString();
        if (gv.group.isEmpty() || !isInterestingGroup(gv.group)) {
            continue;
        }
        const QString preferred
            = group.value(QLatin1String("preferredVersion")).toObject().value(QLatin1String("version")).toString();
        if (!preferred.isEmpty()) {
            gv.versions.append(preferred);
        }
        const QJsonArray versions = group.value(QLatin1String("versions")).toArray();
        for (const QJsonValue &v : versions) {
            const QString version = v.toObject().value(QLatin1String("version")).toString();
            if (!version.isEmpty() && !gv.versions.contains(version)) {
                gv.versions.append(version);
            }
        }
        if (!gv.versions.isEmpty()) {
            out.append(gv);
        }
    }
    return out;
}

QList<ApiResource> parseResourceList(
    const QByteArray &json, const QString &group, const QString &version, QString *error)
{
    QList<ApiResource> out;
    const QJsonObject root = parseObject(json, "API resource list", error);
    const QJsonArray resources = root.value(QLatin1String("resources")).toArray();
    for (const QJsonValue &v : resources) {
        const QJsonObject r = v.toObject();
        ApiResource res;
        res.group = group;
        res.version = version;
        res.resource = r.value(QLatin1String("name")).toString();
        res.kind = r.value(QLatin1String("kind")).toString();
        res.namespaced = r.value(QLatin1String("namespaced")).toBool();
        if (res.resource.isEmpty() || res.resource.contains(u'/')) {
            continue; // subresources (pods/log, deployments/scale)
        }
        QSet<QString> verbs;
        const QJsonArray verbList = r.value(QLatin1String("verbs")).toArray();
        for (const QJsonValue &verb : verbList) {
            verbs.insert(verb.toString());
        }
        if (!verbs.contains(QStringLiteral("list")) || !verbs.contains(QStringLiteral("watch"))) {
            continue;
        }
        if (!isUnderstoodKind(group, res.kind)) {
            continue;
        }
        out.append(res);
    }
    return out;
}

QList<ApiResource> chooseVersions(const QList<QList<ApiResource>> &documents)
{
    QList<ApiResource> out;
    QSet<QString> seen; // group/kind
    for (const QList<ApiResource> &doc : documents) {
        for (const ApiResource &r : doc) {
            const QString key = r.group + u'/' + r.kind;
            if (!seen.contains(key)) {
                seen.insert(key);
                out.append(r);
            }
        }
    }
    return out;
}

} // namespace discovery
} // namespace routemap
