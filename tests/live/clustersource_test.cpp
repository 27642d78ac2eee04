#include "cluster/clustersource.h"
#include "sources/manifestloader.h"
#include "testapiserver.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>
#include <algorithm>

using namespace routemap;
using routemap::testing::TestApiServer;

namespace {

const QString kMetadataAccept = QStringLiteral("application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1");

QJsonObject obj(std::initializer_list<QPair<QString, QJsonValue>> members)
{
    QJsonObject o;
    for (const auto &m : members) {
        o.insert(m.first, m.second);
    }
    return o;
}

ClusterSpec specFor(const TestApiServer &server, const QString &context = {})
{
    ClusterSpec spec;
    spec.kubeconfigFile = server.kubeconfigPath();
    spec.context = context;
    spec.allNamespaces = true;
    return spec;
}

// The last snapshot a spy has seen.
Snapshot lastSnapshot(const QSignalSpy &spy)
{
    return spy.isEmpty() ? Snapshot() : spy.last().first().value<Snapshot>();
}

SourceStatus::State lastState(const QSignalSpy &spy)
{
    return spy.isEmpty() ? SourceStatus::State::Idle : spy.last().first().value<SourceStatus>().state;
}

bool sawState(const QSignalSpy &spy, SourceStatus::State state)
{
    return std::any_of(spy.cbegin(), spy.cend(),
        [state](const QList<QVariant> &args) { return args.first().value<SourceStatus>().state == state; });
}

QString failureMessage(const ClusterSource &source)
{
    return source.status().message;
}

int replicasOf(const Snapshot &s, const QString &ns, const QString &deployment)
{
    int n = 0;
    for (const Pod &pod : s.pods()) {
        const Workload *owner = s.ownerOf(pod);
        if (pod.object->ref.ns == ns && owner && owner->object->ref.name == deployment) {
            ++n;
        }
    }
    return n;
}

QString annotationOf(const Snapshot &s, const QString &ns, const QString &service, const QString &key)
{
    const Service *svc = s.service(ns, service);
    return svc ? svc->object->annotations.value(key) : QString();
}

// Every request Routemap made: GET only, its own User-Agent, Secrets only as TLS metadata.
void verifyRequestLog(TestApiServer &server)
{
    const QJsonArray log = server.requestLog();
    int ours = 0;
    int secrets = 0;
    for (const QJsonValue &v : log) {
        const QJsonObject e = v.toObject();
        if (!e.value(QLatin1String("userAgent")).toString().startsWith(QLatin1String("routemap/"))) {
            continue;
        }
        ++ours;
        QCOMPARE(e.value(QLatin1String("method")).toString(), QStringLiteral("GET"));
        if (e.value(QLatin1String("resource")).toString() == QLatin1String("secrets")) {
            ++secrets;
            const QString accept = e.value(QLatin1String("accept")).toString();
            QVERIFY2(accept.startsWith(QLatin1String("application/json;as=PartialObjectMetadata")), qPrintable(accept));
            QVERIFY2(!accept.contains(QLatin1String(",application/json")), qPrintable(accept));
            QVERIFY2(QUrl::fromPercentEncoding(e.value(QLatin1String("query")).toString().toUtf8())
                         .contains(QLatin1String("fieldSelector=type=kubernetes.io/tls")),
                qPrintable(e.value(QLatin1String("query")).toString()));
            QVERIFY(e.value(QLatin1String("name")).toString().isEmpty()); // never one Secret read by name
        }
    }
    QVERIFY2(ours > 0, "no request from routemap in the server's log");
    QVERIFY2(secrets > 0, "secrets were never listed");
}

int countRequests(TestApiServer &server, const QString &resource, bool watch)
{
    int n = 0;
    const QJsonArray log = server.requestLog();
    for (const QJsonValue &v : log) {
        const QJsonObject e = v.toObject();
        if (e.value(QLatin1String("userAgent")).toString().startsWith(QLatin1String("routemap/"))
            && e.value(QLatin1String("resource")).toString() == resource
            && e.value(QLatin1String("watch")).toBool() == watch) {
            ++n;
        }
    }
    return n;
}

} // namespace

class ClusterSourceTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void oneShotListsAppliedCorpus();
    void followSeesChanges();
    void relistsAfterExpiredWatch();
    void reconnectsAfterServerRestart();
    void staleWhileTheServerIsGone();
    void refreshRelists();
    void namespacesGiven();
    void execPluginRerunAfter401();
    void forbiddenKindIsPartial();
    void honoursRetryAfter();
    void survivesTruncatedChunk();
    void gatewayApiAsServed_data();
    void gatewayApiAsServed();
    void paginatesAndRestartsExpiredContinue();
    void authentication_data();
    void authentication();
    void failures_data();
    void failures();
    void wrongCaFailsWithoutFallback();

private:
    std::unique_ptr<TestApiServer> m_server;
};

void ClusterSourceTest::initTestCase()
{
    qRegisterMetaType<Snapshot>();
    qRegisterMetaType<SourceStatus>();
}

