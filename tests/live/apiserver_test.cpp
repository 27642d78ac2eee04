// The test API server (tests/apiserver/apiserver.py) behaves like a kube-apiserver for the real clients:
// kubectl (through /usr/bin/kubectl's dispatcher), python3-kubernetes and raw HTTP. Everything here runs
// against servers this test starts on 127.0.0.1.
#include "sources/manifestloader.h"
#include "testapiserver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace routemap;
using routemap::testing::TestApiServer;

namespace {

const QString corpus = QStringLiteral(ROUTEMAP_CORPUS);

QJsonObject parseObject(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

// kubectl get ... -o json, parsed; an empty object when kubectl fails.
QJsonObject getJson(TestApiServer &server, QStringList args)
{
    QString out;
    args << QStringLiteral("-o") << QStringLiteral("json");
    if (!server.kubectl(args, &out)) {
        qWarning("%s", qPrintable(server.lastKubectlError()));
        return {};
    }
    return parseObject(out);
}

QStringList itemNames(const QJsonObject &list)
{
    QStringList names;
    for (const QJsonValue &item : list.value(QStringLiteral("items")).toArray()) {
        names << item[QStringLiteral("metadata")][QStringLiteral("name")].toString();
    }
    names.sort();
    return names;
}

bool isReady(const QJsonValue &pod)
{
    for (const QJsonValue &c : pod[QStringLiteral("status")][QStringLiteral("conditions")].toArray()) {
        if (c[QStringLiteral("type")].toString() == QLatin1String("Ready")) {
            return c[QStringLiteral("status")].toString() == QLatin1String("True");
        }
    }
    return false;
}

} // namespace

class ApiServerTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void discovery();
    void applyCorpus_data();
    void applyCorpus();
    void deployment_producesReadyPodsAndEndpointSlices();
    void deleteAndScale_seenByKubectl();
    void create_secretsAndAlreadyExists();
    void apply_kindList();
    void pythonClient_pagesWatchesAndGets410();
    void rbac_kubectlShowsForbidden_data();
    void rbac_kubectlShowsForbidden();
    void authentication_tokenCertificateAndBadToken();
    void faults_seenByKubectl();

private:
    TestApiServer m_server;
};

void ApiServerTest::initTestCase()
{
    ROUTEMAP_START_APISERVER(m_server);
    QVERIFY(m_server.url().startsWith(QLatin1String("https://127.0.0.1:")));
}

// Every test but the python3-kubernetes one runs kubectl.
void ApiServerTest::init()
{
    if (qstrcmp(QTest::currentTestFunction(), "pythonClient_pagesWatchesAndGets410") != 0) {
        ROUTEMAP_REQUIRE_KUBECTL();
    }
}

// kubectl version goes through the dispatcher's /version check (minor 32 selects the bundled kubectl 1.32);
// kubectl api-resources reads the whole legacy discovery.
void ApiServerTest::discovery()
{
    QString out;
    QVERIFY2(m_server.kubectl({QStringLiteral("version"), QStringLiteral("-o"), QStringLiteral("json")}, &out),
        qPrintable(m_server.lastKubectlError()));
    const QJsonObject version = parseObject(out);
    QCOMPARE(version[QStringLiteral("serverVersion")][QStringLiteral("minor")].toString(), QStringLiteral("32"));
    QVERIFY2(version[QStringLiteral("clientVersion")][QStringLiteral("gitVersion")].toString().startsWith(
                 QLatin1String("v1.32.")),
        qPrintable(out));

    QVERIFY2(m_server.kubectl({QStringLiteral("api-resources"), QStringLiteral("-o"), QStringLiteral("name")}, &out),
        qPrintable(m_server.lastKubectlError()));
    const QStringList names = out.split(u'\n', Qt::SkipEmptyParts);
    for (const char *expected : {"pods", "services", "endpoints", "nodes", "namespaces", "secrets", "deployments.apps",
             "endpointslices.discovery.k8s.io", "ingresses.networking.k8s.io", "ingressclasses.networking.k8s.io",
             "networkpolicies.networking.k8s.io", "gateways.gateway.networking.k8s.io",
             "httproutes.gateway.networking.k8s.io", "grpcroutes.gateway.networking.k8s.io",
             "referencegrants.gateway.networking.k8s.io"}) {
        QVERIFY2(names.contains(QString::fromLatin1(expected)), expected);
    }
}

