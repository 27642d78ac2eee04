#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <chrono>
#include <memory>
#include <optional>

namespace routemap {

// An exec credential plugin as the kubeconfig describes it (users[].user.exec).
struct ExecConfig {
    QString apiVersion; // client.authentication.k8s.io/v1 or v1beta1
    QString command;    // resolved: relative commands with a path separator resolve against the kubeconfig's folder
    QStringList args;
    QList<QPair<QString, QString>> env;
    QString interactiveMode; // Never | IfAvailable | Always
    bool provideClusterInfo = false;
    QString installHint;
    QByteArray clusterConfig; // JSON of the cluster's client.authentication.k8s.io/exec extension, or empty
};

// What authenticates one request. Static ones come straight from the kubeconfig; an exec plugin fills
// them and says until when they hold.
struct Credentials {
    QString token;
    QByteArray clientCertificatePem;
    QByteArray clientKeyPem;
    QString username; // basic auth
    QString password;
    QDateTime expiry; // invalid: no expiry
};

// Everything needed to talk to one cluster as one user, resolved from a kubeconfig context: relative
// paths already resolved, *-data fields decoded, files read.
struct ClusterEndpoint {
    QString kubeconfigFile; // the file that defined the context (for messages)
    QString contextName;
    QString clusterName;
    QString userName;
    QString namespaceName = QStringLiteral("default"); // the context's namespace, "default" when unset

    QString server;                 // https://host:port[/prefix]
    QByteArray certificateAuthorityPem; // empty: the system's CAs
    bool insecureSkipTlsVerify = false;
    QString tlsServerName;
    QString proxyUrl;
    bool disableCompression = false;

    Credentials credentials;          // static credentials (token beats tokenFile; files already read)
    QString tokenFile;                // re-read about once a minute when set
    std::optional<ExecConfig> exec;
};

// Hands out the credentials for requests to one endpoint: the static ones, a token file re-read at most
// once a minute, or an exec plugin's output cached until it expires. Thread-safe. May block while a
// plugin runs (with a timeout): call it off the GUI thread.
class CredentialSource
{
public:
    explicit CredentialSource(ClusterEndpoint endpoint);
    ~CredentialSource();
    CredentialSource(const CredentialSource &) = delete;
    CredentialSource &operator=(const CredentialSource &) = delete;

    // The credentials to send now; false with `error` set when a plugin failed (one clear sentence).
    bool current(Credentials *out, QString *error);
    // The server answered 401 with these credentials: the next current() re-runs the plugin (once per
    // credential set, as client-go does). No effect for static credentials.
    void invalidate();
    // The same, but only when `rejected` are still the credentials current() hands out: several requests
    // failing with one credential set re-run the plugin once, not once each.
    void invalidate(const Credentials &rejected);

    // How long a plugin may run before it is stopped (default 30 s) and how long a token file's content is
    // reused (default 60 s). Tests shorten them.
    void setExecTimeout(std::chrono::milliseconds timeout);
    void setTokenFileRefreshInterval(std::chrono::milliseconds interval);

    const ClusterEndpoint &endpoint() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace routemap
