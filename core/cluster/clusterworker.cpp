#include "cluster/clusterworker_p.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

namespace routemap {

using namespace clusterdetail;

void ClusterWorker::Private::fail(const QString &message)
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

void ClusterWorker::Private::sendStatus(SourceStatus s)
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

void ClusterWorker::Private::updateStatus()
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

QString ClusterWorker::Private::transportMessage(const HttpResponse &r) const
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

bool ClusterWorker::Private::credentials(Credentials *out)
{
    QString error;
    if (!creds->current(out, &error)) {
        fail(error);
        return false;
    }
    lastCredentials = *out;
    return true;
}

bool ClusterWorker::Private::fetch(const QStringList &paths, QList<HttpResponse> *out)
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
bool ClusterWorker::Private::fetchChecked(const QStringList &paths, QList<HttpResponse> *out, bool optional)
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

bool ClusterWorker::Private::discover(QList<ApiResource> *resources)
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

void ClusterWorker::Private::createStreams(const QList<ApiResource> &resources)
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

ClusterStream *ClusterWorker::Private::addStream(const ApiResource &res, const QString &ns)
{
    auto s = std::make_unique<ClusterStream>();
    s->res = res;
    s->ns = ns;
    streams.push_back(std::move(s));
    return streams.back().get();
}

bool ClusterWorker::Private::wanted(const ClusterStream &s, const ObjectPtr &o) const
{
    // Namespace is cluster-scoped: with -n, keep only the namespaces asked for.
    return options.namespaces.isEmpty() || s.res.kind != QLatin1String("Namespace")
        || options.namespaces.contains(o->ref.name);
}

ObjectPtr ClusterWorker::Private::ingest(
    const ClusterStream &s, QJsonObject body, const QMap<QString, ObjectPtr> &previous) const
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
