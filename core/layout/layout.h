#pragma once

#include "topology/topology.h"

#include <QHash>
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

// The geometry of a laid-out Topology: a plain value, ready for the scene.
struct Layout {
    QHash<QString, NodeGeometry> nodes;
    QHash<QString, EdgeGeometry> edges;
    QRectF bounds;

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
};

} // namespace routemap
