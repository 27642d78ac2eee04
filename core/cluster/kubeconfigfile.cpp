#include "cluster/kubeconfigfile.h"

#include "sources/yamlconvert.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <string>
#include <yaml-cpp/yaml.h>

namespace routemap {

namespace {

const char *const kExecExtensionName = "client.authentication.k8s.io/exec";

// Thrown only inside this file and caught in parseKubeconfigFile.
struct ParseFailure {
    int line; // 1-based, 0 when unknown
    QString message;
};

QString fromStd(const std::string &s)
{
    return QString::fromStdString(s);
}

int lineOf(const YAML::Node &node)
{
    return node.Mark().line + 1;
}

// A missing key reads as null, so optional fields need no special case.
YAML::Node child(const YAML::Node &map, const char *key)
{
    const YAML::Node node = map[key];
    return node.IsDefined() ? node : YAML::Node(YAML::NodeType::Null);
}

class FileParser
{
public:
    explicit FileParser(QString path)
        : m_path(std::move(path))
        , m_dir(QFileInfo(m_path).absolutePath())
    { }

    KubeconfigFile parse(const YAML::Node &root)
    {
        KubeconfigFile file;
        if (root.IsNull()) {
            return file; // an empty file is an empty config, as for kubectl
        }
        requireMap(root, QStringLiteral("the kubeconfig"), root);
        file.currentContext = string(root, "current-context");
        for (const YAML::Node &item : list(root, "clusters")) {
            if (auto cluster = parseCluster(item)) {
                file.clusters.append(*cluster);
            }
        }
        for (const YAML::Node &item : list(root, "users")) {
            if (auto user = parseUser(item)) {
                file.users.append(*user);
            }
        }
        for (const YAML::Node &item : list(root, "contexts")) {
            if (auto context = parseContext(item)) {
                file.contexts.append(*context);
            }
        }
        return file;
    }

private:
    [[noreturn]] static void failAt(const YAML::Node &node, const QString &message)
    {
        throw ParseFailure {lineOf(node), message};
    }

    static void requireMap(const YAML::Node &node, const QString &what, const YAML::Node &at)
    {
        if (!node.IsMap()) {
            failAt(at, QStringLiteral("%1 must be a map").arg(what));
        }
    }

    static QString string(const YAML::Node &map, const char *key)
    {
        const YAML::Node node = child(map, key);
        if (node.IsNull()) {
            return QString();
        }
        if (!node.IsScalar()) {
            failAt(node, QStringLiteral("'%1' must be a string").arg(QLatin1String(key)));
        }
        return fromStd(node.Scalar());
    }

    static bool boolean(const YAML::Node &map, const char *key)
    {
        const YAML::Node node = child(map, key);
        bool value = false;
        if (node.IsNull()) {
            return false;
        }
        if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
            failAt(node, QStringLiteral("'%1' must be true or false").arg(QLatin1String(key)));
        }
        return value;
    }

    static QList<YAML::Node> list(const YAML::Node &map, const char *key)
    {
        const YAML::Node node = child(map, key);
        QList<YAML::Node> items;
        if (node.IsNull()) {
            return items;
        }
        if (!node.IsSequence()) {
            failAt(node, QStringLiteral("'%1' must be a list").arg(QLatin1String(key)));
        }
        for (const YAML::Node &item : node) {
            items.append(item);
        }
        return items;
    }

    static QStringList strings(const YAML::Node &map, const char *key)
    {
        QStringList out;
        for (const YAML::Node &item : list(map, key)) {
            if (!item.IsScalar()) {
                failAt(item, QStringLiteral("each entry of '%1' must be a string").arg(QLatin1String(key)));
            }
            out.append(fromStd(item.Scalar()));
        }
        return out;
    }

    // `*-data` fields are base64 in the file; client-go rejects the file when they are not.
    static QByteArray base64(const YAML::Node &map, const char *key, const QString &owner)
    {
        QByteArray text = string(map, key).toLatin1();
        text.replace(' ', QByteArray()).replace('\n', QByteArray()).replace('\r', QByteArray());
        auto decoded = QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            failAt(child(map, key), QStringLiteral("'%1' of %2 is not valid base64").arg(QLatin1String(key), owner));
        }
        return *decoded;
    }

