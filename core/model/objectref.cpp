#include "objectref.h"

#include <QSet>

namespace routemap {

QString ObjectRef::qualifiedName() const
{
    return ns.isEmpty() ? name : ns + u'/' + name;
}

QString ObjectRef::display() const
{
    return kind + u' ' + qualifiedName();
}

QString ObjectRef::key() const
{
    QString k = kind + u'/' + ns + u'/' + name;
    if (!group.isEmpty()) {
        k += u'@' + group;
    }
    return k;
}

QString SourceLocation::display() const
{
    return line > 0 ? file + u':' + QString::number(line) : file;
}

QString groupOfApiVersion(const QString &apiVersion)
{
    const qsizetype slash = apiVersion.indexOf(u'/');
    return slash < 0 ? QString() : apiVersion.left(slash);
}

bool isClusterScopedKind(const QString &kind)
{
    static const QSet<QString> kinds = {
        QStringLiteral("Namespace"),
        QStringLiteral("Node"),
        QStringLiteral("IngressClass"),
        QStringLiteral("GatewayClass"),
        QStringLiteral("ClusterIssuer"),
        QStringLiteral("CustomResourceDefinition"),
        QStringLiteral("ClusterRole"),
        QStringLiteral("ClusterRoleBinding"),
        QStringLiteral("PersistentVolume"),
        QStringLiteral("StorageClass"),
        QStringLiteral("PriorityClass"),
        QStringLiteral("ValidatingWebhookConfiguration"),
        QStringLiteral("MutatingWebhookConfiguration"),
        QStringLiteral("APIService"),
        QStringLiteral("RuntimeClass"),
    };
    return kinds.contains(kind);
}

} // namespace routemap