void ApiServerTest::applyCorpus_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("ns"); // kubectl apply -n, for sets whose objects name no namespace
    QTest::addRow("guestbook") << corpus + QStringLiteral("/guestbook") << QStringLiteral("guestbook");
    QTest::addRow("online-boutique") << corpus + QStringLiteral("/online-boutique/kubernetes-manifests.yaml")
                                     << QStringLiteral("boutique");
    QTest::addRow("ingress-nginx-examples") << corpus + QStringLiteral("/ingress-nginx-examples") << QString();
    QTest::addRow("k8s-website-networking") << corpus + QStringLiteral("/k8s-website-networking") << QString();
}

// kubectl apply -f of real manifests, then kubectl get -A -o json returns each object with server fields.
void ApiServerTest::applyCorpus()
{
    QFETCH(QString, path);
    QFETCH(QString, ns);
    const LoadResult expected = ManifestLoader::loadPaths({path});
    QVERIFY(!expected.objects.isEmpty());
    QStringList apply {QStringLiteral("apply"), QStringLiteral("-R"), QStringLiteral("-f"), path};
    if (!ns.isEmpty()) {
        apply << QStringLiteral("-n") << ns;
    }
    QVERIFY2(m_server.kubectl(apply, nullptr, 60000), qPrintable(m_server.lastKubectlError()));
    QSet<QString> kinds;
    for (const KubeObject &o : expected.objects) {
        kinds.insert(o.ref.kind.toLower() + (o.ref.group.isEmpty() ? QString() : QLatin1Char('.') + o.ref.group));
    }
    const QJsonObject list
        = getJson(m_server, {QStringLiteral("get"), QStringList(kinds.values()).join(u','), QStringLiteral("-A")});
    QHash<QString, QJsonObject> byKey;
    for (const QJsonValue &item : list.value(QStringLiteral("items")).toArray()) {
        const QJsonObject meta = item[QStringLiteral("metadata")].toObject();
        byKey.insert(item[QStringLiteral("kind")].toString() + u'/' + meta.value(QStringLiteral("namespace")).toString()
                + u'/' + meta.value(QStringLiteral("name")).toString(),
            meta);
    }
    for (const KubeObject &o : expected.objects) {
        const QString objectNs = !ns.isEmpty() && o.ref.ns == QLatin1String("default") ? ns : o.ref.ns;
        const QString key = o.ref.kind + u'/' + objectNs + u'/' + o.ref.name;
        QVERIFY2(byKey.contains(key), qPrintable(key));
        const QJsonObject meta = byKey.value(key);
        QVERIFY2(!meta.value(QStringLiteral("uid")).toString().isEmpty(), qPrintable(key));
        QVERIFY2(!meta.value(QStringLiteral("resourceVersion")).toString().isEmpty(), qPrintable(key));
        QVERIFY2(meta.value(QStringLiteral("creationTimestamp")).toString().endsWith(u'Z'), qPrintable(key));
    }
}

