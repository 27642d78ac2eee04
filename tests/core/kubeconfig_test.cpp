#include "cluster/kubeconfig.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace routemap;

namespace {

const QString kData = QStringLiteral(ROUTEMAP_TEST_DATA "/kubeconfig");

QString data(const QString &relative)
{
    return QDir::cleanPath(kData + u'/' + relative);
}

// Values from the fixtures that must never appear in a message.
const QStringList kSecrets
    = {QStringLiteral("s3cr3t-token-value"), QStringLiteral("hunter2-password"), QStringLiteral("SECRET-KEY-DATA"),
        QStringLiteral("oidc-id-token-value"), QStringLiteral("proxy-pass-value"), QStringLiteral("KEY DATA")};

QString leakedSecret(const QString &text)
{
    for (const QString &secret : kSecrets) {
        if (text.contains(secret)) {
            return secret;
        }
    }
    return QString();
}

} // namespace

class KubeconfigTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void merge_data();
    void merge();
    void kubeconfigList_data();
    void kubeconfigList();
    void explicitFileOnly();
    void explicitFileMissing();
    void homeConfig();
    void noKubeconfig();
    void relativePathsPerFile();
    void auth_data();
    void auth();
    void clusterSettings();
    void serverWithoutScheme_data();
    void serverWithoutScheme();
    void validation_data();
    void validation();
    void errorNamesTheStanzaFile();
    void contextNotFound();
    void currentContextMissing();
    void noCurrentContext();
    void brokenFiles_data();
    void brokenFiles();
    void emptyFile();

private:
    QByteArray m_savedKubeconfig;
    QByteArray m_savedHome;
    bool m_hadKubeconfig = false;
};

void KubeconfigTest::init()
{
    m_hadKubeconfig = qEnvironmentVariableIsSet("KUBECONFIG");
    m_savedKubeconfig = qgetenv("KUBECONFIG");
    m_savedHome = qgetenv("HOME");
}

void KubeconfigTest::cleanup()
{
    if (m_hadKubeconfig) {
        qputenv("KUBECONFIG", m_savedKubeconfig);
    } else {
        qunsetenv("KUBECONFIG");
    }
    qputenv("HOME", m_savedHome);
}

// First file wins per value and per named stanza, taken whole; current-context from the first file setting one.
void KubeconfigTest::merge_data()
{
    QTest::addColumn<QStringList>("order");
    QTest::addColumn<QString>("currentContext");
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("tlsServerName");
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("namespaceName");
    QTest::addColumn<QString>("contextFile");

    QTest::addRow("a b") << QStringList {QStringLiteral("a"), QStringLiteral("b")} << QStringLiteral("only-b")
                         << QStringLiteral("https://a.invalid:6443") << QString() << QStringLiteral("token-from-a")
                         << QString() << QStringLiteral("default") << QStringLiteral("a");
    QTest::addRow("b a") << QStringList {QStringLiteral("b"), QStringLiteral("a")} << QStringLiteral("only-b")
                         << QStringLiteral("https://b.invalid:6443") << QStringLiteral("b-name") << QString()
                         << QStringLiteral("b-user") << QStringLiteral("from-b") << QStringLiteral("b");
    QTest::addRow("a b c") << QStringList {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}
                           << QStringLiteral("only-b") << QStringLiteral("https://a.invalid:6443") << QString()
                           << QStringLiteral("token-from-a") << QString() << QStringLiteral("default")
                           << QStringLiteral("a");
    QTest::addRow("c b a") << QStringList {QStringLiteral("c"), QStringLiteral("b"), QStringLiteral("a")}
                           << QStringLiteral("shared") << QStringLiteral("https://c.invalid:6443") << QString()
                           << QString() << QStringLiteral("b-user") << QStringLiteral("from-b") << QStringLiteral("b");
    QTest::addRow("a c b") << QStringList {QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("b")}
                           << QStringLiteral("shared") << QStringLiteral("https://a.invalid:6443") << QString()
                           << QStringLiteral("token-from-a") << QString() << QStringLiteral("default")
                           << QStringLiteral("a");
}

