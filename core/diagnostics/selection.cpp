#include "diagnostics/selection.h"

#include <QSet>
#include <algorithm>

namespace routemap::rules {

QList<ContainerPort> declaredPorts(const QList<SelectedWorkload> &selection)
{
    QList<ContainerPort> out;
    for (const SelectedWorkload &s : selection) {
        for (const QList<Container> *containers : s.containerSets()) {
            for (const Container &c : *containers) {
                out += c.ports;
            }
        }
    }
    return out;
}

QString joinRefs(const QList<ObjectRef> &refs, int limit)
{
    QStringList parts;
    for (qsizetype i = 0; i < refs.size() && i < limit; ++i) {
        parts.append(refs.at(i).display());
    }
    if (refs.size() > limit) {
        parts.append(QStringLiteral("and %1 more").arg(refs.size() - limit));
    }
    return parts.join(QStringLiteral(", "));
}

QString kubectlResource(const ObjectRef &ref)
{
    const QString kind = ref.kind.toLower();
    static const QSet<QString> ambiguousGroups = {QStringLiteral("gateway.networking.k8s.io")};
    if (ambiguousGroups.contains(ref.group)) {
        return kind + u'.' + ref.group;
    }
    return kind;
}

QString kubectlNamespace(const QString &ns)
{
    return ns.isEmpty() ? QString() : QStringLiteral(" -n ") + ns;
}

} // namespace routemap::rules
