// routemap-gencluster: writes a synthetic cluster for the benchmarks. Deterministic for a given seed and
// size, so two runs (and two machines) measure the same input.
//
//   routemap-gencluster --size S|M|L [--seed N] [--yaml] [--dot FILE] -o FILE
//   routemap-gencluster --flat 50000 [--seed N] -o FILE      (N Deployments + N Services, multi-document YAML)
//
// JSON output is shaped like `kubectl get -o json` over several resource types: one `List` with status.
// The cluster has namespaces, Nodes, Services of every type, Deployments with their ReplicaSets and Pods
// spread over the Nodes (some not ready), EndpointSlices, IngressClasses, Ingresses with several rules,
// a Gateway with HTTPRoutes, and some deliberate breakage (see `Breakage` below) so the rules have work.
#include "model/yamlwriter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QTextStream>
#include <cstdio>
#include <functional>

namespace {

struct Size {
    int namespaces = 0;
    int services = 0;
    int pods = 0;
    int ingresses = 0;
    int nodes = 0;
};

// Every Nth object is broken on purpose; the numbers are primes so breakages do not line up.
struct Breakage {
    static constexpr int selectorTypo = 97; // a Service selector matching nothing
    static constexpr int missingBackend = 53; // an Ingress rule naming a Service that does not exist
    static constexpr int missingTlsSecret = 41; // an Ingress TLS secret that does not exist
    static constexpr int notReadyPod = 13; // a Pod whose Ready condition is False
    static constexpr int missingRouteBackend = 29;
};

using Sink = std::function<void(const QJsonObject &)>;

QJsonObject meta(const QString &name, const QString &ns, const QJsonObject &labels = {})
{
    QJsonObject m {{QStringLiteral("name"), name}};
    if (!ns.isEmpty()) {
        m.insert(QStringLiteral("namespace"), ns);
    }
    if (!labels.isEmpty()) {
        m.insert(QStringLiteral("labels"), labels);
    }
    return m;
}

QJsonObject object(const char *apiVersion, const char *kind, const QJsonObject &metadata)
{
    return {{QStringLiteral("apiVersion"), QLatin1String(apiVersion)}, {QStringLiteral("kind"), QLatin1String(kind)},
        {QStringLiteral("metadata"), metadata}};
}

QJsonObject ownerRef(const char *apiVersion, const char *kind, const QString &name)
{
    return {{QStringLiteral("apiVersion"), QLatin1String(apiVersion)}, {QStringLiteral("kind"), QLatin1String(kind)},
        {QStringLiteral("name"), name}, {QStringLiteral("controller"), true},
        {QStringLiteral("uid"), QString(QStringLiteral("uid-") + name)}};
}

QJsonObject podSpec(const QString &app, int port)
{
    const QJsonObject container {{QStringLiteral("name"), app},
        {QStringLiteral("image"), QStringLiteral("registry.example.com/%1:1.%2").arg(app).arg(port % 7)},
        {QStringLiteral("ports"),
            QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("http")},
                {QStringLiteral("containerPort"), port}, {QStringLiteral("protocol"), QStringLiteral("TCP")}}}},
        {QStringLiteral("resources"),
            QJsonObject {{QStringLiteral("requests"),
                QJsonObject {{QStringLiteral("cpu"), QStringLiteral("100m")},
                    {QStringLiteral("memory"), QStringLiteral("128Mi")}}}}},
        {QStringLiteral("env"),
            QJsonArray {
                QJsonObject {{QStringLiteral("name"), QStringLiteral("APP_NAME")}, {QStringLiteral("value"), app}}}}};
    return {{QStringLiteral("containers"), QJsonArray {container}}};
}

QJsonObject condition(const char *type, bool ok)
{
    return {{QStringLiteral("type"), QLatin1String(type)},
        {QStringLiteral("status"), ok ? QStringLiteral("True") : QStringLiteral("False")}};
}

class Generator
{
public:
    Generator(const Size &size, quint32 seed, Sink sink)
        : m_size(size)
        , m_random(seed)
        , m_sink(std::move(sink))
    { }

