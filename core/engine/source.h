#pragma once

#include "model/snapshot.h"

#include <QDateTime>
#include <QObject>
#include <QStringList>

namespace routemap {

// Where a source stands. Loading: the first snapshot is not there yet. Live: snapshots follow the input
// (files are watched, or the cluster is watched). Reconnecting: the connection dropped and is being
// re-established (attempt n); the last snapshot is still shown. Stale: the last snapshot is older than the
// input may be (since `since`). Failed: nothing more will come (message says why).
struct SourceStatus {
    enum class State { Idle, Loading, Live, Reconnecting, Stale, Failed };
    State state = State::Idle;
    QString message;          // one clear sentence for Failed (and a detail for the others)
    QDateTime since;          // when the current state began (Stale: since when)
    int attempt = 0;          // Reconnecting: attempt number, from 1
    QStringList partialKinds; // input left out, for example "networkpolicies in shop (forbidden)"

    bool operator==(const SourceStatus &other) const = default;
};

QString sourceStateName(SourceStatus::State state); // "idle", "loading", "live", "reconnecting", "stale", "failed"

// Something that publishes Snapshots over time: manifests (files, folders, stdin, the demo) or a cluster.
// Lives on the thread that created it; slow work (reading, network) happens off that thread, and the
// signals arrive on it. A source is started once; refresh() re-reads (reload, relist).
class Source : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Source)

public:
    explicit Source(QObject *parent = nullptr)
        : QObject(parent)
    {
    }
    ~Source() override = default;

    // Starts producing snapshots. With `follow`, keeps watching the input and publishes a new snapshot after
    // each change; without it, publishes one snapshot and then stays Idle (what a one-shot `check` wants).
    virtual void start(bool follow) = 0;
    // Stops watching; no more signals after it returns.
    virtual void stop() = 0;
    // Reads the input again now (F5, a relist).
    virtual void refresh() = 0;
    // A short name for titles and reports: "demo", "shop.yaml", "3 paths", "context prod".
    virtual QString displayName() const = 0;
    // "manifests" or "cluster"
    virtual QString kind() const = 0;

    const SourceStatus &status() const { return m_status; }

signals:
    void snapshotReady(const routemap::Snapshot &snapshot);
    void statusChanged(const routemap::SourceStatus &status);

protected:
    // Records and announces a new status (nothing is emitted when it did not change).
    void setStatus(const SourceStatus &status)
    {
        if (status == m_status) {
            return;
        }
        m_status = status;
        emit statusChanged(m_status);
    }

private:
    SourceStatus m_status;
};

} // namespace routemap

Q_DECLARE_METATYPE(routemap::SourceStatus)
