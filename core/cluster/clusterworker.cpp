#include "clusterworker.h"

#include "cluster/apidiscovery.h"
#include "cluster/httpmulti.h"
#include "cluster/watchdecoder.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRandomGenerator>
#include <QUrl>
#include <atomic>
#include <vector>

namespace routemap {

namespace {

const QByteArray kJson = "application/json";
// Secrets travel as metadata only (k8s-api.md §1.4): no fallback to full objects.
const QByteArray kMetadataList = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";
const QByteArray kMetadataWatch = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1";
const QString kTlsSecrets = QStringLiteral("type=kubernetes.io/tls");

QString statusMessage(const HttpResponse &r)
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
QString storeKey(const ObjectRef &ref)
{
    return ref.group + u'/' + ref.kind + u'/' + ref.ns + u'/' + ref.name;
}

QString encoded(const QString &value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

} // namespace

struct Stream {
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

    std::vector<std::unique_ptr<Stream>> streams;
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
    void fail(const QString &message)
    {
        if (failed) {
            return;
        }
        failed = true;
        SourceStatus s;
        s.state = SourceStatus::State::Failed;
        s.message = message;
        s.since = QDateTime::currentDateTimeUtc();
        s.partialKinds = partial;
        sendStatus(s);
    }

    void sendStatus(SourceStatus s)
    {
        if (statusSent && s.state == status.state && s.message == status.message && s.attempt == status.attempt
            && s.partialKinds == status.partialKinds) {
            return;
        }
        if (!s.since.isValid()) {
            s.since = statusSent && s.state == status.state ? status.since : QDateTime::currentDateTimeUtc();
        }
        status = s;
        statusSent = true;
        onStatus(s);
    }

    void updateStatus()
    {
        if (failed) {
            return;
        }
        SourceStatus s;
        s.partialKinds = partial;
        int attempt = 0;
        qint64 failingSince = -1;
        for (const auto &st : streams) {
            if (st->failures > 0) {
                attempt = qMax(attempt, st->failures);
                failingSince = failingSince < 0 ? st->failingSinceMs : qMin(failingSince, st->failingSinceMs);
            }
        }
        if (attempt > 0) {
            if (published && now() - failingSince >= options.staleAfterMs) {
                s.state = SourceStatus::State::Stale;
                s.since = QDateTime::currentDateTimeUtc().addMSecs(failingSince - now());
                s.message = QStringLiteral("no connection to %1 (context %2): %3")
                                .arg(endpoint.server, context(), lastTransportError);
            } else {
                s.state = SourceStatus::State::Reconnecting;
                s.attempt = attempt;
                s.message = lastTransportError;
            }
        } else if (!published) {
            s.state = SourceStatus::State::Loading;
        } else {
            s.state = options.follow ? SourceStatus::State::Live : SourceStatus::State::Idle;
        }
        sendStatus(s);
    }

    QString transportMessage(const HttpResponse &r) const
    {
        if (r.tlsError) {
            return QStringLiteral("TLS verification of %1 failed (context %2): %3; check the cluster's "
                                  "certificate-authority in %4")
                .arg(endpoint.server, context(), r.transportError, endpoint.kubeconfigFile);
        }
        QString reason = r.transportError;
        switch (r.curlCode) {
        case 7: // CURLE_COULDNT_CONNECT
            reason = QStringLiteral("connection refused");
            break;
        case 6: // CURLE_COULDNT_RESOLVE_HOST
            reason = QStringLiteral("host not found");
            break;
        case 28: // CURLE_OPERATION_TIMEDOUT
            reason = QStringLiteral("timed out");
            break;
        default:
            break;
        }
        return QStringLiteral("cannot reach %1 (context %2): %3").arg(endpoint.server, context(), reason);
    }

    bool credentials(Credentials *out)
    {
        QString error;
        if (!creds->current(out, &error)) {
            fail(error);
            return false;
        }
        lastCredentials = *out;
        return true;
    }

