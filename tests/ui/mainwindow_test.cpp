#include "graph/graphscene.h"
#include "graph/graphstyle.h"
#include "graph/nodeitem.h"
#include "window/documentcontroller.h"
#include "window/graphview.h"
#include "window/inspectordock.h"
#include "window/mainwindow.h"
#include "windowfixture.h"
#include "window/recentfiles.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QDropEvent>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QMimeData>
#include <QSaveFile>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QWheelEvent>

using namespace routemap;
using namespace routemap::testing;

namespace {


QString fixture(const QString &name)
{
    return QStringLiteral(ROUTEMAP_TEST_DATA "/window/") + name;
}

const NodeItem *findNode(const GraphScene *scene, NodeKind kind, const QString &title = {})
{
    const QList<NodeItem *> items = scene->nodeItems();
    for (const NodeItem *item : items) {
        if (item->node().kind == kind && (title.isEmpty() || item->node().title == title)) {
            return item;
        }
    }
    return nullptr;
}

bool hasNode(const GraphScene *scene, NodeKind kind, const QString &title = {})
{
    return findNode(scene, kind, title) != nullptr;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return false;
    }
    return file.write(data) == data.size();
}

// How editors save: write a new file beside the old one and rename it over (the inode changes).
bool replaceFile(const QString &path, const QByteArray &data)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return false;
    }
    file.write(data);
    return file.commit();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class MainWindowTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // Keep the tests away from the user's settings (recent files, window geometry).
        QVERIFY(m_settingsDir.isValid());
        isolateSettings(m_settingsDir, QStringLiteral("mainwindow_test"));
    }

    void emptyStateUntilSomethingIsOpen()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.isEmptyStateShown());
        QCOMPARE(window.windowTitle(), QStringLiteral("Routemap"));
        auto *hint = window.findChild<QLabel *>(QStringLiteral("emptyHint"));
        QVERIFY(hint);
        QVERIFY(hint->isVisible());
        QVERIFY(hint->text().contains(QLatin1String("Ctrl+O")));
    }

    void demoShowsTheTrafficMap()
    {
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openDemo();
        QCOMPARE(window.windowTitle(), QStringLiteral("Routemap — demo"));
        QTRY_VERIFY_WITH_TIMEOUT(!window.scene()->nodeItems().isEmpty(), loadTimeoutMs);
        QVERIFY(!window.isEmptyStateShown());

        const GraphScene *scene = window.scene();
        QVERIFY(hasNode(scene, NodeKind::Client));
        QVERIFY(hasNode(scene, NodeKind::Ingress, QStringLiteral("web-ingress")));
        QVERIFY(hasNode(scene, NodeKind::Service, QStringLiteral("web")));
        QVERIFY(hasNode(scene, NodeKind::Service, QStringLiteral("api")));
        QVERIFY(hasNode(scene, NodeKind::LoadBalancer));
        QVERIFY(hasNode(scene, NodeKind::NodePort));
        QVERIFY(hasNode(scene, NodeKind::IngressController));
        QVERIFY(!window.scene()->edgeItems().isEmpty());

        // The window must show a picture, not an empty canvas: a fair share of the map area differs
        // from the background, in many colours (cards, text, edges, badges).
        QApplication::processEvents();
        const QImage image = window.view()->viewport()->grab().toImage().convertToFormat(QImage::Format_RGB32);
        QVERIFY(!image.isNull());
        const QRgb background = GraphStyle::background().rgb();
        qsizetype different = 0;
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); ++y) {
            const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
            for (int x = 0; x < image.width(); ++x) {
                if (qAbs(qGray(line[x]) - qGray(background)) > 8) {
                    ++different;
                }
                colours.insert(line[x]);
            }
        }
        const double share = double(different) / double(qsizetype(image.width()) * image.height());
        QVERIFY2(share > 0.02, qPrintable(QStringLiteral("only %1 % of the map area is drawn").arg(share * 100)));
        QVERIFY2(colours.size() > 50, qPrintable(QStringLiteral("only %1 colours").arg(colours.size())));
        QVERIFY(!window.grab().toImage().isNull());
        QVERIFY(window.document()->summary().contains(QLatin1String("object")));
    }

    void selectingANodeFillsTheInspector()
    {
        MainWindow window;
        window.show();
        QVERIFY(openDemoAndWait(window));
        InspectorDock *inspector = window.inspector();
        QCOMPARE(inspector->nodeId(), QString());

        const NodeItem *web = findNode(window.scene(), NodeKind::Service, QStringLiteral("web"));
        QVERIFY(web);
        window.scene()->selectNode(web->id());
        QCOMPARE(inspector->nodeId(), web->id());
        QVERIFY(inspector->summaryText().contains(QLatin1String("web")));
        QVERIFY(inspector->summaryText().contains(QLatin1String("demo.yaml:")));
        QVERIFY(
            inspector->yamlText().startsWith(QLatin1String("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n")));

        // A controller stands for several objects; each one's YAML can be shown.
        const NodeItem *controller = findNode(window.scene(), NodeKind::IngressController);
        QVERIFY(controller);
        window.scene()->selectNode(controller->id());
        const QStringList objects = inspector->objectNames();
        QVERIFY2(objects.size() >= 2, qPrintable(objects.join(u',')));
        QVERIFY(objects.contains(QStringLiteral("IngressClass nginx")));
        const QString first = inspector->yamlText();
        inspector->setCurrentObject(1);
        QVERIFY(inspector->yamlText() != first);
        QVERIFY(inspector->yamlText().contains(QLatin1String("kind: ") + objects.at(1).section(u' ', 0, 0)));

        // A missing object says so and names what refers to it.
        const NodeItem *ghost = findNode(window.scene(), NodeKind::Ghost);
        QVERIFY(ghost);
        window.scene()->selectNode(ghost->id());
        QVERIFY(inspector->summaryText().contains(QLatin1String("Not loaded")));
        QVERIFY(inspector->summaryText().contains(QLatin1String("Referenced by")));
        QVERIFY(inspector->yamlText().isEmpty());

        window.scene()->selectNode(QString());
        QCOMPARE(inspector->nodeId(), QString());
    }

    void brokenDocumentShowsTheRestAndListsTheProblem()
    {
        MainWindow window;
        window.show();
        window.openPaths({fixture(QStringLiteral("broken.yaml"))});
        QTRY_VERIFY_WITH_TIMEOUT(!window.scene()->nodeItems().isEmpty(), loadTimeoutMs);
        QVERIFY(hasNode(window.scene(), NodeKind::Service, QStringLiteral("shop")));
        QVERIFY(hasNode(window.scene(), NodeKind::PodGroup));
        QCOMPARE(window.problemsList()->count(), 1);
        const QString problem = window.problemsList()->item(0)->text();
        QVERIFY2(problem.contains(QLatin1String("broken.yaml:")), qPrintable(problem));
        QVERIFY(window.problemsDock()->isVisible());
        QVERIFY(window.document()->summary().contains(QLatin1String("1 load problem")));
    }

    void editingAWatchedFileReloads()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("app.yaml"));
        QVERIFY(writeFile(path, readFile(fixture(QStringLiteral("service.yaml")))));

        MainWindow window;
        window.show();
        window.openPaths({path});
        QTRY_VERIFY_WITH_TIMEOUT(hasNode(window.scene(), NodeKind::Service, QStringLiteral("first")), loadTimeoutMs);
        QVERIFY(!hasNode(window.scene(), NodeKind::Service, QStringLiteral("second")));
        QVERIFY(window.document()->watchedFiles().contains(path));

        // Saved the way editors do it (rename over the old file): the map follows within a second.
        const QByteArray both = readFile(fixture(QStringLiteral("service.yaml"))) + "---\n"
            + readFile(fixture(QStringLiteral("added.yaml")));
        QVERIFY(replaceFile(path, both));
        QTRY_VERIFY_WITH_TIMEOUT(hasNode(window.scene(), NodeKind::Service, QStringLiteral("second")), 5000);
        // The replaced file is watched again, so a later in-place edit counts as well.
        QTRY_VERIFY_WITH_TIMEOUT(window.document()->watchedFiles().contains(path), 2000);
        QVERIFY(writeFile(path, readFile(fixture(QStringLiteral("added.yaml")))));
        QTRY_VERIFY_WITH_TIMEOUT(!hasNode(window.scene(), NodeKind::Service, QStringLiteral("first")), 5000);
        QVERIFY(hasNode(window.scene(), NodeKind::Service, QStringLiteral("second")));
    }

    void newFileInAWatchedFolderReloads()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(writeFile(dir.filePath(QStringLiteral("a.yaml")), readFile(fixture(QStringLiteral("service.yaml")))));
        MainWindow window;
        window.show();
        window.openPaths({dir.path()});
        QTRY_VERIFY_WITH_TIMEOUT(hasNode(window.scene(), NodeKind::Service, QStringLiteral("first")), loadTimeoutMs);

        QSignalSpy reloads(window.document(), &DocumentController::loadingStarted);
        // Files that are not manifests (editor swap files, notes) do not cause a reload.
        QVERIFY(writeFile(dir.filePath(QStringLiteral(".a.yaml.swp")), "x"));
        QVERIFY(writeFile(dir.filePath(QStringLiteral("notes.txt")), "x"));
        QTest::qWait(3 * DocumentController::reloadDelayMs);
        QCOMPARE(reloads.count(), 0);

        QVERIFY(writeFile(dir.filePath(QStringLiteral("b.yaml")), readFile(fixture(QStringLiteral("added.yaml")))));
        QTRY_VERIFY_WITH_TIMEOUT(hasNode(window.scene(), NodeKind::Service, QStringLiteral("second")), 5000);
    }

    void droppedFilesAreOpened()
    {
        MainWindow window;
        window.show();
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(fixture(QStringLiteral("service.yaml")))});
        QDragEnterEvent enter(QPoint(100, 100), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(100, 100), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QVERIFY(drop.isAccepted());
        QTRY_VERIFY_WITH_TIMEOUT(hasNode(window.scene(), NodeKind::Service, QStringLiteral("first")), loadTimeoutMs);
        QCOMPARE(window.windowTitle(), QStringLiteral("Routemap — service.yaml"));
    }

    void hidingInternalServicesRemovesThem()
    {
        MainWindow window;
        window.show();
        window.showInternalAction()->setChecked(true);
        QVERIFY(openDemoAndWait(window));
        qsizetype internal = 0;
        for (const TopoNode &node : window.document()->topology().nodes) {
            internal += node.internal ? 1 : 0;
        }
        const qsizetype shown = window.scene()->nodeItems().size();
        window.showInternalAction()->setChecked(false);
        QTRY_COMPARE_WITH_TIMEOUT(window.scene()->nodeItems().size(), shown - internal, loadTimeoutMs);
        window.showInternalAction()->setChecked(true);
        QTRY_COMPARE_WITH_TIMEOUT(window.scene()->nodeItems().size(), shown, loadTimeoutMs);
    }

    void wheelZoomsAroundTheCursor()
    {
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openDemoAndWait(window));
        GraphView *view = window.view();
        const double fitted = view->zoom();
        QVERIFY(fitted >= GraphView::readableZoom - 1e-6 && fitted <= 1.0);

        const QPoint cursor = view->viewport()->rect().center() + QPoint(60, 40);
        const QPointF before = view->mapToScene(cursor);
        QWheelEvent wheel(QPointF(cursor), view->viewport()->mapToGlobal(QPointF(cursor)), QPoint(), QPoint(0, 120),
            Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(view->viewport(), &wheel);
        QVERIFY(view->zoom() > fitted * 1.2);
        const QPointF after = view->mapToScene(cursor);
        // Where the map is wider than the window the point under the cursor stays put (to a pixel of
        // rounding); where the whole map fits, Qt centres it instead, so only that direction is checked.
        const QPointF moved = (after - before) * view->zoom();
        QVERIFY2(qAbs(moved.x()) <= 1.5, qPrintable(QStringLiteral("moved by %1 px").arg(moved.x())));
        if (view->verticalScrollBar()->maximum() > 0) {
            QVERIFY2(qAbs(moved.y()) <= 1.5, qPrintable(QStringLiteral("moved by %1 px").arg(moved.y())));
        }

        QTest::keyClick(view, Qt::Key_Minus, Qt::ControlModifier);
        QVERIFY(view->zoom() < fitted * 1.2);
        // F shows the whole map (the first look may be a readable part of a wide one).
        QTest::keyClick(view, Qt::Key_F);
        QVERIFY(view->zoom() <= fitted + 1e-6);
        const QRectF visible = view->mapToScene(view->viewport()->rect()).boundingRect();
        QVERIFY(visible.adjusted(-2, -2, 2, 2).contains(window.scene()->contentRect()));
    }

    void recentFilesKeepTheNewestTenThatExist()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        RecentFiles recent;
        recent.clear();
        QStringList files;
        for (int i = 0; i < 12; ++i) {
            files << dir.filePath(QStringLiteral("m%1.yaml").arg(i));
            QVERIFY(writeFile(files.last(), "x"));
            recent.add({files.last()});
        }
        QList<QStringList> entries = recent.entries();
        QCOMPARE(entries.size(), RecentFiles::maxEntries);
        QCOMPARE(entries.first(), QStringList {files.at(11)});
        QCOMPARE(entries.last(), QStringList {files.at(2)});

        // Opening an entry again moves it to the front instead of adding it twice.
        recent.add({files.at(5)});
        entries = recent.entries();
        QCOMPARE(entries.size(), RecentFiles::maxEntries);
        QCOMPARE(entries.first(), QStringList {files.at(5)});

        // A file that vanished drops out of the list.
        QVERIFY(QFile::remove(files.at(11)));
        entries = recent.entries();
        QCOMPARE(entries.size(), RecentFiles::maxEntries - 1);
        QVERIFY(!entries.contains(QStringList {files.at(11)}));
        QCOMPARE(RecentFiles::label({files.at(1), files.at(2), files.at(3)}), QStringLiteral("m1.yaml + 2 more"));
        recent.clear();
        QVERIFY(recent.entries().isEmpty());
    }

private:
    QTemporaryDir m_settingsDir;
};

QTEST_MAIN(MainWindowTest)
#include "mainwindow_test.moc"
