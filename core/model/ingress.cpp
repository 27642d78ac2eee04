#include "ingress.h"

#include "jsonutil.h"
#include "service.h"

namespace routemap {

namespace {

IngressBackend readBackend(const QJsonObject &b, const QString &ns)
{
    IngressBackend backend;
    const QJsonObject service = json::obj(b, "service");
    if (!service.isEmpty()) {
        backend.serviceName = json::str(service, "name");
        const QJsonObject port = json::obj(service, "port");
        backend.portNumber = json::toInt(json::at(port, "number"));
        backend.portName = json::str(port, "name");
    } else if (b.contains(QLatin1String("serviceName"))) {
        // networking.k8s.io/v1beta1 and extensions/v1beta1 shape
        backend.serviceName = json::str(b, "serviceName");
        const json::IntOrString port = json::toIntOrString(json::at(b, "servicePort"));
        backend.portNumber = port.number;
        backend.portName = port.name;
    }
    const QJsonObject resource = json::obj(b, "resource");
    if (!resource.isEmpty()) {
        backend.resource = {json::str(resource, "apiGroup"), json::str(resource, "kind"), ns, json::str(resource, "name")};
    }
    backend.malformed = backend.serviceName.isEmpty() && !backend.resource.isValid();
    return backend;
}

} // namespace

QString IngressBackend::portDisplay() const
{
    if (portNumber > 0) {
        return QString::number(portNumber);
    }
    return portName;
}

bool hostMatches(const QString &pattern, const QString &host)
{
    if (pattern.compare(host, Qt::CaseInsensitive) == 0) {
        return true;
    }
    if (pattern.startsWith(QLatin1String("*."))) {
        const QString suffix = pattern.mid(1); // ".example.com"
        if (host.endsWith(suffix, Qt::CaseInsensitive)) {
            const QString label = host.left(host.size() - suffix.size());
            return !label.isEmpty() && !label.contains(u'.');
        }
    }
    return false;
}

Ingress Ingress::fromObject(const ObjectPtr &object)
{
    Ingress ing;
    ing.object = object;
    const QString &ns = object->ref.ns;
    const QJsonObject spec = object->spec();
    ing.className = json::str(spec, "ingressClassName");
    ing.classAnnotation = object->annotations.value(QStringLiteral("kubernetes.io/ingress.class"));
    QJsonObject def = json::obj(spec, "defaultBackend");
    if (def.isEmpty()) {
        def = json::obj(spec, "backend"); // v1beta1
    }
    if (!def.isEmpty()) {
        ing.defaultBackend = readBackend(def, ns);
    }
    const QJsonArray rules = json::arr(spec, "rules");
    for (const QJsonValue &rv : rules) {
        const QJsonObject r = rv.toObject();
        IngressRule rule;
        rule.host = json::str(r, "host");
        const QJsonArray paths = json::arr(json::obj(r, "http"), "paths");
        for (const QJsonValue &pv : paths) {
            const QJsonObject p = pv.toObject();
            rule.paths.append({json::str(p, "path"), json::str(p, "pathType"), readBackend(json::obj(p, "backend"), ns)});
        }
        ing.rules.append(rule);
    }
    const QJsonArray tls = json::arr(spec, "tls");
    for (const QJsonValue &tv : tls) {
        const QJsonObject t = tv.toObject();
        ing.tls.append({json::toStringList(json::at(t, "hosts")), json::str(t, "secretName")});
    }
    const QJsonObject status = object->status();
    ing.hasStatus = !status.isEmpty();
    ing.loadBalancerAddresses = routemap::loadBalancerAddresses(status);
    return ing;
}

IngressClass IngressClass::fromObject(const ObjectPtr &object)
{
    IngressClass c;
    c.object = object;
    const QJsonObject spec = object->spec();
    c.controller = json::str(spec, "controller");
    c.isDefault = object->annotations.value(QStringLiteral("ingressclass.kubernetes.io/is-default-class")) ==
                  QLatin1String("true");
    const QJsonObject params = json::obj(spec, "parameters");
    if (!params.isEmpty()) {
        c.parameters = {json::str(params, "apiGroup"), json::str(params, "kind"), json::str(params, "namespace"),
                        json::str(params, "name")};
    }
    return c;
}

} // namespace routemap
