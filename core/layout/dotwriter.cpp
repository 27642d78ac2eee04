#include "layout/dotwriter.h"

#include <QSet>
#include <algorithm>
#include <array>
#include <cmath>

namespace routemap {

namespace {

constexpr double PointsPerInch = 72.0;
constexpr int TierCount = 6;
// Graphviz refuses separations below these (in inches) and HTML table sizes above 65535 points.
constexpr double MinNodeSep = 0.02;
constexpr double MinRankSep = 0.02;
constexpr double MaxHtmlSize = 65535.0;
// A labelled edge whose label the caller did not measure: a rough box so the text still has room.
constexpr double EstimatedCharWidth = 7.0;
constexpr double EstimatedLabelPadding = 8.0;
constexpr double EstimatedLabelHeight = 16.0;
// dot's coordinate pass (network simplex) dominates on big graphs: ~6 s for 3k nodes uncapped, ~0.9 s with
// about 600 iterations. Above this many nodes its iterations are capped at PositionIterations; the result
// is still a valid layout, only less tightly straightened.
constexpr int LargeGraphNodes = 1000;
constexpr double PositionIterations = 600;

bool isUsable(const QSizeF &size)
{
    return std::isfinite(size.width()) && std::isfinite(size.height()) && size.width() > 0 && size.height() > 0;
}

// Numbers in DOT: short, locale-independent and stable across runs.
QString number(double value)
{
    return QString::number(value, 'g', 6);
}

QString inches(double points)
{
    return number(points / PointsPerInch);
}

int tierIndex(Tier tier)
{
    return std::clamp(static_cast<int>(tier), 0, TierCount - 1);
}

// A name for the invisible anchor of a tier that no real node uses.
QString anchorName(int tier, const QSet<QString> &taken)
{
    QString name = QStringLiteral("__routemap_tier%1").arg(tier);
    while (taken.contains(name)) {
        name += u'_';
    }
    return name;
}

QString labelHtml(const QSizeF &size)
{
    const auto clampSize = [](double v) { return static_cast<int>(std::ceil(std::min(v, MaxHtmlSize))); };
    return QStringLiteral("<<table border=\"0\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"0\" "
                          "fixedsize=\"true\" width=\"%1\" height=\"%2\"><tr><td></td></tr></table>>")
        .arg(clampSize(size.width()))
        .arg(clampSize(size.height()));
}

} // namespace

QSizeF layoutNodeSize(const LayoutOptions &options, const QString &nodeId)
{
    const QSizeF size = options.nodeSizes.value(nodeId);
    if (isUsable(size)) {
        return size;
    }
    if (isUsable(options.defaultNodeSize)) {
        return options.defaultNodeSize;
    }
    return LayoutOptions {}.defaultNodeSize;
}

QSizeF layoutLabelSize(const LayoutOptions &options, const TopoEdge &edge)
{
    const QSizeF size = options.edgeLabelSizes.value(edge.id);
    if (isUsable(size)) {
        return size;
    }
    if (edge.label.isEmpty()) {
        return {};
    }
    return {EstimatedCharWidth * edge.label.size() + EstimatedLabelPadding, EstimatedLabelHeight};
}

namespace {

// Inside a DOT quoted string \" is a quote, backslash-newline is a line continuation, and every other
// backslash (a pair included) is kept as is. So a backslash right before a quote, a line break or the
// closing quote cannot be written.
bool isAmbiguousBackslash(const QString &text, qsizetype i)
{
    if (text.at(i) != u'\\') {
        return false;
    }
    if (i + 1 == text.size()) {
        return true;
    }
    const QChar next = text.at(i + 1);
    return next == u'"' || next == u'\n' || next == u'\r';
}

} // namespace

bool dotRoundTrips(const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (isAmbiguousBackslash(text, i)) {
            return false;
        }
    }
    return true;
}

QString dotQuoted(const QString &text)
{
    QString out;
    out.reserve(text.size() + 2);
    out += u'"';
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'"') {
            out += QStringLiteral("\\\"");
        } else {
            out += c;
            if (isAmbiguousBackslash(text, i)) {
                out += u' ';
            }
        }
    }
    out += u'"';
    return out;
}

QString toDot(const Topology &topology, const LayoutOptions &options)
{
    return buildDot(topology, options).text;
}