    // --- discovery
    bool fetch(const QStringList &paths, QList<HttpResponse> *out)
    {
        Credentials c;
        if (!credentials(&c)) {
            return false;
        }
        out->clear();
        out->resize(paths.size());
        int pending = 0;
        for (int i = 0; i < paths.size(); ++i) {
            HttpRequest req;
            req.pathAndQuery = paths.at(i);
            req.maxSeconds = 60;
            const quint64 id = http->get(req, c, [out, i, &pending](const HttpResponse &r) {
                (*out)[i] = r;
                --pending;
            });
            if (id == 0) {
                fail(QStringLiteral("cannot build a request to %1 (context %2)").arg(endpoint.server, context()));
                return false;
            }
            ++requests;
            ++pending;
        }
        while (pending > 0 && !stop) {
            http->poll(200);
        }
        return !stop;
    }

    // Fetches discovery documents; retries once on 401 (an exec plugin gets a chance to renew).
    bool fetchChecked(const QStringList &paths, QList<HttpResponse> *out, bool optional)
    {
        for (int round = 0; round < 2; ++round) {
            if (!fetch(paths, out)) {
                return false;
            }
            bool unauthorized = false;
            for (int i = 0; i < out->size(); ++i) {
                const HttpResponse &r = out->at(i);
                if (r.curlCode != 0) {
                    fail(transportMessage(r));
                    return false;
                }
                if (r.status == 401) {
                    unauthorized = true;
                } else if (r.status != 200 && !(optional && r.status == 404)) {
                    fail(QStringLiteral("%1 (context %2) answered %3 to GET %4: %5")
                             .arg(endpoint.server, context())
                             .arg(r.status)
                             .arg(paths.at(i), statusMessage(r)));
                    return false;
                }
            }
            if (!unauthorized) {
                return true;
            }
            if (round == 0) {
                creds->invalidate(lastCredentials);
            }
        }
        fail(QStringLiteral("%1 rejected the credentials of user %2 (context %3): Unauthorized")
                 .arg(endpoint.server, endpoint.userName, context()));
        return false;
    }

    bool discover(QList<ApiResource> *resources)
    {
        QList<HttpResponse> r;
        if (!fetchChecked({QStringLiteral("/api/v1"), QStringLiteral("/apis")}, &r, false)) {
            return false;
        }
        QString error;
        QList<QList<ApiResource>> documents;
        documents.append(discovery::parseResourceList(r.at(0).body, QString(), QStringLiteral("v1"), &error));
        const QList<discovery::GroupVersions> groups = discovery::parseGroupList(r.at(1).body, &error);
        if (!error.isEmpty()) {
            fail(error + QStringLiteral(" (context %1)").arg(context()));
            return false;
        }
        QStringList paths;
        QList<QPair<QString, QString>> gvs;
        for (const discovery::GroupVersions &g : groups) {
            for (const QString &v : g.versions) {
                paths.append(QStringLiteral("/apis/") + g.group + u'/' + v);
                gvs.append({g.group, v});
            }
        }
        if (!fetchChecked(paths, &r, true)) {
            return false;
        }
        for (int i = 0; i < r.size(); ++i) {
            if (r.at(i).status == 200) {
                documents.append(discovery::parseResourceList(r.at(i).body, gvs.at(i).first, gvs.at(i).second, &error));
            }
        }
        *resources = discovery::chooseVersions(documents);
        return true;
    }

    // --- streams
    void createStreams(const QList<ApiResource> &resources)
    {
        for (const ApiResource &res : resources) {
            if (!res.namespaced || options.namespaces.isEmpty()) {
                addStream(res, QString());
            } else {
                for (const QString &ns : options.namespaces) {
                    addStream(res, ns);
                }
            }
        }
    }

    Stream *addStream(const ApiResource &res, const QString &ns)
    {
        auto s = std::make_unique<Stream>();
        s->res = res;
        s->ns = ns;
        streams.push_back(std::move(s));
        return streams.back().get();
    }

    bool wanted(const Stream &s, const ObjectPtr &o) const
    {
        // Namespace is cluster-scoped: with -n, keep only the namespaces asked for.
        return options.namespaces.isEmpty() || s.res.kind != QLatin1String("Namespace")
            || options.namespaces.contains(o->ref.name);
    }

