#pragma once

// Live tests run against tests/apiserver/apiserver.py, a loopback-only Kubernetes API server started here
// with QProcess (QtCore only). The server's control channel (JSON lines on its stdin/stdout) injects faults,
// changes RBAC, flips pod readiness and returns the request log; its commands are documented at the top of
// apiserver.py. Typical use:
//
//     TestApiServer server;
//     ROUTEMAP_START_APISERVER(server);            // QSKIP when python3/openssl are missing
//     server.command(QStringLiteral("fault"), {{QStringLiteral("type"), QStringLiteral("http429")}});
//     QString out;
//     QVERIFY2(server.kubectl({QStringLiteral("get"), QStringLiteral("pods")}, &out),
//              qPrintable(server.lastKubectlError()));

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

#ifndef ROUTEMAP_APISERVER
#error "ROUTEMAP_APISERVER (path of tests/apiserver/apiserver.py) must be defined by the build"
#endif

namespace routemap::testing {

class TestApiServer
{
public:
    // extraArgs go to apiserver.py, e.g. {"--gateway", "partial"}, {"--plain"} or {"--lb-pending"}.
    explicit TestApiServer(QStringList extraArgs = {})
        : m_extraArgs(std::move(extraArgs))
    { }
    ~TestApiServer() { shutdown(); }
    Q_DISABLE_COPY_MOVE(TestApiServer)

    // Path of apiserver.py; helper scripts live beside it.
    static QString scriptPath() { return QStringLiteral(ROUTEMAP_APISERVER); }
    static QString scriptDir() { return QFileInfo(scriptPath()).absolutePath(); }

    // /usr/bin/python3 (Debian's, with python3-kubernetes), else python3 on PATH; ROUTEMAP_PYTHON overrides.
    static QString python()
    {
        if (qEnvironmentVariableIsSet("ROUTEMAP_PYTHON")) {
            const QString env = qEnvironmentVariable("ROUTEMAP_PYTHON");
            return QFileInfo(env).isExecutable() ? env : QString();
        }
        if (QFileInfo::exists(QStringLiteral("/usr/bin/python3"))) {
            return QStringLiteral("/usr/bin/python3");
        }
        return QStandardPaths::findExecutable(QStringLiteral("python3"));
    }

    // /usr/bin/kubectl; ROUTEMAP_KUBECTL overrides. Empty when absent.
    static QString kubectlPath()
    {
        const QString path = qEnvironmentVariable("ROUTEMAP_KUBECTL", QStringLiteral("/usr/bin/kubectl"));
        return QFileInfo(path).isExecutable() ? path : QString();
    }

    // Starts the server and waits for its ready line. False with skipReason() set when the machine lacks
    // python3 or openssl, false with errorString() set when the server failed.
    bool start(int timeoutMs = 30000)
    {
        if (m_process) {
            return true;
        }
        if (python().isEmpty()) {
            m_skipReason = QStringLiteral("python3 is not installed: live API server tests need it");
            return false;
        }
        if (!m_extraArgs.contains(QStringLiteral("--plain"))
            && QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty()) {
            m_skipReason = QStringLiteral("openssl is not installed: the test API server needs it for certificates");
            return false;
        }
        if (!m_dir.isValid()) {
            m_error = QStringLiteral("cannot create a temporary directory");
            return false;
        }
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process->start(python(),
            QStringList {QStringLiteral("-B"), scriptPath(), QStringLiteral("--dir"), m_dir.path()} + m_extraArgs);
        if (!m_process->waitForStarted(timeoutMs)) {
            m_error = QStringLiteral("cannot start %1: %2").arg(python(), m_process->errorString());
            m_process.reset();
            return false;
        }
        const QJsonObject ready = readLine(timeoutMs);
        if (!ready.value(QStringLiteral("ready")).toBool()) {
            m_error = QStringLiteral("test API server did not become ready: %1")
                          .arg(ready.isEmpty() ? QStringLiteral("no ready line")
                                               : ready.value(QStringLiteral("error")).toString());
            shutdown();
            return false;
        }
        m_info = ready;
        return true;
    }

    bool isRunning() const { return m_process && m_process->state() == QProcess::Running; }
    QString skipReason() const { return m_skipReason; }
    QString errorString() const { return m_error; }

    // The ready line: url, port, ca, kubeconfig, token, restrictedToken, clientCert, clientKey, dir, contexts.
    QJsonObject info() const { return m_info; }
    QString url() const { return m_info.value(QStringLiteral("url")).toString(); }
    int port() const { return m_info.value(QStringLiteral("port")).toInt(); }
    QString kubeconfigPath() const { return m_info.value(QStringLiteral("kubeconfig")).toString(); }
    QString token() const { return m_info.value(QStringLiteral("token")).toString(); }
    QString restrictedToken() const { return m_info.value(QStringLiteral("restrictedToken")).toString(); }
    QString caPath() const { return m_info.value(QStringLiteral("ca")).toString(); }
    QString clientCertPath() const { return m_info.value(QStringLiteral("clientCert")).toString(); }
    QString clientKeyPath() const { return m_info.value(QStringLiteral("clientKey")).toString(); }
    QString directory() const { return m_dir.path(); }

