#include "mainwindow.h"

#include "documentcontroller.h"
#include "emptystate.h"
#include "export/sceneexport.h"
#include "findingcard.h"
#include "findings/findingsdock.h"
#include "findings/findingsmodel.h"
#include "graph/graphscene.h"
#include "graph/legend.h"
#include "graphview.h"
#include "inspectordock.h"
#include "recentfiles.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScopedValueRollback>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <algorithm>

namespace routemap {

namespace {

const QString geometryKey = QStringLiteral("window/geometry");
const QString stateKey = QStringLiteral("window/state");
const QString showInternalKey = QStringLiteral("view/showInternal");
const QString wholeClusterKey = QStringLiteral("analysis/wholeCluster");
// The column beside the map (legend, inspector): enough for the findings' text, the rest goes to the map.
constexpr int sideColumnWidth = 340;
const QString lastDirectoryKey = QStringLiteral("files/lastDirectory");

QStringList localPaths(const QMimeData *mime)
{
    QStringList paths;
    if (!mime || !mime->hasUrls()) {
        return paths;
    }
    const QList<QUrl> urls = mime->urls();
    for (const QUrl &url : urls) {
        if (url.isLocalFile()) {
            paths << url.toLocalFile();
        }
    }
    return paths;
}

QString lastDirectory()
{
    return QSettings().value(lastDirectoryKey, QDir::homePath()).toString();
}

void rememberDirectory(const QString &path)
{
    const QFileInfo info(path);
    QSettings().setValue(lastDirectoryKey, info.isDir() ? info.absoluteFilePath() : info.absolutePath());
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_scene(new GraphScene(this))
    , m_view(new GraphView(this))
    , m_document(new DocumentController(m_scene, this))
    , m_recent(new RecentFiles(this))
    , m_central(new QStackedWidget(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    m_view->setScene(m_scene);
    // Drops go to the window (which opens them), not to the scene.
    m_view->setAcceptDrops(false);
    m_view->viewport()->setAcceptDrops(false);

    auto *empty = new EmptyState(this);
    connect(empty, &EmptyState::openFilesRequested, this, &MainWindow::openFilesDialog);
    connect(empty, &EmptyState::openFolderRequested, this, &MainWindow::openFolderDialog);
    connect(empty, &EmptyState::openDemoRequested, this, &MainWindow::openDemo);
    m_central->addWidget(empty);
    m_central->addWidget(m_view);
    setCentralWidget(m_central);

    createActions();
    createMenus();
    createDocks();

    m_statusSummary = new QLabel(this);
    m_statusSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_modeLabel = new QLabel(this);
    m_modeLabel->setObjectName(QStringLiteral("modeLabel"));
    statusBar()->addPermanentWidget(m_modeLabel);
    statusBar()->addPermanentWidget(m_statusSummary);

    connect(m_document, &DocumentController::loadingStarted, this, &MainWindow::onLoadingStarted);
    connect(m_document, &DocumentController::analysed, this, &MainWindow::onAnalysed);
    connect(m_document, &DocumentController::graphReady, this, &MainWindow::onGraphReady);
    connect(m_document, &DocumentController::findingsChanged, this, &MainWindow::onFindingsChanged);
    connect(m_findingsDock, &FindingsDock::findingSelected, this, &MainWindow::showFinding);
    connect(m_document, &DocumentController::failed, this, [this](const QString &message) {
        m_failure = message;
        statusBar()->showMessage(message);
    });
    connect(m_scene, &GraphScene::nodeSelected, this, &MainWindow::onNodeSelected);
    // After the inspector has the node's findings, which selectFindingOfNode reuses.
    connect(m_scene, &GraphScene::nodeSelected, this, &MainWindow::selectFindingOfNode);
    connect(m_recent, &RecentFiles::openRequested, this, &MainWindow::openPaths);

    // Six columns need width: take most of the screen, within sensible bounds.
    QSize size(1400, 900);
    if (const QScreen *screen = QGuiApplication::primaryScreen()) {
        const QSize available = screen->availableSize();
        size = QSize(
            std::clamp(available.width() * 9 / 10, 1200, 1920), std::clamp(available.height() * 9 / 10, 800, 1200))
                   .boundedTo(available.expandedTo(QSize(1200, 800)));
    }
    resize(size);
    restoreSettings();
    updateTitle();
    updateMode();
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::openPaths(const QStringList &paths)
{
    if (paths.isEmpty()) {
        return;
    }
    m_fitOnNextGraph = true;
    m_highlight.reset();
    m_highlightNode.clear();
    m_inspector->clear();
    m_document->openPaths(paths);
    m_recent->add(paths);
    updateTitle();
    updateActions();
}

void MainWindow::openDemo()
{
    m_fitOnNextGraph = true;
    m_highlight.reset();
    m_highlightNode.clear();
    m_inspector->clear();
    m_document->openDemo();
    updateTitle();
    updateActions();
}

void MainWindow::openCluster(const ClusterSpec &spec)
{
    m_fitOnNextGraph = true;
    m_highlight.reset();
    m_highlightNode.clear();
    m_inspector->clear();
    m_document->openCluster(spec);
    updateTitle();
    updateActions();
}

void MainWindow::setTreatAsWholeCluster(bool complete)
{
    m_wholeCluster->setChecked(complete);
}

bool MainWindow::showFinding(const Finding &finding)
{
    if (m_showingFinding) {
        return true; // the table row selected below reports the same finding again
    }
    const QScopedValueRollback<bool> guard(m_showingFinding, true);
    m_findingsDock->selectFinding(finding);
    const QString id = m_scene->nodeIdForFinding(finding);
    if (id.isEmpty()) {
        statusBar()->showMessage(tr("%1: not drawn on the map").arg(finding.object.display()), 5000);
        return false;
    }
    m_highlight = finding;
    m_highlightNode = id;
    m_scene->selectNode(id);
    onNodeSelected(id); // also when the node was selected already: the highlighted finding changed
    if (QGraphicsItem *item = m_scene->nodeItem(id)) {
        m_view->reveal(item->sceneBoundingRect());
    }
    return true;
}

bool MainWindow::isEmptyStateShown() const
{
    return m_central->currentIndex() == 0;
}

void MainWindow::createActions()
{
    m_openFiles = new QAction(tr("&Open Files…"), this);
    m_openFiles->setShortcut(QKeySequence::Open);
    m_openFiles->setIcon(QIcon::fromTheme(QStringLiteral("document-open")));
    m_openFiles->setToolTip(tr("Open manifest files (Ctrl+O)"));
    connect(m_openFiles, &QAction::triggered, this, &MainWindow::openFilesDialog);

    m_openFolder = new QAction(tr("Open &Folder…"), this);
    m_openFolder->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_openFolder->setIcon(QIcon::fromTheme(QStringLiteral("folder-open")));
    connect(m_openFolder, &QAction::triggered, this, &MainWindow::openFolderDialog);

    m_openDemo = new QAction(tr("Open &Demo"), this);
    m_openDemo->setToolTip(tr("Open the built-in demo cluster"));
    connect(m_openDemo, &QAction::triggered, this, &MainWindow::openDemo);

    m_reload = new QAction(tr("&Reload"), this);
    m_reload->setShortcut(QKeySequence::Refresh);
    m_reload->setIcon(QIcon::fromTheme(QStringLiteral("view-refresh")));
    connect(m_reload, &QAction::triggered, m_document, &DocumentController::reload);

    m_export = new QAction(tr("&Export Image…"), this);
    m_export->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_export->setIcon(QIcon::fromTheme(QStringLiteral("document-save-as")));
    connect(m_export, &QAction::triggered, this, &MainWindow::exportImage);

    m_quit = new QAction(tr("&Quit"), this);
    m_quit->setShortcut(QKeySequence::Quit);
    m_quit->setMenuRole(QAction::QuitRole);
    connect(m_quit, &QAction::triggered, this, &QWidget::close);

    m_fit = new QAction(tr("&Fit to Window"), this);
    m_fit->setShortcut(QKeySequence(Qt::Key_F));
    m_fit->setIcon(QIcon::fromTheme(QStringLiteral("zoom-fit-best")));
    connect(m_fit, &QAction::triggered, m_view, &GraphView::fitAll);

    m_zoomIn = new QAction(tr("Zoom &In"), this);
    m_zoomIn->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    m_zoomIn->setIcon(QIcon::fromTheme(QStringLiteral("zoom-in")));
    connect(m_zoomIn, &QAction::triggered, m_view, &GraphView::zoomIn);

    m_zoomOut = new QAction(tr("Zoom &Out"), this);
    m_zoomOut->setShortcut(QKeySequence::ZoomOut);
    m_zoomOut->setIcon(QIcon::fromTheme(QStringLiteral("zoom-out")));
    connect(m_zoomOut, &QAction::triggered, m_view, &GraphView::zoomOut);

    m_resetZoom = new QAction(tr("&Actual Size"), this);
    m_resetZoom->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    m_resetZoom->setIcon(QIcon::fromTheme(QStringLiteral("zoom-original")));
    connect(m_resetZoom, &QAction::triggered, m_view, &GraphView::resetZoom);

    m_showInternal = new QAction(tr("Show &Internal Services"), this);
    m_showInternal->setCheckable(true);
    m_showInternal->setChecked(true);
    m_showInternal->setToolTip(tr("Show services no outside traffic reaches (faded), or hide them"));
    connect(m_showInternal, &QAction::toggled, this, [this](bool show) {
        m_document->setHideInternal(!show);
        QSettings().setValue(showInternalKey, show);
    });

    m_wholeCluster = new QAction(tr("Treat as &Whole Cluster"), this);
    m_wholeCluster->setObjectName(QStringLiteral("wholeClusterAction"));
    m_wholeCluster->setCheckable(true);
    m_wholeCluster->setIcon(QIcon::fromTheme(QStringLiteral("network-server")));
    m_wholeCluster->setToolTip(tr("The manifests are the whole cluster: a missing referenced object is an error, "
                                  "not something that may live elsewhere"));
    connect(m_wholeCluster, &QAction::toggled, this, [this](bool complete) {
        m_document->setComplete(complete);
        updateMode();
    });
    // Only the user's own choice is remembered; --complete applies to one run.
    connect(m_wholeCluster, &QAction::triggered, this,
        [](bool complete) { QSettings().setValue(wholeClusterKey, complete); });

    m_about = new QAction(tr("&About Routemap"), this);
    m_about->setMenuRole(QAction::AboutRole);
    connect(m_about, &QAction::triggered, this, &MainWindow::about);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openFiles);
    file->addAction(m_openFolder);
    file->addAction(m_openDemo);
    QMenu *recent = file->addMenu(tr("Open &Recent"));
    recent->setObjectName(QStringLiteral("recentMenu"));
    m_recent->attachMenu(recent);
    file->addSeparator();
    file->addAction(m_reload);
    file->addAction(m_export);
    file->addSeparator();
    file->addAction(m_quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    view->addAction(m_fit);
    view->addAction(m_zoomIn);
    view->addAction(m_zoomOut);
    view->addAction(m_resetZoom);
    view->addSeparator();
    view->addAction(m_showInternal);
    view->addAction(m_wholeCluster);
    view->addSeparator(); // dock toggles follow (createDocks)

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_about);

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(m_openFiles);
    toolbar->addAction(m_openDemo);
    toolbar->addAction(m_reload);
    toolbar->addAction(m_export);
    toolbar->addSeparator();
    toolbar->addAction(m_fit);
    toolbar->addAction(m_zoomIn);
    toolbar->addAction(m_zoomOut);
    toolbar->addSeparator();
    toolbar->addAction(m_showInternal);
    toolbar->addAction(m_wholeCluster);
}

void MainWindow::createDocks()
{
    m_inspector = new InspectorDock(this);
    addDockWidget(Qt::RightDockWidgetArea, m_inspector);

    m_legendDock = new QDockWidget(tr("Legend"), this);
    m_legendDock->setObjectName(QStringLiteral("legendDock"));
    auto *legendScroll = new QScrollArea(m_legendDock);
    legendScroll->setWidget(new LegendWidget(legendScroll));
    legendScroll->setWidgetResizable(false);
    legendScroll->setFrameShape(QFrame::NoFrame);
    legendScroll->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    m_legendDock->setWidget(legendScroll);
    addDockWidget(Qt::RightDockWidgetArea, m_legendDock);
    // One column beside the map: the legend until something is selected, then the inspector.
    tabifyDockWidget(m_legendDock, m_inspector);
    m_legendDock->raise();
    resizeDocks({m_inspector}, {sideColumnWidth}, Qt::Horizontal);

    m_findingsDock = new FindingsDock(this);
    addDockWidget(Qt::BottomDockWidgetArea, m_findingsDock);

    m_problemsDock = new QDockWidget(tr("Load Problems"), this);
    m_problemsDock->setObjectName(QStringLiteral("problemsDock"));
    m_problems = new QListWidget(m_problemsDock);
    m_problems->setWordWrap(true);
    m_problems->setAlternatingRowColors(true);
    m_problemsDock->setWidget(m_problems);
    addDockWidget(Qt::BottomDockWidgetArea, m_problemsDock);
    // One row under the map: findings, and load problems beside them as a tab when there are any.
    tabifyDockWidget(m_findingsDock, m_problemsDock);
    m_problemsDock->hide();
    m_findingsDock->raise();
    resizeDocks({m_findingsDock}, {190}, Qt::Vertical);

    auto *viewMenu = menuBar()->findChild<QMenu *>(QStringLiteral("viewMenu"));
    if (viewMenu) {
        QAction *inspectorToggle = m_inspector->toggleViewAction();
        inspectorToggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
        viewMenu->addAction(inspectorToggle);
        QAction *legendToggle = m_legendDock->toggleViewAction();
        legendToggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
        viewMenu->addAction(legendToggle);
        QAction *findingsToggle = m_findingsDock->toggleViewAction();
        findingsToggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
        viewMenu->addAction(findingsToggle);
        viewMenu->addAction(m_problemsDock->toggleViewAction());
    }
}

void MainWindow::restoreSettings()
{
    const QSettings settings;
    restoreGeometry(settings.value(geometryKey).toByteArray());
    restoreState(settings.value(stateKey).toByteArray());
    m_showInternal->setChecked(settings.value(showInternalKey, true).toBool());
    m_wholeCluster->setChecked(settings.value(wholeClusterKey, false).toBool());
    m_document->setComplete(m_wholeCluster->isChecked());
    m_document->setHideInternal(!m_showInternal->isChecked());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(geometryKey, saveGeometry());
    settings.setValue(stateKey, saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!localPaths(event->mimeData()).isEmpty()) {
        event->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QStringList paths = localPaths(event->mimeData());
    if (!paths.isEmpty()) {
        event->acceptProposedAction();
        rememberDirectory(paths.first());
        openPaths(paths);
    }
}

void MainWindow::openFilesDialog()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Open Manifests"), lastDirectory(), tr("Kubernetes manifests (*.yaml *.yml *.json);;All files (*)"));
    if (!files.isEmpty()) {
        rememberDirectory(files.first());
        openPaths(files);
    }
}

void MainWindow::openFolderDialog()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Folder of Manifests"), lastDirectory());
    if (!folder.isEmpty()) {
        rememberDirectory(folder);
        openPaths({folder});
    }
}

void MainWindow::exportImage()
{
    if (m_scene->nodeItems().isEmpty()) {
        return;
    }
    QString suggested = m_document->isDemo() ? QStringLiteral("routemap-demo") : QStringLiteral("routemap");
    if (m_document->paths().size() == 1 && m_document->paths().first() != QLatin1String("-")) {
        suggested = QFileInfo(m_document->paths().first()).completeBaseName();
    }
    QString selectedFilter;
    QString file = QFileDialog::getSaveFileName(this, tr("Export Image"),
        lastDirectory() + u'/' + suggested + QStringLiteral(".png"),
        tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"), &selectedFilter);
    if (file.isEmpty()) {
        return;
    }
    if (QFileInfo(file).suffix().isEmpty()) {
        // Dialogs without suffix handling: take it from the chosen filter.
        file += selectedFilter.contains(QLatin1String("svg")) ? QStringLiteral(".svg")
            : selectedFilter.contains(QLatin1String("pdf"))   ? QStringLiteral(".pdf")
                                                              : QStringLiteral(".png");
    }
    rememberDirectory(file);
    ExportOptions options;
    options.scale = 2.0; // sharp on high-density screens and in documents
    options.title = windowTitle();
    QString error;
    if (!exportScene(*m_scene, file, options, &error)) {
        QMessageBox::warning(this, tr("Export Image"), error);
        return;
    }
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(file)), 5000);
}

void MainWindow::about()
{
    QMessageBox::about(this, tr("About Routemap"),
        tr("<h3>Routemap %1</h3><p>Draws how outside traffic reaches your Kubernetes pods — "
           "load balancers, ingress controllers, Ingresses and routes, Services and pods — "
           "and marks every broken link.</p>")
            .arg(QApplication::applicationVersion().toHtmlEscaped()));
}

void MainWindow::onLoadingStarted()
{
    m_failure.clear();
    statusBar()->showMessage(tr("Loading %1…").arg(m_document->sourceName()));
    updateActions();
}

void MainWindow::onAnalysed()
{
    updateMode();
    m_statusSummary->setText(m_document->summary());
    m_findingsDock->setFindings(m_document->findings());
    refreshHighlight();
    const QList<LoadIssue> &issues = m_document->snapshot().issues();
    m_problems->clear();
    for (const LoadIssue &issue : issues) {
        QString text = issue.message;
        if (issue.location.isValid()) {
            text = issue.location.display() + QStringLiteral(": ") + text;
        }
        auto *item = new QListWidgetItem(QIcon::fromTheme(QStringLiteral("dialog-warning")), text, m_problems);
        item->setToolTip(text);
    }
    m_problemsDock->setWindowTitle(
        issues.isEmpty() ? tr("Load Problems") : tr("Load Problems (%1)").arg(issues.size()));
    // New problems make the list appear; the user may close it again until the next new problem.
    const int count = static_cast<int>(issues.size());
    if (count > 0 && count != m_lastIssueCount) {
        const bool wasHidden = m_problemsDock->isHidden();
        m_problemsDock->show();
        if (wasHidden) {
            // A few lines are enough; the map keeps the height.
            const int rows = std::min(count, 5);
            resizeDocks({m_problemsDock}, {m_problems->sizeHintForRow(0) * rows + 16}, Qt::Vertical);
        }
        statusBar()->showMessage(counted(count, tr("load problem"), tr("load problems")) + QStringLiteral(": ")
                + m_problems->item(0)->text(),
            10000);
    } else if (count == 0) {
        m_problemsDock->hide();
    }
    m_lastIssueCount = count;
    updateActions();
}

void MainWindow::onGraphReady()
{
    m_central->setCurrentIndex(m_document->hasSource() ? 1 : 0);
    if (m_fitOnNextGraph) {
        m_fitOnNextGraph = false;
        m_view->showReadable();
    }
    m_statusSummary->setText(m_document->summary());
    if (!m_failure.isEmpty()) {
        statusBar()->showMessage(m_failure); // stays until the next load
    } else if (m_document->snapshot().issues().isEmpty()) {
        statusBar()->clearMessage();
    }
    // The selected object may have changed on disk: show its fresh state.
    const QString selected = m_scene->selectedNode();
    if (!selected.isEmpty() || !m_inspector->nodeId().isEmpty()) {
        onNodeSelected(selected);
    }
    updateActions();
    emit graphShown();
}

void MainWindow::onNodeSelected(const QString &id)
{
    if (!id.isEmpty() && id != m_inspector->nodeId() && m_inspector->toggleViewAction()->isChecked()) {
        m_inspector->raise();
    }
    if (id != m_highlightNode) {
        m_highlight.reset(); // another node was picked on the map
        m_highlightNode.clear();
    }
    m_inspector->showNode(
        id, m_scene->topology(), m_document->snapshot(), m_document->findings(), m_highlight ? &*m_highlight : nullptr);
}

void MainWindow::selectFindingOfNode(const QString &id)
{
    if (m_showingFinding) {
        return; // the node was selected for a row of the table: that row stays
    }
    // The table follows a node picked on the map, without asking the map to follow the table back.
    const QScopedValueRollback<bool> guard(m_showingFinding, true);
    if (!id.isEmpty() && id == m_inspector->nodeId()) {
        // The inspector lists the node's findings worst first; the first the table shows is selected.
        for (const FindingCard *card : m_inspector->findingCards()) {
            if (m_findingsDock->selectFinding(card->finding())) {
                return;
            }
        }
    }
    m_findingsDock->clearSelection();
}

void MainWindow::onFindingsChanged()
{
    m_findingsDock->setFindings(m_document->findings());
    m_statusSummary->setText(m_document->summary());
    refreshHighlight();
    if (!m_inspector->nodeId().isEmpty()) {
        onNodeSelected(m_scene->selectedNode());
    }
}

void MainWindow::refreshHighlight()
{
    if (!m_highlight) {
        return;
    }
    // The same finding under its new severity and wording, if it is still there; its row stays selected.
    const QList<Finding> &findings = m_document->findings();
    const auto same = std::find_if(
        findings.cbegin(), findings.cend(), [this](const Finding &f) { return sameFinding(f, *m_highlight); });
    if (same == findings.cend()) {
        return;
    }
    m_highlight = *same;
    const QScopedValueRollback<bool> guard(m_showingFinding, true);
    m_findingsDock->selectFinding(*same);
}

void MainWindow::updateMode()
{
    if (m_document->isCluster()) {
        // A cluster read whole is the whole cluster by itself; the toggle is for manifests.
        const bool whole = m_document->snapshot().isComplete();
        const SourceStatus &status = m_document->sourceStatus();
        m_modeLabel->setText(whole ? tr("Live cluster: missing references are errors")
                                   : tr("Live cluster, partial: some namespaces or kinds were not read"));
        m_modeLabel->setToolTip(status.partialKinds.isEmpty()
                ? tr("Read from %1").arg(m_document->sourceName())
                : tr("Left out: %1").arg(status.partialKinds.join(QStringLiteral(", "))));
        return;
    }
    const bool complete = m_wholeCluster->isChecked();
    m_modeLabel->setText(complete ? tr("Whole cluster: missing references are errors")
                                  : tr("Partial: missing references may live elsewhere"));
    m_modeLabel->setToolTip(complete ? tr("The manifests are treated as the whole cluster (View > Treat as Whole "
                                          "Cluster)")
                                     : tr("The manifests may be part of a cluster, so an object they refer to may "
                                          "exist elsewhere (View > Treat as Whole Cluster)"));
}

void MainWindow::updateTitle()
{
    setWindowTitle(m_document->hasSource() ? tr("Routemap — %1").arg(m_document->sourceName()) : tr("Routemap"));
}

void MainWindow::updateActions()
{
    const bool hasMap = !m_scene->nodeItems().isEmpty();
    m_reload->setEnabled(m_document->hasSource());
    m_export->setEnabled(hasMap);
    m_fit->setEnabled(hasMap);
    m_zoomIn->setEnabled(hasMap);
    m_zoomOut->setEnabled(hasMap);
    m_resetZoom->setEnabled(hasMap);
}

} // namespace routemap
