// The controllers of the test API server, as a control plane would run them: workloads to Pods, readiness,
// EndpointSlices and Endpoints, LoadBalancer addresses, garbage collection and graceful Pod termination.
#include "apiserverfixture.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QTest>

using namespace routemap::testing;

class ApiServerControllersTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void podsAndStatuses();
    void endpointSlicesFollowReadinessAndNamedPorts();
    void loadBalancer();
    void garbageCollection();
    void terminatingPods();
    void endpointSlicesHoldAtMost100Endpoints();

private:
    TestApiServer m_server;
};

void ApiServerControllersTest::initTestCase()
{
    ROUTEMAP_START_APISERVER(m_server);
    QVERIFY(applyProtocolFixture(m_server));
}

// Deployment -> ReplicaSet -> Pods, StatefulSet and DaemonSet pods, all scheduled with an IP, statuses filled.
void ApiServerControllersTest::podsAndStatuses()
{
    const QJsonArray web
        = listObjects(m_server, QStringLiteral("v1"), QStringLiteral("Pod"), QStringLiteral("app=web"));
    QCOMPARE(web.size(), 3);
    for (const QJsonValue &pod : web) {
        QVERIFY(!pod[QStringLiteral("status")][QStringLiteral("podIP")].toString().isEmpty());
        QCOMPARE(pod[QStringLiteral("status")][QStringLiteral("phase")].toString(), QStringLiteral("Running"));
        QCOMPARE(
            pod[QStringLiteral("metadata")][QStringLiteral("ownerReferences")][0][QStringLiteral("kind")].toString(),
            QStringLiteral("ReplicaSet"));
    }
    const QJsonArray db = listObjects(m_server, QStringLiteral("v1"), QStringLiteral("Pod"), QStringLiteral("app=db"));
    QCOMPARE(db.size(), 2);
    QCOMPARE(nameOf(db[0]), QStringLiteral("db-0"));
    QCOMPARE(db[0][QStringLiteral("spec")][QStringLiteral("hostname")].toString(), QStringLiteral("db-0"));
    QSet<QString> nodes;
    for (const QJsonValue &pod :
        listObjects(m_server, QStringLiteral("v1"), QStringLiteral("Pod"), QStringLiteral("app=agent"))) {
        nodes.insert(pod[QStringLiteral("spec")][QStringLiteral("nodeName")].toString());
    }
    QCOMPARE(nodes.size(), 3); // one per node of the default three

    const QJsonObject dep
        = getObject(m_server, QStringLiteral("apps/v1"), QStringLiteral("Deployment"), QStringLiteral("slow"));
    QCOMPARE(dep[QStringLiteral("status")][QStringLiteral("replicas")].toInt(), 2);
    QCOMPARE(dep[QStringLiteral("status")][QStringLiteral("unavailableReplicas")].toInt(), 2);
    QCOMPARE(dep[QStringLiteral("status")][QStringLiteral("readyReplicas")].toInt(), 0);
}

