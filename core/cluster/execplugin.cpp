#include "cluster/execplugin.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <csignal>
#include <sys/types.h>
#include <unistd.h>

namespace routemap {

namespace {

const QString kV1 = QStringLiteral("client.authentication.k8s.io/v1");
const QString kV1beta1 = QStringLiteral("client.authentication.k8s.io/v1beta1");

bool fail(QString *error, const QString &message)
{
    if (error) {
        *error = message;
    }
    return false;
}

QString seconds(std::chrono::milliseconds duration)
{
    return QString::number(static_cast<double>(duration.count()) / 1000.0, 'g', 6) + QStringLiteral(" s");
}

// The last line a failing plugin wrote on stderr usually says why ("error: login required").
QString lastLine(const QByteArray &text)
{
    const QStringList lines = QString::fromUtf8(text).split(u'\n', Qt::SkipEmptyParts);
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        const QString line = it->trimmed();
        if (!line.isEmpty()) {
            return line.length() > 300 ? line.left(300) + QStringLiteral("…") : line;
        }
    }
    return QString();
}

// Where the command is: a bare name is looked up in PATH (as Go's exec.LookPath), a path is used as is
// (Kubeconfig already resolved relative ones against the kubeconfig's folder).
QString locate(const QString &command)
{
    if (!command.contains(u'/')) {
        return QStandardPaths::findExecutable(command);
    }
    return QFileInfo(command).isFile() ? command : QString();
}

} // namespace

bool isSupportedExecApiVersion(const QString &apiVersion)
{
    return apiVersion == kV1 || apiVersion == kV1beta1;
}

QByteArray execCredentialRequest(const ClusterEndpoint &endpoint)
{
    const ExecConfig &exec = *endpoint.exec;
    QJsonObject spec {{QStringLiteral("interactive"), false}};
    if (exec.provideClusterInfo) {
        // Field names and omitempty as in client.authentication.k8s.io Cluster.
        QJsonObject cluster {{QStringLiteral("server"), endpoint.server}};
        if (!endpoint.tlsServerName.isEmpty()) {
            cluster.insert(QStringLiteral("tls-server-name"), endpoint.tlsServerName);
        }
        if (endpoint.insecureSkipTlsVerify) {
            cluster.insert(QStringLiteral("insecure-skip-tls-verify"), true);
        }
        if (!endpoint.certificateAuthorityPem.isEmpty()) {
            cluster.insert(QStringLiteral("certificate-authority-data"),
                QString::fromLatin1(endpoint.certificateAuthorityPem.toBase64()));
        }
        if (!endpoint.proxyUrl.isEmpty()) {
            cluster.insert(QStringLiteral("proxy-url"), endpoint.proxyUrl);
        }
        if (endpoint.disableCompression) {
            cluster.insert(QStringLiteral("disable-compression"), true);
        }
        if (!exec.clusterConfig.isEmpty()) {
            const QJsonDocument config = QJsonDocument::fromJson(exec.clusterConfig);
            if (config.isObject()) {
                cluster.insert(QStringLiteral("config"), config.object());
            } else if (config.isArray()) {
                cluster.insert(QStringLiteral("config"), config.array());
            }
        }
        spec.insert(QStringLiteral("cluster"), cluster);
    }
    const QJsonObject request {{QStringLiteral("kind"), QStringLiteral("ExecCredential")},
        {QStringLiteral("apiVersion"), exec.apiVersion}, {QStringLiteral("spec"), spec}};
    return QJsonDocument(request).toJson(QJsonDocument::Compact);
}

