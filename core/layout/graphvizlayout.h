#pragma once

#include "layout/layout.h"

#include <QByteArray>

namespace routemap {

// Lays out `topology` and returns the geometry in scene coordinates (points, y grows downwards). Nodes and edges
// left out by the options are not in the result; an empty topology gives an empty Layout.
//
// A map with one namespace (or none) is laid out with dot as one graph, one column per tier. A bigger one is laid
// out by blocks: the shared entry tiers (client, load balancers, NodePorts, controllers, gateways) form a hub on
// the left; every namespace's Ingresses/Routes, Services and pods form a block laid out on its own, and the blocks
// are packed in rows to options.aspectRatio. Edges between parts leave and enter through the part's sides and run
// in the gutters between blocks. Each part's layout is cached by a digest of its content, so a change re-lays out
// only the parts it touches. Thread-safe: Graphviz calls are serialised process-wide.
Layout layoutTopology(const Topology &topology, const LayoutOptions &options);

// The whole topology as one Graphviz graph with readable labels and dot's positions attached, as DOT text for
// other Graphviz tools (`dot -Tpng`). Empty when Graphviz fails.
QByteArray renderDot(const Topology &topology, const LayoutOptions &options);

// How the part cache has served so far (process-wide).
struct LayoutCacheStats {
    quint64 hits = 0;   // parts taken from the cache
    quint64 misses = 0; // parts laid out with dot
    qsizetype entries = 0;
};
LayoutCacheStats layoutCacheStats();
// Forgets every cached part and resets the counters.
void clearLayoutCache();

} // namespace routemap
