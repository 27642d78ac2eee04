// `routemap check` against a live cluster, end to end: the test API server is loaded with kubectl, the real
// binary reads it with --kubeconfig/-A, and its findings match those of the same manifests read as files.
// Then `check --watch` follows the cluster: deleting the pods behind a Service adds a finding within 3 s and
// applying them again removes it. The event-to-line latency over 20 changes is printed (not asserted tightly).
#include "testapiserver.h"

#include "../support/processlines.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTest>

#include <algorithm>

using namespace routemap::testing;

namespace {

const QString corpus = QStringLiteral(ROUTEMAP_CORPUS);
const QString shopWeb = QStringLiteral(ROUTEMAP_TEST_DATA "/live/shop-web.yaml");

// Findings that depend on status a cluster reports and manifests lack (or the reverse), or on how a file was
// written: they may differ between the two readings by design.
const QSet<QString> statusDependent = {
    QStringLiteral("service-no-ready-endpoints"), QStringLiteral("loadbalancer-pending"),
    QStringLiteral("external-traffic-local-uneven"), QStringLiteral("ingress-not-admitted"),
    QStringLiteral("route-not-accepted"), QStringLiteral("manifest-parse-error"), QStringLiteral("duplicate-object"),
    QStringLiteral("service-without-selector-no-endpoints"),
};

struct Run {
    int code = -1;
    QByteArray out;
    QByteArray err;
};

Run runRoutemap(const QStringList &args, int timeoutMs = 60000)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("KUBECONFIG"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(ROUTEMAP_BINARY), args);
    Run run;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
    }
    run.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QStringList findingKeys(const QJsonObject &report, bool skipStatusDependent)
{
    QStringList keys;
    for (const QJsonValue &v : report.value(QStringLiteral("findings")).toArray()) {
        const QJsonObject f = v.toObject();
        const QString code = f.value(QStringLiteral("code")).toString();
        if (skipStatusDependent && statusDependent.contains(code)) {
            continue;
        }
        const QJsonObject o = f.value(QStringLiteral("object")).toObject();
        keys.append(code + u' ' + o.value(QStringLiteral("kind")).toString() + u'/'
                    + o.value(QStringLiteral("namespace")).toString() + u'/' + o.value(QStringLiteral("name")).toString());
    }
    keys.sort();
    keys.removeDuplicates();
    return keys;
}

QStringList codes(const QJsonArray &findings)
{
    QStringList out;
    for (const QJsonValue &v : findings) {
        out.append(v.toObject().value(QStringLiteral("code")).toString());
    }
    return out;
}

bool breaksWeb(const QStringList &codes)
{
    return codes.contains(QStringLiteral("service-selects-nothing"))
        || codes.contains(QStringLiteral("service-no-ready-endpoints"));
}

double percentile(QList<qint64> values, double p)
{
    std::sort(values.begin(), values.end());
    const auto i = static_cast<qsizetype>(p * static_cast<double>(values.size() - 1) + 0.5);
    return static_cast<double>(values.at(std::clamp<qsizetype>(i, 0, values.size() - 1)));
}

} // namespace

class CheckLiveTest : public QObject
{
    Q_OBJECT

private slots:
    void sameFindingsAsTheManifests_data()
    {
        QTest::addColumn<QString>("set");
        if (!QFileInfo::exists(corpus)) {
            QSKIP("the corpus (../shared/corpus) is not beside the repository");
        }
        // Sets whose kinds a cluster with the standard Gateway API CRDs accepts (online-boutique's Istio file,
        // gateway-api-conformance's ReferenceGrants at v1 and Kustomize build files are left out).
        for (const char *set : {"guestbook", "online-boutique/kubernetes-manifests.yaml", "voting-app",
                                "ingress-nginx-examples", "gateway-api-examples", "k8s-website-networking",
                                "sock-shop"}) {
            QTest::addRow("%s", set) << QString::fromLatin1(set);
        }
    }

