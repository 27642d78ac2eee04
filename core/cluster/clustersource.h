#pragma once

#include "engine/source.h"

#include <memory>

namespace routemap {

// Which cluster and which namespaces: the command line's --kubeconfig, --context, -n/--namespace, -A.
struct ClusterSpec {
    QString kubeconfigFile; // --kubeconfig; empty: KUBECONFIG or ~/.kube/config
    QString context; // --context; empty: the current context
    QStringList namespaces; // -n (repeatable); empty and !allNamespaces: the context's namespace
    bool allNamespaces = false;
};

// A live cluster: discovery, then LIST (paginated) and WATCH for every kind Routemap understands, over
// libcurl off the calling thread. GET requests only; Secrets as metadata only. Events are coalesced into
// Snapshots (about every 100 ms) that are complete for the namespaces covered.
class ClusterSource final : public Source
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClusterSource)

public:
    explicit ClusterSource(ClusterSpec spec, QObject *parent = nullptr);
    ~ClusterSource() override;

    void start(bool follow) override;
    void stop() override;
    void refresh() override;
    QString displayName() const override;
    QString kind() const override { return QStringLiteral("cluster"); }

    // The context in use, once start() has resolved it.
    QString contextName() const;
    // Reconnect tuning, for tests: the first backoff delay (doubled per attempt, with jitter) and how long
    // reconnecting lasts before the last snapshot is called Stale. Call before start().
    void setReconnectTimings(int backoffBaseMs, int staleAfterMs);
    // Requests sent so far (discovery, list pages, watches), for measurements.
    qint64 requestCount() const;

private:
    void launch();
    void halt(); // ends the worker thread (stop() also refuses later refreshes)

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace routemap