// Runs after applyCorpus(guestbook), like the scale and delete test below.
void ApiServerTest::deployment_producesReadyPodsAndEndpointSlices()
{
    const QJsonObject pods = getJson(m_server,
        {QStringLiteral("get"), QStringLiteral("pods"), QStringLiteral("-n"), QStringLiteral("guestbook"),
            QStringLiteral("-l"), QStringLiteral("app=guestbook,tier=frontend")});
    const QJsonArray items = pods.value(QStringLiteral("items")).toArray();
    QCOMPARE(items.size(), 3);
    QSet<QString> ips;
    for (const QJsonValue &pod : items) {
        QVERIFY(isReady(pod));
        ips.insert(pod[QStringLiteral("status")][QStringLiteral("podIP")].toString());
        const QJsonObject owner = pod[QStringLiteral("metadata")][QStringLiteral("ownerReferences")][0].toObject();
        QCOMPARE(owner.value(QStringLiteral("kind")).toString(), QStringLiteral("ReplicaSet"));
        QVERIFY(owner.value(QStringLiteral("name")).toString().startsWith(QLatin1String("frontend-")));
        QVERIFY(!pod[QStringLiteral("metadata")][QStringLiteral("labels")][QStringLiteral("pod-template-hash")]
                     .toString()
                     .isEmpty());
        QVERIFY(!pod[QStringLiteral("spec")][QStringLiteral("nodeName")].toString().isEmpty());
    }
    QCOMPARE(ips.size(), 3);

    const QJsonObject slices = getJson(m_server,
        {QStringLiteral("get"), QStringLiteral("endpointslices"), QStringLiteral("-n"), QStringLiteral("guestbook"),
            QStringLiteral("-l"), QStringLiteral("kubernetes.io/service-name=frontend")});
    const QJsonArray sliceItems = slices.value(QStringLiteral("items")).toArray();
    QCOMPARE(sliceItems.size(), 1);
    const QJsonObject slice = sliceItems.first().toObject();
    QVERIFY(
        slice[QStringLiteral("metadata")][QStringLiteral("name")].toString().startsWith(QLatin1String("frontend-")));
    QCOMPARE(slice[QStringLiteral("ports")][0][QStringLiteral("name")].toString(), QString());
    QCOMPARE(slice[QStringLiteral("ports")][0][QStringLiteral("port")].toInt(), 80);
    QSet<QString> sliceIps;
    for (const QJsonValue &ep : slice[QStringLiteral("endpoints")].toArray()) {
        QVERIFY(ep[QStringLiteral("conditions")][QStringLiteral("ready")].toBool());
        sliceIps.insert(ep[QStringLiteral("addresses")][0].toString());
    }
    QCOMPARE(sliceIps, ips);
}

// kubectl scale changes the pod count, a deleted owned Pod comes back, and kubectl get -w sees a delete
// made while it watches (the server ends watches after 3 s so kubectl exits by itself).
void ApiServerTest::deleteAndScale_seenByKubectl()
{
    QVERIFY2(m_server.kubectl({QStringLiteral("scale"), QStringLiteral("-n"), QStringLiteral("guestbook"),
                 QStringLiteral("deployment/redis-replica"), QStringLiteral("--replicas=4")}),
        qPrintable(m_server.lastKubectlError()));
    const QStringList selector {QStringLiteral("get"), QStringLiteral("pods"), QStringLiteral("-n"),
        QStringLiteral("guestbook"), QStringLiteral("-l"), QStringLiteral("app=redis,role=replica")};
    const QStringList before = itemNames(getJson(m_server, selector));
    QCOMPARE(before.size(), 4);

    QVERIFY2(m_server.kubectl({QStringLiteral("delete"), QStringLiteral("-n"), QStringLiteral("guestbook"),
                 QStringLiteral("pod"), before.first()}),
        qPrintable(m_server.lastKubectlError()));
    const QStringList after = itemNames(getJson(m_server, selector));
    QCOMPARE(after.size(), 4);
    QVERIFY(!after.contains(before.first()));

    // The server deletes the pod once kubectl's watch has started, and ends watches after 3 s.
    QVERIFY(m_server.command(QStringLiteral("config"), {{QStringLiteral("watchTimeoutCap"), 3}})
                .value(QStringLiteral("ok"))
                .toBool());
    const QJsonObject deletePod {{QStringLiteral("cmd"), QStringLiteral("delete")},
        {QStringLiteral("apiVersion"), QStringLiteral("v1")}, {QStringLiteral("kind"), QStringLiteral("Pod")},
        {QStringLiteral("namespace"), QStringLiteral("guestbook")}, {QStringLiteral("name"), after.first()}};
    QVERIFY(m_server
                .command(QStringLiteral("when_watched"),
                    {{QStringLiteral("resource"), QStringLiteral("pods")}, {QStringLiteral("then"), deletePod}})
                .value(QStringLiteral("ok"))
                .toBool());
    QString out;
    const bool watched = m_server.kubectl(
        selector + QStringList {QStringLiteral("-w"), QStringLiteral("--output-watch-events")}, &out, 20000);
    m_server.command(QStringLiteral("config"), {{QStringLiteral("watchTimeoutCap"), 0}});
    QVERIFY2(watched, qPrintable(m_server.lastKubectlError()));
    // Columns EVENT NAME AGE: the initial ADDED rows, then the DELETED row for the scheduled delete.
    const QString deleted = QStringLiteral("^DELETED +%1 ").arg(after.first());
    QVERIFY2(out.contains(QRegularExpression(deleted, QRegularExpression::MultilineOption)), qPrintable(out));
    QVERIFY2(out.contains(QRegularExpression(
                 QStringLiteral("^ADDED +%1 ").arg(after.last()), QRegularExpression::MultilineOption)),
        qPrintable(out));
}

