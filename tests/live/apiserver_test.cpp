// The test API server (tests/apiserver/apiserver.py) behaves like a kube-apiserver for the real clients:
// kubectl (through /usr/bin/kubectl's dispatcher), python3-kubernetes and raw HTTP. Everything here runs
// against servers this test starts on 127.0.0.1.
#include "sources/manifestloader.h"
#include "testapiserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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

    void discovery_data();
    void discovery();
    void applyCorpus_data();
    void applyCorpus();
    void deployment_producesReadyPodsAndEndpointSlices();
    void deleteAndScale_seenByKubectl();

private:
    TestApiServer m_server;
};

void ApiServerTest::initTestCase()
{
    ROUTEMAP_START_APISERVER(m_server);
    ROUTEMAP_REQUIRE_KUBECTL();
    QVERIFY(m_server.url().startsWith(QLatin1String("https://127.0.0.1:")));
}

void ApiServerTest::discovery_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");
    QTest::addRow("version minor 32") << QStringLiteral("/version") << QStringLiteral("\"minor\":\"32\"");
    QTest::addRow("core versions") << QStringLiteral("/api") << QStringLiteral("\"versions\":[\"v1\"]");
    QTest::addRow("core resources") << QStringLiteral("/api/v1") << QStringLiteral("\"name\":\"endpoints\"");
    QTest::addRow("groups") << QStringLiteral("/apis") << QStringLiteral("\"name\":\"gateway.networking.k8s.io\"");
    QTest::addRow("apps") << QStringLiteral("/apis/apps/v1") << QStringLiteral("\"name\":\"deployments/scale\"");
    QTest::addRow("gateway v1") << QStringLiteral("/apis/gateway.networking.k8s.io/v1")
                                << QStringLiteral("\"name\":\"grpcroutes\"");
    QTest::addRow("referencegrants v1beta1") << QStringLiteral("/apis/gateway.networking.k8s.io/v1beta1")
                                             << QStringLiteral("\"name\":\"referencegrants\"");
}

void ApiServerTest::discovery()
{
    QFETCH(QString, path);
    QFETCH(QString, expected);
    QString out;
    QVERIFY2(m_server.kubectl({QStringLiteral("get"), QStringLiteral("--raw"), path}, &out),
             qPrintable(m_server.lastKubectlError()));
    QVERIFY2(out.contains(expected), qPrintable(out.left(400)));
}

void ApiServerTest::applyCorpus_data()
{
    QTest::addColumn<QString>("path");
    QTest::addRow("guestbook") << corpus + QStringLiteral("/guestbook");
    QTest::addRow("online-boutique") << corpus + QStringLiteral("/online-boutique/kubernetes-manifests.yaml");
    QTest::addRow("ingress-nginx-examples") << corpus + QStringLiteral("/ingress-nginx-examples");
    QTest::addRow("k8s-website-networking") << corpus + QStringLiteral("/k8s-website-networking");
}

// kubectl apply -f of real manifests, then kubectl get -A -o json returns each object with server fields.
void ApiServerTest::applyCorpus()
{
    QFETCH(QString, path);
    const LoadResult expected = ManifestLoader::loadPaths({path});
    QVERIFY(!expected.objects.isEmpty());
    QVERIFY2(m_server.kubectl({QStringLiteral("apply"), QStringLiteral("-R"), QStringLiteral("-f"), path}, nullptr,
                              60000),
             qPrintable(m_server.lastKubectlError()));
    QSet<QString> kinds;
    for (const KubeObject &o : expected.objects) {
        kinds.insert(o.ref.kind.toLower() + (o.ref.group.isEmpty() ? QString() : QLatin1Char('.') + o.ref.group));
    }
    const QJsonObject list = getJson(m_server, {QStringLiteral("get"), QStringList(kinds.values()).join(u','),
                                                QStringLiteral("-A")});
    QHash<QString, QJsonObject> byKey;
    for (const QJsonValue &item : list.value(QStringLiteral("items")).toArray()) {
        const QJsonObject meta = item[QStringLiteral("metadata")].toObject();
        byKey.insert(item[QStringLiteral("kind")].toString() + u'/' + meta.value(QStringLiteral("namespace")).toString()
                         + u'/' + meta.value(QStringLiteral("name")).toString(),
                     meta);
    }
    for (const KubeObject &o : expected.objects) {
        const QString key = o.ref.kind + u'/' + o.ref.ns + u'/' + o.ref.name;
        QVERIFY2(byKey.contains(key), qPrintable(key));
        const QJsonObject meta = byKey.value(key);
        QVERIFY2(!meta.value(QStringLiteral("uid")).toString().isEmpty(), qPrintable(key));
        QVERIFY2(!meta.value(QStringLiteral("resourceVersion")).toString().isEmpty(), qPrintable(key));
        QVERIFY2(meta.value(QStringLiteral("creationTimestamp")).toString().endsWith(u'Z'), qPrintable(key));
    }
}

