#include "networkpolicy.h"

#include "jsonutil.h"

namespace routemap {

NetworkPolicy NetworkPolicy::fromObject(const ObjectPtr &object)
{
    NetworkPolicy np;
    np.object = object;
    const QJsonObject spec = object->spec();
    np.podSelector = LabelSelector::fromJson(json::at(spec, "podSelector"));
    if (np.podSelector.isNull()) {
        np.podSelector = LabelSelector::fromMap({}); // podSelector is required; {} selects all pods
    }
    const QStringList types = json::toStringList(json::at(spec, "policyTypes"));
    // Without policyTypes, Ingress is always implied.
    np.policiesIngress = types.isEmpty() || types.contains(QStringLiteral("Ingress"));
    const QJsonArray rules = json::arr(spec, "ingress");
    for (const QJsonValue &rv : rules) {
        const QJsonObject r = rv.toObject();
        NetworkPolicyIngressRule rule;
        const QJsonArray from = json::arr(r, "from");
        for (const QJsonValue &fv : from) {
            const QJsonObject f = fv.toObject();
            rule.from.append({LabelSelector::fromJson(json::at(f, "podSelector")),
                              LabelSelector::fromJson(json::at(f, "namespaceSelector")),
                              json::str(json::obj(f, "ipBlock"), "cidr")});
        }
        const QJsonArray ports = json::arr(r, "ports");
        for (const QJsonValue &pv : ports) {
            const QJsonObject p = pv.toObject();
            NetworkPolicyPort port;
            const json::IntOrString value = json::toIntOrString(json::at(p, "port"));
            port.number = value.number;
            port.name = value.name;
            port.endPort = json::toInt(json::at(p, "endPort"));
            const QString proto = json::str(p, "protocol");
            if (!proto.isEmpty()) {
                port.protocol = proto;
            }
            rule.ports.append(port);
        }
        np.ingress.append(rule);
    }
    return np;
}

} // namespace routemap