// kubectl create: the typed generators send protobuf (decoded for Secrets), create -f sends JSON; creating an
// existing object is refused with AlreadyExists.
void ApiServerTest::create_secretsAndAlreadyExists()
{
    const QString dir = m_server.directory();
    QVERIFY2(m_server.kubectl({QStringLiteral("create"), QStringLiteral("secret"), QStringLiteral("tls"),
                 QStringLiteral("site-tls"), QStringLiteral("-n"), QStringLiteral("created"),
                 QStringLiteral("--cert=") + dir + QStringLiteral("/server.crt"),
                 QStringLiteral("--key=") + dir + QStringLiteral("/server.key")}),
        qPrintable(m_server.lastKubectlError()));
    const QJsonObject secret = getJson(m_server,
        {QStringLiteral("get"), QStringLiteral("secret"), QStringLiteral("site-tls"), QStringLiteral("-n"),
            QStringLiteral("created")});
    QCOMPARE(secret.value(QStringLiteral("type")).toString(), QStringLiteral("kubernetes.io/tls"));
    QVERIFY(QByteArray::fromBase64(secret[QStringLiteral("data")][QStringLiteral("tls.crt")].toString().toLatin1())
                .startsWith("-----BEGIN CERTIFICATE-----"));

    const QString service = corpus + QStringLiteral("/guestbook/redis-master-service.yaml");
    const QStringList create {
        QStringLiteral("create"), QStringLiteral("-n"), QStringLiteral("created"), QStringLiteral("-f"), service};
    QVERIFY2(m_server.kubectl(create), qPrintable(m_server.lastKubectlError()));
    QString err;
    QVERIFY(!m_server.kubectl(create, nullptr, 30000, &err));
    QVERIFY2(err.contains(QLatin1String("Error from server (AlreadyExists)")), qPrintable(err));
}

// kubectl validates a kind: List file against /openapi/v2 (protobuf) before applying it.
void ApiServerTest::apply_kindList()
{
    const QString path = m_server.directory() + QStringLiteral("/list.json");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"apiVersion": "v1", "kind": "List", "items": [
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "one", "namespace": "listed"}, "data": {"a": "1"}},
        {"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass", "metadata": {"name": "listed"},
         "spec": {"controller": "example.com/ingress"}}]})");
    file.close();
    QString out;
    QVERIFY2(m_server.kubectl({QStringLiteral("apply"), QStringLiteral("-f"), path}, &out),
        qPrintable(m_server.lastKubectlError()));
    QVERIFY2(out.contains(QLatin1String("configmap/one created")), qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("ingressclass.networking.k8s.io/listed created")), qPrintable(out));
}

