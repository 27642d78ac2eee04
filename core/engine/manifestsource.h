#pragma once

#include "engine/source.h"

#include <QSet>
#include <QStringList>
#include <QThreadPool>

#include <atomic>
#include <memory>

class QFileSystemWatcher;
class QIODevice;
class QTimer;

namespace routemap {

// Manifests as a source: files, folders (walked recursively), "-" for standard input, or text held in memory
// (the built-in demo). Loading runs off the calling thread. Standard input is read once, on the first load,
// and kept for reloads. With follow, files and folders are watched: an edited, replaced, added or removed
// manifest publishes a new snapshot shortly after the change (editors write in bursts).
class ManifestSource final : public Source
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ManifestSource)

public:
    explicit ManifestSource(QStringList paths, QObject *parent = nullptr);
    // Text loaded as if read from `fileName` (the demo).
    ManifestSource(QByteArray data, QString fileName, QString displayName, QObject *parent = nullptr);
    ~ManifestSource() override;

    // Where "-" reads from; the process's standard input when not set. Read once, on the first load.
    void setStandardInput(QIODevice *device) { m_stdinDevice = device; }

    void start(bool follow) override;
    void stop() override;
    void refresh() override;
    QString displayName() const override;
    QString kind() const override { return QStringLiteral("manifests"); }

    QStringList paths() const { return m_paths; }
    bool isInMemory() const { return m_inMemory; }
    // Files read by the latest published load (standard input counts as one).
    int fileCount() const { return m_fileCount; }
    // Messages for inputs that could not be read at all in the latest load (missing paths, permissions).
    QStringList unreadable() const { return m_unreadable; }

    QStringList watchedFiles() const;
    QStringList watchedDirectories() const;

    // Milliseconds to wait after the last change before reloading.
    static constexpr int reloadDelayMs = 150;

private:
    struct Result;
    void load();
    void onLoaded(quint64 generation, const std::shared_ptr<Result> &result);
    void updateWatcher(const QStringList &files, const QStringList &directories);
    void onFileChanged();
    void onDirectoryChanged(const QString &path);
    void onReloadTimer();

    QStringList m_paths;
    bool m_inMemory = false;
    QString m_memoryName;
    QString m_displayName;
    QByteArray m_stdinData; // standard input or the in-memory text
    bool m_stdinRead = false;
    QIODevice *m_stdinDevice = nullptr;

    bool m_follow = false;
    bool m_started = false;
    quint64 m_generation = 0;
    int m_fileCount = 0;
    QStringList m_unreadable;

    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_reloadTimer = nullptr;
    QSet<QString> m_expectedFiles; // files that belong to the input, watched or waiting to reappear
    QSet<QString> m_inputFolders;  // folders given as input: new or removed files there count
    bool m_filesDirty = false;
    bool m_foldersDirty = false;

    // Last member: destroyed first, so a running load finishes before the rest goes away.
    QThreadPool m_pool;
};

} // namespace routemap
