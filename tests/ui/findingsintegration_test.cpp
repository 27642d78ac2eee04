// The findings in the window (table, map selection, inspector, whole-cluster mode) and `routemap check`
// as a separate process without a display.
#include "findings/findingsdock.h"
#include "findings/findingsmodel.h"
#include "graph/edgeitem.h"
#include "graph/graphscene.h"
#include "graph/nodeitem.h"
#include "window/documentcontroller.h"
#include "window/findingcard.h"
#include "window/graphview.h"
#include "window/inspectordock.h"
#include "window/mainwindow.h"
#include "windowfixture.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QGraphicsTextItem>
#include <QGuiApplication>
#include <QHelpEvent>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>
#include <QToolButton>
#include <QToolTip>

using namespace routemap;
using namespace routemap::testing;

namespace {


QString checkFixture(const QString &name)
{
    return QStringLiteral(ROUTEMAP_TEST_DATA "/check/") + name;
}

const Finding *findFinding(const QList<Finding> &findings, const QString &code, const QString &object)
{
    for (const Finding &f : findings) {
        if (f.code == code && f.object.display() == object) {
            return &f;
        }
    }
    return nullptr;
}

// The row of the table (as sorted and filtered on screen) showing `code` on `object`.
QModelIndex rowOf(const FindingsDock *dock, const QString &code, const QString &object)
{
    const QAbstractItemModel *model = dock->view()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, FindingsModel::CodeColumn).data().toString() == code
            && model->index(row, FindingsModel::ObjectColumn).data().toString().contains(object)) {
            return model->index(row, 0);
        }
    }
    return {};
}

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs the real binary with no display at all: no platform plugin, DISPLAY or WAYLAND_DISPLAY.
Run runRoutemap(const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &name :
        {QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("DISPLAY"), QStringLiteral("WAYLAND_DISPLAY")}) {
        env.remove(name);
    }
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(ROUTEMAP_BINARY), arguments);
    Run run;
    if (!process.waitForStarted(10000)) {
        return run;
    }
    if (!input.isEmpty()) {
        process.write(input);
    }
    process.closeWriteChannel();
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace

class FindingsIntegrationTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        isolateSettings(m_settingsDir, QStringLiteral("findingsintegration_test"));
    }

    void init() { QSettings().clear(); }

    void demoFindingsAreListedInTheDock()
    {
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(openDemoAndWait(window));

        FindingsDock *dock = window.findingsDock();
        QVERIFY(dock);
        QVERIFY(dock->isVisible());
        const QList<Finding> &listed = dock->model()->findings();
        const Finding *selectsNothing
            = findFinding(listed, QStringLiteral("service-selects-nothing"), QStringLiteral("Service default/api"));
        QVERIFY(selectsNothing);
        QCOMPARE(selectsNothing->severity, Severity::Error);
        const Finding *tls = findFinding(
            listed, QStringLiteral("ingress-tls-secret-missing"), QStringLiteral("Ingress default/web-ingress"));
        QVERIFY(tls);
        QCOMPARE(tls->severity, Severity::Warning);
        QCOMPARE(listed.size(), window.document()->findings().size());
        QVERIFY(rowOf(dock, QStringLiteral("service-selects-nothing"), QStringLiteral("default/api")).isValid());

        // The status bar names the mode the findings were computed in.
        auto *mode = window.findChild<QLabel *>(QStringLiteral("modeLabel"));
        QVERIFY(mode);
        QVERIFY2(mode->text().startsWith(QLatin1String("Partial")), qPrintable(mode->text()));
    }

    void selectingAFindingSelectsCentresAndExplains()
    {
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openDemoAndWait(window));
        // Start from everything fitted and small, away from the node.
        window.view()->fitAll();
        window.view()->setZoom(0.3);
        window.view()->centerOn(window.scene()->sceneRect().topLeft());

        FindingsDock *dock = window.findingsDock();
        const QModelIndex row = rowOf(dock, QStringLiteral("service-selects-nothing"), QStringLiteral("default/api"));
        QVERIFY(row.isValid());
        dock->view()->selectionModel()->setCurrentIndex(
            row, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);

        const QString id = QStringLiteral("service:default/api");
        QCOMPARE(window.scene()->selectedNode(), id);
        QCOMPARE(window.inspector()->nodeId(), id);

        // Centred, and zoomed in far enough to read.
        GraphView *view = window.view();
        QVERIFY(view->zoom() >= GraphView::readableZoom - 0.01);
        const QRectF visible = view->mapToScene(view->viewport()->rect()).boundingRect();
        const QRectF node = window.scene()->nodeItem(id)->sceneBoundingRect();
        QVERIFY2(visible.contains(node),
            qPrintable(QStringLiteral("node %1,%2 outside the view").arg(node.center().x()).arg(node.center().y())));
        // As near the middle as the map's edges allow.
        const QScrollBar *h = view->horizontalScrollBar();
        const QScrollBar *v = view->verticalScrollBar();
        const QPointF offset = node.center() - visible.center();
        QVERIFY(std::abs(offset.x()) < 40 || h->value() == h->minimum() || h->value() == h->maximum());
        QVERIFY(std::abs(offset.y()) < 40 || v->value() == v->minimum() || v->value() == v->maximum());

        // The inspector shows the finding, highlighted, with its hint and kubectl command.
        FindingCard *card = window.inspector()->highlightedCard();
        QVERIFY(card);
        QCOMPARE(card->finding().code, QStringLiteral("service-selects-nothing"));
        QVERIFY(!card->finding().hint.isEmpty());
        QVERIFY(card->plainText().contains(card->finding().hint));
        QVERIFY(card->kubectlText().startsWith(QLatin1String("kubectl ")));
        auto *field = card->findChild<QTextEdit *>(QStringLiteral("kubectlField"));
        QVERIFY(field);
        QCOMPARE(field->toPlainText().replace(u'\n', u' '), card->kubectlText());
        QVERIFY(field->textInteractionFlags().testFlag(Qt::TextSelectableByMouse));
        QVERIFY(card->copyButton());
        QGuiApplication::clipboard()->clear();
        QTest::mouseClick(card->copyButton(), Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), card->kubectlText());
        const int highlighted = static_cast<int>(std::count_if(window.inspector()->findingCards().cbegin(),
            window.inspector()->findingCards().cend(), [](const FindingCard *c) { return c->isHighlighted(); }));
        QCOMPARE(highlighted, 1);

        // Picking another node on the map drops the highlight.
        const Finding *tls = findFinding(window.document()->findings(), QStringLiteral("ingress-tls-secret-missing"),
            QStringLiteral("Ingress default/web-ingress"));
        QVERIFY(tls);
        const QString ingress = window.scene()->nodeIdForFinding(*tls);
        QVERIFY(!ingress.isEmpty());
        window.scene()->selectNode(ingress);
        QCOMPARE(window.inspector()->nodeId(), ingress);
        QVERIFY(!window.inspector()->highlightedCard());
        QVERIFY(!window.inspector()->findingCards().isEmpty());
    }

    void kubectlCommandWrapsAtSpacesOnly()
    {
        Finding finding;
        finding.code = QStringLiteral("service-selects-nothing");
        finding.severity = Severity::Warning;
        finding.message = QStringLiteral("Service default/api selects no pods");
        finding.kubectl = QStringLiteral("kubectl get endpointslices -n default -l kubernetes.io/service-name=api");
        FindingCard card(finding);
        card.resize(220, 300);
        card.show();
        QVERIFY(QTest::qWaitForWindowExposed(&card));
        auto *field = card.findChild<QTextEdit *>(QStringLiteral("kubectlField"));
        QVERIFY(field);
        QTRY_VERIFY(field->toPlainText().contains(u'\n')); // too narrow for one line
        // Every line is whole words of the command: no break inside "service-name=api".
        QCOMPARE(field->toPlainText().replace(u'\n', u' '), finding.kubectl);
        const QStringList lines = field->toPlainText().split(u'\n');
        QVERIFY(lines.contains(QStringLiteral("kubernetes.io/service-name=api")));
        // The field is tall enough for all its lines.
        QVERIFY2(
            field->height() >= lines.size() * field->fontMetrics().lineSpacing(), qPrintable(field->toPlainText()));
        // Copying a selection across the breaks gives the command as typed, as the Copy button does.
        field->selectAll();
        QGuiApplication::clipboard()->clear();
        field->copy();
        QCOMPARE(QGuiApplication::clipboard()->text(), finding.kubectl);
        QGuiApplication::clipboard()->clear();
        QTest::mouseClick(card.copyButton(), Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), finding.kubectl);
    }

    void edgeTooltipsNameObjectsLikePeopleDo()
    {
        MainWindow window;
        window.show();
        QVERIFY(openDemoAndWait(window));
        QTRY_VERIFY(!window.document()->isBusy());
        const EdgeItem *edge = nullptr;
        for (const EdgeItem *item : window.scene()->edgeItems()) {
            if (item->edge().from == u"ingress:default/web-ingress" && item->edge().to == u"service:default/web") {
                edge = item;
            }
        }
        QVERIFY(edge);
        const QString tip = edge->toolTip();
        QVERIFY2(tip.contains(QStringLiteral("Ingress default/web-ingress → Service default/web")), qPrintable(tip));
        QVERIFY2(!tip.contains(QStringLiteral("ingress:default")), qPrintable(tip));
        QVERIFY2(!tip.contains(QStringLiteral("service:default")), qPrintable(tip));
        QVERIFY(!edge->edge().label.isEmpty());
        QVERIFY2(tip.contains(edge->edge().label.toHtmlEscaped()), qPrintable(tip));

        // Findings on an edge read "severity code: message".
        const Finding *tls = findFinding(window.document()->findings(), QStringLiteral("ingress-tls-secret-missing"),
            QStringLiteral("Ingress default/web-ingress"));
        QVERIFY(tls);
        const QString line
            = QString(severityName(tls->severity) + u' ' + tls->code + QStringLiteral(": ") + tls->message)
                  .toHtmlEscaped();
        bool marked = false;
        for (const EdgeItem *item : window.scene()->edgeItems()) {
            if (item->toolTip().contains(line)) {
                marked = true;
                QVERIFY2(!item->toolTip().contains(item->edge().from), qPrintable(item->toolTip()));
            }
        }
        QVERIFY(marked);

        // Node tooltips lead with kind and namespace/name too.
        const auto *api
            = static_cast<const NodeItem *>(window.scene()->nodeItem(QStringLiteral("service:default/api")));
        QVERIFY(api);
        QVERIFY2(api->toolTip().startsWith(QStringLiteral("<b>Service default/api</b>")), qPrintable(api->toolTip()));
        QVERIFY(api->toolTip().contains(api->node().subtitle.toHtmlEscaped()));
        QVERIFY(api->toolTip().contains(QStringLiteral("service-selects-nothing: ")));
    }

    void clickingANodeSelectsItsFindingRow()
    {
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openDemoAndWait(window));
        QTRY_VERIFY(!window.document()->isBusy());
        const QString id = QStringLiteral("service:default/api");
        GraphView *view = window.view();
        const QGraphicsItem *node = window.scene()->nodeItem(id);
        QVERIFY(node);
        view->centerOn(node->sceneBoundingRect().center() + QPointF(60, 40)); // near, not exactly in the middle
        QApplication::processEvents();
        const int h = view->horizontalScrollBar()->value();
        const int v = view->verticalScrollBar()->value();
        const QPoint at = view->mapFromScene(node->sceneBoundingRect().center());
        QVERIFY(view->viewport()->rect().contains(at));

        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(window.scene()->selectedNode(), id);
        QCOMPARE(window.inspector()->nodeId(), id);
        FindingsDock *dock = window.findingsDock();
        const QModelIndex current = dock->view()->currentIndex();
        QVERIFY(current.isValid());
        QCOMPARE(
            current.row(), rowOf(dock, QStringLiteral("service-selects-nothing"), QStringLiteral("default/api")).row());
        QVERIFY(dock->view()->selectionModel()->isRowSelected(current.row(), {}));
        // The table followed the map; the map did not jump back to the finding.
        QApplication::processEvents();
        QCOMPARE(view->horizontalScrollBar()->value(), h);
        QCOMPARE(view->verticalScrollBar()->value(), v);
        QCOMPARE(window.scene()->selectedNode(), id);
        QVERIFY(!window.inspector()->highlightedCard());

        // Selecting from code does the same, and a node without findings clears the row.
        window.scene()->selectNode(QString());
        QVERIFY(!dock->view()->currentIndex().isValid());
        QVERIFY(!dock->view()->selectionModel()->hasSelection());
        window.scene()->selectNode(id);
        QCOMPARE(dock->view()->currentIndex().row(),
            rowOf(dock, QStringLiteral("service-selects-nothing"), QStringLiteral("default/api")).row());

        // A click on empty space clears the table's selection.
        QPoint empty(-1, -1);
        for (int y = 4; y < view->viewport()->height() && empty.x() < 0; y += 16) {
            for (int x = 4; x < view->viewport()->width(); x += 16) {
                bool hit = false;
                for (const QGraphicsItem *item : view->items(QPoint(x, y))) {
                    hit = hit || item->type() == NodeItem::Type || item->type() == EdgeItem::Type;
                }
                if (!hit) {
                    empty = QPoint(x, y);
                    break;
                }
            }
        }
        QVERIFY(empty.x() >= 0);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, empty);
        QCOMPARE(window.scene()->selectedNode(), QString());
        QVERIFY(!dock->view()->selectionModel()->hasSelection());

        // Choosing a row still selects and centres its node (the guard is released again).
        const QModelIndex row = rowOf(dock, QStringLiteral("service-selects-nothing"), QStringLiteral("default/api"));
        dock->view()->selectionModel()->setCurrentIndex(
            row, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QCOMPARE(window.scene()->selectedNode(), id);
        QVERIFY(window.inspector()->highlightedCard());
    }

    void nodeForAFindingWithoutItsOwnBox()
    {
        MainWindow window;
        window.show();
        QVERIFY(openDemoAndWait(window));
        const Finding *tls = findFinding(window.document()->findings(), QStringLiteral("ingress-tls-secret-missing"),
            QStringLiteral("Ingress default/web-ingress"));
        QVERIFY(tls);
        QVERIFY(!tls->related.isEmpty());
        // An object with no box of its own (a file that did not parse): the related box is shown instead.
        Finding orphan = *tls;
        orphan.object = {QString(), QStringLiteral("File"), QString(), QStringLiteral("nowhere.yaml")};
        const QString id = window.scene()->nodeIdForFinding(orphan);
        QVERIFY(!id.isEmpty());
        QVERIFY(id != window.scene()->nodeIdForFinding(*tls));
        orphan.related.clear();
        QCOMPARE(window.scene()->nodeIdForFinding(orphan), QString());
        QVERIFY(!window.showFinding(orphan));
    }

    void hoveringAMarkedNodeShowsTheMessage()
    {
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openDemoAndWait(window));
        const Finding *selectsNothing = findFinding(window.document()->findings(),
            QStringLiteral("service-selects-nothing"), QStringLiteral("Service default/api"));
        QVERIFY(selectsNothing);
        const QString id = QStringLiteral("service:default/api");
        QVERIFY(window.showFinding(*selectsNothing));

        // A tooltip event where the node is on screen, as the view gets it when the mouse rests there.
        GraphView *view = window.view();
        const QPoint at = view->mapFromScene(window.scene()->nodeItem(id)->sceneBoundingRect().center());
        QVERIFY(view->viewport()->rect().contains(at));
        QHelpEvent help(QEvent::ToolTip, at, view->viewport()->mapToGlobal(at));
        QApplication::sendEvent(view->viewport(), &help);
        QTRY_VERIFY(QToolTip::isVisible());
        const QString tip = QToolTip::text();
        QVERIFY2(tip.contains(selectsNothing->message.toHtmlEscaped()), qPrintable(tip));
        QToolTip::hideText();

        // The edges into the missing TLS Secret carry that finding's message too.
        const Finding *tls = findFinding(window.document()->findings(), QStringLiteral("ingress-tls-secret-missing"),
            QStringLiteral("Ingress default/web-ingress"));
        QVERIFY(tls);
        bool edgeTip = false;
        for (const QGraphicsItem *item : window.scene()->items()) {
            edgeTip = edgeTip
                || (item->type() != QGraphicsTextItem::Type && item->toolTip().contains(QStringLiteral(" → "))
                    && item->toolTip().contains(tls->message.toHtmlEscaped()));
        }
        QVERIFY(edgeTip);
    }

    void wholeClusterMakesMissingReferencesErrors()
    {
        MainWindow window;
        window.show();
        QVERIFY(openDemoAndWait(window));
        QTRY_VERIFY(!window.document()->isBusy());
        const qsizetype objects = window.document()->snapshot().objects().size();
        const auto tlsSeverity = [&window]() {
            const Finding *f = findFinding(window.findingsDock()->model()->findings(),
                QStringLiteral("ingress-tls-secret-missing"), QStringLiteral("Ingress default/web-ingress"));
            return f ? static_cast<int>(f->severity) : -1;
        };
        QCOMPARE(tlsSeverity(), static_cast<int>(Severity::Warning));
        const QString errorsBefore = window.document()->summary();

        // The toggle re-checks the loaded objects; nothing is read again.
        QSignalSpy loads(window.document(), &DocumentController::loadingStarted);
        QAction *toggle = window.wholeClusterAction();
        QVERIFY(toggle);
        QVERIFY(!toggle->isChecked());
        toggle->trigger();
        QVERIFY(toggle->isChecked());
        QTRY_COMPARE_WITH_TIMEOUT(tlsSeverity(), static_cast<int>(Severity::Error), loadTimeoutMs);
        QCOMPARE(loads.count(), 0);
        QCOMPARE(window.document()->snapshot().objects().size(), objects);
        QVERIFY(window.document()->summary() != errorsBefore);
        QVERIFY(QSettings().value(QStringLiteral("analysis/wholeCluster")).toBool());
        auto *mode = window.findChild<QLabel *>(QStringLiteral("modeLabel"));
        QVERIFY(mode && mode->text().startsWith(QLatin1String("Whole cluster")));

        // The map follows: the marks come from the same findings.
        QCOMPARE(window.scene()->findings().size(), window.document()->findings().size());

        // A new window starts in the remembered mode, and reloads keep it.
        MainWindow second;
        QVERIFY(second.wholeClusterAction()->isChecked());
        second.show();
        second.openDemo();
        QTRY_VERIFY_WITH_TIMEOUT(!second.scene()->nodeItems().isEmpty(), loadTimeoutMs);
        const Finding *again = findFinding(second.document()->findings(), QStringLiteral("ingress-tls-secret-missing"),
            QStringLiteral("Ingress default/web-ingress"));
        QVERIFY(again);
        QCOMPARE(again->severity, Severity::Error);

        // The chosen finding stays chosen across the switch, in its new wording and severity.
        const Finding *tls = findFinding(window.document()->findings(), QStringLiteral("ingress-tls-secret-missing"),
            QStringLiteral("Ingress default/web-ingress"));
        QVERIFY(tls);
        QVERIFY(window.showFinding(*tls));
        const QString tlsNode = window.scene()->selectedNode();
        toggle->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(tlsSeverity(), static_cast<int>(Severity::Warning), loadTimeoutMs);
        QCOMPARE(window.scene()->selectedNode(), tlsNode);
        QVERIFY(window.inspector()->highlightedCard());
        QCOMPARE(window.inspector()->highlightedCard()->finding().severity, Severity::Warning);
        const QModelIndex current = window.findingsDock()->view()->currentIndex();
        QVERIFY(current.isValid());
        QCOMPARE(current.siblingAtColumn(FindingsModel::CodeColumn).data().toString(),
            QStringLiteral("ingress-tls-secret-missing"));
        QVERIFY(!QSettings().value(QStringLiteral("analysis/wholeCluster")).toBool());
    }

    void completeOptionIsForOneRunOnly()
    {
        MainWindow window;
        window.setTreatAsWholeCluster(true);
        QVERIFY(window.wholeClusterAction()->isChecked());
        QVERIFY(window.document()->isComplete());
        QVERIFY(!QSettings().contains(QStringLiteral("analysis/wholeCluster")));
    }

    void firstLookIsReadable()
    {
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy shown(&window, &MainWindow::graphShown);
        window.openDemo();
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() > 0, loadTimeoutMs);
        QVERIFY2(window.view()->zoom() >= GraphView::readableZoom - 0.01,
            qPrintable(QString::number(window.view()->zoom())));
        // The client (where traffic starts) is on screen.
        const QRectF visible = window.view()->mapToScene(window.view()->viewport()->rect()).boundingRect();
        bool clientVisible = false;
        for (const TopoNode &node : window.scene()->topology().nodes) {
            if (node.kind == NodeKind::Client && window.scene()->nodeItem(node.id)) {
                clientVisible = visible.intersects(window.scene()->nodeItem(node.id)->sceneBoundingRect());
            }
        }
        QVERIFY(clientVisible);
        // F still shows everything.
        window.view()->fitAll();
        const QRectF all = window.view()->mapToScene(window.view()->viewport()->rect()).boundingRect();
        QVERIFY(all.adjusted(-2, -2, 2, 2).contains(window.scene()->contentRect()));
    }

    void checkExitCodes_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addRow("broken") << QStringList {QStringLiteral("check"), checkFixture(QStringLiteral("broken.yaml"))}
                                << 1;
        QTest::addRow("healthy") << QStringList {QStringLiteral("check"), checkFixture(QStringLiteral("healthy.yaml"))}
                                 << 0;
        QTest::addRow("broken, fail on none") << QStringList {QStringLiteral("check"),
            checkFixture(QStringLiteral("broken.yaml")), QStringLiteral("--fail-on"), QStringLiteral("none")}
                                              << 0;
    }

    void checkExitCodes()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        const Run run = runRoutemap(arguments);
        QVERIFY2(run.exitCode == exitCode,
            qPrintable(QStringLiteral("exit %1, stderr: %2").arg(run.exitCode).arg(QString::fromUtf8(run.err))));
        QVERIFY(run.out.contains("objects"));
        QVERIFY2(!run.err.contains("display"), run.err.constData());
    }

    void checkJsonParses()
    {
        const Run run = runRoutemap({QStringLiteral("check"), checkFixture(QStringLiteral("broken.yaml")),
            QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(run.exitCode, 1);
        QJsonParseError error;
        const QJsonDocument json = QJsonDocument::fromJson(run.out, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QVERIFY(json.isObject());
        bool found = false;
        const QJsonObject root = json.object();
        for (auto it = root.constBegin(); it != root.constEnd(); ++it) {
            if (it.value().isArray()) {
                const QJsonArray items = it.value().toArray();
                for (const QJsonValue &item : items) {
                    found = found
                        || item.toObject().value(QStringLiteral("code")).toString()
                            == QLatin1String("service-selects-nothing");
                }
            }
        }
        QVERIFY2(found, run.out.constData());
    }

    void checkReadsStandardInput()
    {
        QFile broken(checkFixture(QStringLiteral("broken.yaml")));
        QVERIFY(broken.open(QIODevice::ReadOnly));
        const Run run = runRoutemap({QStringLiteral("check"), QStringLiteral("-")}, broken.readAll());
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.contains("service-selects-nothing"));
    }

    void checkUnreadableInputExitsTwo()
    {
        const Run run = runRoutemap({QStringLiteral("check"), QStringLiteral("/nonexistent/routemap/input.yaml")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(!run.err.trimmed().isEmpty());
        QVERIFY(run.err.contains("input.yaml"));
    }

    void checkHelpAndMainHelp()
    {
        const Run check = runRoutemap({QStringLiteral("check"), QStringLiteral("--help")});
        QCOMPARE(check.exitCode, 0);
        QVERIFY2(check.out.contains("--fail-on"), check.out.constData());
        QVERIFY(check.out.contains("--watch"));

        const Run help = runRoutemap({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(help.out.contains("routemap check PATH..."), help.out.constData());
        QVERIFY(help.out.contains("--complete"));
    }

private:
    QTemporaryDir m_settingsDir;
};

QTEST_MAIN(FindingsIntegrationTest)
#include "findingsintegration_test.moc"