void KubeconfigTest::merge()
{
    QFETCH(QStringList, order);
    QFETCH(QString, currentContext);
    QFETCH(QString, server);
    QFETCH(QString, tlsServerName);
    QFETCH(QString, token);
    QFETCH(QString, username);
    QFETCH(QString, namespaceName);
    QFETCH(QString, contextFile);

    QStringList files;
    for (const QString &name : std::as_const(order)) {
        files.append(data(QStringLiteral("merge/%1.yaml").arg(name)));
    }
    qputenv("KUBECONFIG", files.join(u':').toUtf8());
    Kubeconfig config;
    QString error;
    QVERIFY2(config.load(QString(), &error), qPrintable(error));
    QCOMPARE(config.files(), files);
    QCOMPARE(config.currentContext(), currentContext);

    ClusterEndpoint endpoint;
    QVERIFY2(config.endpoint(QStringLiteral("shared"), &endpoint, &error), qPrintable(error));
    QCOMPARE(endpoint.server, server);
    QCOMPARE(endpoint.tlsServerName, tlsServerName);
    QCOMPARE(endpoint.credentials.token, token);
    QCOMPARE(endpoint.credentials.username, username);
    QCOMPARE(endpoint.namespaceName, namespaceName);
    QCOMPARE(endpoint.kubeconfigFile, data(QStringLiteral("merge/%1.yaml").arg(contextFile)));

    // Every context of every file is listed once, in the order the files define them.
    QStringList names;
    for (const KubeconfigContext &context : config.contexts()) {
        names.append(context.name);
    }
    QCOMPARE(names.size(), QSet<QString>(names.begin(), names.end()).size());
    QCOMPARE(names.first(), order.first() == u"c" ? QStringLiteral("only-c") : QStringLiteral("shared"));
}

void KubeconfigTest::kubeconfigList_data()
{
    QTest::addColumn<QString>("kubeconfig");
    QTest::addColumn<QStringList>("files");

    const QString a = data(QStringLiteral("merge/a.yaml"));
    const QString b = data(QStringLiteral("merge/b.yaml"));
    const QString missing = data(QStringLiteral("merge/missing.yaml"));
    QTest::addRow("empty entries") << QStringLiteral("::%1::%2:").arg(a, b) << QStringList {a, b};
    QTest::addRow("duplicates") << QStringLiteral("%1:%2:%1").arg(a, b) << QStringList {a, b};
    QTest::addRow("missing skipped") << QStringLiteral("%1:%2:%3").arg(missing, b, a) << QStringList {b, a};
    QTest::addRow("all of them") << QStringLiteral(":%1:%2::%1:%3:%2").arg(b, missing, a) << QStringList {b, a};
}

void KubeconfigTest::kubeconfigList()
{
    QFETCH(QString, kubeconfig);
    QFETCH(QStringList, files);
    qputenv("KUBECONFIG", kubeconfig.toUtf8());
    Kubeconfig config;
    QString error;
    QVERIFY2(config.load(QString(), &error), qPrintable(error));
    QCOMPARE(config.files(), files);
}

void KubeconfigTest::explicitFileOnly()
{
    qputenv("KUBECONFIG", data(QStringLiteral("merge/a.yaml")).toUtf8());
    Kubeconfig config;
    QString error;
    QVERIFY2(config.load(data(QStringLiteral("merge/c.yaml")), &error), qPrintable(error));
    QCOMPARE(config.files(), QStringList {data(QStringLiteral("merge/c.yaml"))});
    QCOMPARE(config.currentContext(), QStringLiteral("shared"));
    ClusterEndpoint endpoint;
    // "shared" is a context of a.yaml only: --kubeconfig does not merge KUBECONFIG in.
    QVERIFY(!config.endpoint(QString(), &endpoint, &error));
    QVERIFY2(error.contains(QStringLiteral("current-context 'shared'")), qPrintable(error));
}

