#pragma once

#include "layout/layout.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSizeF>
#include <QString>

namespace routemap {

// One graph handed to dot on its own: the hub, one namespace block, or a whole small map. Ranks are the
// columns, left to right; a port is a point on the part's left or right side where an edge from or to
// another part enters or leaves, so dot routes that edge's inner piece (and places its label) too.
struct PartNode {
    QString key; // a topology node id, or a port key (see portKey)
    int rank = 0;
    QSizeF size;
    bool ghost = false;
    bool port = false;
};

struct PartEdge {
    QString key; // a topology edge id, or a port key for the piece from a node to its out-port
    QString from;
    QString to;
    QSizeF labelSize; // invalid: no label
    bool ghost = false;
};

struct PartGraph {
    QList<PartNode> nodes;
    QList<PartEdge> edges;
    int firstRank = 0; // columns firstRank..lastRank are kept in order even when empty
    int lastRank = 0;

    // A digest of everything that shapes the layout (nodes, edges, sizes, separations): equal digests,
    // equal layouts.
    QByteArray digest(const LayoutOptions &options) const;
};

// A part's geometry, with its bounding box's top-left at (0, 0).
struct PartLayout {
    QHash<QString, QRectF> nodes; // ports included (tiny boxes)
    QHash<QString, EdgeGeometry> edges;
    QRectF bounds;
};

// Keys that cannot clash with topology ids (which never start with a control character).
QString inPortKey(const QString &sourceNodeId);
QString outPortKey(const QString &sourceNodeId);

// Lays out one part with dot. Graphviz calls are serialised process-wide. Self-loops are drawn beside their node.
PartLayout layoutPart(const PartGraph &part, const LayoutOptions &options);

// The DOT text of the whole topology as one graph with readable labels (names, kinds, edge labels) and dot's
// positions attached, for other Graphviz tools. Empty when Graphviz fails.
QByteArray exportDot(const Topology &topology, const LayoutOptions &options);

// The box size used for a node: options.nodeSizes[id] when valid, else options.defaultNodeSize.
QSizeF layoutNodeSize(const LayoutOptions &options, const QString &nodeId);

// The space reserved for an edge's label; an invalid size means the edge carries no label.
// Uses options.edgeLabelSizes[id] when valid; a labelled edge without a measured size gets a rough estimate.
QSizeF layoutLabelSize(const LayoutOptions &options, const TopoEdge &edge);

} // namespace routemap
