// Topology builder: golden graphs for hand-written fixtures, focused checks, and the real-world corpus.
#include "diagnostics/diagnostics.h"
#include "sources/manifestloader.h"
#include "topology/topologybuilder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QTest>
#include <algorithm>

using namespace routemap;

namespace {

QString dataDir()
{
    return QStringLiteral(ROUTEMAP_TEST_DATA "/topology");
}

Topology topologyOf(const QStringList &paths)
{
    return buildTopology(ManifestLoader::loadPaths(paths).toSnapshot());
}

Topology fixture(const QString &name)
{
    return topologyOf({dataDir() + u'/' + name});
}

const TopoEdge *edge(const Topology &t, const QString &from, const QString &to)
{
    for (const TopoEdge &e : t.edges) {
        if (e.from == from && e.to == to) {
            return &e;
        }
    }
    return nullptr;
}

QList<const TopoEdge *> edgesFrom(const Topology &t, const QString &from)
{
    QList<const TopoEdge *> out;
    for (const TopoEdge &e : t.edges) {
        if (e.from == from) {
            out.append(&e);
        }
    }
    return out;
}

// The first differing line of two texts, for a readable failure message (empty when equal).
QString firstDifference(const QString &actual, const QString &expected)
{
    const QStringList a = actual.split(u'\n');
    const QStringList e = expected.split(u'\n');
    for (qsizetype i = 0; i < qMax(a.size(), e.size()); ++i) {
        if (a.value(i) != e.value(i)) {
            return QStringLiteral("line %1 differs\n actual: %2\n expect: %3").arg(i + 1).arg(a.value(i), e.value(i));
        }
    }
    return QString();
}

// Structural invariants every topology must satisfy, whatever the input.
void checkInvariants(const Topology &t)
{
    QSet<QString> ids;
    int clients = 0;
    for (const TopoNode &n : t.nodes) {
        QVERIFY2(!n.id.isEmpty(), "node without id");
        QVERIFY2(!ids.contains(n.id), qPrintable(QStringLiteral("duplicate node ") + n.id));
        ids.insert(n.id);
        clients += n.kind == NodeKind::Client ? 1 : 0;
        QVERIFY2(n.kind == NodeKind::Ghost || n.kind == NodeKind::Client || n.ghost || !n.refs.isEmpty()
                || n.id.startsWith(QLatin1String("pods:")),
            qPrintable(QStringLiteral("node without refs ") + n.id));
        if (n.ghost) {
            QCOMPARE(n.kind, NodeKind::Ghost);
        }
    }
    QCOMPARE(clients, 1);
    QSet<QString> edgeIds;
    for (const TopoEdge &e : t.edges) {
        QVERIFY2(ids.contains(e.from), qPrintable(QStringLiteral("edge from unknown node ") + e.id));
        QVERIFY2(ids.contains(e.to), qPrintable(QStringLiteral("edge to unknown node ") + e.id));
        QVERIFY2(!edgeIds.contains(e.id), qPrintable(QStringLiteral("duplicate edge ") + e.id));
        edgeIds.insert(e.id);
    }
    // Sorted by tier then id; edges by id.
    for (qsizetype i = 1; i < t.nodes.size(); ++i) {
        const TopoNode &a = t.nodes[i - 1];
        const TopoNode &b = t.nodes[i];
        QVERIFY(a.tier < b.tier || (a.tier == b.tier && a.id < b.id));
    }
    for (qsizetype i = 1; i < t.edges.size(); ++i) {
        QVERIFY(t.edges[i - 1].id < t.edges[i].id);
    }
}

} // namespace

class TopologyBuilderTest : public QObject
{
    Q_OBJECT

private slots:
    void goldens_data();
    void goldens();
    void seedPicture();
    void ghostNodes();
    void impliedController();
    void gatewayApi();
    void podsWithStatus();
    void internalServices();
    void emptyAndBrokenInput();
    void loadOrderDoesNotMatter();
    void corpus_data();
    void corpus();
};