// Debian's python3-kubernetes 22.6: pagination, a watch with bookmarks, a 410 for a too-old RV, a metadata-only
// list of TLS secrets and EndpointSlice models (tests/apiserver/pyclient_check.py prints what it saw).
void ApiServerTest::pythonClient_pagesWatchesAndGets410()
{
    const QJsonArray objects = QJsonDocument::fromJson(R"([
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api", "namespace": "py"},
         "spec": {"replicas": 5, "selector": {"matchLabels": {"app": "api"}},
                  "template": {"metadata": {"labels": {"app": "api"}},
                               "spec": {"containers": [{"name": "api", "image": "api"}]}}}},
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "api", "namespace": "py"},
         "spec": {"selector": {"app": "api"}, "ports": [{"name": "http", "port": 80}]}},
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "api-tls", "namespace": "py"},
         "type": "kubernetes.io/tls", "data": {"tls.crt": "Y2VydA==", "tls.key": "a2V5"}},
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "api-token", "namespace": "py"},
         "data": {"token": "c2VjcmV0"}}])")
                                   .array();
    QVERIFY(m_server.command(QStringLiteral("apply"), {{QStringLiteral("objects"), objects}})
                .value(QStringLiteral("ok"))
                .toBool());
    QVERIFY(m_server.command(QStringLiteral("compact")).value(QStringLiteral("ok")).toBool());
    m_server.requestLog(true);

    QProcess process;
    process.start(TestApiServer::python(),
        {QStringLiteral("-B"), TestApiServer::scriptDir() + QStringLiteral("/pyclient_check.py"),
            m_server.kubeconfigPath(), QStringLiteral("py")});
    if (!process.waitForStarted(10000)) {
        QSKIP("python3 is not installed: python3-kubernetes checks are skipped");
    }
    QVERIFY(process.waitForFinished(60000));
    const QByteArray out = process.readAllStandardOutput();
    if (process.exitCode() == 77) {
        QSKIP(out.constData());
    }
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    const QJsonObject report = QJsonDocument::fromJson(out).object();

    const QJsonArray all = report.value(QStringLiteral("all")).toArray();
    QCOMPARE(all.size(), 5);
    QCOMPARE(report.value(QStringLiteral("paged")).toArray(), all);
    QCOMPARE(report.value(QStringLiteral("pages")).toInt(), 3);
    QCOMPARE(report.value(QStringLiteral("pageRVs")).toInt(), 1);
    QCOMPARE(report.value(QStringLiteral("itemKinds")).toArray(), QJsonArray {QStringLiteral("None")});

    QStringList seen;
    const QString created = report.value(QStringLiteral("created")).toString();
    for (const QJsonValue &e : report.value(QStringLiteral("watch")).toArray()) {
        const QString type = e[QStringLiteral("type")].toString();
        if (type == QLatin1String("BOOKMARK")) {
            QVERIFY(!e[QStringLiteral("rv")].toString().isEmpty());
            seen << type;
        } else if (e[QStringLiteral("name")].toString() == created) {
            seen << type + (e[QStringLiteral("ready")].toBool() ? QStringLiteral("+ready") : QString());
        }
    }
    QVERIFY2(seen.indexOf(QStringLiteral("ADDED")) >= 0
            && seen.indexOf(QStringLiteral("ADDED")) < seen.indexOf(QStringLiteral("MODIFIED+ready")),
        qPrintable(seen.join(u',')));
    QVERIFY2(seen.contains(QStringLiteral("BOOKMARK")), qPrintable(seen.join(u',')));

    QCOMPARE(report[QStringLiteral("tooOld")][QStringLiteral("status")].toInt(), 410);
    const QJsonObject meta = report.value(QStringLiteral("secretsMeta")).toObject();
    QCOMPARE(meta.value(QStringLiteral("kind")).toString(), QStringLiteral("PartialObjectMetadataList"));
    const QJsonArray secrets = meta.value(QStringLiteral("items")).toArray();
    QCOMPARE(secrets.size(), 1);
    QCOMPARE(secrets[0][QStringLiteral("metadata")][QStringLiteral("name")].toString(), QStringLiteral("api-tls"));
    QVERIFY(!secrets[0].toObject().contains(QStringLiteral("data")));
    const QJsonArray slices = report.value(QStringLiteral("slices")).toArray();
    QCOMPARE(slices.size(), 1);
    QCOMPARE(slices[0][QStringLiteral("endpoints")].toInt(), 5); // the Deployment's pods; the created pod has no labels

    // The request log shows what the client sent: PY's boolean spelling, and secrets only as metadata.
    bool bookmarkWatch = false;
    for (const QJsonValue &entry : m_server.requestLog()) {
        QVERIFY(entry[QStringLiteral("userAgent")].toString().startsWith(QLatin1String("OpenAPI-Generator/")));
        const QJsonObject params = entry[QStringLiteral("params")].toObject();
        bookmarkWatch
            = bookmarkWatch || params.value(QStringLiteral("allowWatchBookmarks")).toString() == QLatin1String("True");
        if (entry[QStringLiteral("resource")].toString() == QLatin1String("secrets")) {
            QVERIFY(entry[QStringLiteral("accept")].toString().contains(QLatin1String("as=PartialObjectMetadataList")));
        }
    }
    QVERIFY(bookmarkWatch);
}

