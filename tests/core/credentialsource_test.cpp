#include "cluster/clusterendpoint.h"
#include "cluster/kubeconfig.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <thread>
#include <vector>

using namespace routemap;
using namespace std::chrono_literals;

namespace {

const QString kV1 = QStringLiteral("client.authentication.k8s.io/v1");
const QString kV1beta1 = QStringLiteral("client.authentication.k8s.io/v1beta1");
const QString kSecret = QStringLiteral("s3cr3t-plugin-token");

bool writeFile(const QString &path, const QByteArray &content, bool executable = false)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size()) {
        return false;
    }
    file.close();
    return !executable || file.setPermissions(file.permissions() | QFileDevice::ExeOwner | QFileDevice::ExeUser);
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A plugin that counts its runs in DIR/count and prints DIR/out.json with @N@ replaced by the run number.
QByteArray countingPlugin(const QString &dir, const QByteArray &extra = QByteArray())
{
    const QByteArray d = dir.toUtf8();
    return "#!/bin/sh\n"
           "n=$(cat '"
        + d
        + "/count' 2>/dev/null || echo 0)\n"
          "n=$((n + 1))\n"
          "echo $n > '"
        + d + "/count'\n" + extra + "sed \"s/@N@/$n/g\" '" + d + "/out.json'\n";
}

QByteArray tokenOutput(const QString &apiVersion, const QByteArray &extraStatus = QByteArray())
{
    return "{\"apiVersion\":\"" + apiVersion.toUtf8()
        + "\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"tok-@N@\"" + extraStatus + "}}\n";
}

ClusterEndpoint execEndpoint(const QString &command, const QString &apiVersion = kV1)
{
    ClusterEndpoint endpoint;
    endpoint.kubeconfigFile = QStringLiteral("/test/kubeconfig");
    endpoint.contextName = QStringLiteral("dev");
    endpoint.userName = QStringLiteral("plugin-user");
    endpoint.server = QStringLiteral("https://127.0.0.1:6443");
    ExecConfig exec;
    exec.apiVersion = apiVersion;
    exec.command = command;
    exec.interactiveMode = QStringLiteral("Never");
    endpoint.exec = exec;
    return endpoint;
}

QString tokenOf(CredentialSource &source)
{
    Credentials credentials;
    QString error;
    return source.current(&credentials, &error) ? credentials.token : QStringLiteral("error: ") + error;
}

int runs(const QTemporaryDir &dir)
{
    return readFile(dir.filePath(QStringLiteral("count"))).trimmed().toInt();
}

// A process that was killed is gone, or a zombie nobody has reaped yet.
bool processGone(const QByteArray &pid)
{
    const QByteArray stat = readFile(QStringLiteral("/proc/%1/stat").arg(QString::fromLatin1(pid.trimmed())));
    if (stat.isEmpty()) {
        return true;
    }
    const qsizetype close = stat.lastIndexOf(')');
    return close >= 0 && stat.mid(close + 2, 1) == "Z";
}

} // namespace

class CredentialSourceTest : public QObject
{
    Q_OBJECT

private slots:
    void staticCredentials();
    void tokenFile();
    void tokenFileMissing();
    void execThroughKubeconfig_data();
    void execThroughKubeconfig();
    void execClientCertificate();
    void expiredCredentialsRerun();
    void credentialsExpiringSoonRerunAfterExpiry();
    void invalidateRerunsOnce();
    void hangingPluginIsStopped();
    void badOutput_data();
    void badOutput();
    void pluginNotFound();
    void pluginFails();
    void interactiveAlways();
    void concurrentCallersShareOneRun();
};