    void cluster();
    void flat(int count);
    // The naive map: one node per Ingress, Service and Pod, edges along the traffic.
    QString dot() const { return m_dot + QStringLiteral("}\n"); }

private:
    QString ns(int i) const { return QStringLiteral("team-%1").arg(i, 3, 10, QLatin1Char('0')); }
    QString node(int i) const { return QStringLiteral("node-%1").arg(i, 4, 10, QLatin1Char('0')); }
    QString hash(int i) { return QString::number(0x5f000000u + static_cast<quint32>(i) * 7919u % 0xffffffu, 36); }
    void dotEdge(const QString &from, const QString &to) { m_dot += u"  \"" + from + u"\" -> \"" + to + u"\";\n"; }

    void infrastructure();
    void service(int index, int nsIndex, int pods);
    void ingresses();
    void gatewayApi();

    Size m_size;
    QRandomGenerator m_random;
    Sink m_sink;
    QStringList m_serviceNames; // "ns/name" of every Service, by index
    QString m_dot = QStringLiteral("digraph cluster {\n  rankdir=LR;\n  node [shape=box];\n");
    int m_podCounter = 0;
};

void Generator::infrastructure()
{
    for (int i = 0; i < m_size.nodes; ++i) {
        QJsonObject n = object("v1", "Node", meta(node(i), QString()));
        n.insert(QStringLiteral("status"),
            QJsonObject {{QStringLiteral("conditions"), QJsonArray {condition("Ready", i % 37 != 5)}},
                {QStringLiteral("addresses"),
                    QJsonArray {QJsonObject {{QStringLiteral("type"), QStringLiteral("InternalIP")},
                        {QStringLiteral("address"), QStringLiteral("10.0.%1.%2").arg(i / 250).arg(i % 250 + 1)}}}}});
        m_sink(n);
    }
    for (int i = 0; i < m_size.namespaces; ++i) {
        m_sink(object(
            "v1", "Namespace", meta(ns(i), QString(), {{QStringLiteral("kubernetes.io/metadata.name"), ns(i)}})));
    }
    // The ingress controller: its namespace, Deployment, ReplicaSet, Pods, LoadBalancer Service and classes.
    const QString ctl = QStringLiteral("ingress-nginx");
    m_sink(object("v1", "Namespace", meta(ctl, QString())));
    const QJsonObject labels {{QStringLiteral("app.kubernetes.io/name"), ctl},
        {QStringLiteral("app.kubernetes.io/component"), QStringLiteral("controller")}};
    QJsonObject spec = podSpec(QStringLiteral("controller"), 80);
    QJsonObject c = spec.value(QStringLiteral("containers")).toArray().first().toObject();
    c.insert(QStringLiteral("image"), QStringLiteral("registry.k8s.io/ingress-nginx/controller:v1.11.2"));
    c.insert(QStringLiteral("args"),
        QJsonArray {QStringLiteral("/nginx-ingress-controller"), QStringLiteral("--ingress-class=nginx")});
    spec.insert(QStringLiteral("containers"), QJsonArray {c});
    QJsonObject deploy = object("apps/v1", "Deployment", meta(QStringLiteral("ingress-nginx-controller"), ctl, labels));
    deploy.insert(QStringLiteral("spec"),
        QJsonObject {{QStringLiteral("replicas"), 2},
            {QStringLiteral("selector"), QJsonObject {{QStringLiteral("matchLabels"), labels}}},
            {QStringLiteral("template"),
                QJsonObject {{QStringLiteral("metadata"), QJsonObject {{QStringLiteral("labels"), labels}}},
                    {QStringLiteral("spec"), spec}}}});
    deploy.insert(QStringLiteral("status"), QJsonObject {{QStringLiteral("readyReplicas"), 2}});
    m_sink(deploy);
    QJsonObject svc = object("v1", "Service", meta(QStringLiteral("ingress-nginx-controller"), ctl, labels));
    svc.insert(QStringLiteral("spec"),
        QJsonObject {{QStringLiteral("type"), QStringLiteral("LoadBalancer")}, {QStringLiteral("selector"), labels},
            {QStringLiteral("clusterIP"), QStringLiteral("10.96.0.10")},
            {QStringLiteral("ports"),
                QJsonArray {
                    QJsonObject {{QStringLiteral("name"), QStringLiteral("http")}, {QStringLiteral("port"), 80},
                        {QStringLiteral("targetPort"), QStringLiteral("http")}, {QStringLiteral("nodePort"), 30080}},
                    QJsonObject {{QStringLiteral("name"), QStringLiteral("https")}, {QStringLiteral("port"), 443},
                        {QStringLiteral("targetPort"), 443}, {QStringLiteral("nodePort"), 30443}}}}});
    svc.insert(QStringLiteral("status"),
        QJsonObject {{QStringLiteral("loadBalancer"),
            QJsonObject {{QStringLiteral("ingress"),
                QJsonArray {QJsonObject {{QStringLiteral("ip"), QStringLiteral("203.0.113.10")}}}}}}});
    m_sink(svc);
    QJsonObject nginx = object("networking.k8s.io/v1", "IngressClass", meta(QStringLiteral("nginx"), QString()));
    nginx.insert(QStringLiteral("metadata"),
        QJsonObject {{QStringLiteral("name"), QStringLiteral("nginx")},
            {QStringLiteral("annotations"),
                QJsonObject {
                    {QStringLiteral("ingressclass.kubernetes.io/is-default-class"), QStringLiteral("true")}}}});
    nginx.insert(
        QStringLiteral("spec"), QJsonObject {{QStringLiteral("controller"), QStringLiteral("k8s.io/ingress-nginx")}});
    m_sink(nginx);
    // A class whose controller is not running: Ingresses of it are not served.
    QJsonObject traefik = object("networking.k8s.io/v1", "IngressClass", meta(QStringLiteral("traefik"), QString()));
    traefik.insert(QStringLiteral("spec"),
        QJsonObject {{QStringLiteral("controller"), QStringLiteral("traefik.io/ingress-controller")}});
    m_sink(traefik);
}