    ObjectPtr ingest(const Stream &s, QJsonObject body, const QMap<QString, ObjectPtr> &previous) const
    {
        // List items carry no kind/apiVersion, metadata-only items say PartialObjectMetadata: the stream knows.
        body.insert(QLatin1String("kind"), s.res.kind);
        body.insert(QLatin1String("apiVersion"), s.res.apiVersion());
        if (s.isSecrets()) {
            body.remove(QLatin1String("data"));
            body.remove(QLatin1String("stringData"));
            body.insert(QLatin1String("type"), kTlsSecrets.mid(5)); // the field selector guarantees it
        }
        KubeObject o = KubeObject::fromJson(std::move(body), location);
        const auto old = previous.constFind(storeKey(o.ref));
        if (old != previous.constEnd() && !o.resourceVersion.isEmpty()
            && old.value()->resourceVersion == o.resourceVersion) {
            return old.value(); // unchanged: share it
        }
        return std::make_shared<const KubeObject>(std::move(o));
    }

    void startList(Stream *s)
    {
        Credentials c;
        if (!credentials(&c)) {
            return;
        }
        HttpRequest req;
        req.pathAndQuery = s->res.collectionPath(s->ns) + QStringLiteral("?limit=500");
        if (s->isSecrets()) {
            req.accept = kMetadataList;
            req.pathAndQuery += QStringLiteral("&fieldSelector=") + encoded(kTlsSecrets);
        }
        if (!s->continueToken.isEmpty()) {
            req.pathAndQuery += QStringLiteral("&continue=") + encoded(s->continueToken);
        }
        s->phase = Stream::Phase::Listing;
        s->transfer = http->get(req, c, [this, s](const HttpResponse &r) { onListDone(s, r); });
        ++requests;
    }

    void onListDone(Stream *s, const HttpResponse &r)
    {
        s->transfer = 0;
        if (r.curlCode != 0 || r.status != 200) {
            if (r.status == 410 && !s->continueToken.isEmpty()) {
                // The continue token expired: start the list again from the beginning.
                s->continueToken.clear();
                s->pending.clear();
                startList(s);
                return;
            }
            handleError(s, r, true);
            return;
        }
        const QJsonObject list = QJsonDocument::fromJson(r.body).object();
        if (list.isEmpty()) {
            handleError(s, r, true);
            return;
        }
        recovered(s);
        const QJsonArray items = list.value(QLatin1String("items")).toArray();
        for (const QJsonValue &item : items) {
            const ObjectPtr o = ingest(*s, item.toObject(), s->objects);
            if (o->ref.isValid() && wanted(*s, o)) {
                s->pending.insert(storeKey(o->ref), o);
            }
        }
        const QJsonObject meta = list.value(QLatin1String("metadata")).toObject();
        s->continueToken = meta.value(QLatin1String("continue")).toString();
        if (!s->continueToken.isEmpty()) {
            startList(s);
            return;
        }
        s->rv = meta.value(QLatin1String("resourceVersion")).toString();
        if (s->pending != s->objects || !s->listed) {
            dirty = true;
        }
        s->objects = std::exchange(s->pending, {});
        s->listed = true;
        if (s->res.kind == QLatin1String("Namespace")) {
            splitAwaiting();
        }
        if (options.follow) {
            startWatch(s);
        } else {
            s->phase = Stream::Phase::Done;
        }
    }

    void startWatch(Stream *s)
    {
        Credentials c;
        if (!credentials(&c)) {
            return;
        }
        // Spread the watch renewals as client-go's informers do: 300-600 s.
        const int timeout = static_cast<int>(QRandomGenerator::global()->bounded(300, 601));
        HttpRequest req;
        req.stream = true;
        req.maxSeconds = timeout + 60;
        req.pathAndQuery = s->res.collectionPath(s->ns) + QStringLiteral("?watch=1&resourceVersion=") + encoded(s->rv)
            + QStringLiteral("&allowWatchBookmarks=true&timeoutSeconds=") + QString::number(timeout);
        if (s->isSecrets()) {
            req.accept = kMetadataWatch;
            req.pathAndQuery += QStringLiteral("&fieldSelector=") + encoded(kTlsSecrets);
        }
        s->phase = Stream::Phase::Watching;
        s->decoder.reset();
        s->relistRequested = false;
        s->streamError.clear();
        s->transfer = http->get(
            req, c, [this, s](const HttpResponse &r) { onWatchDone(s, r); },
            [this, s](const char *data, qsizetype size) { return onWatchEvents(s, s->decoder.feed(data, size)); },
            [this, s](long code) {
                if (code == 200) {
                    recovered(s);
                }
            });
        ++requests;
    }

