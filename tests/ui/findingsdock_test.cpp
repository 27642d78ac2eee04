// The findings table: model contract, sorting by severity weight, filtering, and row selection.
#include "findings/findingsdock.h"
#include "findings/findingsmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace routemap;

namespace {

Finding make(const QString &code, Severity severity, const QString &name, const QString &message)
{
    Finding f;
    f.code = code;
    f.severity = severity;
    f.object = {QString(), QStringLiteral("Service"), QStringLiteral("shop"), name};
    f.message = message;
    f.hint = QStringLiteral("fix it");
    f.kubectl = QStringLiteral("kubectl get svc -n shop ") + name;
    return f;
}

QList<Finding> sample()
{
    return {make(QStringLiteral("service-target-port-undeclared"), Severity::Info, QStringLiteral("a"), QStringLiteral("port 8080")),
            make(QStringLiteral("service-selects-nothing"), Severity::Error, QStringLiteral("checkout"), QStringLiteral("selects app=checkout")),
            make(QStringLiteral("loadbalancer-pending"), Severity::Warning, QStringLiteral("lb"), QStringLiteral("no address yet"))};
}

} // namespace

class FindingsDockTest : public QObject
{
    Q_OBJECT

private slots:
    void model_passesModelTester();
    void sort_bySeverityWeight();
    void filter_bySeverityAndText();
    void selectingRow_emitsFinding();
};

void FindingsDockTest::model_passesModelTester()
{
    FindingsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFindings(sample());
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), 4);
    QCOMPARE(model.index(1, FindingsModel::CodeColumn).data().toString(), QStringLiteral("service-selects-nothing"));
    QCOMPARE(model.index(1, FindingsModel::ObjectColumn).data().toString(), QStringLiteral("Service shop/checkout"));
    model.setFindings({});
    QCOMPARE(model.rowCount(), 0);
}

void FindingsDockTest::sort_bySeverityWeight()
{
    FindingsDock dock;
    dock.setFindings(sample());
    QTableView *view = dock.view();
    // Default sort: most severe first, although "Error" < "Info" < "Warning" alphabetically.
    QCOMPARE(view->model()->index(0, FindingsModel::SeverityColumn).data().toString(), QStringLiteral("Error"));
    QCOMPARE(view->model()->index(1, FindingsModel::SeverityColumn).data().toString(), QStringLiteral("Warning"));
    QCOMPARE(view->model()->index(2, FindingsModel::SeverityColumn).data().toString(), QStringLiteral("Info"));
}

void FindingsDockTest::filter_bySeverityAndText()
{
    FindingsDock dock;
    dock.setFindings(sample());
    QCOMPARE(dock.visibleCount(), 3);
    dock.setMinimumSeverity(Severity::Warning);
    QCOMPARE(dock.visibleCount(), 2);
    dock.setMinimumSeverity(Severity::Error);
    QCOMPARE(dock.visibleCount(), 1);
    dock.setMinimumSeverity(Severity::Info);
    dock.setFilterText(QStringLiteral("PENDING"));
    QCOMPARE(dock.visibleCount(), 1);
    dock.setFilterText(QStringLiteral("shop/checkout"));
    QCOMPARE(dock.visibleCount(), 1);
    dock.setFilterText(QStringLiteral("no such thing"));
    QCOMPARE(dock.visibleCount(), 0);
    QVERIFY(dock.windowTitle().contains(QLatin1String("3")));
}

void FindingsDockTest::selectingRow_emitsFinding()
{
    FindingsDock dock;
    dock.setFindings(sample());
    QSignalSpy spy(&dock, &FindingsDock::findingSelected);
    dock.view()->setCurrentIndex(dock.view()->model()->index(0, 0));
    QCOMPARE(spy.count(), 1);
    const auto finding = spy.at(0).at(0).value<routemap::Finding>();
    QCOMPARE(finding.code, QStringLiteral("service-selects-nothing"));
}

QTEST_MAIN(FindingsDockTest)
#include "findingsdock_test.moc"