    // Sends one control command and returns its reply ({"ok":false,"error":...} on failure or time-out).
    QJsonObject control(QJsonObject command, int timeoutMs = 15000)
    {
        if (!isRunning()) {
            return failure(QStringLiteral("test API server is not running"));
        }
        const int id = ++m_lastId;
        command.insert(QStringLiteral("id"), id);
        m_process->write(QJsonDocument(command).toJson(QJsonDocument::Compact) + '\n');
        const QDeadlineTimer deadline(timeoutMs);
        while (!deadline.hasExpired()) {
            const QJsonObject reply = readLine(int(deadline.remainingTime()));
            if (reply.isEmpty()) {
                break;
            }
            if (reply.value(QStringLiteral("id")).toInt() == id) {
                return reply;
            }
        }
        return failure(QStringLiteral("no reply from the test API server"));
    }

    // Shorthand for control({"cmd": cmd, ...members}).
    QJsonObject command(const QString &cmd, QJsonObject members = {}, int timeoutMs = 15000)
    {
        members.insert(QStringLiteral("cmd"), cmd);
        return control(members, timeoutMs);
    }

    // Every request since start (or the last clear), in order; each entry has method, path, query, params,
    // user, userAgent, accept, contentType, verb, group, resource, subresource, namespace, name, watch, status.
    QJsonArray requestLog(bool clear = false)
    {
        return command(QStringLiteral("log"), {{QStringLiteral("clear"), clear}})
            .value(QStringLiteral("entries"))
            .toArray();
    }

    // Closes the listener (cutting open connections and watches) and reopens it on the same port;
    // objects and resourceVersions are kept.
    bool stop() { return command(QStringLiteral("stop")).value(QStringLiteral("ok")).toBool(); }
    bool resume() { return command(QStringLiteral("start")).value(QStringLiteral("ok")).toBool(); }
    bool restart() { return command(QStringLiteral("restart")).value(QStringLiteral("ok")).toBool(); }