void ClusterSourceTest::oneShotListsAppliedCorpus()
{
    TestApiServer server;
    ROUTEMAP_START_APISERVER(server);
    ROUTEMAP_REQUIRE_KUBECTL();
    const QString corpus = QStringLiteral(ROUTEMAP_CORPUS "/online-boutique/kubernetes-manifests.yaml");
    QVERIFY2(server.kubectl(
                 {QStringLiteral("apply"), QStringLiteral("-n"), QStringLiteral("shop"), QStringLiteral("-f"), corpus}),
        qPrintable(server.lastKubectlError()));
    server.requestLog(true);

    ClusterSource source(specFor(server));
    QSignalSpy snapshots(&source, &ClusterSource::snapshotReady);
    QSignalSpy statuses(&source, &ClusterSource::statusChanged);
    QElapsedTimer timer;
    timer.start();
    source.start(false);
    QTRY_COMPARE_WITH_TIMEOUT(snapshots.size(), 1, 30000);
    const qint64 listMs = timer.elapsed();
    QTRY_COMPARE_WITH_TIMEOUT(lastState(statuses), SourceStatus::State::Idle, 5000);
    QVERIFY(sawState(statuses, SourceStatus::State::Loading));
    QCOMPARE(source.displayName(), QStringLiteral("context token"));

    const Snapshot s = lastSnapshot(snapshots);
    QVERIFY(s.isComplete());
    QCOMPARE(s.sourceKind(), QStringLiteral("cluster"));
    // Every understood object of the corpus is there, in the namespace it was applied to.
    const Snapshot expected = ManifestLoader::loadPaths({corpus}).toSnapshot();
    int understood = 0;
    for (const ObjectPtr &o : expected.objects()) {
        if (!isUnderstoodKind(o->ref.group, o->ref.kind)) {
            continue;
        }
        ObjectRef ref = o->ref;
        ref.ns = QStringLiteral("shop");
        const ObjectPtr live = s.object(ref);
        QVERIFY2(live, qPrintable(ref.display() + QStringLiteral(" missing")));
        QCOMPARE(live->location.display(), QStringLiteral("context token"));
        ++understood;
    }
    QCOMPARE(understood, 24);
    // Plus what the server's controllers made.
    QVERIFY(replicasOf(s, QStringLiteral("shop"), QStringLiteral("frontend")) >= 1);
    QVERIFY(!s.endpointsOf(QStringLiteral("shop"), QStringLiteral("frontend")).isEmpty());
    QVERIFY(s.namespaceObject(QStringLiteral("shop")));
    QVERIFY(!s.nodes().isEmpty());
    // ServiceAccounts are not understood: never listed.
    QCOMPARE(s.documentsByKind().value(QStringLiteral("ServiceAccount")), 0);

    qInfo("one list of online-boutique: %lld requests, %lld ms, %lld objects", source.requestCount(), listMs,
        static_cast<long long>(s.objects().size()));
    QCOMPARE(qint64(server.requestLog().size()), source.requestCount());
    verifyRequestLog(server);
}

