#include "commands/sourceoptions.h"

#include "engine/manifestsource.h"

#include <QCommandLineParser>

namespace routemap {

QString SourceSpec::description() const
{
    if (!cluster) {
        return paths.join(QStringLiteral(", "))
            + (namespaces.isEmpty() ? QString() : QStringLiteral(", namespace ") + namespaces.join(QStringLiteral(", ")));
    }
    QString text = clusterSpec.context.isEmpty() ? QStringLiteral("the current context")
                                                 : QStringLiteral("context ") + clusterSpec.context;
    if (clusterSpec.allNamespaces) {
        text += QStringLiteral(", all namespaces");
    } else if (!clusterSpec.namespaces.isEmpty()) {
        text += QStringLiteral(", namespace ") + clusterSpec.namespaces.join(QStringLiteral(", "));
    }
    return text;
}

SourceOptions::SourceOptions()
    : m_context(QStringLiteral("context"), QStringLiteral("Read the live cluster of this kubeconfig context."),
          QStringLiteral("name"))
    , m_kubeconfig(QStringLiteral("kubeconfig"),
          QStringLiteral("The kubeconfig file to use (default: KUBECONFIG, else ~/.kube/config)."),
          QStringLiteral("file"))
    , m_namespace({QStringLiteral("n"), QStringLiteral("namespace")},
          QStringLiteral("Only this namespace of the cluster (repeatable; default: the context's namespace)."),
          QStringLiteral("namespace"))
    , m_allNamespaces({QStringLiteral("A"), QStringLiteral("all-namespaces")},
          QStringLiteral("Every namespace of the cluster."))
    , m_live(QStringLiteral("live"), QStringLiteral("Read the live cluster of the current context."))
{
}

void SourceOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({m_context, m_kubeconfig, m_namespace, m_allNamespaces, m_live});
}

bool SourceOptions::read(const QCommandLineParser &parser, SourceSpec *spec, QString *error) const
{
    *spec = SourceSpec();
    spec->paths = parser.positionalArguments();
    spec->namespaces = parser.values(m_namespace);
    spec->cluster = parser.isSet(m_context) || parser.isSet(m_kubeconfig) || parser.isSet(m_allNamespaces)
        || parser.isSet(m_live) || (parser.isSet(m_namespace) && spec->paths.isEmpty());
    if (!spec->cluster) {
        return true;
    }
    if (!spec->paths.isEmpty()) {
        *error = QStringLiteral("give either manifest paths or a cluster (--context, -A, --live), not both");
        return false;
    }
    if (parser.isSet(m_namespace) && parser.isSet(m_allNamespaces)) {
        *error = QStringLiteral("-n/--namespace and -A/--all-namespaces exclude each other");
        return false;
    }
    spec->clusterSpec.context = parser.value(m_context);
    spec->clusterSpec.kubeconfigFile = parser.value(m_kubeconfig);
    spec->clusterSpec.namespaces = parser.values(m_namespace);
    spec->clusterSpec.allNamespaces = parser.isSet(m_allNamespaces);
    return true;
}

std::unique_ptr<Source> createSource(const SourceSpec &spec, QIODevice *standardInput)
{
    if (spec.cluster) {
        return std::make_unique<ClusterSource>(spec.clusterSpec);
    }
    auto source = std::make_unique<ManifestSource>(spec.paths);
    source->setStandardInput(standardInput);
    return source;
}

} // namespace routemap
