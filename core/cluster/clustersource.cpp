#include "clustersource.h"

#include "cluster/clusterworker.h"
#include "cluster/kubeconfig.h"

#include <QThread>

namespace routemap {

struct ClusterSource::Private {
    ClusterSpec spec;
    QString contextName;
    bool follow = true;
    std::shared_ptr<CredentialSource> credentials;
    std::shared_ptr<ClusterWorker> worker;
    QThread *thread = nullptr;
    int generation = 0; // signals queued by an older worker are dropped
    qint64 requestsBefore = 0;
    bool stopped = false;
    int backoffBaseMs = 0; // 0: ClusterWorker's defaults
    int staleAfterMs = 0;
};

ClusterSource::ClusterSource(ClusterSpec spec, QObject *parent)
    : Source(parent)
    , d(std::make_unique<Private>())
{
    d->spec = std::move(spec);
}

ClusterSource::~ClusterSource()
{
    stop();
}

QString ClusterSource::displayName() const
{
    if (!d->contextName.isEmpty()) {
        return QStringLiteral("context ") + d->contextName;
    }
    return d->spec.context.isEmpty() ? QStringLiteral("current context")
                                     : QString(QStringLiteral("context ") + d->spec.context);
}

QString ClusterSource::contextName() const
{
    return d->contextName;
}

void ClusterSource::setReconnectTimings(int backoffBaseMs, int staleAfterMs)
{
    d->backoffBaseMs = backoffBaseMs;
    d->staleAfterMs = staleAfterMs;
}

qint64 ClusterSource::requestCount() const
{
    return d->requestsBefore + (d->worker ? d->worker->requestCount() : 0);
}

void ClusterSource::start(bool follow)
{
    if (d->worker || d->credentials) {
        return; // started once
    }
    d->follow = follow;
    // Reading the kubeconfig is local and quick; everything that touches the network (and exec plugins)
    // runs on the worker thread.
    Kubeconfig kubeconfig;
    QString error;
    ClusterEndpoint endpoint;
    if (!kubeconfig.load(d->spec.kubeconfigFile, &error) || !kubeconfig.endpoint(d->spec.context, &endpoint, &error)) {
        SourceStatus failed;
        failed.state = SourceStatus::State::Failed;
        failed.message = error;
        failed.since = QDateTime::currentDateTimeUtc();
        setStatus(failed);
        return;
    }
    d->contextName = endpoint.contextName;
    d->credentials = std::make_shared<CredentialSource>(endpoint);
    launch();
}

void ClusterSource::launch()
{
    ClusterWorker::Options options;
    options.follow = d->follow;
    if (d->backoffBaseMs > 0) {
        options.backoffBaseMs = d->backoffBaseMs;
    }
    if (d->staleAfterMs > 0) {
        options.staleAfterMs = d->staleAfterMs;
    }
    if (!d->spec.allNamespaces) {
        options.namespaces = d->spec.namespaces;
        if (options.namespaces.isEmpty()) {
            options.namespaces.append(d->credentials->endpoint().namespaceName);
        }
        options.namespaces.removeDuplicates();
    }
    const int generation = ++d->generation;
    auto onSnapshot = [this, generation](const Snapshot &snapshot) {
        QMetaObject::invokeMethod(
            this,
            [this, generation, snapshot] {
                if (generation == d->generation) {
                    emit snapshotReady(snapshot);
                }
            },
            Qt::QueuedConnection);
    };
    auto onStatus = [this, generation](const SourceStatus &status) {
        QMetaObject::invokeMethod(
            this,
            [this, generation, status] {
                if (generation == d->generation) {
                    setStatus(status);
                }
            },
            Qt::QueuedConnection);
    };
    d->worker = std::make_shared<ClusterWorker>(d->credentials, options, onSnapshot, onStatus);
    d->thread = QThread::create([worker = d->worker] { worker->run(); });
    d->thread->setObjectName(QStringLiteral("routemap-cluster"));
    d->thread->start();
}

void ClusterSource::stop()
{
    d->stopped = true;
    halt();
}

void ClusterSource::halt()
{
    ++d->generation;
    if (d->worker) {
        d->worker->requestStop();
        d->thread->wait();
        delete d->thread;
        d->thread = nullptr;
        d->requestsBefore += d->worker->requestCount();
        d->worker.reset();
    }
}

void ClusterSource::refresh()
{
    if (!d->credentials || d->stopped) {
        return; // never started, stopped, or the kubeconfig failed: nothing to relist
    }
    if (d->thread && d->thread->isRunning()) {
        d->worker->requestRefresh();
        return;
    }
    // The one-shot list finished (or failed): list again from the start.
    halt();
    launch();
}

} // namespace routemap
