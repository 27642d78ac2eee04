#pragma once

#include "layout/layout.h"

#include <QByteArray>

namespace routemap {

// Lays out `topology` with Graphviz dot (the DOT text of toDot()) and returns the geometry in scene
// coordinates (points, y grows downwards). Nodes and edges left out by the options are not in the result;
// an empty topology gives an empty Layout. Thread-safe: Graphviz calls are serialised process-wide.
Layout layoutTopology(const Topology &topology, const LayoutOptions &options);

// The same layout as Graphviz's own "dot" output (positions, splines and bounding box attached), for
// exporting to other Graphviz tools. Empty when Graphviz fails.
QByteArray renderDot(const Topology &topology, const LayoutOptions &options);

} // namespace routemap