    void sameFindingsAsTheManifests()
    {
        QFETCH(QString, set);
        TestApiServer server;
        ROUTEMAP_START_APISERVER(server);
        if (TestApiServer::kubectlPath().isEmpty()) {
            QSKIP(qPrintable(TestApiServer::kubectlSkipReason()));
        }
        const QString path = corpus + u'/' + set;
        QString err;
        QVERIFY2(server.kubectl({QStringLiteral("apply"), QStringLiteral("-R"), QStringLiteral("-f"), path}, nullptr,
                                60000, &err),
                 qPrintable(server.lastKubectlError()));

        const Run files = runRoutemap({QStringLiteral("check"), QStringLiteral("--format"), QStringLiteral("json"), path});
        QVERIFY2(files.code == 0 || files.code == 1, files.err.constData());
        server.requestLog(true);
        const Run live = runRoutemap({QStringLiteral("check"), QStringLiteral("--kubeconfig"), server.kubeconfigPath(),
                                   QStringLiteral("-A"), QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(live.code == 0 || live.code == 1, live.err.constData());
        const QJsonObject liveReport = QJsonDocument::fromJson(live.out).object();
        const QJsonObject source = liveReport.value(QStringLiteral("source")).toObject();
        QCOMPARE(source.value(QStringLiteral("kind")).toString(), QStringLiteral("cluster"));
        QVERIFY(source.value(QStringLiteral("complete")).toBool());
        QCOMPARE(findingKeys(liveReport, true), findingKeys(QJsonDocument::fromJson(files.out).object(), true));

        // Read-only, and no Secret data asked for.
        const QJsonArray log = server.requestLog();
        int requests = 0;
        for (const QJsonValue &v : log) {
            const QJsonObject entry = v.toObject();
            if (!entry.value(QStringLiteral("userAgent")).toString().startsWith(QLatin1String("routemap/"))) {
                continue;
            }
            ++requests;
            QCOMPARE(entry.value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
            if (entry.value(QStringLiteral("resource")).toString() == QLatin1String("secrets")) {
                QVERIFY2(entry.value(QStringLiteral("accept")).toString().contains(QLatin1String("PartialObjectMetadata")),
                         qPrintable(entry.value(QStringLiteral("accept")).toString()));
            }
        }
        QVERIFY(requests > 0);
        qInfo("%s: %d objects, %d findings, %d requests for one list", qPrintable(set),
              source.value(QStringLiteral("objects")).toInt(),
              static_cast<int>(liveReport.value(QStringLiteral("findings")).toArray().size()), requests);
    }

    void watchFollowsTheCluster()
    {
        TestApiServer server;
        ROUTEMAP_START_APISERVER(server);
        if (TestApiServer::kubectlPath().isEmpty()) {
            QSKIP(qPrintable(TestApiServer::kubectlSkipReason()));
        }
        QVERIFY2(server.kubectl({QStringLiteral("apply"), QStringLiteral("-f"), shopWeb}),
                 qPrintable(server.lastKubectlError()));

        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("KUBECONFIG"));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(ROUTEMAP_BINARY),
                      {QStringLiteral("check"), QStringLiteral("--watch"), QStringLiteral("--kubeconfig"),
                       server.kubeconfigPath(), QStringLiteral("-A"), QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY(process.waitForStarted());
        ProcessLines lines(&process);
        QTRY_VERIFY_WITH_TIMEOUT(lines.count() >= 1, 20000);
        QVERIFY(!breaksWeb(codes(lines.json(0).value(QStringLiteral("findings")).toArray())));

        // With kubectl, as a person would: the pods go, the path breaks within 3 s; they come back, it heals.
        int seen = lines.count();
        QVERIFY2(server.kubectl({QStringLiteral("delete"), QStringLiteral("pod"), QStringLiteral("-n"),
                                 QStringLiteral("shop"), QStringLiteral("-l"), QStringLiteral("app=web")}),
                 qPrintable(server.lastKubectlError()));
        QTRY_VERIFY_WITH_TIMEOUT(lines.count() > seen, 3000);
        QVERIFY(breaksWeb(codes(lines.json(seen).value(QStringLiteral("added")).toArray())));
        seen = lines.count();
        QVERIFY2(server.kubectl({QStringLiteral("apply"), QStringLiteral("-f"), shopWeb}),
                 qPrintable(server.lastKubectlError()));
        QTRY_VERIFY_WITH_TIMEOUT(lines.count() > seen, 3000);
        QVERIFY(breaksWeb(codes(lines.json(seen).value(QStringLiteral("removed")).toArray())));

        // Twenty changes through the control channel (applied at once, so the time measured is Routemap's):
        // from the change to the line that reports it.
        QList<qint64> latencies;
        const QJsonObject podTemplate = server.command(QStringLiteral("get"),
            {{QStringLiteral("apiVersion"), QStringLiteral("v1")}, {QStringLiteral("kind"), QStringLiteral("Pod")},
             {QStringLiteral("namespace"), QStringLiteral("shop")}, {QStringLiteral("name"), QStringLiteral("web-1")}})
                                            .value(QStringLiteral("object"))
                                            .toObject();
        QVERIFY(!podTemplate.isEmpty());
        for (int i = 0; i < 20; ++i) {
            const bool breaking = i % 2 == 0;
            seen = lines.count();
            const qint64 changedAt = lines.now();
            for (const QString &name : {QStringLiteral("web-1"), QStringLiteral("web-2")}) {
                QJsonObject reply;
                if (breaking) {
                    reply = server.command(QStringLiteral("delete"),
                        {{QStringLiteral("apiVersion"), QStringLiteral("v1")}, {QStringLiteral("kind"), QStringLiteral("Pod")},
                         {QStringLiteral("namespace"), QStringLiteral("shop")}, {QStringLiteral("name"), name}});
                } else {
                    QJsonObject pod {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                     {QStringLiteral("kind"), QStringLiteral("Pod")},
                                     {QStringLiteral("metadata"),
                                      QJsonObject {{QStringLiteral("name"), name},
                                                   {QStringLiteral("namespace"), QStringLiteral("shop")},
                                                   {QStringLiteral("labels"),
                                                    QJsonObject {{QStringLiteral("app"), QStringLiteral("web")}}}}},
                                     {QStringLiteral("spec"), podTemplate.value(QStringLiteral("spec"))}};
                    reply = server.command(QStringLiteral("apply"), {{QStringLiteral("object"), pod}});
                }
                QVERIFY2(reply.value(QStringLiteral("ok")).toBool(), QJsonDocument(reply).toJson().constData());
            }
            QTRY_VERIFY_WITH_TIMEOUT(lines.count() > seen, 5000);
            const QString key = breaking ? QStringLiteral("added") : QStringLiteral("removed");
            QVERIFY(breaksWeb(codes(lines.json(seen).value(key).toArray())));
            latencies.append(lines.arrivedAt(seen) - changedAt);
        }
        qInfo("change -> check --watch line over %d changes: median %.0f ms, p95 %.0f ms, max %.0f ms",
              static_cast<int>(latencies.size()), percentile(latencies, 0.5), percentile(latencies, 0.95),
              percentile(latencies, 1.0));

        // Memory of the watching process (VmRSS) after the changes.
        QFile status(QStringLiteral("/proc/%1/status").arg(process.processId()));
        if (status.open(QIODevice::ReadOnly)) {
            for (const QByteArray &line : status.readAll().split('\n')) {
                if (line.startsWith("VmRSS") || line.startsWith("VmHWM")) {
                    qInfo("check --watch %s", line.simplified().constData());
                }
            }
        }
        process.kill();
        process.waitForFinished();
    }

    void unreachableClusterIsOneClearMessage()
    {
        TestApiServer server;
        ROUTEMAP_START_APISERVER(server);
        const QString kubeconfig = server.kubeconfigPath();
        server.shutdown();
        const Run run = runRoutemap({QStringLiteral("check"), QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("-A")},
                                 60000);
        QCOMPARE(run.code, 2);
        const QStringList errLines = QString::fromUtf8(run.err).trimmed().split(u'\n');
        QCOMPARE(errLines.size(), 1);
        QVERIFY2(errLines.first().contains(QLatin1String("127.0.0.1")), run.err.constData());
    }

    void unknownContextNamesTheChoices()
    {
        TestApiServer server;
        ROUTEMAP_START_APISERVER(server);
        const Run run = runRoutemap({QStringLiteral("check"), QStringLiteral("--kubeconfig"), server.kubeconfigPath(),
                                  QStringLiteral("--context"), QStringLiteral("prod")});
        QCOMPARE(run.code, 2);
        QVERIFY2(run.err.contains("prod") && run.err.contains("token"), run.err.constData());
    }
};

QTEST_GUILESS_MAIN(CheckLiveTest)
#include "checklive_test.moc"