void ClusterSourceTest::followSeesChanges()
{
    TestApiServer server;
    ROUTEMAP_START_APISERVER(server);
    ROUTEMAP_REQUIRE_KUBECTL();
    QVERIFY2(server.kubectl({QStringLiteral("apply"), QStringLiteral("-n"), QStringLiteral("shop"),
                 QStringLiteral("-f"), QStringLiteral(ROUTEMAP_CORPUS "/online-boutique/kubernetes-manifests.yaml")}),
        qPrintable(server.lastKubectlError()));

    ClusterSource source(specFor(server));
    QSignalSpy snapshots(&source, &ClusterSource::snapshotReady);
    source.start(true);
    QTRY_VERIFY_WITH_TIMEOUT(!snapshots.isEmpty(), 30000);
    QTRY_COMPARE_WITH_TIMEOUT(source.status().state, SourceStatus::State::Live, 5000);
    QCOMPARE(replicasOf(lastSnapshot(snapshots), QStringLiteral("shop"), QStringLiteral("cartservice")), 1);

    QVERIFY2(server.kubectl({QStringLiteral("scale"), QStringLiteral("-n"), QStringLiteral("shop"),
                 QStringLiteral("deployment/cartservice"), QStringLiteral("--replicas=3")}),
        qPrintable(server.lastKubectlError()));
    QTRY_COMPARE_WITH_TIMEOUT(
        replicasOf(lastSnapshot(snapshots), QStringLiteral("shop"), QStringLiteral("cartservice")), 3, 10000);

    QVERIFY2(server.kubectl({QStringLiteral("delete"), QStringLiteral("-n"), QStringLiteral("shop"),
                 QStringLiteral("service/adservice")}),
        qPrintable(server.lastKubectlError()));
    QTRY_VERIFY_WITH_TIMEOUT(
        !lastSnapshot(snapshots).service(QStringLiteral("shop"), QStringLiteral("adservice")), 10000);
    QVERIFY(lastSnapshot(snapshots).service(QStringLiteral("shop"), QStringLiteral("frontend")));

    // Latency from a kubectl change to the snapshot that shows it (reported, not asserted). kubectl runs
    // asynchronously so that snapshots are timed as they arrive.
    QList<qint64> afterExit;
    QList<qint64> fromStart;
    for (int i = 0; i < 20; ++i) {
        const QString value = QString::number(i);
        QElapsedTimer timer;
        qint64 seenAt = -1;
        const QMetaObject::Connection c
            = connect(&source, &ClusterSource::snapshotReady, this, [&](const Snapshot &snap) {
                  if (seenAt < 0
                      && annotationOf(snap, QStringLiteral("shop"), QStringLiteral("frontend"),
                             QStringLiteral("routemap.test/change"))
                          == value) {
                      seenAt = timer.elapsed();
                  }
              });
        QTemporaryDir cache;
        QProcess kubectl;
        timer.start();
        kubectl.start(TestApiServer::kubectlPath(),
            {QStringLiteral("--kubeconfig"), server.kubeconfigPath(), QStringLiteral("--cache-dir"), cache.path(),
                QStringLiteral("annotate"), QStringLiteral("--overwrite"), QStringLiteral("-n"), QStringLiteral("shop"),
                QStringLiteral("service/frontend"), QStringLiteral("routemap.test/change=") + value});
        qint64 exitedAt = -1;
        connect(&kubectl, &QProcess::finished, this, [&] { exitedAt = timer.elapsed(); });
        QTRY_VERIFY_WITH_TIMEOUT(exitedAt >= 0 && seenAt >= 0, 20000);
        disconnect(c);
        QCOMPARE(kubectl.exitCode(), 0);
        afterExit.append(seenAt - exitedAt);
        fromStart.append(seenAt);
    }
    std::sort(afterExit.begin(), afterExit.end());
    std::sort(fromStart.begin(), fromStart.end());
    qInfo("kubectl annotate -> snapshot, 20 changes: median %lld ms from kubectl's start (kubectl itself included), "
          "median %lld ms relative to kubectl's exit (negative: the snapshot came first)",
        fromStart.at(fromStart.size() / 2), afterExit.at(afterExit.size() / 2));

    // Unchanged objects are shared between snapshots, not copied.
    QVERIFY(snapshots.size() >= 2);
    const ObjectRef kubernetes {
        QString(), QStringLiteral("Service"), QStringLiteral("default"), QStringLiteral("kubernetes")};
    const ObjectPtr before = snapshots.at(snapshots.size() - 2).first().value<Snapshot>().object(kubernetes);
    QVERIFY(before);
    QCOMPARE(lastSnapshot(snapshots).object(kubernetes).get(), before.get());
    QCOMPARE(source.status().state, SourceStatus::State::Live);
    verifyRequestLog(server);
    source.stop();
    const qsizetype count = snapshots.size();
    QTest::qWait(0);
    QCOMPARE(snapshots.size(), count);
}

