// The engine: manifest source (one-shot and followed), the analysis runner (generations, options, stale results)
// and the finding marks every consumer draws from.
#include "engine/analysis.h"
#include "engine/manifestsource.h"
#include "engine/runner.h"
#include "commands/sourceoptions.h"
#include "sources/manifestloader.h"

#include <QBuffer>
#include <QCommandLineParser>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "../support/testfiles.h"

using namespace routemap;
using namespace routemap::testing;

namespace {

const QString checkData = QStringLiteral(ROUTEMAP_TEST_DATA "/check/");
const QString corpus = QStringLiteral(ROUTEMAP_CORPUS);
constexpr int timeoutMs = 10000;

bool hasCode(const Analysis &analysis, const QString &code)
{
    return std::any_of(analysis.findings.cbegin(), analysis.findings.cend(),
        [&code](const Finding &f) { return f.code == code; });
}

QStringList corpusSets()
{
    QStringList sets;
    const QDir dir(corpus);
    for (const QString &name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        sets.append(dir.filePath(name));
    }
    return sets;
}

} // namespace

class EngineTest : public QObject
{
    Q_OBJECT

private slots:
    void oneShotSourcePublishesOnceAndGoesIdle()
    {
        ManifestSource source({checkData + QStringLiteral("broken.yaml")});
        QSignalSpy snapshots(&source, &Source::snapshotReady);
        source.start(false);
        QTRY_COMPARE_WITH_TIMEOUT(snapshots.count(), 1, timeoutMs);
        QCOMPARE(source.status().state, SourceStatus::State::Idle);
        QCOMPARE(source.fileCount(), 1);
        QVERIFY(source.watchedFiles().isEmpty());
        const auto snapshot = snapshots.first().first().value<Snapshot>();
        QCOMPARE(snapshot.objects().size(), 2);
    }

    void standardInputIsReadOnceAndKeptForReloads()
    {
        QByteArray text = readFile(checkData + QStringLiteral("healthy.yaml"));
        QBuffer buffer(&text);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        ManifestSource source({QStringLiteral("-")});
        source.setStandardInput(&buffer);
        QSignalSpy snapshots(&source, &Source::snapshotReady);
        source.start(false);
        QTRY_COMPARE_WITH_TIMEOUT(snapshots.count(), 1, timeoutMs);
        const qsizetype objects = snapshots.at(0).first().value<Snapshot>().objects().size();
        QVERIFY(objects > 0);
        source.refresh(); // the device is at its end now: the kept text is read again
        QTRY_COMPARE_WITH_TIMEOUT(snapshots.count(), 2, timeoutMs);
        QCOMPARE(snapshots.at(1).first().value<Snapshot>().objects().size(), objects);
        QCOMPARE(source.displayName(), QStringLiteral("standard input"));
    }

    void missingPathIsAnUnreadableIssue()
    {
        ManifestSource source({checkData + QStringLiteral("healthy.yaml"), QStringLiteral("/nonexistent/x.yaml")});
        QSignalSpy snapshots(&source, &Source::snapshotReady);
        source.start(false);
        QTRY_COMPARE_WITH_TIMEOUT(snapshots.count(), 1, timeoutMs);
        QCOMPARE(source.unreadable().size(), 1);
        QVERIFY(source.unreadable().first().contains(QLatin1String("/nonexistent/x.yaml")));
        QCOMPARE(source.status().state, SourceStatus::State::Idle); // the rest still loaded
    }

    void nothingReadableFails()
    {
        ManifestSource source({QStringLiteral("/nonexistent/x.yaml")});
        QSignalSpy status(&source, &Source::statusChanged);
        source.start(false);
        QTRY_COMPARE_WITH_TIMEOUT(source.status().state, SourceStatus::State::Failed, timeoutMs);
        QVERIFY(source.status().message.contains(QLatin1String("No such file")));
    }

    void followedFolderPicksUpEditsAndNewSubfolders()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(writeFile(dir.filePath(QStringLiteral("app.yaml")), readFile(checkData + QStringLiteral("healthy.yaml"))));
        ManifestSource source({dir.path()});
        QSignalSpy snapshots(&source, &Source::snapshotReady);
        source.start(true);
        QTRY_COMPARE_WITH_TIMEOUT(snapshots.count(), 1, timeoutMs);
        QCOMPARE(source.status().state, SourceStatus::State::Live);
        QVERIFY(source.watchedDirectories().contains(QDir(dir.path()).absolutePath()));
        const qsizetype before = snapshots.first().first().value<Snapshot>().objects().size();