bool parseExecCredential(QByteArrayView output, const QString &apiVersion, Credentials *out, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(output.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return fail(error,
            QStringLiteral("decoding stdout: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset));
    }
    if (!document.isObject()) {
        return fail(error, QStringLiteral("decoding stdout: the output is not a JSON object"));
    }
    const QJsonObject credential = document.object();
    const QString returnedVersion = credential.value(QStringLiteral("apiVersion")).toString();
    const QString kind = credential.value(QStringLiteral("kind")).toString();
    if (returnedVersion.isEmpty()) {
        return fail(error, QStringLiteral("decoding stdout: the ExecCredential has no apiVersion"));
    }
    if (kind != u"ExecCredential") {
        return fail(error,
            kind.isEmpty() ? QStringLiteral("decoding stdout: the output has no kind")
                           : QStringLiteral("decoding stdout: kind is '%1', not ExecCredential").arg(kind.left(80)));
    }
    if (returnedVersion != apiVersion) {
        return fail(error,
            QStringLiteral("exec plugin is configured to use API version %1, plugin returned version %2")
                .arg(apiVersion, returnedVersion.left(120)));
    }
    const QJsonValue statusValue = credential.value(QStringLiteral("status"));
    if (!statusValue.isObject()) {
        return fail(error, QStringLiteral("exec plugin didn't return a status field"));
    }
    const QJsonObject status = statusValue.toObject();
    Credentials credentials;
    credentials.token = status.value(QStringLiteral("token")).toString();
    credentials.clientCertificatePem = status.value(QStringLiteral("clientCertificateData")).toString().toUtf8();
    credentials.clientKeyPem = status.value(QStringLiteral("clientKeyData")).toString().toUtf8();
    if (credentials.token.isEmpty() && credentials.clientCertificatePem.isEmpty()
        && credentials.clientKeyPem.isEmpty()) {
        return fail(error, QStringLiteral("exec plugin didn't return a token or cert/key pair"));
    }
    if (credentials.clientCertificatePem.isEmpty() != credentials.clientKeyPem.isEmpty()) {
        return fail(error, QStringLiteral("exec plugin returned only certificate or key, not both"));
    }
    const QJsonValue expiry = status.value(QStringLiteral("expirationTimestamp"));
    if (!expiry.isUndefined() && !expiry.isNull()) {
        credentials.expiry = QDateTime::fromString(expiry.toString(), Qt::ISODateWithMs);
        if (!credentials.expiry.isValid()) {
            return fail(error, QStringLiteral("decoding stdout: expirationTimestamp is not an RFC 3339 time"));
        }
    }
    *out = std::move(credentials);
    return true;
}

bool runExecPlugin(const ClusterEndpoint &endpoint, std::chrono::milliseconds timeout, Credentials *out, QString *error)
{
    if (!endpoint.exec) {
        return fail(error, QStringLiteral("no exec plugin is configured"));
    }
    const ExecConfig &exec = *endpoint.exec;
    if (!isSupportedExecApiVersion(exec.apiVersion)) {
        return fail(error, QStringLiteral("exec plugin: invalid apiVersion \"%1\"").arg(exec.apiVersion));
    }
    // Routemap never lends its terminal to a plugin (it may have none, and requests run on worker threads).
    if (exec.interactiveMode == u"Always") {
        return fail(error,
            QStringLiteral("exec plugin cannot support interactive mode: standard input is not a "
                           "terminal"));
    }
    const QString program = locate(exec.command);
    if (program.isEmpty()) {
        QString message = QStringLiteral("exec: executable %1 not found").arg(exec.command);
        if (!exec.installHint.trimmed().isEmpty()) {
            message += QStringLiteral("; ") + exec.installHint.simplified();
        }
        return fail(error, message);
    }

    QProcess process;
    process.setProgram(program);
    process.setArguments(exec.args);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const auto &[name, value] : exec.env) {
        environment.insert(name, value);
    }
    environment.insert(QStringLiteral("KUBERNETES_EXEC_INFO"), QString::fromUtf8(execCredentialRequest(endpoint)));
    process.setProcessEnvironment(environment);
    process.setStandardInputFile(QProcess::nullDevice());
    // Its own process group, so that a plugin that hangs is stopped together with what it started.
    process.setChildProcessModifier([] { ::setpgid(0, 0); });

    const QDeadlineTimer deadline(timeout);
    process.start();
    if (!process.waitForStarted(static_cast<int>(std::max<qint64>(deadline.remainingTime(), 1)))) {
        return fail(error,
            QStringLiteral("exec: executable %1 could not be started: %2").arg(exec.command, process.errorString()));
    }
    if (!process.waitForFinished(static_cast<int>(std::max<qint64>(deadline.remainingTime(), 1)))
        && process.state() != QProcess::NotRunning) {
        const qint64 pid = process.processId();
        if (pid > 0) {
            ::kill(static_cast<pid_t>(-pid), SIGKILL);
        }
        process.kill();
        process.waitForFinished(5000);
        return fail(error,
            QStringLiteral("exec: executable %1 did not finish within %2 and was stopped")
                .arg(exec.command, seconds(timeout)));
    }
    if (process.exitStatus() == QProcess::CrashExit) {
        return fail(error, QStringLiteral("exec: executable %1 was stopped by a signal").arg(exec.command));
    }
    if (process.exitCode() != 0) {
        const QString reason = lastLine(process.readAllStandardError());
        return fail(error,
            QStringLiteral("exec: executable %1 failed with exit code %2%3")
                .arg(exec.command)
                .arg(process.exitCode())
                .arg(reason.isEmpty() ? QString() : QStringLiteral(": ") + reason));
    }
    return parseExecCredential(process.readAllStandardOutput(), exec.apiVersion, out, error);
}

} // namespace routemap
