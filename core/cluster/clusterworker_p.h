#pragma once

// Internals of ClusterWorker, shared by clusterworker.cpp (reporting, discovery, the loop) and
// clusterstreams.cpp (LIST, WATCH and the store). Not installed; include only from those two.

#include "cluster/apidiscovery.h"
#include "cluster/clusterworker.h"
#include "cluster/httpmulti.h"
#include "cluster/watchdecoder.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QUrl>
#include <atomic>
#include <vector>

namespace routemap {
namespace clusterdetail {

// Secrets travel as metadata only (k8s-api.md §1.4): no fallback to full objects.
inline const QByteArray kMetadataList = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";
inline const QByteArray kMetadataWatch = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1";
inline const QString kTlsSecrets = QStringLiteral("type=kubernetes.io/tls");

inline QString statusMessage(const HttpResponse &r)
{
    const QJsonObject status = QJsonDocument::fromJson(r.body).object();
    QString message = status.value(QLatin1String("message")).toString();
    if (message.isEmpty()) {
        message = QString::fromUtf8(r.body.left(200)).trimmed();
    }
    if (message.isEmpty()) {
        message = QStringLiteral("HTTP %1").arg(r.status);
    }
    return message;
}

// The store's key: (group, kind, namespace, name), ordered so snapshots list objects in a stable order.
inline QString storeKey(const ObjectRef &ref)
{
    return ref.group + u'/' + ref.kind + u'/' + ref.ns + u'/' + ref.name;
}

inline QString encoded(const QString &value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

} // namespace clusterdetail

struct ClusterStream {
    ApiResource res;
    QString ns; // empty: cluster-scoped, or all namespaces
    enum class Phase { Listing, Watching, Waiting, AwaitingNamespaces, Forbidden, Done, Split };
    Phase phase = Phase::Listing;
    bool listed = false; // a whole list has arrived at least once
    QString rv; // resume point of the watch
    QString continueToken;
    QMap<QString, ObjectPtr> objects;
    QMap<QString, ObjectPtr> pending; // pages of the list in progress
    quint64 transfer = 0;
    WatchDecoder decoder;
    bool relistRequested = false; // an ERROR 410 arrived in the stream
    QString streamError; // another ERROR event ended the stream
    int failures = 0; // consecutive transport failures
    qint64 failingSinceMs = -1;
    qint64 retryAtMs = -1;
    bool retryList = true;
    bool unauthorizedRetried = false;

    bool isSecrets() const { return res.group.isEmpty() && res.resource == QLatin1String("secrets"); }
    QString where() const { return ns.isEmpty() ? res.resource : QString(res.resource + QStringLiteral(" in ") + ns); }
};

struct ClusterWorker::Private {
    std::shared_ptr<CredentialSource> creds;
    ClusterEndpoint endpoint;
    Options options;
    SnapshotFn onSnapshot;
    StatusFn onStatus;
    std::atomic_bool stop {false};
    std::atomic_bool refresh {false};
    std::atomic<qint64> requests {0};
    std::unique_ptr<HttpMulti> http;
    QElapsedTimer clock;
    SourceLocation location;

    std::vector<std::unique_ptr<ClusterStream>> streams;
    QStringList partial;
    bool failed = false;
    bool published = false;
    bool dirty = false;
    bool refreshing = false;
    qint64 lastPublishMs = 0;
    QString lastTransportError;
    SourceStatus status;
    bool statusSent = false;
    Credentials lastCredentials; // what the last request sent: a 401 invalidates exactly these

    qint64 now() const { return clock.elapsed(); }
    QString context() const { return endpoint.contextName; }

    // --- reporting
    void fail(const QString &message);
    void sendStatus(SourceStatus s);
    void updateStatus();
    QString transportMessage(const HttpResponse &r) const;
    bool credentials(Credentials *out);
    // --- discovery
    bool fetch(const QStringList &paths, QList<HttpResponse> *out);
    // Fetches discovery documents; retries once on 401 (an exec plugin gets a chance to renew).
    bool fetchChecked(const QStringList &paths, QList<HttpResponse> *out, bool optional);
    bool discover(QList<ApiResource> *resources);
    // --- streams
    void createStreams(const QList<ApiResource> &resources);
    ClusterStream *addStream(const ApiResource &res, const QString &ns);
    bool wanted(const ClusterStream &s, const ObjectPtr &o) const;
    ObjectPtr ingest(const ClusterStream &s, QJsonObject body, const QMap<QString, ObjectPtr> &previous) const;
    void startList(ClusterStream *s);
    void onListDone(ClusterStream *s, const HttpResponse &r);
    void startWatch(ClusterStream *s);
    // False: stop reading this stream (relist or reconnect follows in onWatchDone).
    bool onWatchEvents(ClusterStream *s, const QList<WatchEvent> &events);
    void onWatchDone(ClusterStream *s, const HttpResponse &r);
    void recovered(ClusterStream *s);
    void handleError(ClusterStream *s, const HttpResponse &r, bool list);
    void scheduleRetry(ClusterStream *s, bool list, bool connectionFailure, qint64 delayMs);
    void runDueRetries();
    void leaveOut(ClusterStream *s, const QString &why);
    QStringList knownNamespaces() const;
    bool namespacesPending() const;
    void forbidden(ClusterStream *s);
    void split(ClusterStream *s);
    void splitAwaiting();
    bool allListed() const;
    void refreshAll();
    void maybePublish();
    int pollTimeout() const;
};

} // namespace routemap