void Generator::service(int index, int nsIndex, int pods)
{
    const QString name = QStringLiteral("svc-%1").arg(index, 5, 10, QLatin1Char('0'));
    const QString space = ns(nsIndex);
    const int port = 8000 + index % 100;
    const QJsonObject labels {{QStringLiteral("app"), name}, {QStringLiteral("tier"), QStringLiteral("backend")}};
    m_serviceNames.append(space + u'/' + name);

    QString type = QStringLiteral("ClusterIP");
    bool headless = false;
    if (index % 50 == 7) {
        type = QStringLiteral("LoadBalancer");
    } else if (index % 20 == 3) {
        type = QStringLiteral("NodePort");
    } else if (index % 25 == 11) {
        headless = true;
    }
    QJsonObject selector {{QStringLiteral("app"), name}};
    if (index % Breakage::selectorTypo == 1) {
        selector.insert(QStringLiteral("app"), QString(name + QStringLiteral("-svc"))); // selects nothing
    }
    QJsonObject svcSpec {{QStringLiteral("type"), type}, {QStringLiteral("selector"), selector},
        {QStringLiteral("clusterIP"),
            headless
                ? QStringLiteral("None")
                : QStringLiteral("10.%1.%2.%3").arg(96 + index / 65000).arg(index / 250 % 256).arg(index % 250 + 1)},
        {QStringLiteral("ports"),
            QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("http")}, {QStringLiteral("port"), 80},
                {QStringLiteral("targetPort"), port}, {QStringLiteral("protocol"), QStringLiteral("TCP")}}}}};
    if (type != QLatin1String("ClusterIP")) {
        QJsonArray ports = svcSpec.value(QStringLiteral("ports")).toArray();
        QJsonObject p = ports.first().toObject();
        p.insert(QStringLiteral("nodePort"), 30000 + index % 2700);
        svcSpec.insert(QStringLiteral("ports"), QJsonArray {p});
    }
    QJsonObject svc = object("v1", "Service", meta(name, space, labels));
    svc.insert(QStringLiteral("spec"), svcSpec);
    QJsonObject lb;
    if (type == QLatin1String("LoadBalancer") && index % 100 != 7) {
        lb.insert(QStringLiteral("ingress"),
            QJsonArray {QJsonObject {{QStringLiteral("ip"), QStringLiteral("198.51.100.%1").arg(index % 250 + 1)}}});
    }
    svc.insert(QStringLiteral("status"), QJsonObject {{QStringLiteral("loadBalancer"), lb}});
    m_sink(svc);

    const QJsonObject podLabelsBase = labels;
    const QString rsHash = hash(index);
    QJsonObject deploy = object("apps/v1", "Deployment", meta(name, space, labels));
    QJsonObject templ {{QStringLiteral("metadata"), QJsonObject {{QStringLiteral("labels"), podLabelsBase}}},
        {QStringLiteral("spec"), podSpec(name, port)}};
    deploy.insert(QStringLiteral("spec"),
        QJsonObject {{QStringLiteral("replicas"), pods},
            {QStringLiteral("selector"), QJsonObject {{QStringLiteral("matchLabels"), podLabelsBase}}},
            {QStringLiteral("template"), templ}});
    QJsonObject rsLabels = podLabelsBase;
    rsLabels.insert(QStringLiteral("pod-template-hash"), rsHash);
    const QString rsName = name + u'-' + rsHash;
    QJsonObject rsMeta = meta(rsName, space, rsLabels);
    rsMeta.insert(QStringLiteral("ownerReferences"), QJsonArray {ownerRef("apps/v1", "Deployment", name)});
    QJsonObject rs = object("apps/v1", "ReplicaSet", rsMeta);
    QJsonObject rsTempl = templ;
    rsTempl.insert(QStringLiteral("metadata"), QJsonObject {{QStringLiteral("labels"), rsLabels}});
    rs.insert(QStringLiteral("spec"),
        QJsonObject {{QStringLiteral("replicas"), pods},
            {QStringLiteral("selector"), QJsonObject {{QStringLiteral("matchLabels"), rsLabels}}},
            {QStringLiteral("template"), rsTempl}});

    QJsonArray endpoints;
    int ready = 0;
    const QString svcNode = QStringLiteral("svc ") + space + u'/' + name;
    for (int p = 0; p < pods; ++p) {
        const int podIndex = m_podCounter++;
        const QString podName = rsName + u'-' + QString::number(0x10000 + podIndex * 31 % 0xfffff, 36);
        const bool podReady = podIndex % Breakage::notReadyPod != 4;
        ready += podReady ? 1 : 0;
        const QString ip = QStringLiteral("10.244.%1.%2").arg(podIndex / 250 % 256).arg(podIndex % 250 + 1);
        const QString nodeName = node(static_cast<int>(m_random.bounded(m_size.nodes)));
        QJsonObject podMeta = meta(podName, space, rsLabels);
        podMeta.insert(QStringLiteral("ownerReferences"), QJsonArray {ownerRef("apps/v1", "ReplicaSet", rsName)});
        QJsonObject pod = object("v1", "Pod", podMeta);
        // Pods as the API server returns them, trimmed to what Routemap reads (no env, resources, volumes).
        QJsonObject container = podSpec(name, port).value(QStringLiteral("containers")).toArray().first().toObject();
        container.remove(QStringLiteral("env"));
        container.remove(QStringLiteral("resources"));
        QJsonObject spec {
            {QStringLiteral("containers"), QJsonArray {container}}, {QStringLiteral("nodeName"), nodeName}};
        pod.insert(QStringLiteral("spec"), spec);
        pod.insert(QStringLiteral("status"),
            QJsonObject {{QStringLiteral("phase"), QStringLiteral("Running")}, {QStringLiteral("podIP"), ip},
                {QStringLiteral("conditions"),
                    QJsonArray {condition("Ready", podReady), condition("PodScheduled", true)}}});
        m_sink(pod);
        endpoints.append(QJsonObject {{QStringLiteral("addresses"), QJsonArray {ip}},
            {QStringLiteral("conditions"), QJsonObject {{QStringLiteral("ready"), podReady}}},
            {QStringLiteral("nodeName"), nodeName},
            {QStringLiteral("targetRef"),
                QJsonObject {{QStringLiteral("kind"), QStringLiteral("Pod")}, {QStringLiteral("name"), podName},
                    {QStringLiteral("namespace"), space}}}});
        m_dot += u"  \"pod " + space + u'/' + podName + u"\";\n";
        if (index % Breakage::selectorTypo != 1) {
            dotEdge(svcNode, QStringLiteral("pod ") + space + u'/' + podName);
        }
    }
    deploy.insert(QStringLiteral("status"),
        QJsonObject {{QStringLiteral("replicas"), pods}, {QStringLiteral("readyReplicas"), ready}});
    rs.insert(QStringLiteral("status"),
        QJsonObject {{QStringLiteral("replicas"), pods}, {QStringLiteral("readyReplicas"), ready}});
    m_sink(deploy);
    m_sink(rs);

    if (index % Breakage::selectorTypo != 1) {
        QJsonObject slice = object("discovery.k8s.io/v1", "EndpointSlice",
            meta(QString(name + QStringLiteral("-") + rsHash.left(5)), space,
                {{QStringLiteral("kubernetes.io/service-name"), name},
                    {QStringLiteral("endpointslice.kubernetes.io/managed-by"),
                        QStringLiteral("endpointslice-controller.k8s.io")}}));
        slice.insert(QStringLiteral("addressType"), QStringLiteral("IPv4"));
        slice.insert(QStringLiteral("endpoints"), endpoints);
        slice.insert(QStringLiteral("ports"),
            QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("http")}, {QStringLiteral("port"), port},
                {QStringLiteral("protocol"), QStringLiteral("TCP")}}});
        m_sink(slice);
    }
}

