#pragma once

#include "cluster/clustersource.h"
#include "engine/runner.h"
#include "layout/layout.h"

#include <QObject>
#include <QStringList>

namespace routemap {

class GraphScene;
class LayoutWorker;
class ManifestSource;

// "1 object", "3 objects"
QString counted(int n, const QString &singular, const QString &plural);

// What the window shows, from one source (manifests, the built-in demo, or a live cluster): the engine's
// runner reads the source and analyses each snapshot off the GUI thread; a new topology is laid out by the
// LayoutWorker; an analysis whose graph is unchanged (a status-only change, the whole-cluster switch) only
// recolours the scene, without a relayout.
class DocumentController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DocumentController)

public:
    explicit DocumentController(GraphScene *scene, QObject *parent = nullptr);
    ~DocumentController() override;

    // Files, folders (walked recursively) and "-" for standard input (read once, kept for reloads); watched.
    void openPaths(const QStringList &paths);
    void openDemo();
    // A live cluster, followed by list + watch.
    void openCluster(const ClusterSpec &spec);
    void reload();
    void close();

    bool hasSource() const { return m_runner->source() != nullptr; }
    bool isDemo() const { return m_demo; }
    bool isCluster() const { return m_cluster; }
    QStringList paths() const { return m_paths; }
    // A short name for titles: "demo", the file or folder name, "3 paths", "context prod".
    QString sourceName() const;
    bool isBusy() const { return m_busy || m_runner->isBusy(); }
    const SourceStatus &sourceStatus() const { return m_status; }

    // The latest analysis (it leads the scene by one layout while a relayout is running).
    AnalysisPtr analysis() const { return m_analysis; }
    const Snapshot &snapshot() const { return m_analysis ? m_analysis->snapshot : m_empty.snapshot; }
    const Topology &topology() const { return m_analysis ? m_analysis->topology : m_empty.topology; }
    const QList<Finding> &findings() const { return m_analysis ? m_analysis->findings : m_empty.findings; }
    int fileCount() const;
    // One line for the status bar: "12 objects from 3 files · 1 load problem · 2 errors, 1 warning".
    QString summary() const;

    // Internal (unreachable from the client) nodes: hidden from the layout, or shown dimmed.
    void setHideInternal(bool hide);
    bool hideInternal() const { return m_hideInternal; }

    // Treat the input as the whole cluster: missing references are certain. Changing it re-analyses the loaded
    // snapshot, without reading files; findingsChanged follows.
    void setComplete(bool complete);
    bool isComplete() const { return m_runner->options().complete; }

    // What is being watched for changes (manifests only).
    QStringList watchedFiles() const;
    QStringList watchedDirectories() const;

    // Milliseconds the watcher waits after the last change before reloading (editors write in bursts).
    static constexpr int reloadDelayMs = 150;

signals:
    void loadingStarted();
    // A new analysis is available (the scene follows when layout is done).
    void analysed();
    // The scene holds the latest graph.
    void graphReady();
    // The findings changed and the graph did not (the whole-cluster switch, a status-only change).
    void findingsChanged();
    // A failure that left nothing new to show (no readable input, an unreachable cluster).
    void failed(const QString &message);
    void statusMessage(const QString &message);
    void sourceStatusChanged(const routemap::SourceStatus &status);

private:
    void open(std::unique_ptr<Source> source);
    void onAnalysis(const AnalysisPtr &analysis);
    void onStatus(const SourceStatus &status);
    void requestLayout();
    void onLayoutReady(quint64 generation, const routemap::Topology &topology, const routemap::Layout &layout);
    ManifestSource *manifestSource() const;

    GraphScene *m_scene;
    LayoutWorker *m_layout;
    AnalysisRunner *m_runner;

    QStringList m_paths;
    bool m_demo = false;
    bool m_cluster = false;
    bool m_hideInternal = false;
    bool m_busy = false;
    quint64 m_layoutGeneration = 0;
    QString m_laidOutGraph; // Topology::toText() of the graph in the scene (or being laid out)

    AnalysisPtr m_analysis;
    Analysis m_empty;
    SourceStatus m_status;
};

} // namespace routemap
