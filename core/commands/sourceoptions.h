#pragma once

#include "cluster/clustersource.h"
#include "engine/source.h"

#include <QCommandLineOption>
#include <QStringList>

#include <memory>

class QCommandLineParser;
class QIODevice;

namespace routemap {

// What to read: manifests (paths, "-" for standard input) or a live cluster.
struct SourceSpec {
    QStringList paths;
    QStringList namespaces; // -n: only these namespaces (a cluster reads only them; manifests are scoped to them)
    bool cluster = false;
    ClusterSpec clusterSpec;

    bool isEmpty() const { return paths.isEmpty() && !cluster; }
    // "deploy/, app.yaml" or "context prod, all namespaces"
    QString description() const;
};

// The command-line options that choose a source, shared by `check`, `render`, `trace` and the window:
// PATH... for manifests, or --context NAME / --kubeconfig FILE / -n NS (repeatable) / -A / --live for a cluster
// (any of them selects the cluster; without --context the kubeconfig's current context is used). With paths,
// -n NS scopes the manifests to those namespaces instead.
class SourceOptions
{
public:
    SourceOptions();
    void addTo(QCommandLineParser &parser) const;
    // Reads the parsed options and positional paths. False with one clear sentence when they contradict
    // (paths and a cluster at once, -n with -A).
    bool read(const QCommandLineParser &parser, SourceSpec *spec, QString *error) const;

private:
    QCommandLineOption m_context;
    QCommandLineOption m_kubeconfig;
    QCommandLineOption m_namespace;
    QCommandLineOption m_allNamespaces;
    QCommandLineOption m_live;
};

// The source for a spec. `standardInput` (optional) is where "-" reads from instead of the process's stdin.
std::unique_ptr<Source> createSource(const SourceSpec &spec, QIODevice *standardInput = nullptr);

} // namespace routemap