void Generator::ingresses()
{
    const int services = static_cast<int>(m_serviceNames.size());
    for (int i = 0; i < m_size.ingresses; ++i) {
        const int nsIndex = i % m_size.namespaces;
        const QString space = ns(nsIndex);
        const QString name = QStringLiteral("ing-%1").arg(i, 4, 10, QLatin1Char('0'));
        // Services of this namespace are svc indexes nsIndex, nsIndex + namespaces, ...
        const int perNs = services / m_size.namespaces;
        QJsonArray rules;
        const QString ingNode = QStringLiteral("ing ") + space + u'/' + name;
        for (int r = 0; r < 3; ++r) {
            const int pick = nsIndex + m_size.namespaces * static_cast<int>(m_random.bounded(qMax(perNs, 1)));
            QString backend = m_serviceNames.value(pick % services).section(u'/', 1);
            if (r == 2 && i % Breakage::missingBackend == 5) {
                backend = QStringLiteral("retired-") + QString::number(i);
            }
            dotEdge(ingNode, QStringLiteral("svc ") + space + u'/' + backend);
            const QJsonObject path {{QStringLiteral("path"), QStringLiteral("/api/v%1").arg(r + 1)},
                {QStringLiteral("pathType"), QStringLiteral("Prefix")},
                {QStringLiteral("backend"),
                    QJsonObject {{QStringLiteral("service"),
                        QJsonObject {{QStringLiteral("name"), backend},
                            {QStringLiteral("port"), QJsonObject {{QStringLiteral("number"), 80}}}}}}}};
            rules.append(QJsonObject {{QStringLiteral("host"), QStringLiteral("%1-%2.example.com").arg(name).arg(r)},
                {QStringLiteral("http"), QJsonObject {{QStringLiteral("paths"), QJsonArray {path}}}}});
        }
        QJsonObject spec {
            {QStringLiteral("ingressClassName"), QStringLiteral("nginx")}, {QStringLiteral("rules"), rules}};
        if (i % 4 == 0) {
            const QString secret = name + QStringLiteral("-tls");
            spec.insert(QStringLiteral("tls"),
                QJsonArray {QJsonObject {
                    {QStringLiteral("hosts"), QJsonArray {QString(name + QStringLiteral("-0.example.com"))}},
                    {QStringLiteral("secretName"), secret}}});
            if (i % Breakage::missingTlsSecret != 0) {
                QJsonObject s = object("v1", "Secret", meta(secret, space));
                s.insert(QStringLiteral("type"), QStringLiteral("kubernetes.io/tls"));
                m_sink(s);
            }
        }
        QJsonObject ing = object("networking.k8s.io/v1", "Ingress", meta(name, space));
        ing.insert(QStringLiteral("spec"), spec);
        ing.insert(QStringLiteral("status"),
            QJsonObject {{QStringLiteral("loadBalancer"),
                QJsonObject {{QStringLiteral("ingress"),
                    QJsonArray {QJsonObject {{QStringLiteral("ip"), QStringLiteral("203.0.113.10")}}}}}}});
        m_sink(ing);
        m_dot += u"  \"" + ingNode + u"\";\n";
    }
}

