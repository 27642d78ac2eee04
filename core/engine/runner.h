#pragma once

#include "engine/analysis.h"
#include "engine/source.h"

#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <memory>

namespace routemap {

using AnalysisPtr = std::shared_ptr<const Analysis>;

// Feeds each snapshot of a source through analyse() off the calling thread. Every job carries a generation
// id; a newer snapshot (or new options) cancels the job before it and its result is dropped, so a burst of
// changes ends in one analysis delivered. The runner owns its source.
class AnalysisRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AnalysisRunner)

public:
    explicit AnalysisRunner(QObject *parent = nullptr);
    ~AnalysisRunner() override;

    // Takes ownership of `source` (the previous one is stopped and deleted) and starts it.
    void setSource(std::unique_ptr<Source> source, bool follow);
    Source *source() const { return m_source.get(); }
    // Stops and deletes the source; pending analyses are cancelled.
    void clear();

    // New options re-analyse the latest snapshot (no re-reading of the input).
    void setOptions(const AnalysisOptions &options);
    const AnalysisOptions &options() const { return m_options; }

    // The latest delivered analysis (null before the first).
    AnalysisPtr latest() const { return m_latest; }
    bool isBusy() const { return m_running > 0; }
    // Cancels the running job; its result is dropped.
    void cancel();
    // Blocks until queued jobs have finished (their results still arrive through the event loop).
    void waitForIdle();

    // Reads `source` once (no following) and analyses it, running a local event loop until the analysis is
    // there or the source failed. Null on failure, with the source's final status in `status`.
    static AnalysisPtr runOnce(std::unique_ptr<Source> source, const AnalysisOptions &options,
                               SourceStatus *status = nullptr);

signals:
    // A snapshot arrived and is being analysed.
    void analysing();
    void analysisReady(const routemap::AnalysisPtr &analysis);
    void statusChanged(const routemap::SourceStatus &status);

private:
    void onSnapshot(const Snapshot &snapshot);
    void schedule();
    void deliver(quint64 generation, const AnalysisPtr &analysis);

    std::unique_ptr<Source> m_source;
    AnalysisOptions m_options;
    Snapshot m_snapshot;
    bool m_hasSnapshot = false;
    AnalysisPtr m_latest;
    quint64 m_generation = 0;
    int m_running = 0;
    std::shared_ptr<std::atomic_bool> m_cancel;
    // Last member: destroyed first, so a running job finishes before the rest goes away.
    QThreadPool m_pool;
};

} // namespace routemap

Q_DECLARE_METATYPE(routemap::AnalysisPtr)
