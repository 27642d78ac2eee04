// The selection helpers the diagnostics rules share: which workloads a Service selects (Pods over templates,
// owners resolved, controller-added labels). Ingress controller recognition is tested in controllers_test.
#include "diagnostics/diagnostics.h"
#include "diagnostics/selection.h"
#include "sources/manifestloader.h"
#include "topology/topologybuilder.h"

#include <QTest>

using namespace routemap;
using namespace routemap::rules;

namespace {

Snapshot load(const char *name)
{
    return ManifestLoader::loadPaths({QStringLiteral(ROUTEMAP_TEST_DATA "/selection/") + QLatin1String(name)})
        .toSnapshot();
}

QString refsText(const QList<SelectedWorkload> &selection)
{
    QStringList parts;
    for (const SelectedWorkload &s : selection) {
        parts.append(s.ref().display() + (s.viaTemplate ? QStringLiteral(" (template)") : QString()));
    }
    return parts.join(QStringLiteral("; "));
}

} // namespace

class SelectionTest : public QObject
{
    Q_OBJECT

private slots:
    void selectedBy_data();
    void selectedBy();
    void mapAndFindingsAgree_data();
    void mapAndFindingsAgree();
};

void SelectionTest::selectedBy_data()
{
    QTest::addColumn<QString>("ns");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");
    QTest::addRow("pods over templates, ReplicaSet resolved to Deployment, bare pod apart")
        << QStringLiteral("shop") << QStringLiteral("web") << QStringLiteral("Deployment shop/web; Pod shop/debug");
    QTest::addRow("statefulset pod-name matched offline to its StatefulSet only")
        << QStringLiteral("shop") << QStringLiteral("db-1") << QStringLiteral("StatefulSet shop/db (template)");
    QTest::addRow("other namespace selects nothing")
        << QStringLiteral("tools") << QStringLiteral("other-ns") << QString();
    QTest::addRow("ExternalName selects nothing") << QStringLiteral("shop") << QStringLiteral("alias") << QString();
}

void SelectionTest::selectedBy()
{
    QFETCH(QString, ns);
    QFETCH(QString, name);
    QFETCH(QString, expected);
    const Snapshot snapshot = load("workloads.yaml");
    const Service *service = snapshot.service(ns, name);
    QVERIFY(service);
    QCOMPARE(refsText(rules::selectedBy(snapshot, *service)), expected);
}

void SelectionTest::mapAndFindingsAgree_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("selects");
    QTest::addRow("pod-name of a StatefulSet replica") << QStringLiteral("db-0") << true;
    QTest::addRow("pod-name with a template label") << QStringLiteral("db-primary") << true;
    QTest::addRow("pod-name of no loaded StatefulSet") << QStringLiteral("cache-0") << false;
    QTest::addRow("pod-name that is no ordinal") << QStringLiteral("db-x") << false;
}

// The map's "no pods" ghost and the service-selects-nothing finding come from one rule: they agree.
void SelectionTest::mapAndFindingsAgree()
{
    QFETCH(QString, name);
    QFETCH(bool, selects);
    const Snapshot snapshot = load("statefulset-pod-name.yaml");
    const Service *service = snapshot.service(QStringLiteral("shop"), name);
    QVERIFY(service);
    QCOMPARE(!snapshot.selectedBy(*service).isEmpty(), selects);

    const Topology map = buildTopology(snapshot);
    const QString serviceNode = TopologyBuilder::serviceId(QStringLiteral("shop"), name);
    QVERIFY(map.node(serviceNode));
    const bool ghost = map.node(QStringLiteral("ghost:pods/shop/") + name) != nullptr;
    bool edgeToSet = false;
    for (const TopoEdge &e : map.edges) {
        edgeToSet = edgeToSet || (e.from == serviceNode && e.to == QStringLiteral("pods:StatefulSet/shop/db"));
    }

    const QList<Finding> findings = runDiagnostics(snapshot);
    const bool nothing = std::any_of(findings.begin(), findings.end(), [&](const Finding &f) {
        return f.code == QLatin1String("service-selects-nothing") && f.object == service->ref();
    });

    QCOMPARE(ghost, !selects);
    QCOMPARE(nothing, !selects);
    QCOMPARE(edgeToSet, selects);
}

QTEST_GUILESS_MAIN(SelectionTest)
#include "selection_test.moc"