void Generator::gatewayApi()
{
    const char *group = "gateway.networking.k8s.io/v1";
    QJsonObject gc = object(group, "GatewayClass", meta(QStringLiteral("eg"), QString()));
    gc.insert(QStringLiteral("spec"),
        QJsonObject {
            {QStringLiteral("controllerName"), QStringLiteral("gateway.envoyproxy.io/gatewayclass-controller")}});
    m_sink(gc);
    QJsonObject gw = object(group, "Gateway", meta(QStringLiteral("public"), QStringLiteral("ingress-nginx")));
    gw.insert(QStringLiteral("spec"),
        QJsonObject {{QStringLiteral("gatewayClassName"), QStringLiteral("eg")},
            {QStringLiteral("listeners"),
                QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("http")},
                    {QStringLiteral("protocol"), QStringLiteral("HTTP")}, {QStringLiteral("port"), 80},
                    {QStringLiteral("allowedRoutes"),
                        QJsonObject {{QStringLiteral("namespaces"),
                            QJsonObject {{QStringLiteral("from"), QStringLiteral("All")}}}}}}}}});
    m_sink(gw);
    for (int i = 0; i < m_size.namespaces; ++i) {
        const QString space = ns(i);
        QString backend = m_serviceNames.value(i).section(u'/', 1);
        if (i % Breakage::missingRouteBackend == 2) {
            backend = QStringLiteral("gone");
        }
        QJsonObject route = object(group, "HTTPRoute", meta(QStringLiteral("web"), space));
        route.insert(QStringLiteral("spec"),
            QJsonObject {{QStringLiteral("parentRefs"),
                             QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("public")},
                                 {QStringLiteral("namespace"), QStringLiteral("ingress-nginx")}}}},
                {QStringLiteral("hostnames"), QJsonArray {QString(space + QStringLiteral(".example.org"))}},
                {QStringLiteral("rules"),
                    QJsonArray {QJsonObject {{QStringLiteral("backendRefs"),
                        QJsonArray {
                            QJsonObject {{QStringLiteral("name"), backend}, {QStringLiteral("port"), 80}}}}}}}});
        m_sink(route);
    }
}

