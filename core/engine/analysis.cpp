#include "engine/analysis.h"

#include "topology/topologybuilder.h"

#include <QSet>
#include <algorithm>

namespace routemap {

std::optional<Severity> FindingMarks::worst(const QList<Finding> &findings, const QList<int> &indexes)
{
    std::optional<Severity> worst;
    for (const int i : indexes) {
        const Severity s = findings.at(i).severity;
        if (!worst || static_cast<int>(s) > static_cast<int>(*worst)) {
            worst = s;
        }
    }
    return worst;
}

QStringList FindingMarks::messages(const QList<Finding> &findings, const QList<int> &indexes)
{
    QList<int> sorted = indexes;
    std::stable_sort(sorted.begin(), sorted.end(), [&findings](int a, int b) {
        return static_cast<int>(findings.at(a).severity) > static_cast<int>(findings.at(b).severity);
    });
    QStringList out;
    for (const int i : std::as_const(sorted)) {
        const Finding &f = findings.at(i);
        out.append(severityName(f.severity) + u' ' + f.code + QStringLiteral(": ") + f.message);
    }
    return out;
}

FindingMarks markFindings(const Topology &topology, const QList<Finding> &findings)
{
    // Which nodes stand for each object: the node that is the object first, then nodes that group it.
    QHash<ObjectRef, QStringList> exact;
    QHash<ObjectRef, QStringList> grouped;
    for (const TopoNode &node : topology.nodes) {
        if (node.ref.isValid()) {
            exact[node.ref].append(node.id);
        }
        for (const ObjectRef &ref : node.refs) {
            if (ref != node.ref) {
                grouped[ref].append(node.id);
            }
        }
    }
    QHash<QString, QList<const TopoEdge *>> edgesInto;
    for (const TopoEdge &edge : topology.edges) {
        edgesInto[edge.to].append(&edge);
    }
    const auto nodesFor = [&exact, &grouped](const ObjectRef &ref) {
        return exact.value(ref) + grouped.value(ref);
    };

    FindingMarks marks;
    marks.nodesOfFinding.reserve(findings.size());
    for (int i = 0; i < findings.size(); ++i) {
        const Finding &finding = findings.at(i);
        QStringList ordered = nodesFor(finding.object);
        for (const ObjectRef &ref : finding.related) {
            for (const QString &id : nodesFor(ref)) {
                if (!ordered.contains(id)) {
                    ordered.append(id);
                }
            }
        }
        ordered.removeDuplicates();
        const QSet<QString> named(ordered.cbegin(), ordered.cend());
        for (const QString &id : std::as_const(ordered)) {
            marks.nodes[id].append(i);
            for (const TopoEdge *edge : edgesInto.value(id)) {
                if (named.contains(edge->from) || finding.related.isEmpty()) {
                    QList<int> &onEdge = marks.edges[edge->id];
                    if (onEdge.isEmpty() || onEdge.last() != i) {
                        onEdge.append(i);
                    }
                }
            }
        }
        marks.nodesOfFinding.append(ordered);
    }
    return marks;
}

Analysis analyse(Snapshot snapshot, const AnalysisOptions &options, const std::atomic_bool *cancel)
{
    const auto cancelled = [cancel] { return cancel && cancel->load(std::memory_order_relaxed); };
    Analysis analysis;
    analysis.options = options;
    analysis.madeAt = QDateTime::currentDateTimeUtc();
    if (options.complete && !snapshot.isComplete()) {
        snapshot.setComplete(true);
    }
    analysis.snapshot = std::move(snapshot);
    if (cancelled()) {
        analysis.cancelled = true;
        return analysis;
    }
    analysis.topology = buildTopology(analysis.snapshot);
    if (cancelled()) {
        analysis.cancelled = true;
        return analysis;
    }
    analysis.findings = runDiagnostics(analysis.snapshot, options.diagnostics);
    if (cancelled()) {
        analysis.cancelled = true;
        return analysis;
    }
    analysis.marks = markFindings(analysis.topology, analysis.findings);
    return analysis;
}

Analysis scopeToNamespaces(const Analysis &analysis, const QStringList &namespaces)
{
    Analysis scoped = analysis;
    scoped.topology = analysis.topology.scopedToNamespaces(namespaces);
    QSet<QString> kept;
    for (const TopoNode &node : std::as_const(scoped.topology.nodes)) {
        kept.insert(node.id);
    }
    scoped.findings.clear();
    for (int i = 0; i < analysis.findings.size(); ++i) {
        const Finding &f = analysis.findings.at(i);
        const QStringList &nodes = analysis.marks.nodesOfFinding.at(i);
        const bool onMap = std::any_of(nodes.cbegin(), nodes.cend(), [&kept](const QString &id) { return kept.contains(id); });
        if (namespaces.contains(f.object.ns) || (f.object.ns.isEmpty() && onMap)) {
            scoped.findings.append(f);
        }
    }
    scoped.marks = markFindings(scoped.topology, scoped.findings);
    return scoped;
}

QString findingKey(const Finding &finding)
{
    QString key = finding.code + u'|' + finding.object.key();
    for (const ObjectRef &ref : finding.related) {
        key += u'|' + ref.key();
    }
    return key;
}

} // namespace routemap
