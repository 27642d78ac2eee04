// The selection helpers the diagnostics rules share: which workloads a Service selects (Pods over templates,
// owners resolved, controller-added labels). Ingress controller recognition is tested in controllers_test.
#include "diagnostics/selection.h"
#include "sources/manifestloader.h"

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

QTEST_GUILESS_MAIN(SelectionTest)
#include "selection_test.moc"