void Generator::cluster()
{
    infrastructure();
    const int podsPerService = qMax(1, m_size.pods / qMax(1, m_size.services));
    for (int i = 0; i < m_size.services; ++i) {
        service(i, i % m_size.namespaces, podsPerService);
    }
    ingresses();
    gatewayApi();
}

void Generator::flat(int count)
{
    // Realistic manifests as kept in a repository: no status, no Pods; 1,000 objects per namespace.
    for (int i = 0; i < count; ++i) {
        const QString space = ns(i / 1000);
        const QString name = QStringLiteral("app-%1").arg(i, 6, 10, QLatin1Char('0'));
        const QJsonObject labels {
            {QStringLiteral("app.kubernetes.io/name"), name}, {QStringLiteral("app.kubernetes.io/part-of"), space}};
        QJsonObject deploy = object("apps/v1", "Deployment", meta(name, space, labels));
        QJsonObject spec = podSpec(name, 8080);
        QJsonObject c = spec.value(QStringLiteral("containers")).toArray().first().toObject();
        c.insert(QStringLiteral("readinessProbe"),
            QJsonObject {{QStringLiteral("httpGet"),
                QJsonObject {{QStringLiteral("path"), QStringLiteral("/healthz")},
                    {QStringLiteral("port"), QStringLiteral("http")}}}});
        spec.insert(QStringLiteral("containers"), QJsonArray {c});
        deploy.insert(QStringLiteral("spec"),
            QJsonObject {{QStringLiteral("replicas"), 2},
                {QStringLiteral("selector"), QJsonObject {{QStringLiteral("matchLabels"), labels}}},
                {QStringLiteral("template"),
                    QJsonObject {{QStringLiteral("metadata"), QJsonObject {{QStringLiteral("labels"), labels}}},
                        {QStringLiteral("spec"), spec}}}});
        m_sink(deploy);
        QJsonObject selector = labels;
        if (i % Breakage::selectorTypo == 1) {
            selector.insert(QStringLiteral("app.kubernetes.io/name"), QString(name + QStringLiteral("-svc")));
        }
        QJsonObject svc = object("v1", "Service", meta(name, space, labels));
        svc.insert(QStringLiteral("spec"),
            QJsonObject {{QStringLiteral("selector"), selector},
                {QStringLiteral("ports"),
                    QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("http")},
                        {QStringLiteral("port"), 80}, {QStringLiteral("targetPort"), QStringLiteral("http")}}}}});
        m_sink(svc);
    }
}