// §6.1: slices named <svc>-xxxxx with the service-name label and port names; readiness follows the pods;
// a named targetPort resolves per pod by name and protocol, pods with other numbers get their own slice.
void ApiServerControllersTest::endpointSlicesFollowReadinessAndNamedPorts()
{
    QJsonObject slow = sliceOf(m_server, QStringLiteral("slow"));
    QVERIFY(nameOf(slow).startsWith(QLatin1String("slow-")));
    QCOMPARE(slow[QStringLiteral("metadata")][QStringLiteral("labels")]
                 [QStringLiteral("endpointslice.kubernetes.io/managed-by")]
                     .toString(),
        QStringLiteral("endpointslice-controller.k8s.io"));
    QCOMPARE(slow[QStringLiteral("ports")][0][QStringLiteral("name")].toString(), QString());
    QCOMPARE(slow[QStringLiteral("endpoints")].toArray().size(), 2);
    for (const QJsonValue &ep : slow[QStringLiteral("endpoints")].toArray()) {
        QCOMPARE(ep[QStringLiteral("conditions")][QStringLiteral("ready")].toBool(), false);
        QCOMPARE(ep[QStringLiteral("conditions")][QStringLiteral("serving")].toBool(), false);
        QCOMPARE(ep[QStringLiteral("targetRef")][QStringLiteral("kind")].toString(), QStringLiteral("Pod"));
    }
    QVERIFY(replyOk(m_server.command(QStringLiteral("set_ready"),
        {{QStringLiteral("namespace"), protocolNamespace}, {QStringLiteral("selector"), QStringLiteral("app=slow")},
            {QStringLiteral("ready"), true}})));
    slow = sliceOf(m_server, QStringLiteral("slow"));
    for (const QJsonValue &ep : slow[QStringLiteral("endpoints")].toArray()) {
        QCOMPARE(ep[QStringLiteral("conditions")][QStringLiteral("ready")].toBool(), true);
    }
    const QJsonObject endpoints
        = getObject(m_server, QStringLiteral("v1"), QStringLiteral("Endpoints"), QStringLiteral("slow"));
    QCOMPARE(endpoints[QStringLiteral("subsets")][0][QStringLiteral("addresses")].toArray().size(), 2);

    // mixed-a: http=8080/TCP, mixed-b: http=9090/TCP, mixed-c: http only over UDP -> no port.
    const QJsonArray mixed = listObjects(m_server, QStringLiteral("discovery.k8s.io/v1"),
        QStringLiteral("EndpointSlice"), QStringLiteral("kubernetes.io/service-name=mixed"));
    QCOMPARE(mixed.size(), 3);
    QMap<QString, QString> portByPod;
    for (const QJsonValue &s : mixed) {
        const QJsonArray ports = s[QStringLiteral("ports")].toArray();
        const QString port = ports.isEmpty() ? QStringLiteral("none")
                                             : ports[0][QStringLiteral("name")].toString() + u'='
                + QString::number(ports[0][QStringLiteral("port")].toInt());
        for (const QJsonValue &ep : s[QStringLiteral("endpoints")].toArray()) {
            portByPod.insert(ep[QStringLiteral("targetRef")][QStringLiteral("name")].toString(), port);
        }
    }
    QCOMPARE(portByPod.value(QStringLiteral("mixed-a")), QStringLiteral("web=8080"));
    QCOMPARE(portByPod.value(QStringLiteral("mixed-b")), QStringLiteral("web=9090"));
    QCOMPARE(portByPod.value(QStringLiteral("mixed-c")), QStringLiteral("none"));

    // Headless StatefulSet service: hostnames and the headless label.
    const QJsonObject db = sliceOf(m_server, QStringLiteral("db"));
    QVERIFY(db[QStringLiteral("metadata")][QStringLiteral("labels")].toObject().contains(
        QStringLiteral("service.kubernetes.io/headless")));
    QCOMPARE(db[QStringLiteral("endpoints")][0][QStringLiteral("hostname")].toString(), QStringLiteral("db-0"));
}

void ApiServerControllersTest::loadBalancer()
{
    auto ingress = [this](const QString &name) {
        const QJsonObject svc = getObject(m_server, QStringLiteral("v1"), QStringLiteral("Service"), name);
        return svc[QStringLiteral("status")][QStringLiteral("loadBalancer")][QStringLiteral("ingress")].toArray();
    };
    QCOMPARE(ingress(QStringLiteral("lb")).size(), 1);
    QVERIFY(!ingress(QStringLiteral("lb"))[0][QStringLiteral("ip")].toString().isEmpty());
    QVERIFY(ingress(QStringLiteral("lb-pending")).isEmpty());
    QVERIFY(replyOk(m_server.command(QStringLiteral("set_lb"),
        {{QStringLiteral("namespace"), protocolNamespace}, {QStringLiteral("name"), QStringLiteral("lb-pending")},
            {QStringLiteral("pending"), false}})));
    QCOMPARE(ingress(QStringLiteral("lb-pending")).size(), 1);
    QVERIFY(replyOk(m_server.command(QStringLiteral("set_lb"),
        {{QStringLiteral("namespace"), protocolNamespace}, {QStringLiteral("name"), QStringLiteral("lb")},
            {QStringLiteral("pending"), true}})));
    QVERIFY(ingress(QStringLiteral("lb")).isEmpty());
}

// Deleting an owner deletes what it owns; deleting an owned pod makes the owner create a new one.
void ApiServerControllersTest::garbageCollection()
{
    const QJsonArray before
        = listObjects(m_server, QStringLiteral("v1"), QStringLiteral("Pod"), QStringLiteral("app=web"));
    QCOMPARE(before.size(), 3);
    const QJsonObject podRef {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Pod")}, {QStringLiteral("namespace"), protocolNamespace},
        {QStringLiteral("name"), nameOf(before[0])}};
    QVERIFY(replyOk(m_server.command(QStringLiteral("delete"), podRef)));
    const QJsonArray after
        = listObjects(m_server, QStringLiteral("v1"), QStringLiteral("Pod"), QStringLiteral("app=web"));
    QCOMPARE(after.size(), 3);
    for (const QJsonValue &pod : after) {
        QVERIFY(nameOf(pod) != nameOf(before[0]));
    }

    QVERIFY(replyOk(m_server.command(QStringLiteral("delete"),
        {{QStringLiteral("apiVersion"), QStringLiteral("apps/v1")},
            {QStringLiteral("kind"), QStringLiteral("StatefulSet")}, {QStringLiteral("namespace"), protocolNamespace},
            {QStringLiteral("name"), QStringLiteral("db")}})));
    QVERIFY(listObjects(m_server, QStringLiteral("v1"), QStringLiteral("Pod"), QStringLiteral("app=db")).isEmpty());
    const QJsonObject dbSlice = sliceOf(m_server, QStringLiteral("db"));
    QVERIFY(dbSlice[QStringLiteral("endpoints")].isArray());
    QVERIFY(dbSlice[QStringLiteral("endpoints")].toArray().isEmpty());
}

