#pragma once

#include "diagnostics/finding.h"
#include "layout/layout.h"
#include "model/snapshot.h"
#include "topology/topology.h"

#include <QObject>
#include <QSet>
#include <QStringList>
#include <QThreadPool>

class QFileSystemWatcher;
class QTimer;

namespace routemap {

class GraphScene;

// "1 object", "3 objects"
QString counted(int n, const QString &singular, const QString &plural);

class LayoutWorker;

// Everything the window shows, derived from one source (paths or the built-in demo): loading, the
// snapshot, the topology and the findings are computed off the GUI thread, laid out by the
// LayoutWorker, and put into the scene. Every run carries a generation id and only the latest one is
// shown, so a burst of file changes ends in a single picture. Loaded files and folders are watched and
// reloaded shortly after they change.
class DocumentController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DocumentController)

public:
    explicit DocumentController(GraphScene *scene, QObject *parent = nullptr);
    ~DocumentController() override;

    // Files, folders (walked recursively) and "-" for standard input (read once, kept for reloads).
    void openPaths(const QStringList &paths);
    void openDemo();
    void reload();
    void close();

    bool hasSource() const { return m_demo || !m_paths.isEmpty(); }
    bool isDemo() const { return m_demo; }
    QStringList paths() const { return m_paths; }
    // A short name for titles: "demo", the file or folder name, or "3 paths".
    QString sourceName() const;
    bool isBusy() const { return m_busy; }

    // The latest analysed results (they lead the scene by one layout while a relayout is running).
    const Snapshot &snapshot() const { return m_snapshot; }
    const Topology &topology() const { return m_topology; }
    const QList<Finding> &findings() const { return m_findings; }
    int fileCount() const { return m_fileCount; }
    // One line for the status bar: "12 objects from 3 files · 1 load problem · 2 errors, 1 warning".
    QString summary() const;

    // Internal (unreachable from the client) nodes: hidden from the layout, or shown dimmed.
    void setHideInternal(bool hide);
    bool hideInternal() const { return m_hideInternal; }

    // Treat the input as the whole cluster: missing references are certain (diagnostics' "complete"
    // severities). Changing it re-runs only the diagnostics on the loaded snapshot, without reading files.
    void setComplete(bool complete);
    bool isComplete() const { return m_complete; }

    // What is being watched for changes, for tests and diagnostics of the watcher itself.
    QStringList watchedFiles() const;
    QStringList watchedDirectories() const;

    // Milliseconds the watcher waits after the last change before reloading (editors write in bursts).
    static constexpr int reloadDelayMs = 150;

signals:
    void loadingStarted();
    // New snapshot, topology and findings are available (the scene follows when layout is done).
    void analysed();
    // The scene holds the latest graph.
    void graphReady();
    // The findings changed without a new load (the whole-cluster mode was switched).
    void findingsChanged();
    // A failure that left nothing to show (for example: no readable input at all).
    void failed(const QString &message);
    void statusMessage(const QString &message);

private:
    struct Analysis;
    struct Request;

    void start();
    void onAnalysed(quint64 generation, const std::shared_ptr<Analysis> &analysis);
    void requestLayout();
    void onLayoutReady(quint64 generation, const routemap::Topology &topology, const routemap::Layout &layout);
    void updateWatcher(const QStringList &files, const QStringList &directories);
    void onFileChanged(const QString &path);
    void onDirectoryChanged(const QString &path);
    void onReloadTimer();

    static std::shared_ptr<Analysis> analyse(const Request &request);

    GraphScene *m_scene;
    LayoutWorker *m_layout;
    QFileSystemWatcher *m_watcher;
    QTimer *m_reloadTimer;

    QStringList m_paths;
    bool m_demo = false;
    QByteArray m_stdinData;
    bool m_stdinRead = false;
    bool m_hideInternal = false;
    bool m_complete = false;

    quint64 m_generation = 0;
    quint64 m_layoutGeneration = 0;
    bool m_busy = false;

    Snapshot m_snapshot;
    Topology m_topology;
    QList<Finding> m_findings;
    int m_fileCount = 0;

    QSet<QString> m_expectedFiles; // files that belong to the source, watched or waiting to reappear
    QSet<QString> m_inputFolders; // folders given as input: new or removed files there count
    bool m_filesDirty = false;
    bool m_foldersDirty = false;

    // Last member: destroyed first, so a running analysis finishes before the rest goes away.
    QThreadPool m_pool;
};

} // namespace routemap
