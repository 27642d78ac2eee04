#include "diagnostics/rules.h"
#include "diagnostics/selection.h"
#include "model/controllers.h"

#include <QSet>
#include <algorithm>

namespace routemap::rules {

namespace {

QString describeCommand(const Service &s)
{
    return QStringLiteral("kubectl describe service ") + s.ref().name + kubectlNamespace(s.ref().ns);
}

void checkPending(FindingSink &sink, const Service &s)
{
    if (!s.isLoadBalancer() || !s.hasStatus || !s.loadBalancerAddresses.isEmpty()) {
        return;
    }
    Finding &f = sink.add(QStringLiteral("loadbalancer-pending"), Severity::Warning, *s.object);
    f.message = QStringLiteral("LoadBalancer Service %1 has no external address yet (status.loadBalancer.ingress is "
                               "empty)")
                    .arg(s.ref().qualifiedName());
    f.hint = QStringLiteral("No load-balancer controller has provisioned it: on bare metal install one (MetalLB, "
                            "kube-vip) or use NodePort; on a cloud, read the Service's events for quota or "
                            "annotation errors");
    f.kubectl = describeCommand(s);
}

bool isHttpLike(const ServicePort &p)
{
    static const QSet<int> ports = {80, 443, 8080, 8443};
    const auto httpName = [](const QString &name) {
        const QString n = name.toLower();
        return n == QLatin1String("http") || n == QLatin1String("https") || n.startsWith(QLatin1String("http-"))
            || n.startsWith(QLatin1String("https-"));
    };
    if (p.protocol != QLatin1String("TCP")) {
        return false;
    }
    return ports.contains(p.port) || httpName(p.name) || httpName(p.appProtocol)
        || p.appProtocol == QLatin1String("kubernetes.io/h2c");
}

void checkPerService(FindingSink &sink)
{
    const Snapshot &snapshot = sink.snapshot();
    const QList<IngressController> controllers = ingressControllers(snapshot);
    QList<const Service *> http;
    for (const Service &s : snapshot.services()) {
        if (!s.isLoadBalancer() || !std::any_of(s.ports.begin(), s.ports.end(), isHttpLike)) {
            continue;
        }
        if (frontsIngressController(snapshot, controllers, s) || frontsGateway(snapshot, s)) {
            continue;
        }
        http.append(&s);
    }
    if (http.size() < 3) {
        return;
    }
    std::stable_sort(http.begin(), http.end(), [](const Service *a, const Service *b) {
        return std::tie(a->ref().ns, a->ref().name) < std::tie(b->ref().ns, b->ref().name);
    });
    QList<ObjectRef> refs;
    QStringList names;
    for (const Service *s : std::as_const(http)) {
        refs.append(s->ref());
        names.append(s->ref().qualifiedName());
    }
    Finding &f = sink.add(QStringLiteral("loadbalancer-per-service"), Severity::Info, *http.first()->object);
    f.related = refs;
    f.message = QStringLiteral("%1 LoadBalancer Services serve HTTP, each with its own cloud load balancer: %2")
                    .arg(http.size())
                    .arg(names.join(QStringLiteral(", ")));
    f.hint = QStringLiteral("Route HTTP traffic through one Ingress controller or Gateway and make these Services "
                            "ClusterIP: one load balancer instead of %1")
                 .arg(http.size());
    f.kubectl = QStringLiteral("kubectl get services -A --field-selector spec.type=LoadBalancer");
}

struct NodePortUse {
    const Service *service;
    const ServicePort *port;
};

void checkNodePorts(FindingSink &sink)
{
    const DiagnosticsOptions &options = sink.options();
    QList<NodePortUse> uses;
    for (const Service &s : sink.snapshot().services()) {
        for (const ServicePort &p : s.ports) {
            if (p.nodePort <= 0) {
                continue;
            }
            if (p.nodePort < options.nodePortMin || p.nodePort > options.nodePortMax) {
                Finding &f = sink.add(QStringLiteral("nodeport-out-of-range"), Severity::Error, *s.object);
                f.message = QStringLiteral("Service %1 port %2 asks for nodePort %3, outside the node port range "
                                           "%4-%5")
                                .arg(s.ref().qualifiedName())
                                .arg(p.port)
                                .arg(p.nodePort)
                                .arg(options.nodePortMin)
                                .arg(options.nodePortMax);
                f.hint = QStringLiteral("Pick a nodePort inside %1-%2 (or omit it to get one assigned); the API "
                                        "server rejects this Service unless --service-node-port-range was changed")
                             .arg(options.nodePortMin)
                             .arg(options.nodePortMax);
                f.kubectl = QStringLiteral("kubectl apply --dry-run=server -f <file>");
                if (s.object->location.isValid()) {
                    f.kubectl = QStringLiteral("kubectl apply --dry-run=server -f ") + s.object->location.file;
                }
            }
            uses.append({&s, &p});
        }
    }
    for (qsizetype i = 0; i < uses.size(); ++i) {
        const NodePortUse &later = uses.at(i);
        for (qsizetype j = 0; j < i; ++j) {
            const NodePortUse &first = uses.at(j);
            if (first.port->nodePort != later.port->nodePort) {
                continue;
            }
            const bool sameService = first.service == later.service;
            if (sameService && first.port->protocol != later.port->protocol) {
                continue; // one Service may expose TCP and UDP on the same node port
            }
            Finding &f = sink.add(QStringLiteral("nodeport-collision"), Severity::Error, *later.service->object);
            f.related.append(first.service->ref());
            f.message = sameService ? QStringLiteral("Service %1 uses nodePort %2 for both port %3 and port %4")
                                          .arg(later.service->ref().qualifiedName())
                                          .arg(later.port->nodePort)
                                          .arg(first.port->port)
                                          .arg(later.port->port)
                                    : QStringLiteral("Service %1 port %2 uses nodePort %3, already taken by Service "
                                                     "%4 port %5")
                                          .arg(later.service->ref().qualifiedName())
                                          .arg(later.port->port)
                                          .arg(later.port->nodePort)
                                          .arg(first.service->ref().qualifiedName())
                                          .arg(first.port->port);
            f.hint = QStringLiteral("Node ports are cluster-wide: give one of them another nodePort, or omit it to "
                                    "get a free one assigned (the API server rejects the second Service)");
            f.kubectl = QStringLiteral("kubectl get services -A -o wide | grep %1").arg(later.port->nodePort);
            break; // one finding per later use: paired with the first
        }
    }
}

void checkLocalTraffic(FindingSink &sink, const Service &s)
{
    if (!s.exposesNodePorts() || s.externalTrafficPolicy != QLatin1String("Local")) {
        return;
    }
    const Snapshot &snapshot = sink.snapshot();
    const QList<const EndpointSet *> sets = snapshot.endpointsOf(s.ref().ns, s.ref().name);
    const QList<SelectedWorkload> selection = selectedBy(snapshot, s);
    QSet<QString> nodesWithEndpoint;
    bool statusKnown = false;
    for (const EndpointSet *e : sets) {
        for (const EndpointAddress &a : e->addresses) {
            if (!a.nodeName.isEmpty()) {
                statusKnown = true;
                if (a.ready) {
                    nodesWithEndpoint.insert(a.nodeName);
                }
            }
        }
    }
    if (!statusKnown) {
        for (const SelectedWorkload &w : selection) {
            for (const Pod *p : w.pods) {
                if (p->hasStatus) {
                    statusKnown = true;
                    if (p->ready && !p->nodeName.isEmpty()) {
                        nodesWithEndpoint.insert(p->nodeName);
                    }
                }
            }
        }
    }
    QStringList idle;
    QList<ObjectRef> idleRefs;
    int eligible = 0;
    if (statusKnown) {
        for (const Node &n : snapshot.nodes()) {
            if (!n.ready
                || n.object->labels.contains(
                    QStringLiteral("node.kubernetes.io/exclude-from-external-load-balancers"))) {
                continue;
            }
            ++eligible;
            if (!nodesWithEndpoint.contains(n.ref().name)) {
                idle.append(n.ref().name);
                idleRefs.append(n.ref());
            }
        }
    }
    Finding &f = sink.add(QStringLiteral("external-traffic-local-uneven"),
        idle.isEmpty() ? Severity::Info : Severity::Warning, *s.object);
    if (!idle.isEmpty()) {
        f.related = idleRefs;
        f.message = QStringLiteral("Service %1 has externalTrafficPolicy Local, and %2 of its %3 target Nodes run no "
                                   "ready endpoint of it: %4")
                        .arg(s.ref().qualifiedName())
                        .arg(idle.size())
                        .arg(eligible)
                        .arg(idle.join(QStringLiteral(", ")));
        f.hint = QStringLiteral("Those Nodes fail the load balancer's health check and Nodes with pods take uneven "
                                "load: spread the pods (DaemonSet or topology spread) or use externalTrafficPolicy "
                                "Cluster if client source IPs do not matter");
    } else {
        f.message = QStringLiteral("Service %1 has externalTrafficPolicy Local: client source IPs are kept, but only "
                                   "Nodes running a ready pod of it take traffic")
                        .arg(s.ref().qualifiedName());
        f.hint = QStringLiteral("Keep a ready pod on every Node the load balancer targets (DaemonSet or topology "
                                "spread), or use externalTrafficPolicy Cluster if source IPs do not matter");
    }
    f.kubectl = QStringLiteral("kubectl get endpointslices") + kubectlNamespace(s.ref().ns)
        + QStringLiteral(" -l kubernetes.io/service-name=") + s.ref().name + QStringLiteral(" -o wide");
}

// Annotations with which a cloud load balancer terminates TLS itself.
QString terminatingAnnotation(const Service &s)
{
    static const QStringList keys = {QStringLiteral("service.beta.kubernetes.io/aws-load-balancer-ssl-cert"),
        QStringLiteral("service.beta.kubernetes.io/oci-load-balancer-ssl-ports"),
        QStringLiteral("service.beta.kubernetes.io/do-loadbalancer-certificate-id"),
        QStringLiteral("service.beta.kubernetes.io/do-loadbalancer-tls-ports"),
        QStringLiteral("service.beta.kubernetes.io/alibaba-cloud-loadbalancer-cert-id")};
    const Labels &annotations = s.object->annotations;
    if (annotations.value(QStringLiteral("service.beta.kubernetes.io/do-loadbalancer-tls-passthrough"))
        == QLatin1String("true")) {
        return {};
    }
    for (const QString &key : keys) {
        if (!annotations.value(key).isEmpty()) {
            return key;
        }
    }
    return {};
}

void checkTlsDoubleTermination(FindingSink &sink)
{
    const Snapshot &snapshot = sink.snapshot();
    const QList<IngressController> controllers = ingressControllers(snapshot);
    for (const IngressController &c : controllers) {
        QList<ObjectRef> tlsIngresses;
        for (const Ingress &ing : snapshot.ingresses()) {
            if (!ing.tls.isEmpty() && controllerForIngress(snapshot, controllers, ing) == &c) {
                tlsIngresses.append(ing.ref());
            }
        }
        if (tlsIngresses.isEmpty()) {
            continue;
        }
        for (const Service *s : c.services) {
            const QString annotation = s->isLoadBalancer() ? terminatingAnnotation(*s) : QString();
            if (annotation.isEmpty()) {
                continue;
            }
            Finding &f = sink.add(QStringLiteral("tls-double-termination"), Severity::Warning, *s->object);
            f.related = tlsIngresses;
            f.message
                = QStringLiteral("LoadBalancer Service %1 terminates TLS (%2) in front of the %3 controller, "
                                 "and %4 (class %5) %6 tls too")
                      .arg(s->ref().qualifiedName(), annotation, c.displayName(), joinRefs(tlsIngresses), c.className,
                          tlsIngresses.size() == 1 ? QStringLiteral("declares") : QStringLiteral("declare"));
            const QString backend = s->object->annotations.value(
                QStringLiteral("service.beta.kubernetes.io/aws-load-balancer-backend-protocol"));
            if (backend == QLatin1String("http")) {
                f.message += QStringLiteral("; the load balancer forwards plain HTTP, so the controller's ssl-redirect "
                                            "can answer every request with a redirect to https (a redirect loop)");
            }
            f.hint = QStringLiteral("Pick one termination point and document it: either remove tls from the Ingresses "
                                    "(and turn off ssl-redirect, trusting X-Forwarded-Proto), or drop %1 and let the "
                                    "controller terminate")
                         .arg(annotation);
            f.kubectl = describeCommand(*s);
        }
    }
}

} // namespace

void checkEntryPoints(FindingSink &sink)
{
    for (const Service &s : sink.snapshot().services()) {
        checkPending(sink, s);
        checkLocalTraffic(sink, s);
    }
    checkPerService(sink);
    checkNodePorts(sink);
    checkTlsDoubleTermination(sink);
}

} // namespace routemap::rules