void CredentialSourceTest::staticCredentials()
{
    ClusterEndpoint endpoint;
    endpoint.credentials.token = QStringLiteral("static-token");
    endpoint.credentials.clientCertificatePem = "CERT";
    endpoint.credentials.clientKeyPem = "KEY";
    CredentialSource source(endpoint);
    Credentials credentials;
    QString error;
    QVERIFY(source.current(&credentials, &error));
    QCOMPARE(credentials.token, QStringLiteral("static-token"));
    QCOMPARE(credentials.clientCertificatePem, QByteArray("CERT"));
    source.invalidate();
    QVERIFY(source.current(&credentials, &error));
    QCOMPARE(credentials.token, QStringLiteral("static-token"));
    QCOMPARE(source.endpoint().credentials.clientKeyPem, QByteArray("KEY"));
}

// Re-read once the interval has passed; a vanished file keeps the token read before; a 401 re-reads at once.
void CredentialSourceTest::tokenFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("token"));
    QVERIFY(writeFile(path, "one\n"));
    ClusterEndpoint endpoint;
    endpoint.tokenFile = path;
    CredentialSource source(endpoint);
    QCOMPARE(tokenOf(source), QStringLiteral("one"));

    QVERIFY(writeFile(path, "two\n"));
    QCOMPARE(tokenOf(source), QStringLiteral("one")); // within the default minute

    source.setTokenFileRefreshInterval(0ms);
    QCOMPARE(tokenOf(source), QStringLiteral("two"));
    QVERIFY(QFile::remove(path));
    QCOMPARE(tokenOf(source), QStringLiteral("two"));

    source.setTokenFileRefreshInterval(1h);
    QVERIFY(writeFile(path, "three\n"));
    QCOMPARE(tokenOf(source), QStringLiteral("two"));
    source.invalidate();
    QCOMPARE(tokenOf(source), QStringLiteral("three"));
}

void CredentialSourceTest::tokenFileMissing()
{
    ClusterEndpoint endpoint;
    endpoint.kubeconfigFile = QStringLiteral("/test/kubeconfig");
    endpoint.contextName = QStringLiteral("dev");
    endpoint.userName = QStringLiteral("u1");
    endpoint.tokenFile = QStringLiteral("/nonexistent/routemap/token");
    CredentialSource source(endpoint);
    Credentials credentials;
    QString error;
    QVERIFY(!source.current(&credentials, &error));
    QVERIFY2(error.startsWith(QStringLiteral("unable to read tokenFile /nonexistent/routemap/token (context 'dev' in "
                                             "/test/kubeconfig, user 'u1'): ")),
        qPrintable(error));
}

// The plugin sees its arguments untouched (no shell), the parent's environment, its own and
// KUBERNETES_EXEC_INFO with the cluster only when asked for.
void CredentialSourceTest::execThroughKubeconfig_data()
{
    QTest::addColumn<QString>("apiVersion");
    QTest::addColumn<bool>("provideClusterInfo");
    QTest::addRow("v1 with cluster info") << kV1 << true;
    QTest::addRow("v1 without cluster info") << kV1 << false;
    QTest::addRow("v1beta1 with cluster info") << kV1beta1 << true;
    QTest::addRow("v1beta1 without cluster info") << kV1beta1 << false;
}