    // False: stop reading this stream (relist or reconnect follows in onWatchDone).
    bool onWatchEvents(Stream *s, const QList<WatchEvent> &events)
    {
        for (const WatchEvent &e : events) {
            switch (e.type) {
            case WatchEvent::Type::Added:
            case WatchEvent::Type::Modified: {
                const ObjectPtr o = ingest(*s, e.object, {});
                if (o->ref.isValid() && wanted(*s, o)) {
                    s->objects.insert(storeKey(o->ref), o);
                    dirty = true;
                }
                s->rv = e.resourceVersion.isEmpty() ? s->rv : e.resourceVersion;
                break;
            }
            case WatchEvent::Type::Deleted: {
                const ObjectPtr o = ingest(*s, e.object, {});
                if (s->objects.remove(storeKey(o->ref)) > 0) {
                    dirty = true;
                }
                s->rv = e.resourceVersion.isEmpty() ? s->rv : e.resourceVersion;
                break;
            }
            case WatchEvent::Type::Bookmark:
                s->rv = e.resourceVersion.isEmpty() ? s->rv : e.resourceVersion;
                break;
            case WatchEvent::Type::Error:
                if (e.code == 410) {
                    s->relistRequested = true;
                } else {
                    s->streamError = e.message.isEmpty() ? QStringLiteral("watch error %1").arg(e.code) : e.message;
                }
                return false;
            case WatchEvent::Type::Malformed:
                qWarning("routemap: %s: %s", qPrintable(s->where()), qPrintable(e.message));
                break;
            }
        }
        return true;
    }

    void onWatchDone(Stream *s, const HttpResponse &r)
    {
        s->transfer = 0;
        if (r.status == 200) {
            onWatchEvents(s, s->decoder.finish());
        }
        if (s->relistRequested || r.status == 410) {
            // Too old a resource version: the store may have missed events; take a fresh list.
            s->continueToken.clear();
            s->pending.clear();
            startList(s);
            return;
        }
        if (r.status == 200 && r.curlCode == 0 && s->streamError.isEmpty()) {
            startWatch(s); // the server ended the watch at timeoutSeconds: resume from the last RV
            return;
        }
        if (r.status == 200 && s->streamError.isEmpty() && r.curlCode != 0) {
            HttpResponse broken = r;
            broken.status = 0; // the stream broke mid-way: a transport failure
            handleError(s, broken, false);
            return;
        }
        if (!s->streamError.isEmpty()) {
            lastTransportError = s->streamError;
            scheduleRetry(s, false, true, -1);
            return;
        }
        handleError(s, r, false);
    }

    void recovered(Stream *s)
    {
        s->unauthorizedRetried = false; // a later 401 (an expired token) gets its plugin re-run again
        s->failures = 0;
        s->failingSinceMs = -1;
    }