void KubeconfigTest::explicitFileMissing()
{
    qputenv("KUBECONFIG", data(QStringLiteral("merge/a.yaml")).toUtf8());
    Kubeconfig config;
    QString error;
    const QString missing = data(QStringLiteral("merge/missing.yaml"));
    QVERIFY(!config.load(missing, &error));
    QCOMPARE(error, QStringLiteral("the kubeconfig %1 given with --kubeconfig does not exist").arg(missing));
}

void KubeconfigTest::homeConfig()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    QVERIFY(QDir(home.path()).mkpath(QStringLiteral(".kube")));
    QVERIFY(QFile::copy(data(QStringLiteral("contexts.yaml")), home.filePath(QStringLiteral(".kube/config"))));
    qputenv("HOME", home.path().toUtf8());
    qputenv("KUBECONFIG", QByteArray()); // empty counts as unset, as for kubectl
    Kubeconfig config;
    QString error;
    QVERIFY2(config.load(QString(), &error), qPrintable(error));
    QCOMPARE(config.files(), QStringList {QDir::cleanPath(home.filePath(QStringLiteral(".kube/config")))});
    QCOMPARE(config.currentContext(), QStringLiteral("prod"));
}

void KubeconfigTest::noKubeconfig()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    qputenv("HOME", home.path().toUtf8());
    qunsetenv("KUBECONFIG");
    Kubeconfig config;
    QString error;
    QVERIFY(!config.load(QString(), &error));
    QCOMPARE(error, QStringLiteral("no kubeconfig found: KUBECONFIG is unset and ~/.kube/config does not exist"));

    const QString missing = home.filePath(QStringLiteral("missing"));
    qputenv("KUBECONFIG", (u':' + missing + u':').toUtf8());
    QVERIFY(!config.load(QString(), &error));
    QCOMPARE(error, QStringLiteral("no kubeconfig found: none of the files in KUBECONFIG exist (%1)").arg(missing));
}

void KubeconfigTest::relativePathsPerFile()
{
    const QString one = data(QStringLiteral("relative/one/config"));
    const QString two = data(QStringLiteral("relative/two/config"));
    qputenv("KUBECONFIG", (one + u':' + two).toUtf8());
    Kubeconfig config;
    QString error;
    QVERIFY2(config.load(QString(), &error), qPrintable(error));

    ClusterEndpoint endpoint;
    QVERIFY2(config.endpoint(QString(), &endpoint, &error), qPrintable(error));
    QCOMPARE(endpoint.contextName, QStringLiteral("one"));
    QCOMPARE(endpoint.certificateAuthorityPem, QByteArray("CA ONE\n"));
    QCOMPARE(endpoint.credentials.clientCertificatePem, QByteArray("CERT ONE\n"));
    QCOMPARE(endpoint.credentials.clientKeyPem, QByteArray("KEY ONE\n"));

    QVERIFY2(config.endpoint(QStringLiteral("two"), &endpoint, &error), qPrintable(error));
    QCOMPARE(endpoint.certificateAuthorityPem, QByteArray("CA TWO\n"));
    QCOMPARE(endpoint.credentials.token, QStringLiteral("token-two"));
    QCOMPARE(endpoint.tokenFile, data(QStringLiteral("relative/two/token")));

    QVERIFY2(config.endpoint(QStringLiteral("two-exec"), &endpoint, &error), qPrintable(error));
    QVERIFY(endpoint.exec.has_value());
    QCOMPARE(endpoint.exec->command, data(QStringLiteral("relative/two/bin/plugin")));

    // A bare command name is looked up in PATH when the plugin runs, not resolved against the folder.
    QVERIFY2(config.endpoint(QStringLiteral("two-bare-exec"), &endpoint, &error), qPrintable(error));
    QCOMPARE(endpoint.exec->command, QStringLiteral("some-plugin"));
}

