#pragma once

#include "diagnostics/diagnostics.h"
#include "model/snapshot.h"
#include "topology/topology.h"

#include <QDateTime>
#include <QHash>

#include <atomic>
#include <memory>
#include <optional>

namespace routemap {

// Everything one analysis depends on besides the snapshot.
struct AnalysisOptions {
    // Treat the input as the whole cluster: missing references are certain. A cluster snapshot is complete
    // by itself (Snapshot::isComplete); this switch makes manifests complete too.
    bool complete = false;
    DiagnosticsOptions diagnostics;

    friend bool operator==(const AnalysisOptions &a, const AnalysisOptions &b)
    {
        return a.complete == b.complete && a.diagnostics.nodePortMin == b.diagnostics.nodePortMin
            && a.diagnostics.nodePortMax == b.diagnostics.nodePortMax;
    }
};

// Which graph items each finding marks. The map colours a node or edge by the worst finding that marks it;
// the findings table selects the first node of a finding that is on the map.
struct FindingMarks {
    QHash<QString, QList<int>> nodes; // node id -> indexes into the findings
    QHash<QString, QList<int>> edges; // edge id -> indexes into the findings
    QList<QStringList> nodesOfFinding; // per finding: the nodes that show it, best first

    // The worst severity among `indexes` (nothing for an empty list).
    static std::optional<Severity> worst(const QList<Finding> &findings, const QList<int> &indexes);
    // "error code: message" lines, worst first.
    static QStringList messages(const QList<Finding> &findings, const QList<int> &indexes);
};

// Which nodes and edges each finding marks. A node stands for its main object and every object it groups;
// an edge takes a finding when it leads into a marked node and either starts at one too (the broken link
// itself) or the finding is about its target alone (every way into it is affected).
FindingMarks markFindings(const Topology &topology, const QList<Finding> &findings);

// One analysed snapshot: the value every consumer (check, render, the window) reads.
struct Analysis {
    quint64 generation = 0; // increases with each analysis a runner makes
    QDateTime madeAt;
    Snapshot snapshot;      // as analysed (complete when the options said so)
    Topology topology;
    QList<Finding> findings;
    FindingMarks marks;
    AnalysisOptions options;
    bool cancelled = false; // stopped early: the rest is not to be used
};

// The one pipeline: snapshot -> topology + findings + marks. Pure; the only caller of the topology builder and
// the diagnostics. `cancel`, when given and set, stops between stages.
Analysis analyse(Snapshot snapshot, const AnalysisOptions &options, const std::atomic_bool *cancel = nullptr);

// The analysis seen through some namespaces (render and check with -n on manifests): the map keeps their nodes and
// every node on a path into them; the findings are those about objects in them or marking a kept node.
Analysis scopeToNamespaces(const Analysis &analysis, const QStringList &namespaces);

// A stable identity for a finding across snapshots (code, object and what it points at), for "added" and
// "removed" in watch output and history.
QString findingKey(const Finding &finding);

} // namespace routemap
