#include "engine/manifestsource.h"

#include "sources/manifestloader.h"

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

namespace routemap {

namespace {

const QString stdinPath = QStringLiteral("-");

bool isUnder(const QString &path, const QSet<QString> &folders)
{
    return std::any_of(
        folders.cbegin(), folders.cend(), [&path](const QString &folder) { return path.startsWith(folder + u'/'); });
}

} // namespace

struct ManifestSource::Result {
    Snapshot snapshot;
    int files = 0;
    QByteArray stdinData;
    bool stdinRead = false;
    QStringList unreadable;
    QString error; // nothing could be read at all
    QStringList watchFiles;
    QStringList watchDirectories;
    QStringList inputFolders;
};

ManifestSource::ManifestSource(QStringList paths, QObject *parent)
    : Source(parent)
    , m_paths(std::move(paths))
{
    m_pool.setMaxThreadCount(1);
}

ManifestSource::ManifestSource(QByteArray data, QString fileName, QString displayName, QObject *parent)
    : Source(parent)
    , m_inMemory(true)
    , m_memoryName(std::move(fileName))
    , m_displayName(std::move(displayName))
    , m_stdinData(std::move(data))
    , m_stdinRead(true)
{
    m_pool.setMaxThreadCount(1);
}

ManifestSource::~ManifestSource()
{
    ++m_generation;
    m_pool.waitForDone();
}

QString ManifestSource::displayName() const
{
    if (!m_displayName.isEmpty()) {
        return m_displayName;
    }
    if (m_paths.size() == 1) {
        const QString &path = m_paths.first();
        if (path == stdinPath) {
            return tr("standard input");
        }
        const QFileInfo info(path);
        return info.fileName().isEmpty() ? QDir::toNativeSeparators(path) : info.fileName();
    }
    return tr("%n path(s)", nullptr, static_cast<int>(m_paths.size()));
}

void ManifestSource::start(bool follow)
{
    m_follow = follow;
    m_started = true;
    if (follow && !m_inMemory && !m_watcher) {
        m_watcher = new QFileSystemWatcher(this);
        m_reloadTimer = new QTimer(this);
        m_reloadTimer->setSingleShot(true);
        m_reloadTimer->setInterval(reloadDelayMs);
        connect(m_reloadTimer, &QTimer::timeout, this, &ManifestSource::onReloadTimer);
        connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &ManifestSource::onFileChanged);
        connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &ManifestSource::onDirectoryChanged);
    }
    load();
}

void ManifestSource::stop()
{
    m_started = false;
    ++m_generation; // a load still running is dropped
    if (m_watcher) {
        m_reloadTimer->stop();
        updateWatcher({}, {});
    }
    m_pool.waitForDone();
    SourceStatus status;
    status.state = SourceStatus::State::Idle;
    status.since = QDateTime::currentDateTimeUtc();
    setStatus(status);
}

void ManifestSource::refresh()
{
    if (m_started) {
        load();
    }
}

QStringList ManifestSource::watchedFiles() const
{
    return m_watcher ? m_watcher->files() : QStringList();
}

QStringList ManifestSource::watchedDirectories() const
{
    return m_watcher ? m_watcher->directories() : QStringList();
}

