#include "gateway.h"

#include "jsonutil.h"

#include <QSet>

namespace routemap {

namespace {

const QString gatewayGroup = QString::fromLatin1(kGatewayGroup);

QString orDefault(const QJsonObject &o, const char *key, const QString &fallback)
{
    // An explicit "" is meaningful for group (core), so only a missing key takes the default.
    return o.contains(QLatin1String(key)) ? json::str(o, key) : fallback;
}

QString matchSummary(const QJsonObject &m)
{
    QStringList parts;
    const QJsonObject path = json::obj(m, "path");
    if (!path.isEmpty()) {
        parts.append(orDefault(path, "type", QStringLiteral("PathPrefix")) + u' ' + json::str(path, "value"));
    }
    const QJsonObject method = json::obj(m, "method"); // GRPCRoute
    if (!method.isEmpty()) {
        parts.append(json::str(method, "service") + u'/' + json::str(method, "method"));
    } else if (json::at(m, "method").isString()) {
        parts.append(json::str(m, "method"));
    }
    const QJsonArray headers = json::arr(m, "headers");
    for (const QJsonValue &h : headers) {
        parts.append(QStringLiteral("header ") + json::str(h.toObject(), "name") + u'=' + json::str(h.toObject(), "value"));
    }
    const QJsonArray query = json::arr(m, "queryParams");
    for (const QJsonValue &q : query) {
        parts.append(QStringLiteral("query ") + json::str(q.toObject(), "name") + u'=' + json::str(q.toObject(), "value"));
    }
    return parts.join(u' ');
}

} // namespace

bool isRouteKind(const QString &kind)
{
    static const QSet<QString> kinds = {QStringLiteral("HTTPRoute"), QStringLiteral("GRPCRoute"),
                                        QStringLiteral("TCPRoute"), QStringLiteral("TLSRoute"),
                                        QStringLiteral("UDPRoute")};
    return kinds.contains(kind);
}

GatewayClass GatewayClass::fromObject(const ObjectPtr &object)
{
    return {object, json::str(object->spec(), "controllerName")};
}

const Listener *Gateway::listener(const QString &name) const
{
    for (const Listener &l : listeners) {
        if (l.name == name) {
            return &l;
        }
    }
    return nullptr;
}

Gateway Gateway::fromObject(const ObjectPtr &object)
{
    Gateway g;
    g.object = object;
    const QJsonObject spec = object->spec();
    g.className = json::str(spec, "gatewayClassName");
    const QJsonArray listeners = json::arr(spec, "listeners");
    for (const QJsonValue &lv : listeners) {
        const QJsonObject l = lv.toObject();
        Listener listener;
        listener.name = json::str(l, "name");
        listener.port = json::toInt(json::at(l, "port"));
        listener.protocol = json::str(l, "protocol");
        listener.hostname = json::str(l, "hostname");
        const QJsonObject tls = json::obj(l, "tls");
        listener.tlsMode = orDefault(tls, "mode", tls.isEmpty() ? QString() : QStringLiteral("Terminate"));
        const QJsonArray certs = json::arr(tls, "certificateRefs");
        for (const QJsonValue &cv : certs) {
            const QJsonObject c = cv.toObject();
            listener.certificateRefs.append({orDefault(c, "group", QString()), orDefault(c, "kind", QStringLiteral("Secret")),
                                             orDefault(c, "namespace", object->ref.ns), json::str(c, "name")});
        }
        const QJsonObject allowed = json::obj(l, "allowedRoutes");
        const QJsonObject namespaces = json::obj(allowed, "namespaces");
        listener.allowedFrom = orDefault(namespaces, "from", QStringLiteral("Same"));
        listener.allowedSelector = LabelSelector::fromJson(json::at(namespaces, "selector"));
        const QJsonArray kinds = json::arr(allowed, "kinds");
        for (const QJsonValue &kv : kinds) {
            listener.allowedKinds.append(json::str(kv.toObject(), "kind"));
        }
        g.listeners.append(listener);
    }
    const QJsonObject status = object->status();
    g.hasStatus = !status.isEmpty();
    const QJsonArray addresses = json::arr(status, "addresses");
    for (const QJsonValue &av : addresses) {
        g.addresses.append(json::str(av.toObject(), "value"));
    }
    return g;
}

Route Route::fromObject(const ObjectPtr &object)
{
    Route r;
    r.object = object;
    const QString &ns = object->ref.ns;
    const QJsonObject spec = object->spec();
    r.hostnames = json::toStringList(json::at(spec, "hostnames"));
    const QJsonArray parents = json::arr(spec, "parentRefs");
    for (const QJsonValue &pv : parents) {
        const QJsonObject p = pv.toObject();
        ParentRef parent;
        parent.target = {orDefault(p, "group", gatewayGroup), orDefault(p, "kind", QStringLiteral("Gateway")),
                         orDefault(p, "namespace", ns), json::str(p, "name")};
        parent.sectionName = json::str(p, "sectionName");
        parent.port = json::toInt(json::at(p, "port"));
        r.parents.append(parent);
    }
    const QJsonArray rules = json::arr(spec, "rules");
    for (const QJsonValue &rv : rules) {
        const QJsonObject ro = rv.toObject();
        RouteRule rule;
        const QJsonArray matches = json::arr(ro, "matches");
        for (const QJsonValue &mv : matches) {
            const QString summary = matchSummary(mv.toObject());
            if (!summary.isEmpty()) {
                rule.matches.append(summary);
            }
        }
        const QJsonArray backends = json::arr(ro, "backendRefs");
        for (const QJsonValue &bv : backends) {
            const QJsonObject b = bv.toObject();
            BackendRef backend;
            backend.target = {orDefault(b, "group", QString()), orDefault(b, "kind", QStringLiteral("Service")),
                              orDefault(b, "namespace", ns), json::str(b, "name")};
            backend.port = json::toInt(json::at(b, "port"));
            backend.weight = json::toInt(json::at(b, "weight"), 1);
            rule.backends.append(backend);
        }
        r.rules.append(rule);
    }
    const QJsonObject status = object->status();
    r.hasStatus = !status.isEmpty();
    const QJsonArray statusParents = json::arr(status, "parents");
    for (const QJsonValue &sv : statusParents) {
        const QJsonObject s = sv.toObject();
        const QJsonObject p = json::obj(s, "parentRef");
        const ObjectRef parent{orDefault(p, "group", gatewayGroup), orDefault(p, "kind", QStringLiteral("Gateway")),
                               orDefault(p, "namespace", ns), json::str(p, "name")};
        const QJsonArray conditions = json::arr(s, "conditions");
        for (const QJsonValue &cv : conditions) {
            const QJsonObject c = cv.toObject();
            r.conditions.append({parent, json::str(c, "type"), json::str(c, "status"), json::str(c, "reason"),
                                 json::str(c, "message")});
        }
    }
    return r;
}

bool ReferenceGrant::permits(const ObjectRef &fromRef, const ObjectRef &target) const
{
    if (target.ns != object->ref.ns) {
        return false;
    }
    bool fromOk = false;
    for (const ReferenceGrantFrom &f : from) {
        if (f.group == fromRef.group && f.kind == fromRef.kind && f.ns == fromRef.ns) {
            fromOk = true;
            break;
        }
    }
    if (!fromOk) {
        return false;
    }
    for (const ReferenceGrantTo &t : to) {
        if (t.group == target.group && t.kind == target.kind && (t.name.isEmpty() || t.name == target.name)) {
            return true;
        }
    }
    return false;
}

ReferenceGrant ReferenceGrant::fromObject(const ObjectPtr &object)
{
    ReferenceGrant g;
    g.object = object;
    const QJsonObject spec = object->spec();
    const QJsonArray from = json::arr(spec, "from");
    for (const QJsonValue &fv : from) {
        const QJsonObject f = fv.toObject();
        g.from.append({json::str(f, "group"), json::str(f, "kind"), json::str(f, "namespace")});
    }
    const QJsonArray to = json::arr(spec, "to");
    for (const QJsonValue &tv : to) {
        const QJsonObject t = tv.toObject();
        g.to.append({json::str(t, "group"), json::str(t, "kind"), json::str(t, "name")});
    }
    return g;
}

} // namespace routemap
