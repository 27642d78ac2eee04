#pragma once

#include "labels.h"

namespace routemap {

struct NetworkPolicyPeer {
    LabelSelector podSelector;       // null when absent
    LabelSelector namespaceSelector; // null when absent
    QString ipBlock;                 // cidr, when the peer is an ipBlock
};

struct NetworkPolicyPort {
    int number = 0;     // 0 with an empty name = all ports
    QString name;
    int endPort = 0;
    QString protocol = QStringLiteral("TCP");
};

struct NetworkPolicyIngressRule {
    QList<NetworkPolicyPeer> from; // empty = from everywhere
    QList<NetworkPolicyPort> ports; // empty = all ports
};

struct NetworkPolicy {
    ObjectPtr object;
    LabelSelector podSelector;
    bool policiesIngress = false; // policyTypes contains Ingress (or defaulted so)
    QList<NetworkPolicyIngressRule> ingress;

    const ObjectRef &ref() const { return object->ref; }
    static NetworkPolicy fromObject(const ObjectPtr &object);
};

} // namespace routemap
