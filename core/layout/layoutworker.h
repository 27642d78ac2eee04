#pragma once

#include "layout/layout.h"

#include <QObject>
#include <QThreadPool>
#include <atomic>

namespace routemap {

// Lays out topologies off the GUI thread, one job at a time (Graphviz is not thread-safe).
// Each request gets a generation number; only the result of the latest request is delivered, older ones
// are dropped, so a burst of changes ends in one relayout shown.
class LayoutWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LayoutWorker)

public:
    explicit LayoutWorker(QObject *parent = nullptr);
    ~LayoutWorker() override;

    // Queues a layout of copies of the inputs; returns its generation (increasing, starting at 1).
    quint64 request(const Topology &topology, const LayoutOptions &options);
    // The generation of the most recent request (0 before the first).
    quint64 latestGeneration() const { return m_latest.load(); }
    // Blocks until queued jobs have finished (their results are still delivered through the event loop).
    void waitForIdle();

signals:
    void layoutReady(quint64 generation, const routemap::Topology &topology, const routemap::Layout &layout);

private:
    void deliver(quint64 generation, const Topology &topology, const Layout &layout);

    std::atomic<quint64> m_latest {0};
    // Last member: destroyed first, so running jobs finish before the rest of the object goes away.
    QThreadPool m_pool;
};

} // namespace routemap
