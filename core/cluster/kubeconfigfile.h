#pragma once

// One kubeconfig file as written, before merging (internal to Kubeconfig). Relative paths are already
// resolved against the file's folder and *-data fields base64-decoded; nothing else is read or checked.

#include "cluster/clusterendpoint.h"

#include <QByteArrayView>
#include <QMap>
#include <optional>

namespace routemap {

struct KubeconfigCluster {
    QString name;
    QString file; // the file that defined it
    int line = 0;
    QString server;
    QString certificateAuthority;
    QByteArray certificateAuthorityData;
    bool insecureSkipTlsVerify = false;
    QString tlsServerName;
    QString proxyUrl;
    bool disableCompression = false;
    QByteArray execExtension; // JSON of the client.authentication.k8s.io/exec extension
};

struct KubeconfigUser {
    QString name;
    QString file;
    int line = 0;
    QString clientCertificate;
    QByteArray clientCertificateData;
    QString clientKey;
    QByteArray clientKeyData;
    QString token;
    QString tokenFile;
    QString username;
    QString password;
    bool hasAuthProvider = false;
    QString authProviderName;
    QMap<QString, QString> authProviderConfig;
    std::optional<ExecConfig> exec; // interactiveMode defaulted for v1beta1 as client-go does
};

struct KubeconfigContextStanza {
    QString name;
    QString file;
    int line = 0;
    QString cluster;
    QString user;
    QString namespaceName;
};

struct KubeconfigFile {
    QString currentContext;
    QList<KubeconfigCluster> clusters;
    QList<KubeconfigUser> users;
    QList<KubeconfigContextStanza> contexts;
};

// Parses `text`, read from `path` (absolute). False with "PATH:LINE: what is wrong" for invalid YAML, a
// wrong type, invalid base64 or a name used twice in one list. Messages never quote a user's values.
bool parseKubeconfigFile(const QString &path, QByteArrayView text, KubeconfigFile *out, QString *error);

} // namespace routemap
