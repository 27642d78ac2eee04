#pragma once

#include "model/snapshot.h"

#include <QStringList>

class QIODevice;

namespace routemap {

struct LoadResult {
    QList<KubeObject> objects;
    QList<LoadIssue> issues;
    int files = 0; // files read (stdin counts as one)

    Snapshot toSnapshot() const { return Snapshot::build(objects, issues); }
};

// Reads manifests: files, folders (recursively, *.yaml, *.yml, *.json) and "-" for standard input.
// Multi-document YAML, JSON, `kind: List` and `*List` wrappers. Each document is parsed on its own,
// so a broken one becomes a LoadIssue with file:line and the others still load.
class ManifestLoader
{
public:
    static LoadResult loadPaths(const QStringList &paths, QIODevice *standardInput = nullptr);
    // One file's contents, as if read from `fileName` (used for stdin, resources and tests).
    static LoadResult loadData(const QByteArray &data, const QString &fileName);
    // The files a path expands to, sorted, folders walked recursively.
    static QStringList expandPath(const QString &path);
};

} // namespace routemap