    void handleError(Stream *s, const HttpResponse &r, bool list)
    {
        if (r.curlCode != 0 && r.status == 0) {
            if (r.tlsError) {
                fail(transportMessage(r));
                return;
            }
            lastTransportError = transportMessage(r);
            scheduleRetry(s, list, true, -1);
            return;
        }
        if (r.status == 401) {
            if (!s->unauthorizedRetried) {
                s->unauthorizedRetried = true;
                creds->invalidate(lastCredentials);
                scheduleRetry(s, list, false, 0);
                return;
            }
            fail(QStringLiteral("%1 rejected the credentials of user %2 (context %3): Unauthorized")
                     .arg(endpoint.server, endpoint.userName, context()));
            return;
        }
        s->unauthorizedRetried = false;
        if (r.status == 403) {
            forbidden(s);
            return;
        }
        if (r.status == 404 || r.status == 406) {
            const QString why = r.status == 404 ? QStringLiteral("not served") : QStringLiteral("not acceptable");
            leaveOut(s, why);
            return;
        }
        if (r.status == 429 || r.status >= 500) {
            if (r.retryAfterSeconds >= 0) {
                scheduleRetry(s, list, false, qMin(r.retryAfterSeconds, 300) * 1000);
            } else {
                lastTransportError
                    = QStringLiteral("%1 answered %2: %3").arg(endpoint.server).arg(r.status).arg(statusMessage(r));
                scheduleRetry(s, list, true, -1);
            }
            return;
        }
        // Anything else (a body that is not JSON, 400/422): log it, keep going with backoff.
        lastTransportError = QStringLiteral("%1 answered %2 for %3: %4")
                                 .arg(endpoint.server)
                                 .arg(r.status)
                                 .arg(s->where(), statusMessage(r));
        qWarning("routemap: %s", qPrintable(lastTransportError));
        scheduleRetry(s, list, true, -1);
    }

    void scheduleRetry(Stream *s, bool list, bool connectionFailure, qint64 delayMs)
    {
        if (connectionFailure) {
            if (s->failures == 0) {
                s->failingSinceMs = now();
            }
            ++s->failures;
            if (!options.follow && s->failures >= 3) {
                fail(lastTransportError);
                return;
            }
            // Exponential backoff with jitter, so that many streams do not reconnect in step.
            const double base
                = qMin<double>(options.backoffMaxMs, options.backoffBaseMs * double(1 << qMin(s->failures - 1, 16)));
            delayMs = static_cast<qint64>(base * (1.0 + 0.5 * QRandomGenerator::global()->generateDouble()));
        }
        s->phase = Stream::Phase::Waiting;
        s->retryList = list || !s->listed;
        s->retryAtMs = now() + qMax<qint64>(0, delayMs);
    }

    void runDueRetries()
    {
        for (const auto &st : streams) {
            Stream *s = st.get();
            if (s->phase == Stream::Phase::Waiting && s->retryAtMs <= now()) {
                s->retryAtMs = -1;
                if (s->retryList) {
                    startList(s);
                } else {
                    startWatch(s);
                }
            }
        }
    }

    void leaveOut(Stream *s, const QString &why)
    {
        const QString label = s->where() + QStringLiteral(" (") + why + u')';
        if (!partial.contains(label)) {
            partial.append(label);
        }
        recovered(s);
        if (s->phase != Stream::Phase::Watching) {
            s->objects.clear(); // not allowed to list: show nothing rather than an old list
        }
        s->phase = Stream::Phase::Forbidden;
        s->listed = true;
        s->pending.clear();
        dirty = true;
    }

    QStringList knownNamespaces() const
    {
        QStringList names;
        for (const auto &st : streams) {
            if (st->res.kind == QLatin1String("Namespace") && st->listed && st->phase != Stream::Phase::Forbidden) {
                for (const ObjectPtr &o : std::as_const(st->objects)) {
                    names.append(o->ref.name);
                }
                return names;
            }
        }
        return names;
    }

    bool namespacesPending() const
    {
        for (const auto &st : streams) {
            if (st->res.kind == QLatin1String("Namespace")) {
                return !st->listed;
            }
        }
        return false;
    }

    void forbidden(Stream *s)
    {
        if (s->ns.isEmpty() && s->res.namespaced && s->phase != Stream::Phase::Watching) {
            // Cluster-wide list forbidden: RBAC may still allow it namespace by namespace.
            if (namespacesPending()) {
                s->phase = Stream::Phase::AwaitingNamespaces;
                return;
            }
            if (!knownNamespaces().isEmpty()) {
                split(s);
                return;
            }
        }
        leaveOut(s, QStringLiteral("forbidden"));
    }

    void split(Stream *s)
    {
        s->phase = Stream::Phase::Split;
        s->listed = true;
        s->objects.clear();
        const ApiResource res = s->res;
        for (const QString &ns : knownNamespaces()) {
            startList(addStream(res, ns));
        }
    }