void KubeconfigTest::auth_data()
{
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("tokenFile");
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QByteArray>("certificate");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QString>("execCommand");
    QTest::addColumn<QByteArray>("ca");

    const QByteArray caFile = "-----BEGIN CERTIFICATE-----\nCA FILE\n-----END CERTIFICATE-----\n";
    const QByteArray caData = "-----BEGIN CERTIFICATE-----\nCA DATA\n-----END CERTIFICATE-----\n";
    const QByteArray certFile = "-----BEGIN CERTIFICATE-----\nCERT FILE\n-----END CERTIFICATE-----\n";
    const QByteArray keyFile = "-----BEGIN PRIVATE KEY-----\nKEY FILE\n-----END PRIVATE KEY-----\n";
    const QByteArray certData = "-----BEGIN CERTIFICATE-----\nCERT DATA\n-----END CERTIFICATE-----\n";
    const QByteArray keyData = "-----BEGIN PRIVATE KEY-----\nKEY DATA\n-----END PRIVATE KEY-----\n";
    const QString none;

    QTest::addRow("token") << QStringLiteral("token") << QStringLiteral("s3cr3t-token-value") << none << none << none
                           << QByteArray() << QByteArray() << none << caFile;
    QTest::addRow("tokenFile") << QStringLiteral("token-file") << QStringLiteral("file-token-value")
                               << data(QStringLiteral("auth/token")) << none << none << QByteArray() << QByteArray()
                               << none << caFile;
    QTest::addRow("token beats tokenFile") << QStringLiteral("token-beats-file") << QStringLiteral("direct-token-value")
                                           << none << none << none << QByteArray() << QByteArray() << none << caFile;
    QTest::addRow("basic") << QStringLiteral("basic") << none << none << QStringLiteral("admin")
                           << QStringLiteral("hunter2-password") << QByteArray() << QByteArray() << none << caFile;
    QTest::addRow("certificate files") << QStringLiteral("cert-files") << none << none << none << none << certFile
                                       << keyFile << none << caFile;
    QTest::addRow("certificate data") << QStringLiteral("cert-data") << none << none << none << none << certData
                                      << keyData << none << caData;
    QTest::addRow("data beats path") << QStringLiteral("cert-data-over-path") << none << none << none << none
                                     << certData << keyData << none << caData;
    QTest::addRow("oidc id-token") << QStringLiteral("oidc") << QStringLiteral("oidc-id-token-value") << none << none
                                   << none << QByteArray() << QByteArray() << none << caFile;
    QTest::addRow("exec v1") << QStringLiteral("exec-v1") << none << none << none << none << QByteArray()
                             << QByteArray() << data(QStringLiteral("auth/plugin.sh")) << caFile;
    QTest::addRow("exec v1beta1") << QStringLiteral("exec-v1beta1") << none << none << none << none << QByteArray()
                                  << QByteArray() << QStringLiteral("my-plugin") << QByteArray();
    QTest::addRow("token beats exec") << QStringLiteral("exec-with-token") << QStringLiteral("s3cr3t-token-value")
                                      << none << none << none << QByteArray() << QByteArray() << none << caFile;
    QTest::addRow("anonymous") << QStringLiteral("anonymous") << none << none << none << none << QByteArray()
                               << QByteArray() << none << QByteArray();
}

void KubeconfigTest::auth()
{
    QFETCH(QString, context);
    QFETCH(QString, token);
    QFETCH(QString, tokenFile);
    QFETCH(QString, username);
    QFETCH(QString, password);
    QFETCH(QByteArray, certificate);
    QFETCH(QByteArray, key);
    QFETCH(QString, execCommand);
    QFETCH(QByteArray, ca);

    Kubeconfig config;
    QString error;
    QVERIFY2(config.load(data(QStringLiteral("auth/config")), &error), qPrintable(error));
    ClusterEndpoint endpoint;
    QVERIFY2(config.endpoint(context, &endpoint, &error), qPrintable(error));
    QCOMPARE(endpoint.contextName, context);
    QCOMPARE(endpoint.kubeconfigFile, data(QStringLiteral("auth/config")));
    QCOMPARE(endpoint.credentials.token, token);
    QCOMPARE(endpoint.tokenFile, tokenFile);
    QCOMPARE(endpoint.credentials.username, username);
    QCOMPARE(endpoint.credentials.password, password);
    QCOMPARE(endpoint.credentials.clientCertificatePem, certificate);
    QCOMPARE(endpoint.credentials.clientKeyPem, key);
    QCOMPARE(endpoint.exec ? endpoint.exec->command : QString(), execCommand);
    QCOMPARE(endpoint.certificateAuthorityPem, ca);
    QVERIFY(!endpoint.credentials.expiry.isValid());
}