void CredentialSourceTest::execThroughKubeconfig()
{
    QFETCH(QString, apiVersion);
    QFETCH(bool, provideClusterInfo);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray d = dir.path().toUtf8();
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("bin")));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("bin/plugin")),
        "#!/bin/sh\n"
        "for a in \"$@\"; do printf '%s\\n' \"$a\"; done > '"
            + d
            + "/args'\n"
              "env > '"
            + d
            + "/env'\n"
              "printf '%s' \"$KUBERNETES_EXEC_INFO\" > '"
            + d
            + "/info'\n"
              "cat '"
            + d + "/out.json'\n",
        true));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("out.json")),
        "{\"apiVersion\":\"" + apiVersion.toUtf8()
            + "\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"plugin-token\","
              "\"expirationTimestamp\":\"2999-01-01T00:00:00Z\"}}"));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("ca.crt")), "CA PEM\n"));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("config")),
        "apiVersion: v1\n"
        "kind: Config\n"
        "current-context: dev\n"
        "clusters:\n"
        "- name: c1\n"
        "  cluster:\n"
        "    server: https://127.0.0.1:6443\n"
        "    certificate-authority: ca.crt\n"
        "    tls-server-name: kubernetes\n"
        "    extensions:\n"
        "    - name: client.authentication.k8s.io/exec\n"
        "      extension: {audience: routemap-test}\n"
        "users:\n"
        "- name: u1\n"
        "  user:\n"
        "    exec:\n"
        "      apiVersion: "
            + apiVersion.toUtf8()
            + "\n"
              "      command: ./bin/plugin\n"
              "      args: [first, two words, \"$HOME\", \"*\"]\n"
              "      env: [{name: PLUGIN_VAR, value: from-kubeconfig}, {name: PARENT_VAR, value: overridden}]\n"
              "      provideClusterInfo: "
            + QByteArray(provideClusterInfo ? "true" : "false")
            + "\n"
              "contexts:\n"
              "- name: dev\n"
              "  context: {cluster: c1, user: u1}\n"));

    qputenv("ROUTEMAP_TEST_PARENT_VAR", "from-parent");
    qputenv("PARENT_VAR", "from-parent");
    Kubeconfig config;
    QString error;
    // v1 requires interactiveMode: its absence must be refused, v1beta1 defaults it.
    QVERIFY2(config.load(dir.filePath(QStringLiteral("config")), &error), qPrintable(error));
    ClusterEndpoint endpoint;
    const bool ok = config.endpoint(QString(), &endpoint, &error);
    if (apiVersion == kV1) {
        QVERIFY(!ok);
        QVERIFY2(error.contains(QStringLiteral("interactiveMode must be specified for u1")), qPrintable(error));
        endpoint = ClusterEndpoint();
        QString text = QString::fromUtf8(readFile(dir.filePath(QStringLiteral("config"))));
        text.replace(QStringLiteral("      command:"), QStringLiteral("      interactiveMode: Never\n      command:"));
        QVERIFY(writeFile(dir.filePath(QStringLiteral("config")), text.toUtf8()));
        QVERIFY2(config.load(dir.filePath(QStringLiteral("config")), &error), qPrintable(error));
        QVERIFY2(config.endpoint(QString(), &endpoint, &error), qPrintable(error));
    } else {
        QVERIFY2(ok, qPrintable(error));
        QCOMPARE(endpoint.exec->interactiveMode, QStringLiteral("IfAvailable"));
    }

    CredentialSource source(endpoint);
    Credentials credentials;
    QVERIFY2(source.current(&credentials, &error), qPrintable(error));
    qunsetenv("ROUTEMAP_TEST_PARENT_VAR");
    qunsetenv("PARENT_VAR");
    QCOMPARE(credentials.token, QStringLiteral("plugin-token"));
    QCOMPARE(credentials.expiry, QDateTime(QDate(2999, 1, 1), QTime(0, 0), Qt::UTC));

    QCOMPARE(QString::fromUtf8(readFile(dir.filePath(QStringLiteral("args")))).split(u'\n', Qt::SkipEmptyParts),
        (QStringList {
            QStringLiteral("first"), QStringLiteral("two words"), QStringLiteral("$HOME"), QStringLiteral("*")}));
    const QStringList env = QString::fromUtf8(readFile(dir.filePath(QStringLiteral("env")))).split(u'\n');
    QVERIFY(env.contains(QStringLiteral("PLUGIN_VAR=from-kubeconfig")));
    QVERIFY(env.contains(QStringLiteral("ROUTEMAP_TEST_PARENT_VAR=from-parent")));
    QVERIFY(env.contains(QStringLiteral("PARENT_VAR=overridden")));

    const QJsonObject info = QJsonDocument::fromJson(readFile(dir.filePath(QStringLiteral("info")))).object();
    QCOMPARE(info.value(QStringLiteral("kind")).toString(), QStringLiteral("ExecCredential"));
    QCOMPARE(info.value(QStringLiteral("apiVersion")).toString(), apiVersion);
    const QJsonObject spec = info.value(QStringLiteral("spec")).toObject();
    QCOMPARE(spec.value(QStringLiteral("interactive")), QJsonValue(false));
    QCOMPARE(spec.contains(QStringLiteral("cluster")), provideClusterInfo);
    if (provideClusterInfo) {
        const QJsonObject cluster = spec.value(QStringLiteral("cluster")).toObject();
        QCOMPARE(cluster.value(QStringLiteral("server")).toString(), QStringLiteral("https://127.0.0.1:6443"));
        QCOMPARE(cluster.value(QStringLiteral("tls-server-name")).toString(), QStringLiteral("kubernetes"));
        QCOMPARE(cluster.value(QStringLiteral("certificate-authority-data")).toString(),
            QString::fromLatin1(QByteArray("CA PEM\n").toBase64()));
        QCOMPARE(cluster.value(QStringLiteral("config")).toObject().value(QStringLiteral("audience")).toString(),
            QStringLiteral("routemap-test"));
        QVERIFY(!cluster.contains(QStringLiteral("insecure-skip-tls-verify")));
    }
}

