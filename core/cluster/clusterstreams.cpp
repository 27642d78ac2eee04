#include "cluster/clusterworker_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

namespace routemap {

using namespace clusterdetail;

void ClusterWorker::Private::startList(ClusterStream *s)
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
    s->phase = ClusterStream::Phase::Listing;
    s->transfer = http->get(req, c, [this, s](const HttpResponse &r) { onListDone(s, r); });
    if (s->transfer == 0) {
        fail(QStringLiteral("cannot build a request to %1 (context %2)").arg(endpoint.server, context()));
        return;
    }
    ++requests;
}

void ClusterWorker::Private::onListDone(ClusterStream *s, const HttpResponse &r)
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
        s->phase = ClusterStream::Phase::Done;
    }
}

void ClusterWorker::Private::startWatch(ClusterStream *s)
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
    s->phase = ClusterStream::Phase::Watching;
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
    if (s->transfer == 0) {
        fail(QStringLiteral("cannot build a request to %1 (context %2)").arg(endpoint.server, context()));
        return;
    }
    ++requests;
}

// False: stop reading this stream (relist or reconnect follows in onWatchDone).
bool ClusterWorker::Private::onWatchEvents(ClusterStream *s, const QList<WatchEvent> &events)
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

void ClusterWorker::Private::onWatchDone(ClusterStream *s, const HttpResponse &r)
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

void ClusterWorker::Private::recovered(ClusterStream *s)
{
    s->unauthorizedRetried = false; // a later 401 (an expired token) gets its plugin re-run again
    s->failures = 0;
    s->failingSinceMs = -1;
}

void ClusterWorker::Private::handleError(ClusterStream *s, const HttpResponse &r, bool list)
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

void ClusterWorker::Private::scheduleRetry(ClusterStream *s, bool list, bool connectionFailure, qint64 delayMs)
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
    s->phase = ClusterStream::Phase::Waiting;
    s->retryList = list || !s->listed;
    s->retryAtMs = now() + qMax<qint64>(0, delayMs);
}

void ClusterWorker::Private::runDueRetries()
{
    for (const auto &st : streams) {
        ClusterStream *s = st.get();
        if (s->phase == ClusterStream::Phase::Waiting && s->retryAtMs <= now()) {
            s->retryAtMs = -1;
            if (s->retryList) {
                startList(s);
            } else {
                startWatch(s);
            }
        }
    }
}

void ClusterWorker::Private::leaveOut(ClusterStream *s, const QString &why)
{
    const QString label = s->where() + QStringLiteral(" (") + why + u')';
    if (!partial.contains(label)) {
        partial.append(label);
    }
    recovered(s);
    if (s->phase != ClusterStream::Phase::Watching) {
        s->objects.clear(); // not allowed to list: show nothing rather than an old list
    }
    s->phase = ClusterStream::Phase::Forbidden;
    s->listed = true;
    s->pending.clear();
    dirty = true;
}

QStringList ClusterWorker::Private::knownNamespaces() const
{
    QStringList names;
    for (const auto &st : streams) {
        if (st->res.kind == QLatin1String("Namespace") && st->listed && st->phase != ClusterStream::Phase::Forbidden) {
            for (const ObjectPtr &o : std::as_const(st->objects)) {
                names.append(o->ref.name);
            }
            return names;
        }
    }
    return names;
}

bool ClusterWorker::Private::namespacesPending() const
{
    for (const auto &st : streams) {
        if (st->res.kind == QLatin1String("Namespace")) {
            return !st->listed;
        }
    }
    return false;
}

void ClusterWorker::Private::forbidden(ClusterStream *s)
{
    if (s->ns.isEmpty() && s->res.namespaced && s->phase != ClusterStream::Phase::Watching) {
        // Cluster-wide list forbidden: RBAC may still allow it namespace by namespace.
        if (namespacesPending()) {
            s->phase = ClusterStream::Phase::AwaitingNamespaces;
            return;
        }
        if (!knownNamespaces().isEmpty()) {
            split(s);
            return;
        }
    }
    leaveOut(s, QStringLiteral("forbidden"));
}

void ClusterWorker::Private::split(ClusterStream *s)
{
    s->phase = ClusterStream::Phase::Split;
    s->listed = true;
    s->objects.clear();
    const ApiResource res = s->res;
    for (const QString &ns : knownNamespaces()) {
        startList(addStream(res, ns));
    }
}

void ClusterWorker::Private::splitAwaiting()
{
    QList<ClusterStream *> awaiting;
    for (const auto &st : streams) {
        if (st->phase == ClusterStream::Phase::AwaitingNamespaces) {
            awaiting.append(st.get());
        }
    }
    for (ClusterStream *s : std::as_const(awaiting)) {
        if (knownNamespaces().isEmpty()) {
            leaveOut(s, QStringLiteral("forbidden"));
        } else {
            split(s);
        }
    }
}

bool ClusterWorker::Private::allListed() const
{
    for (const auto &st : streams) {
        if (!st->listed || st->phase == ClusterStream::Phase::AwaitingNamespaces) {
            return false;
        }
    }
    return true;
}

void ClusterWorker::Private::refreshAll()
{
    partial.clear();
    const size_t count = streams.size();
    for (size_t i = 0; i < count; ++i) {
        ClusterStream *s = streams[i].get();
        if (s->phase == ClusterStream::Phase::Split) {
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

void ClusterWorker::Private::maybePublish()
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
    // Missing references are certain only when everything that could hold them was read: every namespace, and
    // no kind left out. Otherwise findings about them say their input is partial.
    snapshot.setComplete(options.namespaces.isEmpty() && partial.isEmpty());
    snapshot.setSourceKind(QStringLiteral("cluster"));
    dirty = false;
    published = true;
    lastPublishMs = now();
    onSnapshot(snapshot);
}

int ClusterWorker::Private::pollTimeout() const
{
    qint64 timeout = 1000;
    if (dirty && published) {
        timeout = qMin(timeout, qMax<qint64>(1, options.coalesceMs - (now() - lastPublishMs)));
    }
    for (const auto &st : streams) {
        if (st->phase == ClusterStream::Phase::Waiting) {
            timeout = qMin(timeout, qMax<qint64>(0, st->retryAtMs - now()));
        }
    }
    return static_cast<int>(timeout);
}

} // namespace routemap