void KubeconfigTest::clusterSettings()
{
    Kubeconfig config;
    QString error;
    QVERIFY2(config.load(data(QStringLiteral("auth/config")), &error), qPrintable(error));
    QCOMPARE(config.currentContext(), QStringLiteral("token"));
    ClusterEndpoint endpoint;
    QVERIFY2(config.endpoint(QString(), &endpoint, &error), qPrintable(error));
    QCOMPARE(endpoint.clusterName, QStringLiteral("ca-file"));
    QCOMPARE(endpoint.userName, QStringLiteral("token"));
    QCOMPARE(endpoint.server, QStringLiteral("https://127.0.0.1:6443"));
    QCOMPARE(endpoint.tlsServerName, QStringLiteral("kubernetes"));
    QCOMPARE(endpoint.proxyUrl, QStringLiteral("socks5://127.0.0.1:1080"));
    QCOMPARE(endpoint.disableCompression, true);
    QCOMPARE(endpoint.insecureSkipTlsVerify, false);

    QVERIFY2(config.endpoint(QStringLiteral("anonymous"), &endpoint, &error), qPrintable(error));
    QCOMPARE(endpoint.insecureSkipTlsVerify, true);
    QCOMPARE(endpoint.disableCompression, false);
    QCOMPARE(endpoint.userName, QString());

    QVERIFY2(config.endpoint(QStringLiteral("cert-files"), &endpoint, &error), qPrintable(error));
    QCOMPARE(endpoint.namespaceName, QStringLiteral("web"));
}

// As client-go's DefaultServerURL: https:// when TLS settings are present, else http://.
void KubeconfigTest::serverWithoutScheme_data()
{
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("server");
    QTest::addRow("with a CA") << QStringLiteral("no-scheme-tls") << QStringLiteral("https://127.0.0.1:6443");
    QTest::addRow("plain") << QStringLiteral("no-scheme-plain") << QStringLiteral("http://localhost:8080");
}

void KubeconfigTest::serverWithoutScheme()
{
    QFETCH(QString, context);
    QFETCH(QString, server);
    Kubeconfig config;
    QString error;
    QVERIFY2(config.load(data(QStringLiteral("auth/config")), &error), qPrintable(error));
    ClusterEndpoint endpoint;
    QVERIFY2(config.endpoint(context, &endpoint, &error), qPrintable(error));
    QCOMPARE(endpoint.server, server);
}