void TopologyBuilderTest::goldens_data()
{
    QTest::addColumn<QString>("yaml");
    const QFileInfoList files = QDir(dataDir()).entryInfoList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 6);
    for (const QFileInfo &f : files) {
        QTest::addRow("%s", qPrintable(f.completeBaseName())) << f.absoluteFilePath();
    }
}

void TopologyBuilderTest::goldens()
{
    QFETCH(QString, yaml);
    const LoadResult loaded = ManifestLoader::loadPaths({yaml});
    QVERIFY2(loaded.issues.isEmpty(), "fixtures must load cleanly");
    const Topology topology = buildTopology(loaded.toSnapshot());
    checkInvariants(topology);
    const QString actual = topology.toText();
    const QString goldenPath = yaml.left(yaml.size() - 5) + QStringLiteral(".txt");
    if (qEnvironmentVariableIntValue("ROUTEMAP_UPDATE_GOLDEN") == 1) {
        QFile out(goldenPath);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(actual.toUtf8());
        return;
    }
    QFile in(goldenPath);
    QVERIFY2(in.open(QIODevice::ReadOnly), qPrintable(QStringLiteral("missing golden ") + goldenPath));
    const QString expected = QString::fromUtf8(in.readAll());
    const QString difference = firstDifference(actual, expected);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void TopologyBuilderTest::seedPicture()
{
    const Topology t = fixture(QStringLiteral("seed.yaml"));
    const QString lb = QStringLiteral("lb:ingress-nginx/ingress-nginx-controller");
    const QString controller = QStringLiteral("controller:nginx");
    QVERIFY(edge(t, QStringLiteral("client"), lb));
    QVERIFY(edge(t, lb, controller));
    QCOMPARE(t.node(lb)->subtitle, QStringLiteral("203.0.113.10"));
    // The controller's Services and pods are part of its node, not separate boxes.
    QVERIFY(!t.node(QStringLiteral("service:ingress-nginx/ingress-nginx-controller")));
    QVERIFY(!t.node(QStringLiteral("service:ingress-nginx/ingress-nginx-controller-admission")));
    QVERIFY(!t.node(QStringLiteral("pods:Deployment/ingress-nginx/ingress-nginx-controller")));
    const TopoNode *c = t.node(controller);
    QVERIFY(c);
    QCOMPARE(c->subtitle, QStringLiteral("k8s.io/ingress-nginx"));
    QVERIFY(c->refs.contains(ObjectRef {QStringLiteral("apps"), QStringLiteral("Deployment"),
        QStringLiteral("ingress-nginx"), QStringLiteral("ingress-nginx-controller")}));
    QVERIFY(c->refs.contains(ObjectRef {QString(), QStringLiteral("Service"), QStringLiteral("ingress-nginx"),
        QStringLiteral("ingress-nginx-controller-admission")}));
    QCOMPARE(c->total, 2);
    const QString ing = QStringLiteral("ingress:default/web-ingress");
    QVERIFY(edge(t, controller, ing));
    QCOMPARE(edge(t, ing, QStringLiteral("service:default/web"))->label, QStringLiteral("app.example.com/"));
    QCOMPARE(edge(t, ing, QStringLiteral("service:default/api"))->label, QStringLiteral("app.example.com/api"));
    QVERIFY(t.node(ing)->subtitle.contains(QLatin1String("TLS: app-tls")));
    QVERIFY(!t.node(QStringLiteral("ghost:Secret/default/app-tls"))); // the Secret is loaded
    QCOMPARE(edge(t, QStringLiteral("service:default/web"), QStringLiteral("pods:Deployment/default/web"))->label,
        QStringLiteral(":8080"));
    QCOMPARE(t.node(QStringLiteral("pods:Deployment/default/api"))->subtitle, QStringLiteral("Deployment · 1/2 ready"));
    QCOMPARE(
        t.node(QStringLiteral("pods:Deployment/default/web"))->subtitle, QStringLiteral("Deployment · 3 replicas"));
    // NodePort and plain LoadBalancer entries go straight to their Services.
    QCOMPARE(t.node(QStringLiteral("nodeport:default/web-np"))->subtitle, QStringLiteral("NodePort :31080"));
    QVERIFY(edge(t, QStringLiteral("nodeport:default/web-np"), QStringLiteral("service:default/web-np")));
    QCOMPARE(t.node(QStringLiteral("lb:default/shop"))->subtitle, QStringLiteral("address unknown"));
    QVERIFY(!t.node(QStringLiteral("nodeport:default/shop"))); // an LB Service gets only its LB node
    for (const TopoNode &n : t.nodes) {
        QVERIFY2(!n.internal, qPrintable(n.id));
        QVERIFY2(!n.ghost, qPrintable(n.id));
    }
}

void TopologyBuilderTest::ghostNodes()
{
    const Topology t = fixture(QStringLiteral("ghosts.yaml"));
    const TopoNode *cls = t.node(QStringLiteral("ghost:IngressClass//nginx"));
    QVERIFY(cls);
    QVERIFY(cls->ghost);
    QCOMPARE(cls->tier, Tier::Controller);
    QCOMPARE(cls->ref,
        (ObjectRef {
            QStringLiteral("networking.k8s.io"), QStringLiteral("IngressClass"), QString(), QStringLiteral("nginx")}));
    QCOMPARE(cls->subtitle, QStringLiteral("IngressClass not loaded"));
    QVERIFY(edge(t, QStringLiteral("client"), cls->id)->ghost);
    QVERIFY(edge(t, cls->id, QStringLiteral("ingress:shop/shop"))->ghost);
    const TopoNode *none = t.node(QStringLiteral("ghost:IngressClass//"));
    QVERIFY(none);
    QCOMPARE(none->title, QStringLiteral("no ingress class"));
    QVERIFY(edge(t, none->id, QStringLiteral("ingress:shop/classless")));

    const TopoNode *fallback = t.node(QStringLiteral("ghost:Service/shop/fallback"));
    QVERIFY(fallback);
    QCOMPARE(fallback->ref,
        (ObjectRef {QString(), QStringLiteral("Service"), QStringLiteral("shop"), QStringLiteral("fallback")}));
    QCOMPARE(edge(t, QStringLiteral("ingress:shop/shop"), fallback->id)->label, QStringLiteral("default backend"));
    QVERIFY(t.node(QStringLiteral("ghost:Secret/shop/shop-tls")));
    QCOMPARE(edge(t, QStringLiteral("ingress:shop/shop"), QStringLiteral("ghost:Secret/shop/shop-tls"))->label,
        QStringLiteral("tls"));
    QVERIFY(t.node(QStringLiteral("ghost:Bucket/shop/assets@storage.example.com")));
    const TopoNode *noPods = t.node(QStringLiteral("ghost:pods/shop/cart"));
    QVERIFY(noPods);
    QCOMPARE(noPods->subtitle, QStringLiteral("no pods match app=cart"));
    QVERIFY(edge(t, QStringLiteral("service:shop/cart"), noPods->id)->ghost);
    // Two paths of one Ingress to the same Service: two edges with distinct ids.
    int toFront = 0;
    for (const TopoEdge *e : edgesFrom(t, QStringLiteral("ingress:shop/classless"))) {
        toFront += e->to == QLatin1String("service:shop/front") ? 1 : 0;
    }
    QCOMPARE(toFront, 2);
}

void TopologyBuilderTest::impliedController()
{
    // A running controller whose IngressClass is not loaded is drawn as a controller, not a plain pod group.
    const QString path = QStringLiteral(ROUTEMAP_TEST_DATA "/topology/implied-class.yaml");
    const Snapshot snapshot = ManifestLoader::loadPaths({path}).toSnapshot();
    const Topology t = buildTopology(snapshot);
    const TopoNode *nginx = t.node(QStringLiteral("controller:nginx"));
    QVERIFY(nginx);
    QCOMPARE(nginx->kind, NodeKind::IngressController);
    QCOMPARE(nginx->title, QStringLiteral("nginx"));
    QCOMPARE(nginx->subtitle, QStringLiteral("IngressClass not loaded"));
    QVERIFY(!nginx->ghost);
    QCOMPARE(nginx->total, 2);
    QVERIFY(!t.node(QStringLiteral("pods:Deployment/ingress-nginx/ingress-nginx-controller")));
    QVERIFY(!t.node(QStringLiteral("service:ingress-nginx/ingress-nginx-controller")));
    QVERIFY(edge(t, QStringLiteral("lb:ingress-nginx/ingress-nginx-controller"), QStringLiteral("controller:nginx")));
    QVERIFY(edge(t, QStringLiteral("controller:nginx"), QStringLiteral("ingress:default/shop")));
    QVERIFY(!t.node(QStringLiteral("ghost:IngressClass//nginx")));
    // The class from Traefik's own argument, reached through the annotation.
    QVERIFY(edge(t, QStringLiteral("controller:edge"), QStringLiteral("ingress:default/legacy")));
    // No controller implies class "other": it stays a ghost.
    QVERIFY(edge(t, QStringLiteral("ghost:IngressClass//other"), QStringLiteral("ingress:default/stray")));

    // The missing class object is still a finding, and it lands on the controller node that stands for it.
    const ObjectRef nginxClass {
        QStringLiteral("networking.k8s.io"), QStringLiteral("IngressClass"), QString(), QStringLiteral("nginx")};
    QVERIFY(!nginx->refs.contains(nginxClass)); // refs are loaded objects only
    QCOMPARE(t.nodesFor(nginxClass).size(), 1);
    QCOMPARE(t.nodesFor(nginxClass).first()->id, QStringLiteral("controller:nginx"));
    const QList<Finding> findings = runDiagnostics(snapshot);
    QStringList unknown;
    for (const Finding &f : findings) {
        if (f.code == QLatin1String("ingress-class-unknown")) {
            unknown.append(f.object.name);
            if (f.object.name == QLatin1String("shop")) {
                QVERIFY(f.related.contains(nginxClass));
                QVERIFY2(f.message.contains(QLatin1String("ingress-nginx controller")), qPrintable(f.message));
            }
        }
    }
    unknown.sort();
    QCOMPARE(unknown, (QStringList {QStringLiteral("legacy"), QStringLiteral("shop"), QStringLiteral("stray")}));
}

void TopologyBuilderTest::gatewayApi()
{
    const Topology t = fixture(QStringLiteral("gatewayapi.yaml"));
    const QString gw = QStringLiteral("gateway:default/gw");
    QCOMPARE(t.node(gw)->subtitle, QStringLiteral("envoy · HTTP:80, HTTPS:443"));
    QVERIFY(t.node(gw)->refs.contains(ObjectRef {QStringLiteral("gateway.networking.k8s.io"),
        QStringLiteral("GatewayClass"), QString(), QStringLiteral("envoy")}));
    QVERIFY(edge(t, QStringLiteral("lb:default/envoy-default-gw"), gw));
    QVERIFY(!t.node(QStringLiteral("service:default/envoy-default-gw")));
    QCOMPARE(t.node(QStringLiteral("lb:default/envoy-default-gw"))->subtitle, QStringLiteral("pending"));
    QCOMPARE(edge(t, gw, QStringLiteral("route:default/r1"))->label, QStringLiteral("https"));
    QVERIFY(edge(t, gw, QStringLiteral("route:GRPCRoute/default/r1")));
    QCOMPARE(edge(t, QStringLiteral("route:default/r1"), QStringLiteral("service:default/bar"))->label,
        QStringLiteral("foo.example.com PathPrefix /bar :8080"));
    QVERIFY(edge(t, QStringLiteral("route:default/r1"), QStringLiteral("ghost:Service/default/missing-svc"))->ghost);
    // The Gateway without its own Service is entered directly; its missing class is a visible ghost.
    QVERIFY(edge(t, QStringLiteral("client"), QStringLiteral("gateway:default/internal")));
    const TopoNode *cls = t.node(QStringLiteral("ghost:GatewayClass//missing-class"));
    QVERIFY(cls);
    QVERIFY(!cls->internal);
    QCOMPARE(cls->ref.group, QStringLiteral("gateway.networking.k8s.io"));
    QVERIFY(edge(t, QStringLiteral("ghost:Gateway/default/nowhere"), QStringLiteral("route:default/r2")));
    QCOMPARE(edge(t, QStringLiteral("service:default/bar"), QStringLiteral("route:default/bar-mesh"))->label,
        QStringLiteral("mesh"));
}

void TopologyBuilderTest::podsWithStatus()
{
    const Topology t = fixture(QStringLiteral("pods.yaml"));
    const TopoNode *web = t.node(QStringLiteral("pods:Deployment/default/web"));
    QVERIFY(web);
    QCOMPARE(web->ready, 2);
    QCOMPARE(web->total, 3);
    QCOMPARE(web->subtitle, QStringLiteral("Deployment · 2/3 ready"));
    QVERIFY(web->refs.contains(ObjectRef {QStringLiteral("apps"), QStringLiteral("ReplicaSet"),
        QStringLiteral("default"), QStringLiteral("web-5d9c7b")}));
    QVERIFY(web->refs.contains(
        ObjectRef {QString(), QStringLiteral("Pod"), QStringLiteral("default"), QStringLiteral("web-5d9c7b-ccccc")}));
    QVERIFY(!t.node(QStringLiteral("pods:ReplicaSet/default/web-5d9c7b")));
    QVERIFY(!t.node(QStringLiteral("pod:default/web-5d9c7b-aaaaa")));
    QVERIFY(edge(t, QStringLiteral("service:default/web"), web->id));
    const TopoNode *debug = t.node(QStringLiteral("pod:default/debug"));
    QVERIFY(debug);
    QCOMPARE(debug->kind, NodeKind::Pod);
    QVERIFY(edge(t, QStringLiteral("service:default/debug"), debug->id));
    QVERIFY(debug->internal);
    const TopoNode *job = t.node(QStringLiteral("pods:Job/jobs/worker"));
    QVERIFY(job);
    QCOMPARE(job->total, 1);
    QCOMPARE(job->ready, 0);
    QVERIFY(job->internal);
}

void TopologyBuilderTest::internalServices()
{
    const Topology t = fixture(QStringLiteral("internal.yaml"));
    const TopoNode *payments = t.node(QStringLiteral("service:data/payments"));
    QVERIFY(payments);
    QCOMPARE(payments->subtitle, QStringLiteral("ExternalName → payments.example.net"));
    QVERIFY(edgesFrom(t, payments->id).isEmpty());
    QCOMPARE(t.node(QStringLiteral("service:data/db"))->subtitle, QStringLiteral("ClusterIP (headless) · 5432"));
    QVERIFY(edge(t, QStringLiteral("service:data/legacy"), QStringLiteral("endpoints:data/legacy")));
    QCOMPARE(t.node(QStringLiteral("endpoints:data/legacy"))->total, 2);
    QVERIFY(edgesFrom(t, QStringLiteral("service:data/orphan")).isEmpty());
    QVERIFY(t.node(QStringLiteral("pods:DaemonSet/data/log-agent")));
    for (const TopoNode &n : t.nodes) {
        QCOMPARE(n.internal, n.kind != NodeKind::Client);
    }
    for (const TopoEdge &e : t.edges) {
        QVERIFY(e.internal);
    }
}

void TopologyBuilderTest::emptyAndBrokenInput()
{
    const Topology empty = buildTopology(Snapshot());
    QCOMPARE(empty.nodes.size(), 1);
    QCOMPARE(empty.nodes.first().id, QStringLiteral("client"));
    QVERIFY(empty.edges.isEmpty());

    // Wrong-typed and missing fields everywhere: no crash, invariants hold.
    const QByteArray junk = R"(apiVersion: v1
kind: Service
metadata: {name: s}
spec: {type: LoadBalancer, selector: [1, 2], ports: "x"}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: i}
spec: {rules: [{http: {paths: [{backend: {}}, null, 3]}}], tls: [{secretName: 5}], defaultBackend: 7}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
spec: {parentRefs: [null, {}], rules: [{backendRefs: [{}, {kind: Foo}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec: {template: null, selector: null}
---
apiVersion: v1
kind: Pod
metadata: {name: p, ownerReferences: [{kind: ReplicaSet}]}
)";
    const Topology t = buildTopology(ManifestLoader::loadData(junk, QStringLiteral("junk.yaml")).toSnapshot());
    checkInvariants(t);
    QVERIFY(t.node(QStringLiteral("lb:default/s")));
}

void TopologyBuilderTest::loadOrderDoesNotMatter()
{
    const QFileInfoList files = QDir(dataDir()).entryInfoList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
    for (const QFileInfo &f : files) {
        const LoadResult loaded = ManifestLoader::loadPaths({f.absoluteFilePath()});
        QList<KubeObject> reversed = loaded.objects;
        std::reverse(reversed.begin(), reversed.end());
        const QString forward = buildTopology(Snapshot::build(loaded.objects)).toText();
        const QString difference = firstDifference(buildTopology(Snapshot::build(reversed)).toText(), forward);
        QVERIFY2(difference.isEmpty(), qPrintable(f.fileName() + u' ' + difference));
    }
}

void TopologyBuilderTest::corpus_data()
{
    QTest::addColumn<QStringList>("dirs");
    const QDir corpus(QStringLiteral(ROUTEMAP_CORPUS));
    if (!corpus.exists()) {
        QSKIP("corpus not available");
    }
    for (const QString &set : corpus.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        QTest::addRow("%s", qPrintable(set)) << QStringList {corpus.absoluteFilePath(set)};
    }
    // The controller set makes the examples' class resolve: LB -> controller -> Ingress -> Service -> pods.
    QTest::addRow("ingress-nginx-cloud+examples")
        << QStringList {corpus.absoluteFilePath(QStringLiteral("ingress-nginx-cloud")),
               corpus.absoluteFilePath(QStringLiteral("ingress-nginx-examples"))};
}

void TopologyBuilderTest::corpus()
{
    QFETCH(QStringList, dirs);
    const QString set = QString::fromLatin1(QTest::currentDataTag());
    const Topology t = topologyOf(dirs);
    if (qEnvironmentVariableIntValue("ROUTEMAP_DUMP_TOPOLOGY") == 1) {
        qInfo().noquote() << t.toText(); // for looking at a whole set's graph by eye
    }
    checkInvariants(t);
    QVERIFY(t.nodes.size() > 1);

    if (set == QLatin1String("gateway-api-examples")) {
        QVERIFY(t.node(QStringLiteral("ghost:Service/default/my-service1"))->ghost);
        QVERIFY(edge(t, QStringLiteral("gateway:default/my-gateway"), QStringLiteral("route:default/http-app-1")));
        QVERIFY(t.node(QStringLiteral("ghost:GatewayClass//prod")));
        QVERIFY(edge(t, QStringLiteral("route:site-ns/login"), QStringLiteral("ghost:Service/site-ns/login-v1")));
    } else if (set == QLatin1String("istio-bookinfo")) {
        int gateways = 0;
        for (const TopoNode &n : t.nodes) {
            gateways += n.kind == NodeKind::Gateway ? 1 : 0;
        }
        QCOMPARE(gateways, 1);
        QVERIFY(t.nodesFor(ObjectRef {QStringLiteral("networking.istio.io"), QStringLiteral("Gateway"),
                               QStringLiteral("default"), QStringLiteral("bookinfo-gateway")})
                    .isEmpty());
        QVERIFY(edge(t, QStringLiteral("gateway:default/bookinfo-gateway"), QStringLiteral("route:default/bookinfo")));
        QVERIFY(edge(t, QStringLiteral("route:default/bookinfo"), QStringLiteral("service:default/productpage")));
        QVERIFY(edge(t, QStringLiteral("ghost:IngressClass//istio"), QStringLiteral("ingress:default/gateway")));
        QVERIFY(edge(t, QStringLiteral("service:default/reviews"), QStringLiteral("route:default/reviews")));
        QCOMPARE(edgesFrom(t, QStringLiteral("service:default/reviews")).size(), 4); // mesh route + 3 versions
    } else if (set == QLatin1String("traefik-whoami")) {
        QVERIFY(t.node(QStringLiteral("service:default/externalname-svc")));
        QVERIFY(edgesFrom(t, QStringLiteral("service:default/externalname-svc")).isEmpty());
        QVERIFY(t.node(QStringLiteral("ghost:pods/other-ns/whoami")));
        QVERIFY(t.node(QStringLiteral("ghost:Secret/default/tls-cert")));
        QVERIFY(edge(
            t, QStringLiteral("gateway:default/my-tls-gateway"), QStringLiteral("route:TLSRoute/default/tls-app-1")));
    } else if (set == QLatin1String("k8s-website-networking")) {
        for (const char *name : {"ingress-resource-backend", "ingress-wildcard-host", "name-virtual-host-ingress",
                 "simple-fanout-example", "test-ingress", "tls-example-ingress"}) {
            QVERIFY2(edge(t, QStringLiteral("controller:example-class"),
                         QStringLiteral("ingress:default/") + QLatin1String(name)),
                name);
        }
        QVERIFY(t.node(QStringLiteral("ghost:IngressClass//nginx")));
        QVERIFY(t.node(QStringLiteral("ghost:Gateway/default/example-gateway")));
        QVERIFY(t.node(QStringLiteral("ghost:StorageBucket/default/static-assets@k8s.example.com")));
    } else if (set == QLatin1String("ingress-nginx-cloud")) {
        QVERIFY(
            edge(t, QStringLiteral("lb:ingress-nginx/ingress-nginx-controller"), QStringLiteral("controller:nginx")));
        QVERIFY(!t.node(QStringLiteral("service:ingress-nginx/ingress-nginx-controller-admission")));
        QVERIFY(!t.node(QStringLiteral("pods:Deployment/ingress-nginx/ingress-nginx-controller")));
        QVERIFY(t.node(QStringLiteral("pods:Job/ingress-nginx/ingress-nginx-admission-create"))->internal);
    } else if (set == QLatin1String("ingress-nginx-cloud+examples")) {
        QVERIFY(edge(t, QStringLiteral("controller:nginx"), QStringLiteral("ingress:default/foo-tls")));
        QVERIFY(edge(t, QStringLiteral("controller:nginx"), QStringLiteral("ingress:docker-registry/docker-registry")));
        QVERIFY(!t.node(QStringLiteral("ghost:IngressClass//nginx")));
        QVERIFY(t.node(QStringLiteral("ghost:Secret/default/foobar")));
        QVERIFY(!t.node(QStringLiteral("pods:ReplicationController/default/http-svc"))->internal);
    } else if (set == QLatin1String("ingress-nginx-baremetal")) {
        QVERIFY(edge(
            t, QStringLiteral("nodeport:ingress-nginx/ingress-nginx-controller"), QStringLiteral("controller:nginx")));
    } else if (set == QLatin1String("online-boutique")) {
        QVERIFY(t.node(QStringLiteral("ghost:GatewayClass//istio")));
        QVERIFY(edge(
            t, QStringLiteral("lb:default/frontend-external"), QStringLiteral("service:default/frontend-external")));
        QVERIFY(edge(t, QStringLiteral("route:default/frontend-route"), QStringLiteral("service:default/frontend")));
        QVERIFY(t.node(QStringLiteral("pods:Deployment/default/loadgenerator"))->internal);
    } else if (set == QLatin1String("guestbook") || set == QLatin1String("sock-shop")
        || set == QLatin1String("voting-app") || set == QLatin1String("guestbook-go")) {
        for (const TopoNode &n : t.nodes) {
            QVERIFY2(!n.ghost, qPrintable(n.id)); // "nothing missing"
        }
    } else if (set == QLatin1String("tf-serving-ingress")) {
        QVERIFY(edge(t, QStringLiteral("ghost:IngressClass//"), QStringLiteral("ingress:default/tf-serving-ingress")));
        QVERIFY(edge(
            t, QStringLiteral("ingress:default/tf-serving-ingress"), QStringLiteral("service:default/tf-serving")));
    } else if (set == QLatin1String("argo-cd-install") || set == QLatin1String("podinfo-webapp")) {
        for (const TopoNode &n : t.nodes) {
            QCOMPARE(n.internal, n.kind != NodeKind::Client); // no external entry point
        }
    }
}

QTEST_GUILESS_MAIN(TopologyBuilderTest)
#include "topologybuilder_test.moc"