void ApiServerTest::deployment_producesReadyPodsAndEndpointSlices()
{
    QVERIFY2(m_server.kubectl({QStringLiteral("apply"), QStringLiteral("-f"), corpus + QStringLiteral("/guestbook")}),
             qPrintable(m_server.lastKubectlError()));
    const QJsonObject pods = getJson(m_server, {QStringLiteral("get"), QStringLiteral("pods"), QStringLiteral("-l"),
                                                QStringLiteral("app=guestbook,tier=frontend")});
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

    const QJsonObject slices = getJson(m_server, {QStringLiteral("get"), QStringLiteral("endpointslices"),
                                                  QStringLiteral("-l"),
                                                  QStringLiteral("kubernetes.io/service-name=frontend")});
    const QJsonArray sliceItems = slices.value(QStringLiteral("items")).toArray();
    QCOMPARE(sliceItems.size(), 1);
    const QJsonObject slice = sliceItems.first().toObject();
    QVERIFY(slice[QStringLiteral("metadata")][QStringLiteral("name")].toString().startsWith(QLatin1String("frontend-")));
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
// made while it watches (the server ends watches after 4 s so kubectl exits by itself).
void ApiServerTest::deleteAndScale_seenByKubectl()
{
    QVERIFY2(m_server.kubectl({QStringLiteral("apply"), QStringLiteral("-f"), corpus + QStringLiteral("/guestbook")}),
             qPrintable(m_server.lastKubectlError()));
    QVERIFY2(m_server.kubectl({QStringLiteral("scale"), QStringLiteral("deployment/redis-replica"),
                               QStringLiteral("--replicas=4")}),
             qPrintable(m_server.lastKubectlError()));
    const QStringList selector{QStringLiteral("get"), QStringLiteral("pods"), QStringLiteral("-l"),
                               QStringLiteral("app=redis,role=replica")};
    const QStringList before = itemNames(getJson(m_server, selector));
    QCOMPARE(before.size(), 4);

    QVERIFY2(m_server.kubectl({QStringLiteral("delete"), QStringLiteral("pod"), before.first()}),
             qPrintable(m_server.lastKubectlError()));
    const QStringList after = itemNames(getJson(m_server, selector));
    QCOMPARE(after.size(), 4);
    QVERIFY(!after.contains(before.first()));

    // The delete is scheduled on the server while kubectl get -w runs.
    QVERIFY(m_server.command(QStringLiteral("config"), {{QStringLiteral("watchTimeoutCap"), 4}})
                .value(QStringLiteral("ok"))
                .toBool());
    const QJsonObject scheduled = m_server.command(
        QStringLiteral("delete"), {{QStringLiteral("delayMs"), 1500}, {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                   {QStringLiteral("kind"), QStringLiteral("Pod")},
                                   {QStringLiteral("namespace"), QStringLiteral("default")},
                                   {QStringLiteral("name"), after.first()}});
    QVERIFY(scheduled.value(QStringLiteral("ok")).toBool());
    QString out;
    const bool watched = m_server.kubectl(
        selector + QStringList{QStringLiteral("-w"), QStringLiteral("--output-watch-events")}, &out, 20000);
    m_server.command(QStringLiteral("config"), {{QStringLiteral("watchTimeoutCap"), 0}});
    QVERIFY2(watched, qPrintable(m_server.lastKubectlError()));
    // Columns EVENT NAME AGE: the initial ADDED rows, then the DELETED row for the scheduled delete.
    const QString deleted = QStringLiteral("^DELETED +%1 ").arg(after.first());
    QVERIFY2(out.contains(QRegularExpression(deleted, QRegularExpression::MultilineOption)), qPrintable(out));
    QVERIFY2(out.contains(QRegularExpression(QStringLiteral("^ADDED +%1 ").arg(after.last()),
                                             QRegularExpression::MultilineOption)),
             qPrintable(out));
}

QTEST_GUILESS_MAIN(ApiServerTest)
#include "apiserver_test.moc"