    void splitAwaiting()
    {
        QList<Stream *> awaiting;
        for (const auto &st : streams) {
            if (st->phase == Stream::Phase::AwaitingNamespaces) {
                awaiting.append(st.get());
            }
        }
        for (Stream *s : std::as_const(awaiting)) {
            if (knownNamespaces().isEmpty()) {
                leaveOut(s, QStringLiteral("forbidden"));
            } else {
                split(s);
            }
        }
    }

    bool allListed() const
    {
        for (const auto &st : streams) {
            if (!st->listed || st->phase == Stream::Phase::AwaitingNamespaces) {
                return false;
            }
        }
        return true;
    }

    void refreshAll()
    {
        partial.clear();
        const size_t count = streams.size();
        for (size_t i = 0; i < count; ++i) {
            Stream *s = streams[i].get();
            if (s->phase == Stream::Phase::Split) {
                continue;
            }
            if (s->transfer) {
                http->cancel(s->transfer);
                s->transfer = 0;
            }
            s->continueToken.clear();
            s->pending.clear();
            s->listed = false;
            recovered(s);
            startList(s);
        }
        refreshing = true;
    }

    void maybePublish()
    {
        if (!allListed()) {
            return;
        }
        if (refreshing) {
            refreshing = false;
            dirty = true; // a refresh always answers with a snapshot
        }
        if (!dirty || (published && now() - lastPublishMs < options.coalesceMs)) {
            return;
        }
        QList<ObjectPtr> objects; // shared with the store: unchanged objects are never copied
        for (const auto &st : streams) {
            for (const ObjectPtr &o : std::as_const(st->objects)) {
                objects.append(o);
            }
        }
        Snapshot snapshot = Snapshot::build(std::move(objects));
        snapshot.setComplete(true);
        snapshot.setSourceKind(QStringLiteral("cluster"));
        dirty = false;
        published = true;
        lastPublishMs = now();
        onSnapshot(snapshot);
    }

    int pollTimeout() const
    {
        qint64 timeout = 1000;
        if (dirty && published) {
            timeout = qMin(timeout, qMax<qint64>(1, options.coalesceMs - (now() - lastPublishMs)));
        }
        for (const auto &st : streams) {
            if (st->phase == Stream::Phase::Waiting) {
                timeout = qMin(timeout, qMax<qint64>(0, st->retryAtMs - now()));
            }
        }
        return static_cast<int>(timeout);
    }
};

ClusterWorker::ClusterWorker(
    std::shared_ptr<CredentialSource> credentials, Options options, SnapshotFn onSnapshot, StatusFn onStatus)
    : d(std::make_unique<Private>())
{
    d->creds = std::move(credentials);
    d->endpoint = d->creds->endpoint();
    d->options = std::move(options);
    d->onSnapshot = std::move(onSnapshot);
    d->onStatus = std::move(onStatus);
    d->location = {QStringLiteral("context ") + d->endpoint.contextName, 0};
    d->http = std::make_unique<HttpMulti>(d->endpoint, &d->stop);
}

ClusterWorker::~ClusterWorker() = default;

void ClusterWorker::requestStop()
{
    d->stop = true;
    d->http->wakeup();
}

void ClusterWorker::requestRefresh()
{
    d->refresh = true;
    d->http->wakeup();
}

qint64 ClusterWorker::requestCount() const
{
    return d->requests;
}

void ClusterWorker::run()
{
    d->clock.start();
    d->updateStatus();
    QList<ApiResource> resources;
    if (!d->discover(&resources)) {
        d->http->cancelAll();
        return;
    }
    d->createStreams(resources);
    for (size_t i = 0; i < d->streams.size(); ++i) {
        d->startList(d->streams[i].get());
    }
    d->refresh = false; // the first list is the refresh
    while (!d->stop && !d->failed) {
        if (d->refresh.exchange(false)) {
            d->refreshAll();
        }
        d->runDueRetries();
        d->maybePublish();
        d->updateStatus();
        if (!d->options.follow && d->published) {
            break;
        }
        if (d->failed) {
            break;
        }
        d->http->poll(d->pollTimeout());
    }
    d->http->cancelAll();
}

} // namespace routemap