// With a grace period a deleted Pod stays terminating: its endpoint is serving but not ready, and its
// ReplicaSet already runs a replacement; then it goes.
void ApiServerControllersTest::terminatingPods()
{
    QVERIFY(replyOk(m_server.command(QStringLiteral("config"), {{QStringLiteral("podGraceMs"), 3000}})));
    const QJsonArray before
        = listObjects(m_server, QStringLiteral("v1"), QStringLiteral("Pod"), QStringLiteral("app=web"));
    QCOMPARE(before.size(), 3);
    const QString victim = nameOf(before[0]);
    const QJsonObject reply = m_server.command(QStringLiteral("delete"),
        {{QStringLiteral("apiVersion"), QStringLiteral("v1")}, {QStringLiteral("kind"), QStringLiteral("Pod")},
            {QStringLiteral("namespace"), protocolNamespace}, {QStringLiteral("name"), victim}});
    QVERIFY(replyOk(m_server.command(QStringLiteral("config"), {{QStringLiteral("podGraceMs"), 0}})));
    QVERIFY(replyOk(reply));
    QVERIFY(!reply[QStringLiteral("object")][QStringLiteral("metadata")][QStringLiteral("deletionTimestamp")]
                 .toString()
                 .isEmpty());

    const QJsonArray during
        = listObjects(m_server, QStringLiteral("v1"), QStringLiteral("Pod"), QStringLiteral("app=web"));
    QCOMPARE(during.size(), 4);
    QJsonObject victimEndpoint;
    for (const QJsonValue &ep : sliceOf(m_server, QStringLiteral("web"))[QStringLiteral("endpoints")].toArray()) {
        if (ep[QStringLiteral("targetRef")][QStringLiteral("name")].toString() == victim) {
            victimEndpoint = ep[QStringLiteral("conditions")].toObject();
        }
    }
    QCOMPARE(victimEndpoint,
        (QJsonObject {{QStringLiteral("ready"), false}, {QStringLiteral("serving"), true},
            {QStringLiteral("terminating"), true}}));
    QTRY_COMPARE_WITH_TIMEOUT(
        listObjects(m_server, QStringLiteral("v1"), QStringLiteral("Pod"), QStringLiteral("app=web")).size(), 3, 10000);
    QCOMPARE(sliceOf(m_server, QStringLiteral("web"))[QStringLiteral("endpoints")].toArray().size(), 3);
}

// The EndpointSlice controller's default --max-endpoints-per-slice is 100: 130 pods need two slices.
void ApiServerControllersTest::endpointSlicesHoldAtMost100Endpoints()
{
    QJsonObject web
        = getObject(m_server, QStringLiteral("apps/v1"), QStringLiteral("Deployment"), QStringLiteral("web"));
    QVERIFY(!web.isEmpty());
    QJsonObject spec = web.value(QStringLiteral("spec")).toObject();
    spec.insert(QStringLiteral("replicas"), 130);
    web.insert(QStringLiteral("spec"), spec);
    QVERIFY(replyOk(m_server.command(QStringLiteral("apply"), {{QStringLiteral("object"), web}})));
    const QJsonArray slices = listObjects(m_server, QStringLiteral("discovery.k8s.io/v1"),
        QStringLiteral("EndpointSlice"), QStringLiteral("kubernetes.io/service-name=web"));
    QCOMPARE(slices.size(), 2);
    QSet<QString> addresses;
    for (const QJsonValue &slice : slices) {
        const QJsonArray endpoints = slice[QStringLiteral("endpoints")].toArray();
        QVERIFY(endpoints.size() <= 100);
        for (const QJsonValue &ep : endpoints) {
            addresses.insert(ep[QStringLiteral("addresses")][0].toString());
        }
    }
    QCOMPARE(addresses.size(), 130);
    const QJsonObject endpoints
        = getObject(m_server, QStringLiteral("v1"), QStringLiteral("Endpoints"), QStringLiteral("web"));
    QCOMPARE(endpoints[QStringLiteral("subsets")][0][QStringLiteral("addresses")].toArray().size(), 130);
}

QTEST_GUILESS_MAIN(ApiServerControllersTest)
#include "apiservercontrollers_test.moc"
