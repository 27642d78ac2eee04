#include "documentcontroller.h"

#include "diagnostics/diagnostics.h"
#include "graph/graphscene.h"
#include "layout/layoutworker.h"
#include "sources/manifestloader.h"
#include "topology/topologybuilder.h"

#include <QBuffer>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <unistd.h>

// Resources live in the static routemap_ui library; they have to be registered by name, outside any namespace.
static void initRoutemapResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace routemap {

namespace {

const QString demoResource = QStringLiteral(":/demo/demo.yaml");
const QString stdinPath = QStringLiteral("-");

} // namespace

// "1 object", "3 objects": the English plural without translation files.
QString counted(int n, const QString &singular, const QString &plural)
{
    return QString::number(n) + u' ' + (n == 1 ? singular : plural);
}

// A copy of everything one analysis needs, so the worker never touches the controller.
struct DocumentController::Request {
    QStringList paths;
    bool demo = false;
    QByteArray stdinData;
    bool stdinRead = false;
    bool complete = false;
};

struct DocumentController::Analysis {
    Snapshot snapshot;
    Topology topology;
    QList<Finding> findings;
    int files = 0;
    QByteArray stdinData;
    bool stdinRead = false;
    QStringList watchFiles;
    QStringList watchDirectories;
    QStringList inputFolders;
    QString error;
    bool complete = false; // the mode the findings were computed in
};

DocumentController::DocumentController(GraphScene *scene, QObject *parent)
    : QObject(parent)
    , m_scene(scene)
    , m_layout(new LayoutWorker(this))
    , m_watcher(new QFileSystemWatcher(this))
    , m_reloadTimer(new QTimer(this))
{
    static const bool resourcesReady = (initRoutemapResources(), true);
    Q_UNUSED(resourcesReady)
    m_pool.setMaxThreadCount(1);
    m_reloadTimer->setSingleShot(true);
    m_reloadTimer->setInterval(reloadDelayMs);
    connect(m_reloadTimer, &QTimer::timeout, this, &DocumentController::onReloadTimer);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &DocumentController::onFileChanged);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &DocumentController::onDirectoryChanged);
    connect(m_layout, &LayoutWorker::layoutReady, this, &DocumentController::onLayoutReady);
}

DocumentController::~DocumentController()
{
    // Results posted by a finishing job are discarded with this object's pending events.
    m_pool.waitForDone();
}

void DocumentController::openPaths(const QStringList &paths)
{
    m_paths = paths;
    m_demo = false;
    m_stdinData.clear();
    m_stdinRead = false;
    start();
}

void DocumentController::openDemo()
{
    m_paths.clear();
    m_demo = true;
    start();
}

void DocumentController::reload()
{
    if (hasSource()) {
        start();
    }
}

void DocumentController::close()
{
    ++m_generation;
    m_paths.clear();
    m_demo = false;
    m_busy = false;
    m_snapshot = Snapshot();
    m_topology = Topology();
    m_findings.clear();
    m_fileCount = 0;
    m_layoutGeneration = 0;
    updateWatcher({}, {});
    m_expectedFiles.clear();
    m_inputFolders.clear();
    m_scene->clearGraph();
    emit analysed();
    emit graphReady();
}

QString DocumentController::sourceName() const
{
    if (m_demo) {
        return tr("demo");
    }
    if (m_paths.size() == 1) {
        const QString &path = m_paths.first();
        if (path == stdinPath) {
            return tr("standard input");
        }
        const QFileInfo info(path);
        return info.fileName().isEmpty() ? QDir::toNativeSeparators(path) : info.fileName();
    }
    return counted(static_cast<int>(m_paths.size()), tr("path"), tr("paths"));
}

QString DocumentController::summary() const
{
    if (!hasSource()) {
        return {};
    }
    QStringList parts;
    QString objects = counted(static_cast<int>(m_snapshot.objects().size()), tr("object"), tr("objects"));
    if (m_fileCount > 0) {
        objects += tr(" from %1").arg(counted(m_fileCount, tr("file"), tr("files")));
    }
    parts << objects;
    const int issues = static_cast<int>(m_snapshot.issues().size());
    if (issues > 0) {
        parts << counted(issues, tr("load problem"), tr("load problems"));
    }
    const FindingCounts counts = countFindings(m_findings);
    QStringList findings;
    if (counts.error > 0) {
        findings << counted(counts.error, tr("error"), tr("errors"));
    }
    if (counts.warning > 0) {
        findings << counted(counts.warning, tr("warning"), tr("warnings"));
    }
    if (!findings.isEmpty()) {
        parts << findings.join(QStringLiteral(", "));
    }
    return parts.join(QStringLiteral(" · "));
}

