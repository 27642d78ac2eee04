#pragma once

#include "topology/topology.h"

#include <QHash>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <QSizeF>

namespace routemap {

struct NodeGeometry {
    QRectF rect; // scene coordinates (y grows downwards), in points
};

struct EdgeGeometry {
    // Cubic Bézier chain: p0, c1, c2, p1, c1, c2, p2, ... (1 + 3n points)
    QList<QPointF> points;
    QPointF arrowTip;    // where the arrowhead touches the target (== points.last() when absent)
    bool hasArrow = false;
    QPointF labelCenter; // valid when the edge has a label
    bool hasLabel = false;
};

// One region of a map laid out by blocks: the shared entry hub, or the block of one namespace.
struct BlockGeometry {
    QString ns;   // the namespace; empty for cluster-wide objects and for the hub
    bool hub = false;
    QRectF rect;  // scene coordinates, title strip included
    // A big namespace is split into pieces of whole connected groups: this is piece `piece` of `pieces`.
    int piece = 0;
    int pieces = 1;
};

// The geometry of a laid-out Topology: a plain value, ready for the scene.
struct Layout {
    QHash<QString, NodeGeometry> nodes;
    QHash<QString, EdgeGeometry> edges;
    QRectF bounds;
    // Empty when the map was laid out as one graph (one small namespace or none); otherwise the hub first, then
    // the blocks of each namespace. Every node lies inside its block's rect.
    QList<BlockGeometry> blocks;

    bool isEmpty() const { return nodes.isEmpty(); }
};

// What the caller (which knows its fonts) measures for the layout engine.
struct LayoutOptions {
    QHash<QString, QSizeF> nodeSizes;      // by node id; a default is used when missing
    QHash<QString, QSizeF> edgeLabelSizes; // by edge id
    QSizeF defaultNodeSize{180, 56};
    double rankSeparation = 90;            // points between tiers
    double nodeSeparation = 22;            // points between nodes of a tier
    bool hideInternal = false;             // leave out internal nodes and their edges
    // The shape (width / height) of the window or page the namespace blocks are packed for.
    double aspectRatio = 16.0 / 10.0;
};

} // namespace routemap