        // A new subfolder, then a manifest written into it: both are seen.
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("more/deeper")));
        QTRY_VERIFY_WITH_TIMEOUT(source.watchedDirectories().contains(dir.filePath(QStringLiteral("more/deeper"))),
                                 timeoutMs);
        const int seen = static_cast<int>(snapshots.count());
        QVERIFY(writeFile(dir.filePath(QStringLiteral("more/deeper/broken.yaml")),
                          readFile(checkData + QStringLiteral("broken.yaml"))));
        QTRY_VERIFY_WITH_TIMEOUT(snapshots.count() > seen
                                     && snapshots.last().first().value<Snapshot>().objects().size() > before,
                                 timeoutMs);

        // Not a manifest: no new snapshot.
        const int settled = static_cast<int>(snapshots.count());
        QVERIFY(writeFile(dir.filePath(QStringLiteral("notes.txt")), "x"));
        QTest::qWait(3 * ManifestSource::reloadDelayMs); // nothing to wait *for*: an absence is asserted
        QCOMPARE(snapshots.count(), settled);

        source.stop();
        QVERIFY(source.watchedFiles().isEmpty());
        QCOMPARE(source.status().state, SourceStatus::State::Idle);
    }

    void runnerDeliversOnlyTheLatestOfABurst()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(QStringLiteral("app.yaml"));
        QVERIFY(writeFile(file, readFile(checkData + QStringLiteral("healthy.yaml"))));
        AnalysisRunner runner;
        QSignalSpy ready(&runner, &AnalysisRunner::analysisReady);
        runner.setSource(std::make_unique<ManifestSource>(QStringList {file}), true);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, timeoutMs);
        QVERIFY(!hasCode(*runner.latest(), QStringLiteral("service-selects-nothing")));
        const quint64 first = runner.latest()->generation;

        // Five quick edits end in one analysis of the last text.
        for (int i = 0; i < 5; ++i) {
            QVERIFY(writeFile(file, readFile(checkData + (i % 2 ? QStringLiteral("healthy.yaml")
                                                                : QStringLiteral("broken.yaml")))));
        }
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() >= 2 && !runner.isBusy(), timeoutMs);
        QVERIFY(hasCode(*runner.latest(), QStringLiteral("service-selects-nothing")));
        QVERIFY(runner.latest()->generation > first);
    }

    void optionsReanalyseWithoutReading()
    {
        AnalysisRunner runner;
        QSignalSpy ready(&runner, &AnalysisRunner::analysisReady);
        QSignalSpy status(&runner, &AnalysisRunner::statusChanged);
        runner.setSource(std::make_unique<ManifestSource>(
                             QStringList {QStringLiteral(ROUTEMAP_TEST_DATA "/diagnostics/ingresses/tls-secret-missing.yaml")}),
                         false);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, timeoutMs);
        const auto severityOf = [&runner] {
            for (const Finding &f : runner.latest()->findings) {
                if (f.code == QLatin1String("ingress-tls-secret-missing") && f.object.name == QLatin1String("web")) {
                    return static_cast<int>(f.severity);
                }
            }
            return -1;
        };
        QCOMPARE(severityOf(), static_cast<int>(Severity::Warning));
        QVERIFY(!runner.latest()->snapshot.isComplete());
        const int loads = static_cast<int>(status.count());

        AnalysisOptions options;
        options.complete = true;
        runner.setOptions(options);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, timeoutMs);
        QCOMPARE(severityOf(), static_cast<int>(Severity::Error));
        QVERIFY(runner.latest()->snapshot.isComplete());
        QCOMPARE(status.count(), loads); // the source was not asked again
    }

    void clearDropsResultsInFlight()
    {
        AnalysisRunner runner;
        QSignalSpy ready(&runner, &AnalysisRunner::analysisReady);
        runner.setSource(std::make_unique<ManifestSource>(QStringList {corpus}), false);
        runner.clear();
        QVERIFY(!runner.source());
        runner.waitForIdle();
        QTest::qWait(50); // let any queued delivery run: it must be dropped
        QCOMPARE(ready.count(), 0);
        QVERIFY(!runner.latest());
    }

    void runOnceReportsFailure()
    {
        SourceStatus status;
        const AnalysisPtr analysis = AnalysisRunner::runOnce(
            std::make_unique<ManifestSource>(QStringList {QStringLiteral("/nonexistent")}), {}, &status);
        QVERIFY(!analysis);
        QCOMPARE(status.state, SourceStatus::State::Failed);
        QVERIFY(status.message.contains(QLatin1String("/nonexistent")));
    }

    void sourceOptionsChooseTheSource_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<bool>("cluster");
        QTest::addColumn<QString>("context");
        QTest::addColumn<QStringList>("namespaces");
        QTest::addColumn<bool>("all");
        QTest::addRow("paths") << QStringList {QStringLiteral("a.yaml"), QStringLiteral("b/")} << true << false
                               << QString() << QStringList() << false;
        QTest::addRow("context") << QStringList {QStringLiteral("--context"), QStringLiteral("prod")} << true << true
                                 << QStringLiteral("prod") << QStringList() << false;
        QTest::addRow("-A alone uses the current context")
            << QStringList {QStringLiteral("-A")} << true << true << QString() << QStringList() << true;
        QTest::addRow("-n twice") << QStringList {QStringLiteral("-n"), QStringLiteral("shop"), QStringLiteral("-n"),
                                                  QStringLiteral("web")}
                                  << true << true << QString()
                                  << QStringList {QStringLiteral("shop"), QStringLiteral("web")} << false;
        QTest::addRow("--live") << QStringList {QStringLiteral("--live")} << true << true << QString() << QStringList()
                                << false;
        QTest::addRow("paths and a cluster")
            << QStringList {QStringLiteral("--context"), QStringLiteral("prod"), QStringLiteral("a.yaml")} << false
            << true << QString() << QStringList() << false;
        QTest::addRow("-n with paths scopes the manifests")
            << QStringList {QStringLiteral("-n"), QStringLiteral("shop"), QStringLiteral("a.yaml")} << true << false
            << QString() << QStringList {QStringLiteral("shop")} << false;
        QTest::addRow("-n with -A") << QStringList {QStringLiteral("-n"), QStringLiteral("x"), QStringLiteral("-A")}
                                    << false << true << QString() << QStringList() << false;
    }

    void sourceOptionsChooseTheSource()
    {
        QFETCH(QStringList, args);
        QFETCH(bool, ok);
        QCommandLineParser parser;
        const SourceOptions options;
        options.addTo(parser);
        parser.addPositionalArgument(QStringLiteral("paths"), QString());
        QVERIFY(parser.parse(QStringList {QStringLiteral("routemap")} + args));
        SourceSpec spec;
        QString error;
        QCOMPARE(options.read(parser, &spec, &error), ok);
        if (!ok) {
            QVERIFY(!error.isEmpty());
            return;
        }
        QTEST(spec.cluster, "cluster");
        QTEST(spec.clusterSpec.context, "context");
        QTEST(spec.namespaces, "namespaces");
        QCOMPARE(spec.clusterSpec.namespaces, spec.cluster ? spec.namespaces : QStringList());
        QTEST(spec.clusterSpec.allNamespaces, "all");
    }

    // Every finding is shown somewhere on the map: at least one node carries it (fixtures and corpus).
    void everyFindingMarksANode_data()
    {
        QTest::addColumn<QString>("path");
        QDirIterator it(QStringLiteral(ROUTEMAP_TEST_DATA "/diagnostics"), {QStringLiteral("*.yaml")}, QDir::Files,
                        QDirIterator::Subdirectories);
        QStringList paths;
        while (it.hasNext()) {
            paths.append(it.next());
        }
        if (QFileInfo::exists(corpus)) {
            paths += corpusSets();
        }
        paths.sort();
        for (const QString &path : std::as_const(paths)) {
            QTest::addRow("%s", qPrintable(QDir(QStringLiteral(ROUTEMAP_TEST_DATA)).relativeFilePath(path))) << path;
        }
    }

    void everyFindingMarksANode()
    {
        QFETCH(QString, path);
        const Analysis analysis = analyse(ManifestLoader::loadPaths({path}).toSnapshot(), {});
        QCOMPARE(analysis.marks.nodesOfFinding.size(), analysis.findings.size());
        for (int i = 0; i < analysis.findings.size(); ++i) {
            const Finding &f = analysis.findings.at(i);
            const bool loadIssue = f.code == QLatin1String("manifest-parse-error");
            if (loadIssue) {
                continue; // a document that did not parse has no box
            }
            QVERIFY2(!analysis.marks.nodesOfFinding.at(i).isEmpty(),
                     qPrintable(f.code + QStringLiteral(" on ") + f.object.display() + QStringLiteral(" marks nothing")));
            for (const QString &id : analysis.marks.nodesOfFinding.at(i)) {
                QVERIFY(analysis.topology.node(id));
                QVERIFY(analysis.marks.nodes.value(id).contains(i));
            }
        }
        for (auto it = analysis.marks.edges.cbegin(); it != analysis.marks.edges.cend(); ++it) {
            const bool known = std::any_of(analysis.topology.edges.cbegin(), analysis.topology.edges.cend(),
                                           [&it](const TopoEdge &e) { return e.id == it.key(); });
            QVERIFY(known);
        }
    }

    void namespaceScopeKeepsThePathsIn()
    {
        const QString demo = QStringLiteral(ROUTEMAP_TEST_DATA "/../../resources/demo/demo.yaml");
        const Analysis whole = analyse(ManifestLoader::loadPaths({demo}).toSnapshot(), {});
        const Analysis scoped = scopeToNamespaces(whole, {QStringLiteral("ingress-nginx")});
        QVERIFY(!scoped.topology.nodes.isEmpty());
        QVERIFY(scoped.topology.nodes.size() < whole.topology.nodes.size());
        bool client = false;
        for (const TopoNode &node : scoped.topology.nodes) {
            QVERIFY2(node.ns != QLatin1String("default"), qPrintable(node.id)); // nothing of default leads into it
            client = client || node.kind == NodeKind::Client;
        }
        QVERIFY(client); // the outside path still leads in
        for (const TopoEdge &edge : scoped.topology.edges) {
            QVERIFY(scoped.topology.node(edge.from) && scoped.topology.node(edge.to));
        }
        QVERIFY(!scoped.findings.isEmpty());
        for (const Finding &f : scoped.findings) {
            QCOMPARE(f.object.ns, QStringLiteral("ingress-nginx"));
        }
        QCOMPARE(scoped.marks.nodesOfFinding.size(), scoped.findings.size());

        // The command line: render scoped to a namespace, and to one that has nothing.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QProcess render;
        render.start(QStringLiteral(ROUTEMAP_BINARY), {QStringLiteral("render"), demo, QStringLiteral("-n"),
                                                        QStringLiteral("default"), QStringLiteral("-o"),
                                                        dir.filePath(QStringLiteral("default.svg"))});
        QVERIFY(render.waitForFinished(60000));
        QCOMPARE(render.exitCode(), 0);
        QVERIFY(readFile(dir.filePath(QStringLiteral("default.svg"))).contains("web-ingress"));
        render.start(QStringLiteral(ROUTEMAP_BINARY), {QStringLiteral("render"), demo, QStringLiteral("-n"),
                                                        QStringLiteral("nowhere"), QStringLiteral("-o"),
                                                        dir.filePath(QStringLiteral("none.svg"))});
        QVERIFY(render.waitForFinished(60000));
        QCOMPARE(render.exitCode(), 2);
        QVERIFY(render.readAllStandardError().contains("nothing in namespace nowhere"));
    }

    void cancelledAnalysisIsMarked()
    {
        std::atomic_bool cancel {true};
        const Analysis analysis = analyse(ManifestLoader::loadPaths({checkData + QStringLiteral("broken.yaml")}).toSnapshot(),
                                          {}, &cancel);
        QVERIFY(analysis.cancelled);
        QVERIFY(analysis.findings.isEmpty());
    }

    void findingKeyIgnoresWording()
    {
        Finding a;
        a.code = QStringLiteral("service-no-ready-endpoints");
        a.object = {QString(), QStringLiteral("Service"), QStringLiteral("shop"), QStringLiteral("web")};
        a.message = QStringLiteral("0 of 3 ready");
        Finding b = a;
        b.message = QStringLiteral("0 of 4 ready");
        QCOMPARE(findingKey(a), findingKey(b));
        b.object.name = QStringLiteral("api");
        QVERIFY(findingKey(a) != findingKey(b));
    }
};

QTEST_GUILESS_MAIN(EngineTest)
#include "engine_test.moc"
