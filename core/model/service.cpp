#include "service.h"

#include "jsonutil.h"

namespace routemap {

QString ServicePort::display() const
{
    QString s = QString::number(port);
    const QString target = !targetPortName.isEmpty() ? targetPortName : QString::number(targetPortNumber);
    if (target != QString::number(port)) {
        s += QStringLiteral("→") + target;
    }
    if (protocol != QLatin1String("TCP")) {
        s += u'/' + protocol;
    }
    return s;
}

const ServicePort *Service::portByNumber(int number) const
{
    for (const ServicePort &p : ports) {
        if (p.port == number) {
            return &p;
        }
    }
    return nullptr;
}

const ServicePort *Service::portByName(const QString &name) const
{
    for (const ServicePort &p : ports) {
        if (p.name == name) {
            return &p;
        }
    }
    return nullptr;
}

QStringList loadBalancerAddresses(const QJsonObject &status)
{
    QStringList out;
    const QJsonArray ingress = json::arr(json::obj(status, "loadBalancer"), "ingress");
    for (const QJsonValue &v : ingress) {
        const QJsonObject o = v.toObject();
        const QString address = !json::str(o, "ip").isEmpty() ? json::str(o, "ip") : json::str(o, "hostname");
        if (!address.isEmpty()) {
            out.append(address);
        }
    }
    return out;
}

Service Service::fromObject(const ObjectPtr &object)
{
    Service s;
    s.object = object;
    const QJsonObject spec = object->spec();
    const QString type = json::str(spec, "type");
    if (!type.isEmpty()) {
        s.type = type;
    }
    const QJsonObject sel = json::obj(spec, "selector");
    for (auto it = sel.begin(); it != sel.end(); ++it) {
        s.selector.insert(it.key(), json::toText(it.value()));
    }
    s.hasSelector = !s.selector.isEmpty();
    const QJsonArray ports = json::arr(spec, "ports");
    for (const QJsonValue &pv : ports) {
        const QJsonObject p = pv.toObject();
        ServicePort port;
        port.name = json::str(p, "name");
        const QString proto = json::str(p, "protocol");
        if (!proto.isEmpty()) {
            port.protocol = proto;
        }
        port.appProtocol = json::str(p, "appProtocol");
        port.port = json::toInt(json::at(p, "port"));
        const json::IntOrString target = json::toIntOrString(json::at(p, "targetPort"));
        port.targetPortNumber = target.present ? target.number : port.port; // targetPort omitted = port
        port.targetPortName = target.name;
        port.nodePort = json::toInt(json::at(p, "nodePort"));
        s.ports.append(port);
    }
    s.externalName = json::str(spec, "externalName");
    s.clusterIP = json::str(spec, "clusterIP");
    s.externalTrafficPolicy = json::str(spec, "externalTrafficPolicy");
    const QJsonObject status = object->status();
    s.hasStatus = !status.isEmpty();
    s.loadBalancerAddresses = routemap::loadBalancerAddresses(status);
    return s;
}

EndpointSet EndpointSet::fromEndpoints(const ObjectPtr &object)
{
    EndpointSet e;
    e.object = object;
    e.serviceName = object->ref.name;
    const QJsonArray subsets = json::arr(object->body, "subsets");
    for (const QJsonValue &sv : subsets) {
        const QJsonObject subset = sv.toObject();
        for (const char *key : {"addresses", "notReadyAddresses"}) {
            const bool ready = qstrcmp(key, "addresses") == 0;
            const QJsonArray list = json::arr(subset, key);
            for (const QJsonValue &av : list) {
                const QJsonObject a = av.toObject();
                const QJsonObject target = json::obj(a, "targetRef");
                e.addresses.append({json::str(a, "ip"), json::str(a, "nodeName"),
                                    json::str(target, "kind") == QLatin1String("Pod") ? json::str(target, "name")
                                                                                       : QString(),
                                    ready});
            }
        }
        const QJsonArray ports = json::arr(subset, "ports");
        for (const QJsonValue &pv : ports) {
            e.ports.append(json::toInt(json::at(pv.toObject(), "port")));
        }
    }
    return e;
}

EndpointSet EndpointSet::fromEndpointSlice(const ObjectPtr &object)
{
    EndpointSet e;
    e.object = object;
    e.serviceName = object->labels.value(QStringLiteral("kubernetes.io/service-name"));
    const QJsonArray endpoints = json::arr(object->body, "endpoints");
    for (const QJsonValue &ev : endpoints) {
        const QJsonObject ep = ev.toObject();
        const QJsonObject conditions = json::obj(ep, "conditions");
        // Per the API, a missing `ready` condition is to be read as ready.
        const bool ready = !conditions.contains(QLatin1String("ready")) || json::at(conditions, "ready").toBool(true);
        const QJsonObject target = json::obj(ep, "targetRef");
        const QString podName = json::str(target, "kind") == QLatin1String("Pod") ? json::str(target, "name") : QString();
        const QStringList ips = json::toStringList(json::at(ep, "addresses"));
        for (const QString &ip : ips) {
            e.addresses.append({ip, json::str(ep, "nodeName"), podName, ready});
        }
    }
    const QJsonArray ports = json::arr(object->body, "ports");
    for (const QJsonValue &pv : ports) {
        e.ports.append(json::toInt(json::at(pv.toObject(), "port")));
    }
    return e;
}

} // namespace routemap