void ApiServerTest::rbac_kubectlShowsForbidden_data()
{
    QTest::addColumn<QJsonArray>("rules");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::addRow("default: no secrets") << QJsonArray()
                                         << QStringList {QStringLiteral("get"), QStringLiteral("secrets")}
                                         << QStringLiteral("Error from server (Forbidden): secrets is forbidden: User "
                                                           "\"restricted\" cannot list resource \"secrets\" in API "
                                                           "group \"\" in the namespace \"default\"");
    const QJsonObject clusterPods {{QStringLiteral("user"), QStringLiteral("restricted")},
        {QStringLiteral("verbs"), QJsonArray {QStringLiteral("list")}},
        {QStringLiteral("resources"), QJsonArray {QStringLiteral("pods")}}, {QStringLiteral("clusterScope"), true}};
    QTest::addRow("cluster-scope pods") << QJsonArray {clusterPods}
                                        << QStringList {QStringLiteral("get"), QStringLiteral("pods"),
                                               QStringLiteral("-A")}
                                        << QStringLiteral("Error from server (Forbidden): pods is forbidden: User "
                                                          "\"restricted\" cannot list resource \"pods\" in API group "
                                                          "\"\" at the cluster scope");
    const QJsonObject webIngresses {{QStringLiteral("user"), QStringLiteral("restricted")},
        {QStringLiteral("verbs"), QStringLiteral("*")},
        {QStringLiteral("resources"), QJsonArray {QStringLiteral("ingresses")}},
        {QStringLiteral("namespaces"), QJsonArray {QStringLiteral("web")}}};
    QTest::addRow("ingresses in web") << QJsonArray {webIngresses}
                                      << QStringList {QStringLiteral("get"), QStringLiteral("ingresses"),
                                             QStringLiteral("-n"), QStringLiteral("web")}
                                      << QStringLiteral("Error from server (Forbidden): ingresses.networking.k8s.io is "
                                                        "forbidden: User \"restricted\" cannot list resource "
                                                        "\"ingresses\" in API group \"networking.k8s.io\" in the "
                                                        "namespace \"web\"");
}

void ApiServerTest::rbac_kubectlShowsForbidden()
{
    QFETCH(QJsonArray, rules);
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QVERIFY(m_server.command(QStringLiteral("rbac"), {{QStringLiteral("reset"), true}})
                .value(QStringLiteral("ok"))
                .toBool());
    if (!rules.isEmpty()) {
        QVERIFY(m_server
                    .command(QStringLiteral("rbac"),
                        {{QStringLiteral("rules"), rules}, {QStringLiteral("mode"), QStringLiteral("add")}})
                    .value(QStringLiteral("ok"))
                    .toBool());
    }
    QString err;
    const bool ok = m_server.kubectl(
        QStringList {QStringLiteral("--context"), QStringLiteral("restricted")} + args, nullptr, 30000, &err);
    m_server.command(QStringLiteral("rbac"), {{QStringLiteral("reset"), true}});
    QVERIFY(!ok);
    QVERIFY2(err.contains(message), qPrintable(err));
}

