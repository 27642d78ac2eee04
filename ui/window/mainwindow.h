#pragma once

#include "cluster/clustersource.h"

#include "diagnostics/finding.h"

#include <QMainWindow>
#include <optional>

class QAction;
class QDockWidget;
class QLabel;
class QListWidget;
class QStackedWidget;

namespace routemap {

class DocumentController;
class FindingsDock;
class GraphScene;
class GraphView;
class InspectorDock;
class RecentFiles;

// The Routemap window: the traffic map in the middle, the inspector, legend and load problems as
// docks, and an empty state with a hint until something is opened. Files and folders dropped on the
// window are opened; loaded files are watched and the map follows their edits.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    void openPaths(const QStringList &paths);
    void openDemo();
    // A live cluster (kubeconfig context and namespaces), followed by list + watch.
    void openCluster(const ClusterSpec &spec);

    DocumentController *document() const { return m_document; }
    GraphScene *scene() const { return m_scene; }
    GraphView *view() const { return m_view; }
    InspectorDock *inspector() const { return m_inspector; }
    QListWidget *problemsList() const { return m_problems; }
    QDockWidget *problemsDock() const { return m_problemsDock; }
    QDockWidget *legendDock() const { return m_legendDock; }
    bool isEmptyStateShown() const;
    // View > Show internal services: checked shows them dimmed, unchecked hides them.
    QAction *showInternalAction() const { return m_showInternal; }
    // The table of findings at the bottom; selecting a row selects and centres the finding's node.
    FindingsDock *findingsDock() const { return m_findingsDock; }
    // View > Treat as the Whole Cluster: missing references become certain (persisted when the user
    // switches it; setTreatAsWholeCluster, used by --complete, is for this session only).
    QAction *wholeClusterAction() const { return m_wholeCluster; }
    void setTreatAsWholeCluster(bool complete);
    // Selects the node of `finding` (see GraphScene::nodeIdForFinding), centres it and shows the finding
    // highlighted in the inspector. False when the finding has no node on the map.
    bool showFinding(const Finding &finding);

signals:
    // The map on screen reflects the latest load (also after reloads caused by file changes).
    void graphShown();

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createDocks();
    void restoreSettings();
    void saveSettings() const;

    void openFilesDialog();
    void openFolderDialog();
    void exportImage();
    void about();

    void onLoadingStarted();
    void onAnalysed();
    void onGraphReady();
    void onNodeSelected(const QString &id);
    void selectFindingOfNode(const QString &id);
    void onFindingsChanged();
    void refreshHighlight();
    void updateTitle();
    void updateMode();
    void updateActions();

    GraphScene *m_scene;
    GraphView *m_view;
    DocumentController *m_document;
    RecentFiles *m_recent;
    QStackedWidget *m_central;
    InspectorDock *m_inspector = nullptr;
    QDockWidget *m_legendDock = nullptr;
    QDockWidget *m_problemsDock = nullptr;
    QListWidget *m_problems = nullptr;
    QLabel *m_statusSummary = nullptr;
    QLabel *m_modeLabel = nullptr;
    FindingsDock *m_findingsDock = nullptr;

    QAction *m_openFiles = nullptr;
    QAction *m_openFolder = nullptr;
    QAction *m_openDemo = nullptr;
    QAction *m_reload = nullptr;
    QAction *m_export = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_fit = nullptr;
    QAction *m_zoomIn = nullptr;
    QAction *m_zoomOut = nullptr;
    QAction *m_resetZoom = nullptr;
    QAction *m_showInternal = nullptr;
    QAction *m_wholeCluster = nullptr;
    QAction *m_about = nullptr;

    QString m_failure; // why the last load gave nothing to show
    bool m_fitOnNextGraph = false;
    int m_lastIssueCount = 0;
    // The finding chosen in the table, kept highlighted while its node stays selected.
    std::optional<Finding> m_highlight;
    QString m_highlightNode;
    bool m_showingFinding = false;
};

} // namespace routemap