void KubeconfigTest::validation_data()
{
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("message");

    const QString file = data(QStringLiteral("invalid/config"));
    const auto row = [&](const char *context, const QString &message) {
        QTest::newRow(context) << QString::fromLatin1(context) << message;
    };
    row("token-and-basic",
        QStringLiteral("more than one authentication method found for token-and-basic; found "
                       "[token basicAuth], only one is allowed"));
    row("cert-without-key",
        QStringLiteral("client-key-data or client-key must be specified for cert-without-key "
                       "to use the clientCert authentication method"));
    row("key-without-cert",
        QStringLiteral("client-certificate-data or client-certificate must be specified for "
                       "key-without-cert"));
    row("exec-and-provider",
        QStringLiteral("authProvider cannot be provided in combination with an exec plugin for exec-and-provider"));
    row("gcp",
        QStringLiteral("the gcp auth-provider of user 'gcp' has been removed from kubectl; use the "
                       "gke-gcloud-auth-plugin exec plugin instead"));
    row("azure", QStringLiteral("the azure auth-provider of user 'azure' has been removed from kubectl"));
    row("keystone", QStringLiteral("no Auth Provider found for name \"keystone\""));
    row("oidc-without-token", QStringLiteral("the oidc auth-provider of user 'oidc-without-token' has no id-token"));
    row("exec-without-command",
        QStringLiteral("command must be specified for exec-without-command to use exec authentication plugin"));
    row("exec-v1-without-mode",
        QStringLiteral("interactiveMode must be specified for exec-v1-without-mode to use exec authentication plugin"));
    row("exec-bad-mode", QStringLiteral("invalid interactiveMode for exec-bad-mode: \"Sometimes\""));
    row("exec-v1alpha1", QStringLiteral("exec plugin: invalid apiVersion \"client.authentication.k8s.io/v1alpha1\""));
    row("missing-token-file",
        QStringLiteral("unable to read tokenFile %1 for user 'missing-token-file'")
            .arg(data(QStringLiteral("invalid/does-not-exist-token"))));
    row("missing-cert-file",
        QStringLiteral("unable to read client-certificate %1 for user 'missing-cert-file'")
            .arg(data(QStringLiteral("invalid/does-not-exist.crt"))));
    row("ca-and-insecure", QStringLiteral("specifying a root certificates file with the insecure flag is not allowed"));
    row("no-server", QStringLiteral("no server found for cluster \"no-server\""));
    row("missing-ca",
        QStringLiteral("unable to read certificate-authority %1 for cluster 'missing-ca'")
            .arg(data(QStringLiteral("invalid/does-not-exist.crt"))));
    row("bad-proxy",
        QStringLiteral("the proxy-url of cluster 'bad-proxy' has the unsupported scheme 'ftp'; use "
                       "http, https or socks5"));
    row("missing-cluster",
        QStringLiteral("context 'missing-cluster' in %1 refers to cluster 'nope', which is not "
                       "defined in %1")
            .arg(file));
    row("missing-user",
        QStringLiteral("context 'missing-user' in %1 refers to user 'nobody', which is not "
                       "defined in %1")
            .arg(file));
    row("no-cluster", QStringLiteral("context 'no-cluster' in %1 names no cluster").arg(file));
}

void KubeconfigTest::validation()
{
    QFETCH(QString, context);
    QFETCH(QString, message);

    const QString file = data(QStringLiteral("invalid/config"));
    Kubeconfig config;
    QString error;
    QVERIFY2(config.load(file, &error), qPrintable(error));
    ClusterEndpoint endpoint;
    QVERIFY(!config.endpoint(context, &endpoint, &error));
    QVERIFY2(error.contains(message), qPrintable(error));
    // One sentence that names the context and the file.
    QVERIFY2(error.contains(QStringLiteral("context '%1' in %2").arg(context, file)), qPrintable(error));
    QVERIFY2(!error.contains(u'\n'), qPrintable(error));
    QVERIFY2(leakedSecret(error).isEmpty(), qPrintable(error));
}

// A context in one file may use a user from another: the message names both.
void KubeconfigTest::errorNamesTheStanzaFile()
{
    const QString cross = data(QStringLiteral("merge/cross.yaml"));
    const QString invalid = data(QStringLiteral("invalid/config"));
    qputenv("KUBECONFIG", (cross + u':' + invalid).toUtf8());
    Kubeconfig config;
    QString error;
    QVERIFY2(config.load(QString(), &error), qPrintable(error));
    ClusterEndpoint endpoint;
    QVERIFY(!config.endpoint(QStringLiteral("cross"), &endpoint, &error));
    QCOMPARE(error,
        QStringLiteral("more than one authentication method found for token-and-basic; found [token "
                       "basicAuth], only one is allowed (context 'cross' in %1; user 'token-and-basic' is "
                       "defined in %2)")
            .arg(cross, invalid));
}