    QString resolve(const QString &path) const
    {
        if (path.isEmpty() || QDir::isAbsolutePath(path)) {
            return path;
        }
        return QDir::cleanPath(m_dir + u'/' + path);
    }

    // The name and body of one entry of clusters/users/contexts; nullopt for an entry without a name.
    std::optional<std::pair<QString, YAML::Node>> entry(
        const YAML::Node &item, const QString &list, const char *bodyKey, QSet<QString> *seen)
    {
        requireMap(item, QStringLiteral("each entry of '%1'").arg(list), item);
        const QString name = string(item, "name");
        if (name.isEmpty()) {
            return std::nullopt;
        }
        if (seen->contains(name)) {
            failAt(item, QStringLiteral("'%1' has two entries named '%2'").arg(list, name));
        }
        seen->insert(name);
        const YAML::Node body = child(item, bodyKey);
        if (!body.IsNull()) {
            requireMap(body, QStringLiteral("'%1' of '%2'").arg(QLatin1String(bodyKey), name), body);
        }
        return std::make_pair(name, body);
    }

    std::optional<KubeconfigCluster> parseCluster(const YAML::Node &item)
    {
        const auto e = entry(item, QStringLiteral("clusters"), "cluster", &m_clusterNames);
        if (!e) {
            return std::nullopt;
        }
        const YAML::Node &body = e->second;
        KubeconfigCluster c;
        c.name = e->first;
        c.file = m_path;
        c.line = lineOf(item);
        c.server = string(body, "server");
        c.certificateAuthority = resolve(string(body, "certificate-authority"));
        c.certificateAuthorityData
            = base64(body, "certificate-authority-data", QStringLiteral("cluster '%1'").arg(c.name));
        c.insecureSkipTlsVerify = boolean(body, "insecure-skip-tls-verify");
        c.tlsServerName = string(body, "tls-server-name");
        c.proxyUrl = string(body, "proxy-url");
        c.disableCompression = boolean(body, "disable-compression");
        for (const YAML::Node &extension : list(body, "extensions")) {
            requireMap(extension, QStringLiteral("each entry of 'extensions'"), extension);
            if (string(extension, "name") == QLatin1String(kExecExtensionName)) {
                c.execExtension = toJson(child(extension, "extension"));
            }
        }
        return c;
    }

    // The exec extension is free-form: it travels to the plugin as JSON.
    static QByteArray toJson(const YAML::Node &node)
    {
        const std::string text = YAML::Dump(node);
        YamlDocument document;
        YamlError error;
        if (!parseYamlDocument(QByteArrayView(text.data(), static_cast<qsizetype>(text.size())), &document, &error)) {
            failAt(
                node, QStringLiteral("the %1 extension cannot be read as JSON").arg(QLatin1String(kExecExtensionName)));
        }
        if (document.value.isObject()) {
            return QJsonDocument(document.value.toObject()).toJson(QJsonDocument::Compact);
        }
        if (document.value.isArray()) {
            return QJsonDocument(document.value.toArray()).toJson(QJsonDocument::Compact);
        }
        return QByteArray();
    }