void DocumentController::setHideInternal(bool hide)
{
    if (m_hideInternal == hide) {
        return;
    }
    m_hideInternal = hide;
    if (!m_topology.nodes.isEmpty()) {
        requestLayout();
    }
}

void DocumentController::setComplete(bool complete)
{
    if (m_complete == complete) {
        return;
    }
    m_complete = complete;
    if (!hasSource()) {
        return;
    }
    // A load still running picks the mode up from its request: only finished results are re-checked here.
    DiagnosticsOptions options;
    options.complete = m_complete;
    m_findings = runDiagnostics(m_snapshot, options);
    m_scene->setFindings(m_findings);
    emit findingsChanged();
    emit statusMessage(summary());
}

QStringList DocumentController::watchedFiles() const
{
    return m_watcher->files();
}

QStringList DocumentController::watchedDirectories() const
{
    return m_watcher->directories();
}

void DocumentController::start()
{
    const quint64 generation = ++m_generation;
    Request request;
    request.paths = m_paths;
    request.demo = m_demo;
    request.stdinData = m_stdinData;
    request.stdinRead = m_stdinRead;
    request.complete = m_complete;
    if (m_demo) {
        QFile demo(demoResource);
        if (demo.open(QIODevice::ReadOnly)) {
            request.stdinData = demo.readAll();
        }
    }
    m_busy = true;
    emit loadingStarted();
    emit statusMessage(tr("Loading %1…").arg(sourceName()));
    m_pool.start([this, generation, request]() {
        std::shared_ptr<Analysis> analysis = analyse(request);
        QMetaObject::invokeMethod(
            this, [this, generation, analysis]() { onAnalysed(generation, analysis); }, Qt::QueuedConnection);
    });
}