Size sizeNamed(const QString &name)
{
    if (name == QLatin1String("S")) {
        return {5, 100, 1000, 20, 10};
    }
    if (name == QLatin1String("M")) {
        return {50, 1000, 10000, 200, 50};
    }
    if (name == QLatin1String("L")) {
        return {200, 5000, 50000, 1000, 200};
    }
    return {};
}

// Indents every line of `text` by `width` spaces (items nested in a List, as kubectl prints them).
QByteArray indented(const QByteArray &text, int width)
{
    const QByteArray pad(width, ' ');
    QByteArray out;
    out.reserve(text.size() + text.count('\n') * width);
    qsizetype from = 0;
    while (from < text.size()) {
        qsizetype eol = text.indexOf('\n', from);
        if (eol < 0) {
            eol = text.size();
        }
        out += pad;
        out += QByteArrayView(text).sliced(from, eol - from);
        if (eol < text.size()) {
            out += '\n';
        }
        from = eol + 1;
    }
    return out;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Writes a synthetic Kubernetes cluster for the Routemap benchmarks."));
    parser.addHelpOption();
    parser.addOption(
        {QStringLiteral("size"), QStringLiteral("S, M or L."), QStringLiteral("size"), QStringLiteral("S")});
    parser.addOption({QStringLiteral("flat"), QStringLiteral("N Deployments + N Services as multi-document YAML."),
        QStringLiteral("count")});
    parser.addOption(
        {QStringLiteral("seed"), QStringLiteral("Random seed."), QStringLiteral("seed"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("yaml"), QStringLiteral("Multi-document YAML instead of a JSON List.")});
    parser.addOption({QStringLiteral("dot"), QStringLiteral("Also write the naive one-node-per-pod DOT graph."),
        QStringLiteral("file")});
    parser.addOption(
        {{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("Output file."), QStringLiteral("file")});
    parser.process(app);

    const bool flat = parser.isSet(QStringLiteral("flat"));
    const bool yaml = flat || parser.isSet(QStringLiteral("yaml"));
    const Size size = sizeNamed(parser.value(QStringLiteral("size")).toUpper());
    if (!flat && size.services == 0) {
        std::fprintf(stderr, "unknown size (use S, M or L)\n");
        return 2;
    }
    QSaveFile out(parser.value(QStringLiteral("output")));
    if (!parser.isSet(QStringLiteral("output")) || !out.open(QIODevice::WriteOnly)) {
        std::fprintf(stderr, "cannot write the output file (-o FILE)\n");
        return 2;
    }
    bool first = true;
    const Sink sink = [&](const QJsonObject &o) {
        if (yaml) {
            out.write("---\n");
            out.write(routemap::toYaml(o).toUtf8());
        } else {
            out.write(first ? "\n" : ",\n");
            out.write(indented(QJsonDocument(o).toJson(QJsonDocument::Indented).trimmed(), 8));
        }
        first = false;
    };
    if (!yaml) {
        out.write("{\n    \"apiVersion\": \"v1\",\n    \"items\": [");
    }
    Generator generator(size, parser.value(QStringLiteral("seed")).toUInt(), sink);
    if (flat) {
        generator.flat(parser.value(QStringLiteral("flat")).toInt());
    } else {
        generator.cluster();
    }
    if (!yaml) {
        out.write(
            "\n    ],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n");
    }
    if (!out.commit()) {
        std::fprintf(stderr, "cannot write the output file\n");
        return 1;
    }
    if (parser.isSet(QStringLiteral("dot"))) {
        QSaveFile dot(parser.value(QStringLiteral("dot")));
        if (!dot.open(QIODevice::WriteOnly)) {
            return 1;
        }
        dot.write(generator.dot().toUtf8());
        if (!dot.commit()) {
            return 1;
        }
    }
    return 0;
}
