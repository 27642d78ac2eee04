#pragma once

#include "cluster/clusterendpoint.h"

#include <QStringList>

#include <memory>

namespace routemap {

struct KubeconfigContext {
    QString name;
    QString cluster;
    QString user;
    QString namespaceName; // empty when the context sets none
    QString server;        // the cluster's server, for display
};

// A kubeconfig read exactly as kubectl reads it: --kubeconfig FILE (that file only, must exist), else the
// files in KUBECONFIG (':'-separated, merged, the first file to set a value wins), else ~/.kube/config.
class Kubeconfig
{
public:
    // Loads and merges. `explicitFile` is --kubeconfig (empty: not given). False with one clear sentence in
    // `error` when nothing usable could be read.
    bool load(const QString &explicitFile, QString *error);

    QStringList files() const { return m_files; }             // the files that were read, in merge order
    QString currentContext() const { return m_currentContext; } // empty when none is set
    QList<KubeconfigContext> contexts() const { return m_contexts; }

    // Resolves a context (empty: the current one) into an endpoint. False with one clear sentence naming the
    // file and the context ("context 'prod' not found in /root/.kube/config; contexts: dev, staging").
    bool endpoint(const QString &context, ClusterEndpoint *out, QString *error) const;

private:
    struct Data; // the merged clusters, users and contexts, each with the file that defined it
    QStringList m_files;
    QString m_currentContext;
    QString m_currentContextFile; // the file whose current-context won
    QList<KubeconfigContext> m_contexts;
    std::shared_ptr<const Data> m_data; // shared: copies of a loaded Kubeconfig are cheap
};

} // namespace routemap
