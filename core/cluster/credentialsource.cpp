#include "cluster/clusterendpoint.h"
#include "cluster/execplugin.h"

#include <QElapsedTimer>
#include <QFile>
#include <QMutex>

namespace routemap {

namespace {

bool sameCredentials(const Credentials &a, const Credentials &b)
{
    return a.token == b.token && a.clientCertificatePem == b.clientCertificatePem && a.clientKeyPem == b.clientKeyPem
        && a.username == b.username && a.password == b.password;
}

} // namespace

struct CredentialSource::Private {
    explicit Private(ClusterEndpoint e)
        : endpoint(std::move(e))
    { }

    bool readTokenFile(QString *error);
    QString where() const;

    const ClusterEndpoint endpoint;
    QMutex mutex; // guards everything below, and running the plugin: one run at a time
    std::chrono::milliseconds execTimeout {std::chrono::seconds(30)};
    std::chrono::milliseconds tokenFileInterval {std::chrono::minutes(1)};

    // tokenFile: the last token read and when.
    QString fileToken;
    QElapsedTimer fileTokenAge;

    // exec: the plugin's last credentials; stale after a 401.
    std::optional<Credentials> execCredentials;
    bool execStale = false;
};

QString CredentialSource::Private::where() const
{
    return QStringLiteral("context '%1' in %2, user '%3'")
        .arg(endpoint.contextName, endpoint.kubeconfigFile, endpoint.userName);
}

// As client-go's cached file token source: a failed re-read keeps the token read before.
bool CredentialSource::Private::readTokenFile(QString *error)
{
    QFile file(endpoint.tokenFile);
    QString token;
    QString reason;
    if (file.open(QIODevice::ReadOnly)) {
        token = QString::fromUtf8(file.readAll()).trimmed();
        if (token.isEmpty()) {
            reason = QStringLiteral("the file is empty");
        }
    } else {
        reason = file.errorString();
    }
    if (!token.isEmpty()) {
        fileToken = token;
        fileTokenAge.start();
        return true;
    }
    if (!fileToken.isEmpty()) {
        return true;
    }
    if (error) {
        *error = QStringLiteral("unable to read tokenFile %1 (%2): %3").arg(endpoint.tokenFile, where(), reason);
    }
    return false;
}

CredentialSource::CredentialSource(ClusterEndpoint endpoint)
    : d(std::make_unique<Private>(std::move(endpoint)))
{
    if (!d->endpoint.tokenFile.isEmpty() && !d->endpoint.credentials.token.isEmpty()) {
        d->fileToken = d->endpoint.credentials.token; // Kubeconfig::endpoint() has just read it
        d->fileTokenAge.start();
    }
}

CredentialSource::~CredentialSource() = default;

bool CredentialSource::current(Credentials *out, QString *error)
{
    QMutexLocker locker(&d->mutex);
    const ClusterEndpoint &endpoint = d->endpoint;
    if (endpoint.exec) {
        const bool expired = d->execCredentials && d->execCredentials->expiry.isValid()
            && QDateTime::currentDateTimeUtc() > d->execCredentials->expiry;
        if (!d->execCredentials || d->execStale || expired) {
            Credentials fresh;
            QString message;
            if (!runExecPlugin(endpoint, d->execTimeout, &fresh, &message)) {
                if (error) {
                    *error = QStringLiteral("getting credentials for %1: %2").arg(d->where(), message);
                }
                return false;
            }
            // A plugin that returns only a token keeps a client certificate set in the kubeconfig.
            if (fresh.clientCertificatePem.isEmpty()) {
                fresh.clientCertificatePem = endpoint.credentials.clientCertificatePem;
                fresh.clientKeyPem = endpoint.credentials.clientKeyPem;
            }
            d->execCredentials = std::move(fresh);
            d->execStale = false;
        }
        *out = *d->execCredentials;
        return true;
    }
    Credentials credentials = endpoint.credentials;
    if (!endpoint.tokenFile.isEmpty()) {
        const auto interval = d->tokenFileInterval.count();
        if (d->fileToken.isEmpty() || !d->fileTokenAge.isValid() || d->fileTokenAge.elapsed() >= interval) {
            if (!d->readTokenFile(error)) {
                return false;
            }
        }
        credentials.token = d->fileToken;
    }
    *out = std::move(credentials);
    return true;
}

void CredentialSource::invalidate()
{
    QMutexLocker locker(&d->mutex);
    d->execStale = d->execCredentials.has_value();
    d->fileTokenAge.invalidate(); // a rotated token file is read again at once
}

void CredentialSource::invalidate(const Credentials &rejected)
{
    QMutexLocker locker(&d->mutex);
    if (d->execCredentials && sameCredentials(*d->execCredentials, rejected)) {
        d->execStale = true;
    }
    if (!d->endpoint.tokenFile.isEmpty() && rejected.token == d->fileToken) {
        d->fileTokenAge.invalidate();
    }
}

void CredentialSource::setExecTimeout(std::chrono::milliseconds timeout)
{
    QMutexLocker locker(&d->mutex);
    d->execTimeout = timeout;
}

void CredentialSource::setTokenFileRefreshInterval(std::chrono::milliseconds interval)
{
    QMutexLocker locker(&d->mutex);
    d->tokenFileInterval = interval;
}

const ClusterEndpoint &CredentialSource::endpoint() const
{
    return d->endpoint;
}

} // namespace routemap