void ClusterSourceTest::relistsAfterExpiredWatch()
{
    TestApiServer server;
    ROUTEMAP_START_APISERVER(server);
    ClusterSource source(specFor(server));
    QSignalSpy snapshots(&source, &ClusterSource::snapshotReady);
    source.start(true);
    QTRY_COMPARE_WITH_TIMEOUT(source.status().state, SourceStatus::State::Live, 30000);
    QCOMPARE(countRequests(server, QStringLiteral("services"), false), 1);

    // The server forgets its history and cuts the watches: resuming gets 410, Routemap lists again.
    QVERIFY(server.command(QStringLiteral("compact")).value(QLatin1String("ok")).toBool());
    const QJsonObject svc = obj({{QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Service")},
        {QStringLiteral("metadata"),
            obj({{QStringLiteral("name"), QStringLiteral("late")},
                {QStringLiteral("namespace"), QStringLiteral("web")}})},
        {QStringLiteral("spec"), obj({{QStringLiteral("ports"), QJsonArray {obj({{QStringLiteral("port"), 80}})}}})}});
    QVERIFY(server.command(QStringLiteral("drop_watches")).value(QLatin1String("ok")).toBool());
    QVERIFY(
        server.command(QStringLiteral("apply"), {{QStringLiteral("object"), svc}}).value(QLatin1String("ok")).toBool());
    QTRY_VERIFY_WITH_TIMEOUT(lastSnapshot(snapshots).service(QStringLiteral("web"), QStringLiteral("late")), 15000);
    QTRY_COMPARE_WITH_TIMEOUT(source.status().state, SourceStatus::State::Live, 10000);

    // An ERROR 410 inside a watch stream does the same.
    QVERIFY(server
                .command(QStringLiteral("fault"),
                    {{QStringLiteral("type"), QStringLiteral("watch_410")},
                        {QStringLiteral("match"), obj({{QStringLiteral("resource"), QStringLiteral("services")}})}})
                .value(QLatin1String("ok"))
                .toBool());
    const int listsBefore = countRequests(server, QStringLiteral("services"), false);
    QVERIFY(server.command(QStringLiteral("drop_watches"), {{QStringLiteral("resource"), QStringLiteral("services")}})
                .value(QLatin1String("ok"))
                .toBool());
    QTRY_VERIFY_WITH_TIMEOUT(countRequests(server, QStringLiteral("services"), false) > listsBefore, 15000);
    QVERIFY(server
                .command(QStringLiteral("delete"),
                    {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                        {QStringLiteral("kind"), QStringLiteral("Service")},
                        {QStringLiteral("namespace"), QStringLiteral("web")},
                        {QStringLiteral("name"), QStringLiteral("late")}})
                .value(QLatin1String("ok"))
                .toBool());
    QTRY_VERIFY_WITH_TIMEOUT(!lastSnapshot(snapshots).service(QStringLiteral("web"), QStringLiteral("late")), 15000);
    QVERIFY(lastSnapshot(snapshots).service(QStringLiteral("default"), QStringLiteral("kubernetes")));
}

void ClusterSourceTest::reconnectsAfterServerRestart()
{
    TestApiServer server;
    ROUTEMAP_START_APISERVER(server);
    ClusterSource source(specFor(server));
    QSignalSpy snapshots(&source, &ClusterSource::snapshotReady);
    QSignalSpy statuses(&source, &ClusterSource::statusChanged);
    source.start(true);
    QTRY_COMPARE_WITH_TIMEOUT(source.status().state, SourceStatus::State::Live, 30000);

    QVERIFY(server.stop());
    QTRY_COMPARE_WITH_TIMEOUT(source.status().state, SourceStatus::State::Reconnecting, 15000);
    QVERIFY(source.status().attempt >= 1);
    QVERIFY2(source.status().message.contains(QLatin1String("cannot reach")), qPrintable(source.status().message));
    const qsizetype before = snapshots.size();
    QVERIFY(server
                .command(QStringLiteral("apply"),
                    {{QStringLiteral("object"),
                        obj({{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                            {QStringLiteral("kind"), QStringLiteral("Namespace")},
                            {QStringLiteral("metadata"), obj({{QStringLiteral("name"), QStringLiteral("after")}})}})}})
                .value(QLatin1String("ok"))
                .toBool());
    QVERIFY(server.resume());
    QTRY_COMPARE_WITH_TIMEOUT(source.status().state, SourceStatus::State::Live, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(lastSnapshot(snapshots).namespaceObject(QStringLiteral("after")), 10000);
    QVERIFY(snapshots.size() > before);
    QVERIFY(sawState(statuses, SourceStatus::State::Reconnecting));
}

void ClusterSourceTest::staleWhileTheServerIsGone()
{
    TestApiServer server;
    ROUTEMAP_START_APISERVER(server);
    ClusterSource source(specFor(server));
    source.setReconnectTimings(100, 1500);
    QSignalSpy snapshots(&source, &ClusterSource::snapshotReady);
    source.start(true);
    QTRY_COMPARE_WITH_TIMEOUT(source.status().state, SourceStatus::State::Live, 30000);
    const qsizetype published = snapshots.size();

    const QDateTime lost = QDateTime::currentDateTimeUtc();
    QVERIFY(server.stop());
    QTRY_COMPARE_WITH_TIMEOUT(source.status().state, SourceStatus::State::Stale, 20000);
    // "Stale since" the connection was lost, not since the state changed.
    QVERIFY(source.status().since.isValid());
    QVERIFY2(qAbs(source.status().since.msecsTo(lost)) < 1000,
        qPrintable(source.status().since.toString(Qt::ISODateWithMs)));
    QVERIFY(source.status().message.contains(QLatin1String("no connection to ")));
    QCOMPARE(snapshots.size(), published); // the last snapshot stays the current one

    QVERIFY(server.resume());
    QTRY_COMPARE_WITH_TIMEOUT(source.status().state, SourceStatus::State::Live, 30000);
}

void ClusterSourceTest::refreshRelists()
{
    TestApiServer server;
    ROUTEMAP_START_APISERVER(server);
    ClusterSource source(specFor(server));
    QSignalSpy snapshots(&source, &ClusterSource::snapshotReady);
    source.start(true);
    QTRY_COMPARE_WITH_TIMEOUT(source.status().state, SourceStatus::State::Live, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(snapshots.size(), 1, 5000);
    QCOMPARE(countRequests(server, QStringLiteral("pods"), false), 1);

    source.refresh();
    QTRY_COMPARE_WITH_TIMEOUT(snapshots.size(), 2, 30000);
    QCOMPARE(countRequests(server, QStringLiteral("pods"), false), 2);
    QCOMPARE(countRequests(server, QStringLiteral("services"), false), 2);
    QTRY_COMPARE_WITH_TIMEOUT(source.status().state, SourceStatus::State::Live, 10000);

    // After a one-shot list, refresh lists once more.
    ClusterSource once(specFor(server));
    QSignalSpy onceSnapshots(&once, &ClusterSource::snapshotReady);
    once.start(false);
    QTRY_COMPARE_WITH_TIMEOUT(onceSnapshots.size(), 1, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(once.status().state, SourceStatus::State::Idle, 5000);
    once.refresh();
    QTRY_COMPARE_WITH_TIMEOUT(onceSnapshots.size(), 2, 30000);

    // A stopped source stays stopped.
    once.stop();
    once.refresh();
    QTest::qWait(0);
    QCOMPARE(onceSnapshots.size(), 2);
}

void ClusterSourceTest::namespacesGiven()
{
    TestApiServer server;
    ROUTEMAP_START_APISERVER(server);
    for (const QString &ns : {QStringLiteral("shop"), QStringLiteral("web")}) {
        const QJsonObject svc = obj(
            {{QStringLiteral("apiVersion"), QStringLiteral("v1")}, {QStringLiteral("kind"), QStringLiteral("Service")},
                {QStringLiteral("metadata"),
                    obj({{QStringLiteral("name"), QStringLiteral("api")}, {QStringLiteral("namespace"), ns}})},
                {QStringLiteral("spec"),
                    obj({{QStringLiteral("ports"), QJsonArray {obj({{QStringLiteral("port"), 80}})}}})}});
        QVERIFY(server.command(QStringLiteral("apply"), {{QStringLiteral("object"), svc}})
                    .value(QLatin1String("ok"))
                    .toBool());
    }
    // Secrets: the TLS one arrives as metadata (its type known from the field selector), the other never.
    for (const QString &type : {QStringLiteral("kubernetes.io/tls"), QStringLiteral("Opaque")}) {
        const QString name = type == QLatin1String("Opaque") ? QStringLiteral("password") : QStringLiteral("cert");
        const QJsonObject secret = obj({{QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("kind"), QStringLiteral("Secret")}, {QStringLiteral("type"), type},
            {QStringLiteral("metadata"),
                obj({{QStringLiteral("name"), name}, {QStringLiteral("namespace"), QStringLiteral("shop")}})},
            {QStringLiteral("data"), obj({{QStringLiteral("tls.key"), QStringLiteral("c2VjcmV0")}})}});
        QVERIFY(server.command(QStringLiteral("apply"), {{QStringLiteral("object"), secret}})
                    .value(QLatin1String("ok"))
                    .toBool());
    }
    ClusterSpec spec = specFor(server);
    spec.allNamespaces = false;
    spec.namespaces = {QStringLiteral("shop")};
    ClusterSource source(spec);
    QSignalSpy snapshots(&source, &ClusterSource::snapshotReady);
    source.start(false);
    QTRY_COMPARE_WITH_TIMEOUT(snapshots.size(), 1, 30000);
    const Snapshot s = lastSnapshot(snapshots);
    QVERIFY(s.service(QStringLiteral("shop"), QStringLiteral("api")));
    QVERIFY(!s.service(QStringLiteral("web"), QStringLiteral("api")));
    QCOMPARE(s.namespaces().size(), 1);
    QCOMPARE(s.namespaces().first().object->ref.name, QStringLiteral("shop"));
    QVERIFY(!s.nodes().isEmpty()); // cluster-scoped kinds are still listed
    QCOMPARE(s.secrets().size(), 1);
    const Secret *cert = s.secret(QStringLiteral("shop"), QStringLiteral("cert"));
    QVERIFY(cert);
    QCOMPARE(cert->type, QStringLiteral("kubernetes.io/tls"));
    QVERIFY(!cert->object->body.contains(QLatin1String("data")));
    verifyRequestLog(server);
    for (const QJsonValue &v : server.requestLog()) {
        const QJsonObject e = v.toObject();
        if (e.value(QLatin1String("resource")).toString() == QLatin1String("services")) {
            QCOMPARE(e.value(QLatin1String("path")).toString(), QStringLiteral("/api/v1/namespaces/shop/services"));
        }
    }
}

void ClusterSourceTest::execPluginRerunAfter401()
{
    TestApiServer server;
    ROUTEMAP_START_APISERVER(server);
    // A plugin whose first token is refused: the 401 re-runs it once and the second token works.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString script = dir.filePath(QStringLiteral("plugin.sh"));
    QFile file(script);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral("#!/bin/sh\n"
                              "n=$(cat '%1/count' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '%1/count'\n"
                              "if [ $n -eq 1 ]; then t=expired; else t='%2'; fi\n"
                              "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                              "\"status\":{\"token\":\"%s\"}}' \"$t\"\n")
                   .arg(dir.path(), server.token())
                   .toUtf8());
    file.close();
    QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    const QString kubeconfig = dir.filePath(QStringLiteral("kubeconfig"));
    QFile config(kubeconfig);
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(
        QStringLiteral("apiVersion: v1\nkind: Config\ncurrent-context: exec\n"
                       "clusters:\n- name: c\n  cluster:\n    server: %1\n    certificate-authority: %2\n"
                       "users:\n- name: plugin\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                       "      command: %3\n      interactiveMode: Never\n"
                       "contexts:\n- name: exec\n  context:\n    cluster: c\n    user: plugin\n")
            .arg(server.url(), server.caPath(), script)
            .toUtf8());
    config.close();

    ClusterSpec spec;
    spec.kubeconfigFile = kubeconfig;
    spec.allNamespaces = true;
    ClusterSource source(spec);
    QSignalSpy snapshots(&source, &ClusterSource::snapshotReady);
    source.start(false);
    QTRY_COMPARE_WITH_TIMEOUT(snapshots.size(), 1, 30000);
    QFile count(dir.filePath(QStringLiteral("count")));
    QVERIFY(count.open(QIODevice::ReadOnly));
    QCOMPARE(count.readAll().trimmed(), QByteArray("2"));
}

void ClusterSourceTest::forbiddenKindIsPartial()
{
    TestApiServer server;
    ROUTEMAP_START_APISERVER(server);
    const QJsonObject policy = obj({{QStringLiteral("apiVersion"), QStringLiteral("networking.k8s.io/v1")},
        {QStringLiteral("kind"), QStringLiteral("NetworkPolicy")},
        {QStringLiteral("metadata"),
            obj({{QStringLiteral("name"), QStringLiteral("deny")}, {QStringLiteral("namespace"), QString()}})},
        {QStringLiteral("spec"), obj({{QStringLiteral("podSelector"), QJsonObject()}})}});
    for (const QString &ns : {QStringLiteral("shop"), QStringLiteral("web")}) {
        QJsonObject p = policy;
        p[QStringLiteral("metadata")]
            = obj({{QStringLiteral("name"), QStringLiteral("deny")}, {QStringLiteral("namespace"), ns}});
        QVERIFY(server.command(QStringLiteral("apply"), {{QStringLiteral("object"), p}})
                    .value(QLatin1String("ok"))
                    .toBool());
    }
    // Network policies are forbidden cluster-wide and in "shop": Routemap falls back to per-namespace
    // lists, reports "shop" once and still shows "web".
    const QJsonArray rules {
        obj({{QStringLiteral("user"), QStringLiteral("admin")}, {QStringLiteral("verbs"), QStringLiteral("*")},
            {QStringLiteral("resources"), QJsonArray {QStringLiteral("networkpolicies")}},
            {QStringLiteral("clusterScope"), true}}),
        obj({{QStringLiteral("user"), QStringLiteral("admin")}, {QStringLiteral("verbs"), QStringLiteral("*")},
            {QStringLiteral("resources"), QJsonArray {QStringLiteral("networkpolicies")}},
            {QStringLiteral("namespaces"), QJsonArray {QStringLiteral("shop")}}})};
    QVERIFY(server
                .command(QStringLiteral("rbac"),
                    {{QStringLiteral("rules"), rules}, {QStringLiteral("mode"), QStringLiteral("add")}})
                .value(QLatin1String("ok"))
                .toBool());

    ClusterSource source(specFor(server));
    QSignalSpy snapshots(&source, &ClusterSource::snapshotReady);
    source.start(true);
    QTRY_COMPARE_WITH_TIMEOUT(source.status().state, SourceStatus::State::Live, 30000);
    QCOMPARE(source.status().partialKinds, QStringList {QStringLiteral("networkpolicies in shop (forbidden)")});
    const Snapshot s = lastSnapshot(snapshots);
    QVERIFY(!s.isComplete()); // a kind left out: missing references are no longer certain
    QCOMPARE(s.networkPolicies().size(), 1);
    QCOMPARE(s.networkPolicies().first().object->ref.ns, QStringLiteral("web"));
    QVERIFY(s.service(QStringLiteral("default"), QStringLiteral("kubernetes")));
    QVERIFY(!s.nodes().isEmpty());
}

void ClusterSourceTest::honoursRetryAfter()
{
    TestApiServer server;
    ROUTEMAP_START_APISERVER(server);
    QVERIFY(server
                .command(QStringLiteral("fault"),
                    {{QStringLiteral("type"), QStringLiteral("http429")}, {QStringLiteral("retryAfter"), 2},
                        {QStringLiteral("match"), obj({{QStringLiteral("resource"), QStringLiteral("services")}})}})
                .value(QLatin1String("ok"))
                .toBool());
    ClusterSource source(specFor(server));
    QSignalSpy snapshots(&source, &ClusterSource::snapshotReady);
    QElapsedTimer timer;
    timer.start();
    source.start(false);
    QTRY_COMPARE_WITH_TIMEOUT(snapshots.size(), 1, 30000);
    // The retry waited for Retry-After (a lower bound only: a busy machine is merely slower).
    QVERIFY2(timer.elapsed() >= 1900, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(countRequests(server, QStringLiteral("services"), false), 2);
    QVERIFY(lastSnapshot(snapshots).service(QStringLiteral("default"), QStringLiteral("kubernetes")));
    QCOMPARE(source.status().state, SourceStatus::State::Idle);
}

void ClusterSourceTest::survivesTruncatedChunk()
{
    TestApiServer server;
    ROUTEMAP_START_APISERVER(server);
    ClusterSource source(specFor(server));
    QSignalSpy snapshots(&source, &ClusterSource::snapshotReady);
    source.start(true);
    QTRY_COMPARE_WITH_TIMEOUT(source.status().state, SourceStatus::State::Live, 30000);

    // The next services watch sends half an event and closes; the event is not lost.
    QVERIFY(server
                .command(QStringLiteral("fault"),
                    {{QStringLiteral("type"), QStringLiteral("watch_truncate")},
                        {QStringLiteral("match"), obj({{QStringLiteral("resource"), QStringLiteral("services")}})}})
                .value(QLatin1String("ok"))
                .toBool());
    QVERIFY(server.command(QStringLiteral("drop_watches"), {{QStringLiteral("resource"), QStringLiteral("services")}})
                .value(QLatin1String("ok"))
                .toBool());
    const int watches = countRequests(server, QStringLiteral("services"), true);
    QTRY_VERIFY_WITH_TIMEOUT(countRequests(server, QStringLiteral("services"), true) > watches, 15000);
    QVERIFY(server
                .command(QStringLiteral("apply"),
                    {{QStringLiteral("object"),
                        obj({{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                            {QStringLiteral("kind"), QStringLiteral("Service")},
                            {QStringLiteral("metadata"),
                                obj({{QStringLiteral("name"), QStringLiteral("cut")},
                                    {QStringLiteral("namespace"), QStringLiteral("default")}})},
                            {QStringLiteral("spec"),
                                obj({{QStringLiteral("ports"), QJsonArray {obj({{QStringLiteral("port"), 80}})}}})}})}})
                .value(QLatin1String("ok"))
                .toBool());
    QTRY_VERIFY_WITH_TIMEOUT(lastSnapshot(snapshots).service(QStringLiteral("default"), QStringLiteral("cut")), 15000);
    QTRY_COMPARE_WITH_TIMEOUT(source.status().state, SourceStatus::State::Live, 15000);
}

void ClusterSourceTest::gatewayApiAsServed_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QStringList>("listed");
    QTest::addColumn<QStringList>("notListed");
    const QString gw = QStringLiteral("/apis/gateway.networking.k8s.io/");
    QTest::addRow("full") << QStringLiteral("full")
                          << QStringList {gw + QStringLiteral("v1/gateways"), gw + QStringLiteral("v1/grpcroutes"),
                                 gw + QStringLiteral("v1beta1/referencegrants")}
                          << QStringList {gw + QStringLiteral("v1beta1/gateways")};
    QTest::addRow("partial, no grpcroutes")
        << QStringLiteral("partial")
        << QStringList {gw + QStringLiteral("v1/httproutes"), gw + QStringLiteral("v1beta1/referencegrants")}
        << QStringList {gw + QStringLiteral("v1/grpcroutes")};
    QTest::addRow("none") << QStringLiteral("none") << QStringList {QStringLiteral("/api/v1/services")}
                          << QStringList {gw};
}

void ClusterSourceTest::gatewayApiAsServed()
{
    QFETCH(QString, mode);
    QFETCH(QStringList, listed);
    QFETCH(QStringList, notListed);
    TestApiServer server({QStringLiteral("--gateway"), mode});
    ROUTEMAP_START_APISERVER(server);
    if (mode != QLatin1String("none")) {
        const QJsonObject grant
            = obj({{QStringLiteral("apiVersion"), QStringLiteral("gateway.networking.k8s.io/v1beta1")},
                {QStringLiteral("kind"), QStringLiteral("ReferenceGrant")},
                {QStringLiteral("metadata"),
                    obj({{QStringLiteral("name"), QStringLiteral("allow")},
                        {QStringLiteral("namespace"), QStringLiteral("backends")}})},
                {QStringLiteral("spec"),
                    obj({{QStringLiteral("from"), QJsonArray()}, {QStringLiteral("to"), QJsonArray()}})}});
        QVERIFY(server.command(QStringLiteral("apply"), {{QStringLiteral("object"), grant}})
                    .value(QLatin1String("ok"))
                    .toBool());
    }
    ClusterSource source(specFor(server));
    QSignalSpy snapshots(&source, &ClusterSource::snapshotReady);
    source.start(false);
    QTRY_COMPARE_WITH_TIMEOUT(snapshots.size(), 1, 30000);
    QVERIFY(source.status().partialKinds.isEmpty());
    QStringList paths;
    for (const QJsonValue &v : server.requestLog()) {
        paths.append(v.toObject().value(QLatin1String("path")).toString());
    }
    for (const QString &path : listed) {
        QVERIFY2(paths.contains(path), qPrintable(path + QStringLiteral(" not listed: ") + paths.join(u' ')));
    }
    for (const QString &prefix : notListed) {
        for (const QString &path : std::as_const(paths)) {
            QVERIFY2(!path.startsWith(prefix) || path.count(u'/') <= 4, qPrintable(path)); // discovery is fine
        }
    }
    QCOMPARE(lastSnapshot(snapshots).referenceGrants().size(), mode == QLatin1String("none") ? 0 : 1);
}

void ClusterSourceTest::paginatesAndRestartsExpiredContinue()
{
    TestApiServer server;
    ROUTEMAP_START_APISERVER(server);
    for (int i = 0; i < 520; ++i) {
        const QJsonObject ns = obj({{QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("kind"), QStringLiteral("Namespace")},
            {QStringLiteral("metadata"), obj({{QStringLiteral("name"), QStringLiteral("team-%1").arg(i)}})}});
        QVERIFY(server.command(QStringLiteral("apply"), {{QStringLiteral("object"), ns}})
                    .value(QLatin1String("ok"))
                    .toBool());
    }
    // The first continue token is refused as expired: the list starts over and still completes.
    QVERIFY(server.command(QStringLiteral("fault"), {{QStringLiteral("type"), QStringLiteral("continue_expired")}})
                .value(QLatin1String("ok"))
                .toBool());
    server.requestLog(true);
    ClusterSource source(specFor(server));
    QSignalSpy snapshots(&source, &ClusterSource::snapshotReady);
    source.start(false);
    QTRY_COMPARE_WITH_TIMEOUT(snapshots.size(), 1, 60000);
    QVERIFY(lastSnapshot(snapshots).namespaceObject(QStringLiteral("team-0")));
    QVERIFY(lastSnapshot(snapshots).namespaceObject(QStringLiteral("team-519")));
    QCOMPARE(lastSnapshot(snapshots).namespaces().size(), 520 + 4);
    QStringList statuses;
    for (const QJsonValue &v : server.requestLog()) {
        const QJsonObject e = v.toObject();
        if (e.value(QLatin1String("resource")).toString() == QLatin1String("namespaces")) {
            const bool cont = e.value(QLatin1String("query")).toString().contains(QLatin1String("continue="));
            QVERIFY2(e.value(QLatin1String("query")).toString().contains(QLatin1String("limit=500")),
                qPrintable(e.value(QLatin1String("query")).toString()));
            statuses.append((cont ? QStringLiteral("continue:") : QStringLiteral("first:"))
                + QString::number(e.value(QLatin1String("status")).toInt()));
        }
    }
    QCOMPARE(statuses,
        (QStringList {QStringLiteral("first:200"), QStringLiteral("continue:410"), QStringLiteral("first:200"),
            QStringLiteral("continue:200")}));
}

void ClusterSourceTest::authentication_data()
{
    QTest::addColumn<QString>("context");
    QTest::addRow("bearer token") << QStringLiteral("token");
    QTest::addRow("client certificate") << QStringLiteral("cert");
}

void ClusterSourceTest::authentication()
{
    QFETCH(QString, context);
    TestApiServer server;
    ROUTEMAP_START_APISERVER(server);
    ClusterSource source(specFor(server, context));
    QSignalSpy snapshots(&source, &ClusterSource::snapshotReady);
    source.start(false);
    QTRY_COMPARE_WITH_TIMEOUT(snapshots.size(), 1, 30000);
    QVERIFY(lastSnapshot(snapshots).service(QStringLiteral("default"), QStringLiteral("kubernetes")));
    QCOMPARE(source.displayName(), QStringLiteral("context ") + context);
    verifyRequestLog(server);
}

void ClusterSourceTest::failures_data()
{
    QTest::addColumn<QString>("context");
    QTest::addColumn<bool>("serverDown");
    QTest::addColumn<QStringList>("expected");
    QTest::addRow("unknown context") << QStringLiteral("nope") << false << QStringList {QStringLiteral("nope")};
    QTest::addRow("unauthorized") << QStringLiteral("bad-token") << false
                                  << QStringList {QStringLiteral("Unauthorized"), QStringLiteral("bad-token")};
    QTest::addRow("unreachable") << QStringLiteral("token") << true
                                 << QStringList {QStringLiteral("cannot reach https://127.0.0.1:"),
                                        QStringLiteral("(context token): connection refused")};
}

void ClusterSourceTest::failures()
{
    QFETCH(QString, context);
    QFETCH(bool, serverDown);
    QFETCH(QStringList, expected);
    TestApiServer server;
    ROUTEMAP_START_APISERVER(server);
    if (serverDown) {
        QVERIFY(server.stop());
    }
    ClusterSource source(specFor(server, context));
    QSignalSpy snapshots(&source, &ClusterSource::snapshotReady);
    source.start(true);
    QTRY_COMPARE_WITH_TIMEOUT(source.status().state, SourceStatus::State::Failed, 30000);
    for (const QString &part : expected) {
        QVERIFY2(failureMessage(source).contains(part), qPrintable(failureMessage(source)));
    }
    QCOMPARE(snapshots.size(), 0);
}

void ClusterSourceTest::wrongCaFailsWithoutFallback()
{
    TestApiServer server;
    ROUTEMAP_START_APISERVER(server);
    // The same server, trusted through another CA: a clear TLS failure, no request ever gets through.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString kubeconfig = dir.filePath(QStringLiteral("kubeconfig"));
    QFile file(kubeconfig);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral("apiVersion: v1\nkind: Config\ncurrent-context: other\n"
                              "clusters:\n- name: other\n  cluster:\n    server: %1\n    certificate-authority: %2\n"
                              "users:\n- name: admin\n  user:\n    token: %3\n"
                              "contexts:\n- name: other\n  context:\n    cluster: other\n    user: admin\n")
                   .arg(server.url(), QStringLiteral(ROUTEMAP_TEST_DATA "/live/other-ca.pem"), server.token())
                   .toUtf8());
    file.close();
    server.requestLog(true);

    ClusterSpec spec;
    spec.kubeconfigFile = kubeconfig;
    ClusterSource source(spec);
    source.start(true);
    QTRY_COMPARE_WITH_TIMEOUT(source.status().state, SourceStatus::State::Failed, 30000);
    QVERIFY2(failureMessage(source).contains(QLatin1String("TLS verification of ") + server.url()),
        qPrintable(failureMessage(source)));
    QVERIFY2(failureMessage(source).contains(QLatin1String("certificate")), qPrintable(failureMessage(source)));
    for (const QJsonValue &v : server.requestLog()) {
        QVERIFY2(!v.toObject().value(QLatin1String("userAgent")).toString().startsWith(QLatin1String("routemap/")),
            "a request got through with an untrusted certificate");
    }
}

QTEST_GUILESS_MAIN(ClusterSourceTest)
#include "clustersource_test.moc"