    // Runs kubectl with this server's kubeconfig and a fresh --cache-dir. True when it exited with 0.
    // False with lastKubectlError() set otherwise; kubectlSkipReason() is set when kubectl is absent.
    bool kubectl(const QStringList &args, QString *standardOutput = nullptr, int timeoutMs = 30000,
        QString *standardError = nullptr)
    {
        m_kubectlError.clear();
        if (kubectlPath().isEmpty()) {
            m_kubectlError = kubectlSkipReason();
            return false;
        }
        QTemporaryDir cache(m_dir.filePath(QStringLiteral("kubectl-cache-XXXXXX")));
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("KUBECONFIG"));
        process.setProcessEnvironment(env);
        process.start(kubectlPath(),
            QStringList {QStringLiteral("--kubeconfig"), kubeconfigPath(), QStringLiteral("--cache-dir"), cache.path()}
                + args);
        const bool finished = process.waitForFinished(timeoutMs);
        if (!finished) {
            process.kill();
            process.waitForFinished(5000);
        }
        const QString out = QString::fromUtf8(process.readAllStandardOutput());
        const QString err = QString::fromUtf8(process.readAllStandardError());
        if (standardOutput) {
            *standardOutput = out;
        }
        if (standardError) {
            *standardError = err;
        }
        if (!finished) {
            m_kubectlError = QStringLiteral("kubectl %1 timed out after %2 ms; stderr: %3")
                                 .arg(args.join(QLatin1Char(' ')))
                                 .arg(timeoutMs)
                                 .arg(err);
            return false;
        }
        if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
            m_kubectlError = QStringLiteral("kubectl %1 exited with %2: %3")
                                 .arg(args.join(QLatin1Char(' ')))
                                 .arg(process.exitCode())
                                 .arg(err);
            return false;
        }
        return true;
    }

    QString lastKubectlError() const { return m_kubectlError; }

    // One raw HTTP request through tests/apiserver/probe.py (Python standard library, kept running between
    // requests), for checks below the client libraries: exact status codes, headers and watch stream framing.
    struct Request {
        QString method = QStringLiteral("GET");
        QString accept = QStringLiteral("application/json");
        QByteArray body;
        QString contentType = QStringLiteral("application/json");
        QString token; // empty: the admin token
        bool anonymous = false; // send no credentials at all
        bool gzip = false; // send Accept-Encoding: gzip (the reply is decompressed)
        int timeoutMs = 20000;
    };
    // Returns {"status": N (0 when the connection failed), "contentType", "contentEncoding", "retryAfter",
    // "chunked", "complete" (false when the body broke off), "trailingNewline", "bytes" (size on the wire),
    // "lines": [body lines], "json": body when it is JSON}.
    QJsonObject request(const QString &pathAndQuery, const Request &options)
    {
        if (!m_probe && !startProbe()) {
            return failure(QStringLiteral("cannot start probe.py"));
        }
        QJsonObject line {{QStringLiteral("path"), pathAndQuery}, {QStringLiteral("method"), options.method},
            {QStringLiteral("accept"), options.accept}, {QStringLiteral("anonymous"), options.anonymous},
            {QStringLiteral("gzip"), options.gzip}, {QStringLiteral("timeout"), options.timeoutMs / 1000.0}};
        if (!options.token.isEmpty()) {
            line.insert(QStringLiteral("token"), options.token);
        }
        if (!options.body.isEmpty()) {
            line.insert(QStringLiteral("body"), QString::fromUtf8(options.body));
            line.insert(QStringLiteral("contentType"), options.contentType);
        }
        m_probe->write(QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n');
        const QDeadlineTimer deadline(options.timeoutMs + 10000);
        while (!m_probe->canReadLine()) {
            if (m_probe->state() != QProcess::Running || deadline.hasExpired()) {
                m_probe.reset();
                return failure(QStringLiteral("probe.py did not answer"));
            }
            m_probe->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
        }
        return QJsonDocument::fromJson(m_probe->readLine()).object();
    }
    QJsonObject request(const QString &pathAndQuery) { return request(pathAndQuery, Request()); }
    static QString kubectlSkipReason()
    {
        return kubectlPath().isEmpty()
            ? QStringLiteral("kubectl is not installed (/usr/bin/kubectl): kubectl checks are skipped")
            : QString();
    }

    // Ends the server process (also done by the destructor).
    void shutdown()
    {
        if (m_probe) {
            m_probe->closeWriteChannel();
            if (!m_probe->waitForFinished(3000)) {
                m_probe->kill();
                m_probe->waitForFinished(3000);
            }
            m_probe.reset();
        }
        if (!m_process) {
            return;
        }
        if (m_process->state() == QProcess::Running) {
            m_process->write("{\"cmd\":\"quit\"}\n");
            m_process->closeWriteChannel();
            if (!m_process->waitForFinished(5000)) {
                m_process->kill();
                m_process->waitForFinished(5000);
            }
        }
        m_process.reset();
    }

private:
    // probe.py --serve: one long-lived process answering request lines, so a request costs no start-up.
    bool startProbe()
    {
        m_probe = std::make_unique<QProcess>();
        m_probe->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QStringList args {QStringLiteral("-B"), scriptDir() + QStringLiteral("/probe.py"), QStringLiteral("--serve"),
            QStringLiteral("--url"), url(), QStringLiteral("--token"), token()};
        if (!caPath().isEmpty()) {
            args << QStringLiteral("--ca") << caPath();
        }
        m_probe->start(python(), args);
        if (!m_probe->waitForStarted(10000)) {
            m_probe.reset();
            return false;
        }
        return true;
    }

    static QJsonObject failure(const QString &message)
    {
        return {{QStringLiteral("ok"), false}, {QStringLiteral("error"), message}};
    }

    // Next JSON line on the server's stdout; empty on time-out or exit.
    QJsonObject readLine(int timeoutMs)
    {
        const QDeadlineTimer deadline(timeoutMs);
        while (!m_process->canReadLine()) {
            if (m_process->state() != QProcess::Running || deadline.hasExpired()) {
                return {};
            }
            m_process->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
        }
        return QJsonDocument::fromJson(m_process->readLine()).object();
    }

    QStringList m_extraArgs;
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    std::unique_ptr<QProcess> m_probe;
    QJsonObject m_info;
    QString m_skipReason;
    QString m_error;
    QString m_kubectlError;
    int m_lastId = 0;
};

} // namespace routemap::testing

// Starts `server` in a test function: skips the test when the machine cannot run it, fails when it breaks.
#define ROUTEMAP_START_APISERVER(server)                                                                               \
    do {                                                                                                               \
        if (!(server).start()) {                                                                                       \
            if (!(server).skipReason().isEmpty()) {                                                                    \
                QSKIP(qPrintable((server).skipReason()));                                                              \
            }                                                                                                          \
            QFAIL(qPrintable((server).errorString()));                                                                 \
        }                                                                                                              \
    } while (false)

// Skips the current test when kubectl is not installed.
#define ROUTEMAP_REQUIRE_KUBECTL()                                                                                     \
    do {                                                                                                               \
        if (routemap::testing::TestApiServer::kubectlPath().isEmpty()) {                                               \
            QSKIP(qPrintable(routemap::testing::TestApiServer::kubectlSkipReason()));                                  \
        }                                                                                                              \
    } while (false)