void CredentialSourceTest::execClientCertificate()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeFile(dir.filePath(QStringLiteral("plugin")), countingPlugin(dir.path()), true));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("out.json")),
        "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":"
        "{\"clientCertificateData\":\"CERT @N@\",\"clientKeyData\":\"KEY @N@\"}}"));
    CredentialSource source(execEndpoint(dir.filePath(QStringLiteral("plugin"))));
    Credentials credentials;
    QString error;
    QVERIFY2(source.current(&credentials, &error), qPrintable(error));
    QCOMPARE(credentials.clientCertificatePem, QByteArray("CERT 1"));
    QCOMPARE(credentials.clientKeyPem, QByteArray("KEY 1"));
    QCOMPARE(credentials.token, QString());
    QVERIFY(!credentials.expiry.isValid());
}

void CredentialSourceTest::expiredCredentialsRerun()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeFile(dir.filePath(QStringLiteral("plugin")), countingPlugin(dir.path()), true));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("out.json")),
        tokenOutput(kV1, ",\"expirationTimestamp\":\"2001-01-01T00:00:00Z\"")));
    CredentialSource source(execEndpoint(dir.filePath(QStringLiteral("plugin"))));
    QCOMPARE(tokenOf(source), QStringLiteral("tok-1"));
    QCOMPARE(tokenOf(source), QStringLiteral("tok-2"));
    QCOMPARE(runs(dir), 2);
}

// Cached while valid, run again once expirationTimestamp has passed: polling every few milliseconds for
// about a second runs the plugin exactly twice.
void CredentialSourceTest::credentialsExpiringSoonRerunAfterExpiry()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray expiry = "expiry=$(date -u -d '+1 second' +%Y-%m-%dT%H:%M:%SZ)\n";
    QByteArray script = countingPlugin(dir.path(), expiry);
    script.replace("sed \"s/@N@/$n/g\"", "sed \"s/@N@/$n/g; s/@EXPIRY@/$expiry/g\"");
    QVERIFY(writeFile(dir.filePath(QStringLiteral("plugin")), script, true));
    QVERIFY(writeFile(
        dir.filePath(QStringLiteral("out.json")), tokenOutput(kV1beta1, ",\"expirationTimestamp\":\"@EXPIRY@\"")));
    CredentialSource source(execEndpoint(dir.filePath(QStringLiteral("plugin")), kV1beta1));
    Credentials first;
    QString error;
    QVERIFY2(source.current(&first, &error), qPrintable(error));
    QCOMPARE(first.token, QStringLiteral("tok-1"));
    QVERIFY(first.expiry.isValid());
    QTRY_COMPARE_WITH_TIMEOUT(tokenOf(source), QStringLiteral("tok-2"), 10000);
    QCOMPARE(runs(dir), 2);
}

