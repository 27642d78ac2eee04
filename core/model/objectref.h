#pragma once

#include <QHashFunctions>
#include <QList>
#include <QString>

namespace routemap {

// Identity of a Kubernetes object: (API group, kind, namespace, name). An Istio Gateway and a
// Gateway API Gateway of the same name are two different objects.
struct ObjectRef {
    QString group; // "" for the core group
    QString kind;
    QString ns;    // empty for cluster-scoped kinds
    QString name;

    bool isValid() const { return !kind.isEmpty() && !name.isEmpty(); }
    // "Service shop/checkout", "IngressClass nginx"
    QString display() const;
    // "shop/checkout" or "nginx"
    QString qualifiedName() const;
    // Stable text key, usable as a graph id: "Service/shop/checkout" (group appended when not core/known)
    QString key() const;

    friend bool operator==(const ObjectRef &a, const ObjectRef &b) = default;
    friend auto operator<=>(const ObjectRef &a, const ObjectRef &b) = default;
};

inline size_t qHash(const ObjectRef &r, size_t seed = 0)
{
    return qHashMulti(seed, r.group, r.kind, r.ns, r.name);
}

// Where an object came from: a file and 1-based line, "<stdin>", or a cluster context.
struct SourceLocation {
    QString file;
    int line = 0;

    bool isValid() const { return !file.isEmpty(); }
    QString display() const; // "file.yaml:12"
    friend bool operator==(const SourceLocation &, const SourceLocation &) = default;
};

// The API group of an apiVersion string: "apps/v1" -> "apps", "v1" -> "".
QString groupOfApiVersion(const QString &apiVersion);
// True for kinds that have no namespace (Namespace, Node, IngressClass, GatewayClass, ...).
bool isClusterScopedKind(const QString &kind);

} // namespace routemap