std::shared_ptr<DocumentController::Analysis> DocumentController::analyse(const Request &request)
{
    auto analysis = std::make_shared<Analysis>();
    LoadResult loaded;
    if (request.demo) {
        if (request.stdinData.isEmpty()) {
            analysis->error = tr("The built-in demo is missing from this build.");
        }
        loaded = ManifestLoader::loadData(request.stdinData, QStringLiteral("demo.yaml"));
    } else {
        analysis->stdinData = request.stdinData;
        analysis->stdinRead = request.stdinRead;
        if (request.paths.contains(stdinPath) && !request.stdinRead) {
            // Standard input can be read only once: keep it so reloads see the same text.
            // A terminal would block this thread (and quitting) until Ctrl+D, so only pipes and files are read.
            QFile input;
            if (isatty(fileno(stdin))) {
                analysis->error = tr("Standard input is a terminal: pipe manifests in, for example "
                                     "\"kubectl get svc,ingress,deploy -A -o yaml | routemap -\".");
            } else if (input.open(stdin, QIODevice::ReadOnly)) {
                analysis->stdinData = input.readAll();
            }
            analysis->stdinRead = true;
        }
        QBuffer buffer(&analysis->stdinData);
        buffer.open(QIODevice::ReadOnly);
        loaded = ManifestLoader::loadPaths(request.paths, &buffer);

        // Watch each file, its folder (editors save by renaming a new file over the old one, which
        // drops the watch on the file), and every folder under an input folder (new files count).
        QSet<QString> files;
        QSet<QString> directories;
        for (const QString &path : request.paths) {
            if (path == stdinPath) {
                continue;
            }
            const QFileInfo info(path);
            if (info.isDir()) {
                const QString folder = info.absoluteFilePath();
                analysis->inputFolders << folder;
                directories.insert(folder);
                QDirIterator it(folder, QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
                while (it.hasNext()) {
                    directories.insert(it.next());
                }
            } else {
                directories.insert(info.absolutePath());
            }
            const QStringList expanded = ManifestLoader::expandPath(path);
            for (const QString &file : expanded) {
                files.insert(QFileInfo(file).absoluteFilePath());
            }
            if (!info.isDir()) {
                files.insert(info.absoluteFilePath());
            }
        }
        analysis->watchFiles = QStringList(files.cbegin(), files.cend());
        analysis->watchDirectories = QStringList(directories.cbegin(), directories.cend());
        analysis->watchFiles.sort();
        analysis->watchDirectories.sort();
    }
    analysis->files = loaded.files;
    analysis->snapshot = loaded.toSnapshot();
    analysis->topology = buildTopology(analysis->snapshot);
    DiagnosticsOptions options;
    options.complete = request.complete;
    analysis->findings = runDiagnostics(analysis->snapshot, options);
    analysis->complete = request.complete;
    if (analysis->error.isEmpty() && loaded.files == 0 && !request.demo && loaded.objects.isEmpty()
        && !loaded.issues.isEmpty()) {
        analysis->error = loaded.issues.first().message;
    }
    return analysis;
}

void DocumentController::onAnalysed(quint64 generation, const std::shared_ptr<Analysis> &analysis)
{
    if (generation != m_generation || !analysis) {
        return; // a newer load superseded this one
    }
    m_snapshot = analysis->snapshot;
    m_topology = analysis->topology;
    m_findings = analysis->findings;
    if (analysis->complete != m_complete) {
        // The mode was switched while this load ran.
        DiagnosticsOptions options;
        options.complete = m_complete;
        m_findings = runDiagnostics(m_snapshot, options);
    }
    m_fileCount = analysis->files;
    if (!m_demo) {
        m_stdinData = analysis->stdinData;
        m_stdinRead = analysis->stdinRead;
    }
    m_expectedFiles = QSet<QString>(analysis->watchFiles.cbegin(), analysis->watchFiles.cend());
    m_inputFolders = QSet<QString>(analysis->inputFolders.cbegin(), analysis->inputFolders.cend());
    updateWatcher(analysis->watchFiles, analysis->watchDirectories);
    emit analysed();
    if (!analysis->error.isEmpty()) {
        emit failed(analysis->error);
    }
    requestLayout();
}

void DocumentController::requestLayout()
{
    m_busy = true;
    m_layoutGeneration = m_layout->request(m_topology, m_scene->layoutOptions(m_topology, m_hideInternal));
}

void DocumentController::onLayoutReady(quint64 generation, const Topology &topology, const Layout &layout)
{
    if (generation != m_layoutGeneration) {
        return;
    }
    m_busy = false;
    m_scene->setGraph(topology, layout);
    m_scene->setFindings(m_findings);
    m_scene->setInternalDimmed(true);
    emit graphReady();
    emit statusMessage(summary());
}

void DocumentController::updateWatcher(const QStringList &files, const QStringList &directories)
{
    const QStringList oldFiles = m_watcher->files();
    const QStringList oldDirectories = m_watcher->directories();
    QStringList stale;
    for (const QString &path : oldFiles) {
        if (!files.contains(path)) {
            stale << path;
        }
    }
    for (const QString &path : oldDirectories) {
        if (!directories.contains(path)) {
            stale << path;
        }
    }
    if (!stale.isEmpty()) {
        m_watcher->removePaths(stale);
    }
    QStringList fresh;
    for (const QString &path : files) {
        if (!oldFiles.contains(path) && QFileInfo::exists(path)) {
            fresh << path;
        }
    }
    for (const QString &path : directories) {
        if (!oldDirectories.contains(path) && QFileInfo::exists(path)) {
            fresh << path;
        }
    }
    if (!fresh.isEmpty()) {
        m_watcher->addPaths(fresh);
    }
}

void DocumentController::onFileChanged(const QString &path)
{
    Q_UNUSED(path)
    m_filesDirty = true;
    m_reloadTimer->start();
}

void DocumentController::onDirectoryChanged(const QString &path)
{
    if (m_inputFolders.contains(path)
        || std::any_of(m_inputFolders.cbegin(), m_inputFolders.cend(),
            [&path](const QString &folder) { return path.startsWith(folder + u'/'); })) {
        m_foldersDirty = true;
    }
    // A folder that only holds input files matters when one of them was replaced; the timer checks.
    m_reloadTimer->start();
}

void DocumentController::onReloadTimer()
{
    bool changed = m_filesDirty;
    m_filesDirty = false;
    // Files replaced by a rename (or deleted and written again) dropped out of the watcher: re-add them.
    const QStringList watched = m_watcher->files();
    for (const QString &file : std::as_const(m_expectedFiles)) {
        if (!watched.contains(file) && QFileInfo::exists(file)) {
            m_watcher->addPath(file);
            changed = true;
        }
    }
    if (m_foldersDirty) {
        m_foldersDirty = false;
        // Only a change in the set of manifests counts; editor swap and backup files do not.
        QSet<QString> current;
        for (const QString &folder : std::as_const(m_inputFolders)) {
            const QStringList expanded = ManifestLoader::expandPath(folder);
            for (const QString &file : expanded) {
                current.insert(QFileInfo(file).absoluteFilePath());
            }
        }
        for (const QString &file : std::as_const(m_expectedFiles)) {
            if (!m_inputFolders.isEmpty()
                && std::any_of(m_inputFolders.cbegin(), m_inputFolders.cend(),
                    [&file](const QString &f) { return file.startsWith(f + u'/'); })) {
                if (!current.contains(file)) {
                    changed = true; // removed
                }
            }
        }
        for (const QString &file : std::as_const(current)) {
            if (!m_expectedFiles.contains(file)) {
                changed = true; // added
            }
        }
    }
    if (changed && hasSource()) {
        start();
    }
}

} // namespace routemap
