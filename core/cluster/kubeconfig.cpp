#include "cluster/kubeconfig.h"

#include "cluster/execplugin.h"
#include "cluster/kubeconfigfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QRegularExpression>
#include <algorithm>

namespace routemap {

// Merged as client-go's loader does: a named stanza is taken whole from the first file defining it.
struct Kubeconfig::Data {
    QMap<QString, KubeconfigCluster> clusters;
    QMap<QString, KubeconfigUser> users;
    QMap<QString, KubeconfigContextStanza> contexts;
    QStringList contextOrder; // first appearance, in merge order
};

namespace {

bool fail(QString *error, const QString &message)
{
    if (error) {
        *error = message;
    }
    return false;
}

bool readWholeFile(const QString &path, QByteArray *data, QString *reason)
{
    QFile file(path);
    if (QFileInfo(path).isDir()) {
        *reason = QStringLiteral("it is a folder");
        return false;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *reason = file.errorString();
        return false;
    }
    *data = file.readAll();
    return true;
}

QString quoted(const QString &s)
{
    return u'"' + s + u'"';
}

// kubectl prefixes a server without a scheme with https:// when TLS settings are present, else http://
// (client-go rest.DefaultServerURL).
QString withScheme(const QString &server, bool tls)
{
    static const QRegularExpression hasScheme(QStringLiteral("^[A-Za-z][A-Za-z0-9+.-]*://[^/]"));
    if (hasScheme.match(server).hasMatch()) {
        return server;
    }
    return (tls ? QStringLiteral("https://") : QStringLiteral("http://")) + server;
}

// The error about a proxy URL names only its scheme: the URL itself may carry a password.
QString proxyUrlProblem(const QString &proxyUrl)
{
    const qsizetype colon = proxyUrl.indexOf(QStringLiteral("://"));
    const QString scheme = colon > 0 ? proxyUrl.left(colon).toLower() : QString();
    if (scheme == u"http" || scheme == u"https" || scheme == u"socks5") {
        return QString();
    }
    if (scheme.isEmpty()) {
        return QStringLiteral("has no scheme; use http://, https:// or socks5://");
    }
    return QStringLiteral("has the unsupported scheme '%1'; use http, https or socks5").arg(scheme);
}

// The first problem client-go's validateAuthInfo would report for this user, or empty. Never quotes a value.
QString authInfoProblem(const KubeconfigUser &user)
{
    const QString &name = user.name;
    const bool hasCert = !user.clientCertificate.isEmpty() || !user.clientCertificateData.isEmpty();
    const bool hasKey = !user.clientKey.isEmpty() || !user.clientKeyData.isEmpty();
    if (hasCert && !hasKey) {
        return QStringLiteral("client-key-data or client-key must be specified for %1 to use the clientCert "
                              "authentication method")
            .arg(name);
    }
    if (hasKey && !hasCert) {
        return QStringLiteral("client-certificate-data or client-certificate must be specified for %1 to use the "
                              "clientCert authentication method")
            .arg(name);
    }
    if (user.exec) {
        const ExecConfig &exec = *user.exec;
        if (user.hasAuthProvider) {
            return QStringLiteral("authProvider cannot be provided in combination with an exec plugin for %1")
                .arg(name);
        }
        if (exec.command.isEmpty()) {
            return QStringLiteral("command must be specified for %1 to use exec authentication plugin").arg(name);
        }
        if (exec.apiVersion.isEmpty()) {
            return QStringLiteral("apiVersion must be specified for %1 to use exec authentication plugin").arg(name);
        }
        for (const auto &[envName, value] : exec.env) {
            if (envName.isEmpty()) {
                return QStringLiteral("env variable name must be specified for %1 to use exec authentication plugin")
                    .arg(name);
            }
        }
        if (exec.interactiveMode.isEmpty()) {
            return QStringLiteral("interactiveMode must be specified for %1 to use exec authentication plugin")
                .arg(name);
        }
        if (exec.interactiveMode != u"Never" && exec.interactiveMode != u"IfAvailable"
            && exec.interactiveMode != u"Always") {
            return QStringLiteral("invalid interactiveMode for %1: %2").arg(name, quoted(exec.interactiveMode));
        }
        if (!isSupportedExecApiVersion(exec.apiVersion)) {
            return QStringLiteral("exec plugin: invalid apiVersion %1").arg(quoted(exec.apiVersion));
        }
    }
    QStringList methods;
    if (!user.token.isEmpty()) {
        methods.append(QStringLiteral("token"));
    }
    if (!user.username.isEmpty() || !user.password.isEmpty()) {
        methods.append(QStringLiteral("basicAuth"));
    }
    if (methods.size() > 1) {
        return QStringLiteral("more than one authentication method found for %1; found [%2], only one is allowed")
            .arg(name, methods.join(u' '));
    }
    return QString();
}

// Legacy auth-providers: oidc's id-token is sent as it is (refreshing it needs the issuer); gcp and azure
// were removed from client-go in favour of exec plugins.
QString authProviderProblem(const KubeconfigUser &user)
{
    if (!user.hasAuthProvider) {
        return QString();
    }
    const QString &provider = user.authProviderName;
    if (provider == u"oidc") {
        if (user.authProviderConfig.value(QStringLiteral("id-token")).isEmpty()) {
            return QStringLiteral("the oidc auth-provider of user '%1' has no id-token; log in with your OIDC tool "
                                  "again or use an exec plugin such as kubelogin")
                .arg(user.name);
        }
        return QString();
    }
    if (provider == u"gcp") {
        return QStringLiteral("the gcp auth-provider of user '%1' has been removed from kubectl; use the "
                              "gke-gcloud-auth-plugin exec plugin instead")
            .arg(user.name);
    }
    if (provider == u"azure") {
        return QStringLiteral("the azure auth-provider of user '%1' has been removed from kubectl; use the kubelogin "
                              "exec plugin (https://github.com/Azure/kubelogin) instead")
            .arg(user.name);
    }
    return QStringLiteral("no Auth Provider found for name %1 (user '%2')").arg(quoted(provider), user.name);
}

} // namespace

bool Kubeconfig::load(const QString &explicitFile, QString *error)
{
    QStringList candidates;
    if (!explicitFile.isEmpty()) {
        if (!QFileInfo::exists(explicitFile)) {
            return fail(
                error, QStringLiteral("the kubeconfig %1 given with --kubeconfig does not exist").arg(explicitFile));
        }
        candidates.append(explicitFile);
    } else if (const QString env = qEnvironmentVariable("KUBECONFIG"); !env.isEmpty()) {
        QStringList listed;
        for (const QString &entry : env.split(u':', Qt::SkipEmptyParts)) {
            if (!listed.contains(entry)) {
                listed.append(entry);
            }
        }
        for (const QString &entry : std::as_const(listed)) {
            if (QFileInfo::exists(entry)) {
                candidates.append(entry);
            }
        }
        if (candidates.isEmpty()) {
            return fail(error,
                listed.isEmpty() ? QStringLiteral("no kubeconfig found: KUBECONFIG names no files")
                                 : QStringLiteral("no kubeconfig found: none of the files in KUBECONFIG exist (%1)")
                                       .arg(listed.join(QStringLiteral(", "))));
        }
    } else {
        const QString home = QDir::homePath() + QStringLiteral("/.kube/config");
        if (!QFileInfo::exists(home)) {
            return fail(
                error, QStringLiteral("no kubeconfig found: KUBECONFIG is unset and ~/.kube/config does not exist"));
        }
        candidates.append(home);
    }

    auto data = std::make_shared<Data>();
    QStringList files;
    QString currentContext;
    QString currentContextFile;
    for (const QString &candidate : std::as_const(candidates)) {
        const QString path = QDir::cleanPath(QFileInfo(candidate).absoluteFilePath());
        if (files.contains(path)) {
            continue; // the same file spelt twice: reading it again changes nothing
        }
        QByteArray text;
        QString reason;
        if (!readWholeFile(path, &text, &reason)) {
            return fail(error, QStringLiteral("cannot read the kubeconfig %1: %2").arg(path, reason));
        }
        KubeconfigFile parsed;
        if (!parseKubeconfigFile(path, text, &parsed, error)) {
            return false;
        }
        files.append(path);
        if (currentContext.isEmpty() && !parsed.currentContext.isEmpty()) {
            currentContext = parsed.currentContext;
            currentContextFile = path;
        }
        for (const KubeconfigCluster &cluster : std::as_const(parsed.clusters)) {
            if (!data->clusters.contains(cluster.name)) {
                data->clusters.insert(cluster.name, cluster);
            }
        }
        for (const KubeconfigUser &user : std::as_const(parsed.users)) {
            if (!data->users.contains(user.name)) {
                data->users.insert(user.name, user);
            }
        }
        for (const KubeconfigContextStanza &context : std::as_const(parsed.contexts)) {
            if (!data->contexts.contains(context.name)) {
                data->contexts.insert(context.name, context);
                data->contextOrder.append(context.name);
            }
        }
    }

    m_contexts.clear();
    for (const QString &name : std::as_const(data->contextOrder)) {
        const KubeconfigContextStanza &stanza = data->contexts[name];
        m_contexts.append({stanza.name, stanza.cluster, stanza.user, stanza.namespaceName,
            data->clusters.value(stanza.cluster).server});
    }
    m_files = files;
    m_currentContext = currentContext;
    m_currentContextFile = currentContextFile;
    m_data = std::move(data);
    return true;
}

bool Kubeconfig::endpoint(const QString &context, ClusterEndpoint *out, QString *error) const
{
    if (!m_data) {
        return fail(error, QStringLiteral("no kubeconfig has been loaded"));
    }
    const QString filesText = m_files.join(QStringLiteral(", "));
    QStringList names = m_data->contextOrder;
    std::sort(names.begin(), names.end());
    const QString contextsText = names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "));

    if (context.isEmpty() && m_currentContext.isEmpty()) {
        return fail(error,
            QStringLiteral("no context chosen: %1 sets no current-context; choose one with --context "
                           "(contexts: %2)")
                .arg(filesText, contextsText));
    }
    const QString name = context.isEmpty() ? m_currentContext : context;
    const auto found = m_data->contexts.constFind(name);
    if (found == m_data->contexts.cend()) {
        if (context.isEmpty()) {
            return fail(error,
                QStringLiteral("current-context '%1' (set in %2) is not defined in %3; contexts: %4")
                    .arg(name, m_currentContextFile, filesText, contextsText));
        }
        return fail(
            error, QStringLiteral("context '%1' not found in %2; contexts: %3").arg(name, filesText, contextsText));
    }
    const KubeconfigContextStanza &ctx = *found;
    const QString where = QStringLiteral("context '%1' in %2").arg(ctx.name, ctx.file);
    // A message about a stanza from another file than the context's says where that stanza is.
    const auto at = [&](const QString &kind, const QString &stanzaName, const QString &file) {
        return file.isEmpty() || file == ctx.file
            ? QStringLiteral(" (%1)").arg(where)
            : QStringLiteral(" (%1; %2 '%3' is defined in %4)").arg(where, kind, stanzaName, file);
    };

    if (ctx.cluster.isEmpty()) {
        return fail(error, QStringLiteral("%1 names no cluster").arg(where));
    }
    const auto clusterIt = m_data->clusters.constFind(ctx.cluster);
    if (clusterIt == m_data->clusters.cend()) {
        return fail(error,
            QStringLiteral("%1 refers to cluster '%2', which is not defined in %3").arg(where, ctx.cluster, filesText));
    }
    KubeconfigUser user;
    if (!ctx.user.isEmpty()) {
        const auto userIt = m_data->users.constFind(ctx.user);
        if (userIt == m_data->users.cend()) {
            return fail(error,
                QStringLiteral("%1 refers to user '%2', which is not defined in %3").arg(where, ctx.user, filesText));
        }
        user = *userIt;
    }
    const KubeconfigCluster &cluster = *clusterIt;
    const QString clusterAt = at(QStringLiteral("cluster"), cluster.name, cluster.file);
    const QString userAt = at(QStringLiteral("user"), user.name, user.file);

    ClusterEndpoint endpoint;
    endpoint.kubeconfigFile = ctx.file;
    endpoint.contextName = ctx.name;
    endpoint.clusterName = cluster.name;
    endpoint.userName = user.name;
    if (!ctx.namespaceName.isEmpty()) {
        endpoint.namespaceName = ctx.namespaceName;
    }

    // Cluster: client-go's validateClusterInfo, then the transport's CA/insecure rule.
    if (cluster.server.isEmpty()) {
        return fail(error, QStringLiteral("no server found for cluster %1%2").arg(quoted(cluster.name), clusterAt));
    }
    if (const QString problem = proxyUrlProblem(cluster.proxyUrl); !cluster.proxyUrl.isEmpty() && !problem.isEmpty()) {
        return fail(error, QStringLiteral("the proxy-url of cluster '%1' %2%3").arg(cluster.name, problem, clusterAt));
    }
    const bool hasCa = !cluster.certificateAuthority.isEmpty() || !cluster.certificateAuthorityData.isEmpty();
    if (hasCa && cluster.insecureSkipTlsVerify) {
        return fail(error,
            QStringLiteral("specifying a root certificates file with the insecure flag is not allowed "
                           "for cluster '%1'%2")
                .arg(cluster.name, clusterAt));
    }
    if (!cluster.certificateAuthorityData.isEmpty()) {
        endpoint.certificateAuthorityPem = cluster.certificateAuthorityData; // data overrides the path
    } else if (!cluster.certificateAuthority.isEmpty()) {
        QString reason;
        if (!readWholeFile(cluster.certificateAuthority, &endpoint.certificateAuthorityPem, &reason)) {
            return fail(error,
                QStringLiteral("unable to read certificate-authority %1 for cluster '%2': %3%4")
                    .arg(cluster.certificateAuthority, cluster.name, reason, clusterAt));
        }
    }
    endpoint.insecureSkipTlsVerify = cluster.insecureSkipTlsVerify;
    endpoint.tlsServerName = cluster.tlsServerName;
    endpoint.proxyUrl = cluster.proxyUrl;
    endpoint.disableCompression = cluster.disableCompression;

    // User: client-go's validateAuthInfo, then the credentials with their files read.
    if (const QString problem = authInfoProblem(user); !problem.isEmpty()) {
        return fail(error, problem + userAt);
    }
    if (const QString problem = authProviderProblem(user); !problem.isEmpty()) {
        return fail(error, problem + userAt);
    }
    Credentials &credentials = endpoint.credentials;
    const auto readUserFile = [&](const QString &field, const QString &path, QByteArray *data) {
        QString reason;
        if (readWholeFile(path, data, &reason)) {
            return true;
        }
        return fail(error,
            QStringLiteral("unable to read %1 %2 for user '%3': %4%5").arg(field, path, user.name, reason, userAt));
    };
    if (!user.clientCertificateData.isEmpty()) {
        credentials.clientCertificatePem = user.clientCertificateData; // data overrides the path
    } else if (!user.clientCertificate.isEmpty()
        && !readUserFile(
            QStringLiteral("client-certificate"), user.clientCertificate, &credentials.clientCertificatePem)) {
        return false;
    }
    if (!user.clientKeyData.isEmpty()) {
        credentials.clientKeyPem = user.clientKeyData;
    } else if (!user.clientKey.isEmpty()
        && !readUserFile(QStringLiteral("client-key"), user.clientKey, &credentials.clientKeyPem)) {
        return false;
    }
    if (!user.token.isEmpty()) {
        credentials.token = user.token; // token beats tokenFile
    } else if (!user.tokenFile.isEmpty()) {
        QByteArray token;
        if (!readUserFile(QStringLiteral("tokenFile"), user.tokenFile, &token)) {
            return false;
        }
        credentials.token = QString::fromUtf8(token).trimmed();
        if (credentials.token.isEmpty()) {
            return fail(error,
                QStringLiteral("the tokenFile %1 of user '%2' is empty%3").arg(user.tokenFile, user.name, userAt));
        }
        endpoint.tokenFile = user.tokenFile;
    }
    credentials.username = user.username;
    credentials.password = user.password;
    const bool tokenOrBasic = !credentials.token.isEmpty() || !user.username.isEmpty() || !user.password.isEmpty();
    if (user.hasAuthProvider && !tokenOrBasic) {
        credentials.token = user.authProviderConfig.value(QStringLiteral("id-token")); // oidc, checked above
    }
    // client-go skips an exec plugin when the user also has a token or basic auth.
    if (user.exec && !tokenOrBasic) {
        endpoint.exec = user.exec;
        endpoint.exec->clusterConfig = cluster.execExtension;
    }

    const bool tls = hasCa || cluster.insecureSkipTlsVerify || !credentials.clientCertificatePem.isEmpty();
    endpoint.server = withScheme(cluster.server, tls);
    *out = std::move(endpoint);
    return true;
}

} // namespace routemap
