#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace routemap {

// One listable resource of the API server that Routemap understands.
struct ApiResource {
    QString group; // "" for the core group
    QString version; // "v1", "v1beta1"
    QString resource; // plural: "pods", "referencegrants"
    QString kind; // "Pod", "ReferenceGrant"
    bool namespaced = true;

    QString apiVersion() const { return group.isEmpty() ? version : QString(group + u'/' + version); }
    // "/api/v1" or "/apis/G/V"
    QString prefix() const;
    // The collection path, across all namespaces (ns empty) or in one.
    QString collectionPath(const QString &ns) const;
    // "networkpolicies" or "httproutes.gateway.networking.k8s.io" (kubectl's resource names)
    QString displayName() const;
};

// Legacy discovery (/api/v1, /apis, /apis/G/V), reduced to what Routemap understands.
namespace discovery {

// The groups Routemap reads kinds from ("extensions" is left out: its kinds are served again by apps
// and networking.k8s.io, and reading both would load every object twice).
bool isInterestingGroup(const QString &group);

struct GroupVersions {
    QString group;
    QStringList versions; // preferred first, then the server's order
};
// Parses GET /apis (APIGroupList): the interesting groups and their versions.
QList<GroupVersions> parseGroupList(const QByteArray &json, QString *error);

// Parses an APIResourceList into the understood, listable and watchable resources of one group version.
QList<ApiResource> parseResourceList(
    const QByteArray &json, const QString &group, const QString &version, QString *error);

// Picks one version per kind: the first in `documents` order (preferred version first) that serves it.
QList<ApiResource> chooseVersions(const QList<QList<ApiResource>> &documents);

} // namespace discovery
} // namespace routemap