void ManifestSource::load()
{
    const quint64 generation = ++m_generation;
    if (status().state != SourceStatus::State::Live || !m_follow) {
        SourceStatus loading;
        loading.state = SourceStatus::State::Loading;
        loading.since = QDateTime::currentDateTimeUtc();
        setStatus(loading);
    }
    const QStringList paths = m_paths;
    const bool inMemory = m_inMemory;
    const QString memoryName = m_memoryName;
    const QByteArray stdinData = m_stdinData;
    const bool stdinRead = m_stdinRead;
    QIODevice *device = m_stdinDevice;
    const bool follow = m_follow;
    m_pool.start([this, generation, paths, inMemory, memoryName, stdinData, stdinRead, device, follow]() {
        auto result = std::make_shared<Result>();
        LoadResult loaded;
        if (inMemory) {
            loaded = ManifestLoader::loadData(stdinData, memoryName);
        } else {
            result->stdinData = stdinData;
            result->stdinRead = stdinRead;
            if (paths.contains(stdinPath) && !stdinRead) {
                // Standard input can be read only once: keep it so reloads see the same text. A terminal would
                // block until Ctrl+D, so only pipes and files are read from the process's own input.
                if (device) {
                    result->stdinData = device->readAll();
                } else if (isatty(fileno(stdin))) {
                    result->error = tr("Standard input is a terminal: pipe manifests in, for example "
                                       "\"kubectl get svc,ingress,deploy -A -o yaml | routemap -\".");
                } else {
                    QFile input;
                    if (input.open(stdin, QIODevice::ReadOnly)) {
                        result->stdinData = input.readAll();
                    }
                }
                result->stdinRead = true;
            }
            QBuffer buffer(&result->stdinData);
            buffer.open(QIODevice::ReadOnly);
            loaded = ManifestLoader::loadPaths(paths, &buffer);
            if (follow) {
                // Watch each file, its folder (editors save by renaming a new file over the old one, which drops
                // the watch on the file), and every folder under an input folder (new files count).
                QSet<QString> files;
                QSet<QString> directories;
                for (const QString &path : paths) {
                    if (path == stdinPath) {
                        continue;
                    }
                    const QFileInfo info(path);
                    if (info.isDir()) {
                        const QString folder = info.absoluteFilePath();
                        result->inputFolders << folder;
                        directories.insert(folder);
                        QDirIterator it(folder, QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
                        while (it.hasNext()) {
                            directories.insert(it.next());
                        }
                    } else {
                        directories.insert(info.absolutePath());
                        files.insert(info.absoluteFilePath());
                    }
                    const QStringList expanded = ManifestLoader::expandPath(path);
                    for (const QString &file : expanded) {
                        files.insert(QFileInfo(file).absoluteFilePath());
                    }
                }
                result->watchFiles = QStringList(files.cbegin(), files.cend());
                result->watchDirectories = QStringList(directories.cbegin(), directories.cend());
                result->watchFiles.sort();
                result->watchDirectories.sort();
            }
        }
        for (const LoadIssue &issue : std::as_const(loaded.issues)) {
            if (issue.type == LoadIssue::Type::Unreadable) {
                result->unreadable.append(issue.message);
            }
        }
        if (result->error.isEmpty() && loaded.objects.isEmpty() && loaded.files == 0 && !result->unreadable.isEmpty()) {
            result->error = result->unreadable.join(QStringLiteral("; "));
        }
        result->files = loaded.files;
        result->snapshot = loaded.toSnapshot();
        QMetaObject::invokeMethod(
            this, [this, generation, result]() { onLoaded(generation, result); }, Qt::QueuedConnection);
    });
}

void ManifestSource::onLoaded(quint64 generation, const std::shared_ptr<Result> &result)
{
    if (generation != m_generation || !m_started) {
        return; // a newer load superseded this one
    }
    if (!m_inMemory) {
        m_stdinData = result->stdinData;
        m_stdinRead = result->stdinRead;
    }
    m_fileCount = result->files;
    m_unreadable = result->unreadable;
    if (m_follow && m_watcher) {
        m_expectedFiles = QSet<QString>(result->watchFiles.cbegin(), result->watchFiles.cend());
        m_inputFolders = QSet<QString>(result->inputFolders.cbegin(), result->inputFolders.cend());
        updateWatcher(result->watchFiles, result->watchDirectories);
    }
    SourceStatus status;
    status.since = QDateTime::currentDateTimeUtc();
    if (!result->error.isEmpty()) {
        status.state = SourceStatus::State::Failed;
        status.message = result->error;
    } else {
        status.state = m_follow ? SourceStatus::State::Live : SourceStatus::State::Idle;
        status.message = m_unreadable.join(QStringLiteral("; "));
    }
    if (status.state == this->status().state) {
        status.since = this->status().since; // still in the same state: it began earlier
    }
    setStatus(status);
    emit snapshotReady(result->snapshot);
}

void ManifestSource::updateWatcher(const QStringList &files, const QStringList &directories)
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

void ManifestSource::onFileChanged()
{
    m_filesDirty = true;
    m_reloadTimer->start();
}

void ManifestSource::onDirectoryChanged(const QString &path)
{
    if (m_inputFolders.contains(path) || isUnder(path, m_inputFolders)) {
        m_foldersDirty = true;
    }
    // A folder that only holds input files matters when one of them was replaced; the timer checks.
    m_reloadTimer->start();
}

void ManifestSource::onReloadTimer()
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
        // Only a change in the set of manifests (or of folders, which may hold new ones) counts; editor swap
        // and backup files do not.
        QSet<QString> current;
        for (const QString &folder : std::as_const(m_inputFolders)) {
            const QStringList expanded = ManifestLoader::expandPath(folder);
            for (const QString &file : expanded) {
                current.insert(QFileInfo(file).absoluteFilePath());
            }
            QDirIterator it(folder, QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString dir = it.next();
                if (!m_watcher->directories().contains(dir)) {
                    m_watcher->addPath(dir); // a new folder: files written into it later count too
                }
            }
        }
        for (const QString &file : std::as_const(m_expectedFiles)) {
            if (isUnder(file, m_inputFolders) && !current.contains(file)) {
                changed = true; // removed
            }
        }
        for (const QString &file : std::as_const(current)) {
            if (!m_expectedFiles.contains(file)) {
                changed = true; // added
            }
        }
    }
    if (changed && m_started) {
        load();
    }
}

} // namespace routemap