    std::optional<KubeconfigUser> parseUser(const YAML::Node &item)
    {
        const auto e = entry(item, QStringLiteral("users"), "user", &m_userNames);
        if (!e) {
            return std::nullopt;
        }
        const YAML::Node &body = e->second;
        KubeconfigUser u;
        u.name = e->first;
        u.file = m_path;
        u.line = lineOf(item);
        const QString owner = QStringLiteral("user '%1'").arg(u.name);
        u.clientCertificate = resolve(string(body, "client-certificate"));
        u.clientCertificateData = base64(body, "client-certificate-data", owner);
        u.clientKey = resolve(string(body, "client-key"));
        u.clientKeyData = base64(body, "client-key-data", owner);
        u.token = string(body, "token");
        u.tokenFile = resolve(string(body, "tokenFile"));
        u.username = string(body, "username");
        u.password = string(body, "password");
        if (const YAML::Node provider = child(body, "auth-provider"); !provider.IsNull()) {
            requireMap(provider, QStringLiteral("'auth-provider' of %1").arg(owner), provider);
            u.hasAuthProvider = true;
            u.authProviderName = string(provider, "name");
            const YAML::Node config = child(provider, "config");
            if (!config.IsNull()) {
                requireMap(config, QStringLiteral("'config' of the auth-provider of %1").arg(owner), config);
                for (auto it = config.begin(); it != config.end(); ++it) {
                    if (!it->second.IsNull() && !it->second.IsScalar()) {
                        failAt(it->second,
                            QStringLiteral("the auth-provider config of %1 must map names to strings").arg(owner));
                    }
                    u.authProviderConfig.insert(
                        fromStd(it->first.Scalar()), it->second.IsNull() ? QString() : fromStd(it->second.Scalar()));
                }
            }
        }
        if (const YAML::Node exec = child(body, "exec"); !exec.IsNull()) {
            requireMap(exec, QStringLiteral("'exec' of %1").arg(owner), exec);
            u.exec = parseExec(exec);
        }
        return u;
    }

    ExecConfig parseExec(const YAML::Node &exec) const
    {
        ExecConfig config;
        config.apiVersion = string(exec, "apiVersion");
        config.command = string(exec, "command");
        if (config.command.contains(u'/')) {
            config.command = resolve(config.command); // a bare name is looked up in PATH instead
        }
        config.args = strings(exec, "args");
        for (const YAML::Node &variable : list(exec, "env")) {
            requireMap(variable, QStringLiteral("each entry of 'env'"), variable);
            config.env.append({string(variable, "name"), string(variable, "value")});
        }
        config.interactiveMode = string(exec, "interactiveMode");
        // client-go defaults the mode for v1beta1 only; v1 requires it.
        if (config.interactiveMode.isEmpty() && config.apiVersion == u"client.authentication.k8s.io/v1beta1") {
            config.interactiveMode = QStringLiteral("IfAvailable");
        }
        config.provideClusterInfo = boolean(exec, "provideClusterInfo");
        config.installHint = string(exec, "installHint");
        return config;
    }

    std::optional<KubeconfigContextStanza> parseContext(const YAML::Node &item)
    {
        const auto e = entry(item, QStringLiteral("contexts"), "context", &m_contextNames);
        if (!e) {
            return std::nullopt;
        }
        const YAML::Node &body = e->second;
        KubeconfigContextStanza c;
        c.name = e->first;
        c.file = m_path;
        c.line = lineOf(item);
        c.cluster = string(body, "cluster");
        c.user = string(body, "user");
        c.namespaceName = string(body, "namespace");
        return c;
    }

    QString m_path;
    QString m_dir;
    QSet<QString> m_clusterNames;
    QSet<QString> m_userNames;
    QSet<QString> m_contextNames;
};

} // namespace

bool parseKubeconfigFile(const QString &path, QByteArrayView text, KubeconfigFile *out, QString *error)
{
    QString message;
    int line = 0;
    try {
        const YAML::Node root = YAML::Load(std::string(text.data(), static_cast<size_t>(text.size())));
        *out = FileParser(path).parse(root);
        return true;
    } catch (const ParseFailure &failure) {
        line = failure.line;
        message = failure.message;
    } catch (const YAML::Exception &e) {
        // yaml-cpp's message describes the syntax only; it never echoes the text.
        line = e.mark.is_null() ? 0 : e.mark.line + 1;
        message = QStringLiteral("invalid YAML: %1").arg(fromStd(e.msg));
    }
    if (error) {
        *error = line > 0 ? QStringLiteral("%1:%2: %3").arg(path).arg(line).arg(message)
                          : QStringLiteral("%1: %2").arg(path, message);
    }
    return false;
}

} // namespace routemap
