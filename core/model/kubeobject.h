#pragma once

#include "objectref.h"

#include <QJsonObject>
#include <QMap>

#include <memory>

namespace routemap {

using Labels = QMap<QString, QString>;

struct OwnerReference {
    QString apiVersion;
    QString kind;
    QString name;
    bool controller = false;
};

// One object as loaded: identity, common metadata, where it came from, and its whole body as JSON
// (Secret data and stringData are removed before an object is built, so they never reach memory
// beyond the parser).
struct KubeObject {
    ObjectRef ref;
    QString apiVersion;
    QString uid;
    QString resourceVersion;
    Labels labels;
    Labels annotations;
    QList<OwnerReference> owners;
    QJsonObject body;
    SourceLocation location;

    QJsonObject spec() const { return body.value(QLatin1String("spec")).toObject(); }
    QJsonObject status() const { return body.value(QLatin1String("status")).toObject(); }
    // Status-based rules only run on objects that carry a non-empty status.
    bool hasStatus() const { return !status().isEmpty(); }
    // The controlling owner (ownerReferences[].controller), else the first owner, else nothing.
    const OwnerReference *controllerOwner() const;

    // Builds an object from a decoded document. Fills metadata, defaults the namespace of
    // namespaced kinds to "default", and drops Secret payloads.
    static KubeObject fromJson(QJsonObject body, const SourceLocation &location);
};

using ObjectPtr = std::shared_ptr<const KubeObject>;

} // namespace routemap
