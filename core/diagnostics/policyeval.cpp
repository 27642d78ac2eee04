#include "diagnostics/policyeval.h"

#include <algorithm>

namespace routemap::rules {

namespace {

bool peerAdmits(
    const Snapshot &snapshot, const NetworkPolicy &policy, const NetworkPolicyPeer &peer, const TrafficSource &source)
{
    if (!peer.ipBlock.isEmpty()) {
        return true; // pod IPs are not known offline; an ipBlock may well cover them
    }
    if (peer.namespaceSelector.isNull() && peer.podSelector.isNull()) {
        return true; // malformed peer: do not guess
    }
    if (!peer.namespaceSelector.isNull()) {
        if (!peer.namespaceSelector.matches(snapshot.namespaceLabels(source.ns))) {
            return false;
        }
    } else if (source.ns != policy.ref().ns) {
        return false; // a podSelector alone selects pods in the policy's own namespace
    }
    return peer.podSelector.isNull() || peer.podSelector.matches(source.podLabels);
}

bool portAdmits(const NetworkPolicyPort &p, const TargetPort &target)
{
    if (p.protocol != target.protocol) {
        return false;
    }
    if (!p.name.isEmpty()) {
        return p.name == target.name;
    }
    if (p.number == 0 || target.number == 0) {
        return true; // all ports, or a target that cannot be resolved offline
    }
    if (p.endPort >= p.number) {
        return target.number >= p.number && target.number <= p.endPort;
    }
    return target.number == p.number;
}

} // namespace

QList<TrafficSource> sourcesOf(const Snapshot &snapshot, const QList<const Workload *> &workloads)
{
    QList<TrafficSource> out;
    for (const Workload *w : workloads) {
        if (w->podTemplate.present) {
            out.append({w->ref().ns, w->podTemplate.labels});
        }
        for (const Pod *p : snapshot.podsOf(w)) {
            out.append({p->ref().ns, p->labels});
        }
    }
    return out;
}

QList<const NetworkPolicy *> isolatingPolicies(const Snapshot &snapshot, const QString &ns, const Labels &podLabels)
{
    QList<const NetworkPolicy *> out;
    for (const NetworkPolicy &np : snapshot.networkPolicies()) {
        if (np.ref().ns == ns && np.policiesIngress && np.podSelector.matches(podLabels)) {
            out.append(&np);
        }
    }
    return out;
}

TargetPort resolveTargetPort(const ServicePort &port, const QList<Container> &containers)
{
    TargetPort t;
    t.protocol = port.protocol;
    t.number = port.targetPortNumber;
    t.name = port.targetPortName;
    for (const Container &c : containers) {
        for (const ContainerPort &cp : c.ports) {
            if (!port.targetPortName.isEmpty() && cp.name == port.targetPortName) {
                t.number = cp.containerPort;
                return t;
            }
            if (port.targetPortName.isEmpty() && cp.containerPort == port.targetPortNumber && !cp.name.isEmpty()) {
                t.name = cp.name;
                return t;
            }
        }
    }
    return t;
}

bool policyAdmits(
    const Snapshot &snapshot, const NetworkPolicy &policy, const TrafficSource &source, const TargetPort &port)
{
    for (const NetworkPolicyIngressRule &rule : policy.ingress) {
        const bool fromOk = rule.from.isEmpty()
            || std::any_of(rule.from.begin(), rule.from.end(),
                [&](const auto &peer) { return peerAdmits(snapshot, policy, peer, source); });
        const bool portOk = rule.ports.isEmpty()
            || std::any_of(rule.ports.begin(), rule.ports.end(), [&](const auto &p) { return portAdmits(p, port); });
        if (fromOk && portOk) {
            return true;
        }
    }
    return false;
}

BlockedBackend blockedBackend(
    const Snapshot &snapshot, const Service &service, const ServicePort &port, const QList<TrafficSource> &sources)
{
    BlockedBackend out;
    if (sources.isEmpty()) {
        return out;
    }
    const QList<SelectedWorkload> selection = selectedBy(snapshot, service);
    for (const SelectedWorkload &w : selection) {
        const QList<const Labels *> labelSets = w.labelSets();
        const QList<const QList<Container> *> containerSets = w.containerSets();
        bool reachable = false;
        QList<const NetworkPolicy *> isolating;
        TargetPort firstPort;
        for (qsizetype i = 0; i < labelSets.size() && !reachable; ++i) {
            const QList<const NetworkPolicy *> policies
                = isolatingPolicies(snapshot, service.ref().ns, *labelSets.at(i));
            if (policies.isEmpty()) {
                reachable = true;
                break;
            }
            const TargetPort target = resolveTargetPort(port, *containerSets.at(i));
            if (i == 0) {
                firstPort = target;
            }
            for (const NetworkPolicy *np : policies) {
                if (!isolating.contains(np)) {
                    isolating.append(np);
                }
                reachable = reachable || std::any_of(sources.begin(), sources.end(), [&](const TrafficSource &src) {
                    return policyAdmits(snapshot, *np, src, target);
                });
            }
        }
        if (reachable || isolating.isEmpty()) {
            continue;
        }
        if (out.workloads.isEmpty()) {
            out.port = firstPort;
        }
        out.workloads.append(w.ref());
        for (const NetworkPolicy *np : std::as_const(isolating)) {
            if (!out.policies.contains(np)) {
                out.policies.append(np);
            }
        }
    }
    return out;
}

} // namespace routemap::rules
