#pragma once

#include "labels.h"

namespace routemap {

inline constexpr auto kGatewayGroup = "gateway.networking.k8s.io";

struct GatewayClass {
    ObjectPtr object;
    QString controllerName;

    const ObjectRef &ref() const { return object->ref; }
    static GatewayClass fromObject(const ObjectPtr &object);
};

struct Listener {
    QString name;
    int port = 0;
    QString protocol;  // HTTP, HTTPS, TLS, TCP, UDP
    QString hostname;
    QString tlsMode;   // Terminate, Passthrough
    QString allowedFrom = QStringLiteral("Same"); // Same, All, Selector
    LabelSelector allowedSelector;
    QStringList allowedKinds; // empty = the kinds that fit the protocol
    QList<ObjectRef> certificateRefs;
};

struct Gateway {
    ObjectPtr object;
    QString className;
    QList<Listener> listeners;
    QStringList addresses; // status.addresses[].value
    bool hasStatus = false;

    const ObjectRef &ref() const { return object->ref; }
    const Listener *listener(const QString &name) const;
    static Gateway fromObject(const ObjectPtr &object);
};

// A parentRefs entry with the API defaults applied (group gateway.networking.k8s.io, kind Gateway,
// namespace = the route's).
struct ParentRef {
    ObjectRef target;
    QString sectionName;
    int port = 0;
};

// A backendRefs entry with defaults applied (group "", kind Service, namespace = the route's).
struct BackendRef {
    ObjectRef target;
    int port = 0;
    int weight = 1;

    bool isService() const { return target.group.isEmpty() && target.kind == QLatin1String("Service"); }
};

struct RouteRule {
    QStringList matches; // readable summaries: "PathPrefix /api", "Exact /login GET", "header x=y"
    QList<BackendRef> backends;
};

struct RouteParentStatus {
    ObjectRef parent;
    QString condition; // Accepted, ResolvedRefs
    QString status;    // True / False / Unknown
    QString reason;
    QString message;
};

// HTTPRoute, GRPCRoute (and TCPRoute/TLSRoute/UDPRoute, which share the shape).
struct Route {
    ObjectPtr object;
    QStringList hostnames;
    QList<ParentRef> parents;
    QList<RouteRule> rules;
    QList<RouteParentStatus> conditions;
    bool hasStatus = false;

    const ObjectRef &ref() const { return object->ref; }
    static Route fromObject(const ObjectPtr &object);
};

struct ReferenceGrantFrom {
    QString group;
    QString kind;
    QString ns;
};

struct ReferenceGrantTo {
    QString group;
    QString kind;
    QString name; // empty = any
};

struct ReferenceGrant {
    ObjectPtr object;
    QList<ReferenceGrantFrom> from;
    QList<ReferenceGrantTo> to;

    const ObjectRef &ref() const { return object->ref; }
    // True when this grant (living in the target's namespace) lets `fromRef`'s kind in its namespace
    // reference `target`.
    bool permits(const ObjectRef &fromRef, const ObjectRef &target) const;
    static ReferenceGrant fromObject(const ObjectPtr &object);
};

bool isRouteKind(const QString &kind);

} // namespace routemap