void CredentialSourceTest::invalidateRerunsOnce()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeFile(dir.filePath(QStringLiteral("plugin")), countingPlugin(dir.path()), true));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("out.json")), tokenOutput(kV1)));
    CredentialSource source(execEndpoint(dir.filePath(QStringLiteral("plugin"))));
    Credentials first;
    QString error;
    QVERIFY2(source.current(&first, &error), qPrintable(error));
    QCOMPARE(tokenOf(source), QStringLiteral("tok-1"));
    QCOMPARE(runs(dir), 1); // no expiry: kept for the process lifetime

    source.invalidate();
    QCOMPARE(tokenOf(source), QStringLiteral("tok-2"));
    QCOMPARE(tokenOf(source), QStringLiteral("tok-2"));
    QCOMPARE(runs(dir), 2);

    // A late 401 for credentials already replaced changes nothing; one for the current ones re-runs once.
    source.invalidate(first);
    QCOMPARE(tokenOf(source), QStringLiteral("tok-2"));
    Credentials second;
    QVERIFY(source.current(&second, &error));
    source.invalidate(second);
    source.invalidate(second);
    QCOMPARE(tokenOf(source), QStringLiteral("tok-3"));
    QCOMPARE(tokenOf(source), QStringLiteral("tok-3"));
    QCOMPARE(runs(dir), 3);
}

void CredentialSourceTest::hangingPluginIsStopped()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray d = dir.path().toUtf8();
    QVERIFY(writeFile(dir.filePath(QStringLiteral("plugin")),
        "#!/bin/sh\n"
        "sleep 60 &\n"
        "echo $! > '"
            + d
            + "/child'\n"
              "wait\n",
        true));
    CredentialSource source(execEndpoint(dir.filePath(QStringLiteral("plugin"))));
    source.setExecTimeout(500ms);
    Credentials credentials;
    QString error;
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!source.current(&credentials, &error));
    QVERIFY2(timer.elapsed() < 20000, "the plugin must be stopped at the timeout, not after it finishes");
    QCOMPARE(error,
        QStringLiteral("getting credentials for context 'dev' in /test/kubeconfig, user 'plugin-user': "
                       "exec: executable %1 did not finish within 0.5 s and was stopped")
            .arg(dir.filePath(QStringLiteral("plugin"))));
    // What the plugin started goes with it.
    const QByteArray child = readFile(dir.filePath(QStringLiteral("child")));
    QVERIFY(!child.trimmed().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(processGone(child), 10000);
}

void CredentialSourceTest::badOutput_data()
{
    QTest::addColumn<QByteArray>("output");
    QTest::addColumn<QString>("message");

    const QByteArray secret = kSecret.toUtf8();
    QTest::addRow("other apiVersion")
        << QByteArray("{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\","
                      "\"status\":{\"token\":\""
               + secret + "\"}}")
        << QStringLiteral("exec plugin is configured to use API version client.authentication.k8s.io/v1, plugin "
                          "returned version client.authentication.k8s.io/v1beta1");
    QTest::addRow("no status") << QByteArray("{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":"
                                             "\"ExecCredential\"}")
                               << QStringLiteral("exec plugin didn't return a status field");
    QTest::addRow("empty status") << QByteArray("{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":"
                                                "\"ExecCredential\",\"status\":{}}")
                                  << QStringLiteral("exec plugin didn't return a token or cert/key pair");
    QTest::addRow("certificate only") << QByteArray(
        "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
        "\"status\":{\"token\":\""
        + secret + "\",\"clientCertificateData\":\"CERT\"}}")
                                      << QStringLiteral("exec plugin returned only certificate or key, not both");
    QTest::addRow("key only") << QByteArray(
        "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
        "\"status\":{\"clientKeyData\":\""
        + secret + "\"}}") << QStringLiteral("exec plugin returned only certificate or key, not both");
    QTest::addRow("not JSON") << QByteArray("token=" + secret)
                              << QStringLiteral("decoding stdout: illegal value at offset 1");
    QTest::addRow("bad expiry") << QByteArray(
        "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
        "\"status\":{\"token\":\""
        + secret + "\",\"expirationTimestamp\":\"tomorrow\"}}")
                                << QStringLiteral("decoding stdout: expirationTimestamp is not an RFC 3339 time");
}