void KubeconfigTest::contextNotFound()
{
    const QString file = data(QStringLiteral("contexts.yaml"));
    Kubeconfig config;
    QString error;
    QVERIFY2(config.load(file, &error), qPrintable(error));
    ClusterEndpoint endpoint;
    QVERIFY(!config.endpoint(QStringLiteral("prod"), &endpoint, &error));
    QCOMPARE(error, QStringLiteral("context 'prod' not found in %1; contexts: dev, staging").arg(file));

    QVERIFY2(config.endpoint(QStringLiteral("dev"), &endpoint, &error), qPrintable(error));
    QCOMPARE(endpoint.namespaceName, QStringLiteral("default"));
    QCOMPARE(config.contexts().size(), 2);
    QCOMPARE(config.contexts().first().name, QStringLiteral("staging"));
    QCOMPARE(config.contexts().first().server, QStringLiteral("https://127.0.0.1:6443"));
    QCOMPARE(config.contexts().first().namespaceName, QString());
}

void KubeconfigTest::currentContextMissing()
{
    const QString file = data(QStringLiteral("contexts.yaml"));
    Kubeconfig config;
    QString error;
    QVERIFY2(config.load(file, &error), qPrintable(error));
    ClusterEndpoint endpoint;
    QVERIFY(!config.endpoint(QString(), &endpoint, &error));
    QCOMPARE(error,
        QStringLiteral("current-context 'prod' (set in %1) is not defined in %1; contexts: dev, staging").arg(file));
}

void KubeconfigTest::noCurrentContext()
{
    const QString file = data(QStringLiteral("no-current-context.yaml"));
    Kubeconfig config;
    QString error;
    QVERIFY2(config.load(file, &error), qPrintable(error));
    QCOMPARE(config.currentContext(), QString());
    ClusterEndpoint endpoint;
    QVERIFY(!config.endpoint(QString(), &endpoint, &error));
    QCOMPARE(error,
        QStringLiteral("no context chosen: %1 sets no current-context; choose one with --context (contexts: dev)")
            .arg(file));
    QVERIFY2(config.endpoint(QStringLiteral("dev"), &endpoint, &error), qPrintable(error));
}

void KubeconfigTest::brokenFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("message"); // a regular expression after "FILE:"

    QTest::addRow("malformed YAML") << QStringLiteral("broken/malformed.yaml")
                                    << QStringLiteral("^7: invalid YAML: .+$");
    QTest::addRow("wrong type") << QStringLiteral("broken/wrong-type.yaml")
                                << QStringLiteral("^3: 'users' must be a list$");
    QTest::addRow("duplicate name") << QStringLiteral("broken/duplicate.yaml")
                                    << QStringLiteral("^6: 'users' has two entries named 'u1'$");
    QTest::addRow("bad base64") << QStringLiteral("broken/bad-base64.yaml")
                                << QStringLiteral("^6: 'client-key-data' of user 'u1' is not valid base64$");
    QTest::addRow("not a map") << QStringLiteral("broken/not-a-map.yaml")
                               << QStringLiteral("^1: the kubeconfig must be a map$");
}

// A file kubectl cannot read stops loading with one message naming the file and the line, also when it is
// one of several in KUBECONFIG.
void KubeconfigTest::brokenFiles()
{
    QFETCH(QString, file);
    QFETCH(QString, message);
    const QString path = data(file);
    qputenv("KUBECONFIG", (data(QStringLiteral("merge/a.yaml")) + u':' + path).toUtf8());
    Kubeconfig config;
    QString error;
    QVERIFY(!config.load(QString(), &error));
    QVERIFY2(error.startsWith(path + u':'), qPrintable(error));
    const QString rest = error.mid(path.size() + 1);
    QVERIFY2(QRegularExpression(message).match(rest).hasMatch(), qPrintable(error));
    QVERIFY2(leakedSecret(error).isEmpty(), qPrintable(error));
}

void KubeconfigTest::emptyFile()
{
    qputenv("KUBECONFIG", (data(QStringLiteral("empty.yaml")) + u':' + data(QStringLiteral("merge/b.yaml"))).toUtf8());
    Kubeconfig config;
    QString error;
    QVERIFY2(config.load(QString(), &error), qPrintable(error));
    QCOMPARE(config.files().size(), 2);
    QCOMPARE(config.currentContext(), QStringLiteral("only-b"));
}

QTEST_GUILESS_MAIN(KubeconfigTest)
#include "kubeconfig_test.moc"