DotGraph buildDot(const Topology &topology, const LayoutOptions &options)
{
    DotGraph graph;
    // Included nodes, first occurrence of an id wins.
    QSet<QString> nodeIds;
    QHash<QString, int> tierOfNode;
    std::array<QList<const TopoNode *>, TierCount> tiers;
    for (const TopoNode &node : topology.nodes) {
        if (node.id.isEmpty() || nodeIds.contains(node.id) || (options.hideInternal && node.internal)) {
            continue;
        }
        nodeIds.insert(node.id);
        const int tier = tierIndex(node.tier);
        tierOfNode.insert(node.id, tier);
        tiers[static_cast<size_t>(tier)].append(&node);
    }
    // Nodes of a namespace next to each other give mincross a readable start.
    for (auto &tier : tiers) {
        std::stable_sort(tier.begin(), tier.end(),
            [](const TopoNode *a, const TopoNode *b) { return std::tie(a->ns, a->id) < std::tie(b->ns, b->id); });
    }

    QSet<QString> allIds = nodeIds;
    for (const TopoNode &node : topology.nodes) {
        allIds.insert(node.id);
    }
    QStringList anchors;
    for (int t = 0; t < TierCount; ++t) {
        anchors.append(anchorName(t, allIds));
        allIds.insert(anchors.constLast());
    }
    // Stand-in names for ids DOT cannot carry.
    int standIns = 0;
    const auto standIn = [&allIds, &standIns](const QString &prefix) {
        QString name;
        do {
            name = prefix + QString::number(standIns++);
        } while (allIds.contains(name));
        allIds.insert(name);
        return name;
    };
    for (const auto &tier : tiers) {
        for (const TopoNode *node : tier) {
            graph.nodeNames.insert(
                node->id, dotRoundTrips(node->id) ? node->id : standIn(QStringLiteral("__routemap_node")));
        }
    }

    graph.text += QStringLiteral("digraph \"routemap\" {\n");
    QString capIterations;
    if (nodeIds.size() > LargeGraphNodes) {
        // nslimit scales with the number of nodes.
        capIterations = QStringLiteral(", nslimit=") + number(PositionIterations / static_cast<double>(nodeIds.size()));
    }
    graph.text += QStringLiteral("  graph [rankdir=LR, splines=spline, nodesep=%1, ranksep=%2%3];\n")
                      .arg(number(std::max(MinNodeSep, options.nodeSeparation / PointsPerInch)),
                          number(std::max(MinRankSep, options.rankSeparation / PointsPerInch)), capIterations);
    graph.text += QStringLiteral("  node [shape=box, fixedsize=true, label=\"\"];\n");
    graph.text += QStringLiteral("  edge [arrowsize=0.8];\n");

    // Tier anchors: one invisible node per column chained left to right, so columns keep their order even
    // when a tier is empty or nothing connects two tiers.
    graph.text += QStringLiteral("  ");
    for (int t = 0; t < TierCount; ++t) {
        graph.text += (t ? QStringLiteral(" -> ") : QString()) + dotQuoted(anchors.at(t));
    }
    graph.text += QStringLiteral(" [style=invis];\n");

    for (int t = 0; t < TierCount; ++t) {
        graph.text += QStringLiteral("  subgraph \"tier%1\" {\n    rank=same;\n").arg(t);
        graph.text += QStringLiteral("    %1 [style=invis, width=0.01, height=0.01];\n").arg(dotQuoted(anchors.at(t)));
        for (const TopoNode *node : tiers[static_cast<size_t>(t)]) {
            const QSizeF size = layoutNodeSize(options, node->id);
            QString attrs = QStringLiteral("width=%1, height=%2").arg(inches(size.width()), inches(size.height()));
            if (!node->title.isEmpty()) {
                attrs += QStringLiteral(", tooltip=") + dotQuoted(node->title);
            }
            if (node->ghost) {
                attrs += QStringLiteral(", style=dashed");
            }
            graph.text += QStringLiteral("    %1 [%2];\n").arg(dotQuoted(graph.nodeNames.value(node->id)), attrs);
        }
        graph.text += QStringLiteral("  }\n");
    }

    QSet<QString> edgeIds;
    for (const TopoEdge &edge : topology.edges) {
        // Edges to left-out or unknown nodes would make Graphviz invent nodes: skip them.
        // Self-loops are left to the reader (layoutTopology draws them): Graphviz 2.43 corrupts its heap on
        // them in some graphs (an invalid free in gvFreeLayout under valgrind).
        if (edge.id.isEmpty() || edgeIds.contains(edge.id) || !nodeIds.contains(edge.from) || !nodeIds.contains(edge.to)
            || edge.from == edge.to) {
            continue;
        }
        edgeIds.insert(edge.id);
        const QString dotId = dotRoundTrips(edge.id) ? edge.id : standIn(QStringLiteral("__routemap_edge"));
        graph.edgeIds.insert(dotId, edge.id);
        QString attrs = QStringLiteral("id=") + dotQuoted(dotId);
        // Only forward edges rank; the tiers already fix the columns, and a backward edge ranking would
        // fight the anchor chain.
        if (tierOfNode.value(edge.from) >= tierOfNode.value(edge.to)) {
            attrs += QStringLiteral(", constraint=false");
        }
        // An edge within one tier (a flat edge) carries its label as an external label, placed after the layout
        // clear of nodes and other labels. As a real label Graphviz 2.43 would put it in a slot made by
        // reallocating a rank's node list behind a pointer it later frees (flat.c make_vn_slot vs dot_cleanup):
        // an invalid free in gvFreeLayout whenever the edge's ends are not neighbours in their column.
        const QSizeF labelSize = layoutLabelSize(options, edge);
        if (labelSize.isValid()) {
            const bool flat = tierOfNode.value(edge.from) == tierOfNode.value(edge.to);
            attrs += (flat ? QStringLiteral(", xlabel=") : QStringLiteral(", label=")) + labelHtml(labelSize);
        }
        if (edge.ghost) {
            attrs += QStringLiteral(", style=dashed");
        }
        graph.text
            += QStringLiteral("  %1 -> %2 [%3];\n")
                   .arg(dotQuoted(graph.nodeNames.value(edge.from)), dotQuoted(graph.nodeNames.value(edge.to)), attrs);
    }
    graph.text += QStringLiteral("}\n");
    return graph;
}

} // namespace routemap