void CredentialSourceTest::badOutput()
{
    QFETCH(QByteArray, output);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeFile(dir.filePath(QStringLiteral("plugin")), countingPlugin(dir.path()), true));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("out.json")), output));
    CredentialSource source(execEndpoint(dir.filePath(QStringLiteral("plugin"))));
    Credentials credentials;
    QString error;
    QVERIFY(!source.current(&credentials, &error));
    QCOMPARE(error,
        QStringLiteral("getting credentials for context 'dev' in /test/kubeconfig, user 'plugin-user': ") + message);
    QVERIFY(!error.contains(kSecret));
    // A failure is not cached: the next call runs the plugin again.
    QVERIFY(!source.current(&credentials, &error));
    QCOMPARE(runs(dir), 2);
}

void CredentialSourceTest::pluginNotFound()
{
    ClusterEndpoint endpoint = execEndpoint(QStringLiteral("routemap-no-such-plugin"));
    endpoint.exec->installHint = QStringLiteral("Install it with:\n  apt install routemap-plugin");
    CredentialSource source(endpoint);
    Credentials credentials;
    QString error;
    QVERIFY(!source.current(&credentials, &error));
    QCOMPARE(error,
        QStringLiteral("getting credentials for context 'dev' in /test/kubeconfig, user 'plugin-user': "
                       "exec: executable routemap-no-such-plugin not found; Install it with: apt install "
                       "routemap-plugin"));
}

void CredentialSourceTest::pluginFails()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeFile(dir.filePath(QStringLiteral("plugin")),
        "#!/bin/sh\n"
        "echo 'opening the browser' >&2\n"
        "echo 'error: login required' >&2\n"
        "echo '"
            + kSecret.toUtf8()
            + "'\n"
              "exit 3\n",
        true));
    CredentialSource source(execEndpoint(dir.filePath(QStringLiteral("plugin"))));
    Credentials credentials;
    QString error;
    QVERIFY(!source.current(&credentials, &error));
    QCOMPARE(error,
        QStringLiteral("getting credentials for context 'dev' in /test/kubeconfig, user 'plugin-user': "
                       "exec: executable %1 failed with exit code 3: error: login required")
            .arg(dir.filePath(QStringLiteral("plugin"))));
}

void CredentialSourceTest::interactiveAlways()
{
    ClusterEndpoint endpoint = execEndpoint(QStringLiteral("/bin/true"));
    endpoint.exec->interactiveMode = QStringLiteral("Always");
    CredentialSource source(endpoint);
    Credentials credentials;
    QString error;
    QVERIFY(!source.current(&credentials, &error));
    QVERIFY2(
        error.endsWith(QStringLiteral("exec plugin cannot support interactive mode: standard input is not a terminal")),
        qPrintable(error));
}

// Callers on several threads wait for the one run in progress instead of starting their own.
void CredentialSourceTest::concurrentCallersShareOneRun()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeFile(dir.filePath(QStringLiteral("plugin")), countingPlugin(dir.path(), "sleep 0.3\n"), true));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("out.json")), tokenOutput(kV1)));
    CredentialSource source(execEndpoint(dir.filePath(QStringLiteral("plugin"))));
    constexpr int kThreads = 4;
    std::vector<QString> tokens(kThreads);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&source, &tokens, i] { tokens[static_cast<size_t>(i)] = tokenOf(source); });
    }
    for (std::thread &thread : threads) {
        thread.join();
    }
    for (const QString &token : tokens) {
        QCOMPARE(token, QStringLiteral("tok-1"));
    }
    QCOMPARE(runs(dir), 1);
}

QTEST_GUILESS_MAIN(CredentialSourceTest)
#include "credentialsource_test.moc"
