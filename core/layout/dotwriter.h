#pragma once

#include "layout/layout.h"

#include <QSizeF>
#include <QString>

namespace routemap {

// The DOT text Routemap hands to Graphviz: left-to-right, one rank per Tier (kept in column order by an
// invisible chain of tier anchors, so an empty tier still takes its column), fixed-size boxes and
// font-independent label boxes sized by the caller. Self-loops are left out (layoutTopology draws them) and
// edges within one tier carry their label as an xlabel. Deterministic, so it can be compared to golden files.
QString toDot(const Topology &topology, const LayoutOptions &options);

// The DOT text with the names it uses: a node's DOT name and an edge's `id` attribute are the Routemap ids
// when DOT can carry them losslessly, otherwise stand-ins such as "__routemap_node3".
struct DotGraph {
    QString text;
    QHash<QString, QString> nodeNames; // node id -> DOT node name (only nodes written)
    QHash<QString, QString> edgeIds; // DOT edge id attribute -> edge id (only edges written)
};
DotGraph buildDot(const Topology &topology, const LayoutOptions &options);

// The box size used for a node: options.nodeSizes[id] when valid, else options.defaultNodeSize.
QSizeF layoutNodeSize(const LayoutOptions &options, const QString &nodeId);

// The space reserved for an edge's label; an invalid size means the edge carries no label.
// Uses options.edgeLabelSizes[id] when valid; a labelled edge without a measured size gets a rough estimate.
QSizeF layoutLabelSize(const LayoutOptions &options, const TopoEdge &edge);

// `text` as a DOT double-quoted string. Graphviz reads it back as exactly `text` when dotRoundTrips(text);
// otherwise a space is put after each backslash that DOT would take as an escape (fine for display text).
QString dotQuoted(const QString &text);
// False when `text` has a backslash before a quote, a line break or the end: DOT cannot quote that exactly.
bool dotRoundTrips(const QString &text);

} // namespace routemap
