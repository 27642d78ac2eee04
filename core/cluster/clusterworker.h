#pragma once

#include "cluster/clusterendpoint.h"
#include "engine/source.h"

#include <functional>
#include <memory>

namespace routemap {

// The state machine behind ClusterSource, run on its worker thread: discovery, then LIST and WATCH of
// every understood kind over one HttpMulti, a store of shared objects, and coalesced snapshots. Reports
// through the two callbacks, from the worker thread.
class ClusterWorker
{
public:
    using SnapshotFn = std::function<void(const Snapshot &snapshot)>;
    using StatusFn = std::function<void(const SourceStatus &status)>;

    struct Options {
        QStringList namespaces; // empty: all namespaces
        bool follow = true;
        int coalesceMs = 100; // at most one snapshot per this while events arrive
        int backoffBaseMs = 500; // first reconnect delay, doubled per attempt (with jitter)
        int backoffMaxMs = 30000;
        int staleAfterMs = 60000; // reconnecting this long: the last snapshot is Stale
    };

    ClusterWorker(
        std::shared_ptr<CredentialSource> credentials, Options options, SnapshotFn onSnapshot, StatusFn onStatus);
    ~ClusterWorker();
    ClusterWorker(const ClusterWorker &) = delete;
    ClusterWorker &operator=(const ClusterWorker &) = delete;

    // Runs until stop is requested, a fatal error, or (without follow) the first snapshot is out.
    void run();
    // Both may be called from any thread.
    void requestStop();
    void requestRefresh();

    // Requests started so far (for measurements).
    qint64 requestCount() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace routemap