void ApiServerTest::authentication_tokenCertificateAndBadToken()
{
    m_server.requestLog(true);
    QVERIFY2(m_server.kubectl({QStringLiteral("--context"), QStringLiteral("cert"), QStringLiteral("get"),
                 QStringLiteral("pods,services"), QStringLiteral("-A")}),
        qPrintable(m_server.lastKubectlError()));
    const QJsonArray log = m_server.requestLog(true);
    QVERIFY(!log.isEmpty());
    for (const QJsonValue &entry : log) {
        // A read-only client: GETs only, and no Secret at all.
        QCOMPARE(entry[QStringLiteral("method")].toString(), QStringLiteral("GET"));
        QVERIFY(entry[QStringLiteral("resource")].toString() != QLatin1String("secrets"));
        if (!entry[QStringLiteral("userAgent")].toString().startsWith(QLatin1String("kubectl-dispatcher"))) {
            QCOMPARE(entry[QStringLiteral("user")].toString(), QStringLiteral("cert-admin"));
        }
    }

    QString err;
    QVERIFY(!m_server.kubectl(
        {QStringLiteral("--context"), QStringLiteral("bad-token"), QStringLiteral("get"), QStringLiteral("pods")},
        nullptr, 30000, &err));
    QVERIFY2(err.contains(QLatin1String("You must be logged in to the server")), qPrintable(err));
}

// client-go retries a 429 that carries Retry-After; a 500 without it is reported; an ERROR 410 event ends
// kubectl get -w with the Status printed.
void ApiServerTest::faults_seenByKubectl()
{
    const QJsonObject podsOnly {{QStringLiteral("resource"), QStringLiteral("pods")}};
    QVERIFY(m_server
                .command(QStringLiteral("fault"),
                    {{QStringLiteral("type"), QStringLiteral("http429")}, {QStringLiteral("count"), 1},
                        {QStringLiteral("match"), podsOnly}})
                .value(QStringLiteral("ok"))
                .toBool());
    m_server.requestLog(true);
    QVERIFY2(
        m_server.kubectl({QStringLiteral("get"), QStringLiteral("pods")}), qPrintable(m_server.lastKubectlError()));
    QList<int> statuses;
    for (const QJsonValue &entry : m_server.requestLog()) {
        if (entry[QStringLiteral("resource")].toString() == QLatin1String("pods")) {
            statuses << entry[QStringLiteral("status")].toInt();
        }
    }
    QCOMPARE(statuses, (QList<int> {429, 200}));

    QVERIFY(m_server
                .command(QStringLiteral("fault"),
                    {{QStringLiteral("type"), QStringLiteral("http500")}, {QStringLiteral("match"), podsOnly}})
                .value(QStringLiteral("ok"))
                .toBool());
    QString err;
    QVERIFY(!m_server.kubectl({QStringLiteral("get"), QStringLiteral("pods")}, nullptr, 30000, &err));
    QVERIFY2(err.contains(QLatin1String("Error from server (InternalError)")), qPrintable(err));

    QVERIFY(m_server
                .command(QStringLiteral("fault"),
                    {{QStringLiteral("type"), QStringLiteral("watch_410")}, {QStringLiteral("match"), podsOnly}})
                .value(QStringLiteral("ok"))
                .toBool());
    QString out;
    m_server.kubectl({QStringLiteral("get"), QStringLiteral("pods"), QStringLiteral("-w")}, &out, 20000, &err);
    const QString printed = out + err;
    QVERIFY2(printed.contains(QLatin1String("too old resource version")), qPrintable(printed));
}

QTEST_GUILESS_MAIN(ApiServerTest)
#include "apiserver_test.moc"
