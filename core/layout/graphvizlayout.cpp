#include "layout/graphvizlayout.h"

#include "layout/blockpacking.h"
#include "layout/graphvizpart.h"

#include <QCache>
#include <QLineF>
#include <QMap>
#include <QMutex>
#include <QMutexLocker>
#include <QSet>
#include <algorithm>

namespace routemap {

namespace {

// Room inside a block's frame around its part, and the strip on top for the namespace's name.
constexpr double BlockPadding = 12;
constexpr double BlockTitleHeight = 26;
constexpr double CornerRadius = 10;
// Ranks of a part: the tiers, with a column for in-ports before the blocks' first tier and one for out-ports
// after the last tier of a part.
constexpr int HubFirstRank = static_cast<int>(Tier::Client);
constexpr int HubLastRank = static_cast<int>(Tier::Controller);
constexpr int BlockFirstRank = static_cast<int>(Tier::Route);
constexpr int BlockLastRank = static_cast<int>(Tier::Pods);
// A namespace with more nodes than this is split into blocks of whole connected groups, so one big namespace
// does not make one tall column that nothing packs beside.
constexpr qsizetype BlockNodes = 80;
// Parts laid out recently; a cluster's worth of namespaces fits many times.
constexpr int CacheEntries = 4096;

struct PartCache {
    QMutex mutex;
    QCache<QByteArray, PartLayout> layouts {CacheEntries};
    quint64 hits = 0;
    quint64 misses = 0;
};

PartCache &partCache()
{
    static PartCache cache;
    return cache;
}

PartLayout cachedLayout(const PartGraph &part, const LayoutOptions &options)
{
    PartCache &cache = partCache();
    const QByteArray key = part.digest(options);
    {
        const QMutexLocker locker(&cache.mutex);
        if (const PartLayout *hit = cache.layouts.object(key)) {
            ++cache.hits;
            return *hit;
        }
        ++cache.misses;
    }
    PartLayout layout = layoutPart(part, options);
    const QMutexLocker locker(&cache.mutex);
    cache.layouts.insert(key, new PartLayout(layout));
    return layout;
}

bool isHub(const TopoNode &node)
{
    return static_cast<int>(node.tier) <= HubLastRank;
}

QString namespaceOf(const TopoNode &node)
{
    return node.ns.isEmpty() ? node.ref.ns : node.ns;
}

int rankOf(const TopoNode &node)
{
    return std::clamp(static_cast<int>(node.tier), HubFirstRank, BlockLastRank);
}

PartNode partNode(const TopoNode &node, const LayoutOptions &options)
{
    return PartNode {node.id, rankOf(node), layoutNodeSize(options, node.id), node.ghost, false};
}

PartEdge partEdge(const TopoEdge &edge, const QString &from, const LayoutOptions &options)
{
    return PartEdge {edge.id, from, edge.to, layoutLabelSize(options, edge), edge.ghost};
}

void translate(EdgeGeometry &geometry, const QPointF &by)
{
    for (QPointF &p : geometry.points) {
        p += by;
    }
    geometry.arrowTip += by;
    geometry.labelCenter += by;
}

// Appends a piece of a Bézier chain, joining a gap with a straight segment.
void appendPiece(QList<QPointF> &chain, const QList<QPointF> &piece)
{
    if (piece.isEmpty()) {
        return;
    }
    if (chain.isEmpty()) {
        chain = piece;
        return;
    }
    const QPointF last = chain.constLast();
    const QPointF first = piece.constFirst();
    if (QLineF(last, first).length() > 0.01) {
        chain << last + (first - last) / 3 << last + (first - last) * 2 / 3 << first;
    }
    chain.append(piece.mid(1));
}

EdgeGeometry straightEdge(const QRectF &from, const QRectF &to, const QSizeF &labelSize)
{
    const QPointF a(from.right(), from.center().y());
    const QPointF b(to.left(), to.center().y());
    EdgeGeometry geometry;
    geometry.points = {a, a + (b - a) / 3, a + (b - a) * 2 / 3, b};
    geometry.arrowTip = b;
    geometry.hasArrow = true;
    if (labelSize.isValid()) {
        geometry.labelCenter = (a + b) / 2;
        geometry.hasLabel = true;
    }
    return geometry;
}

QRectF unitedBounds(const Layout &layout)
{
    QRectF bounds;
    const auto unite = [&bounds](const QRectF &r) { bounds = bounds.isNull() ? r : bounds.united(r); };
    for (const NodeGeometry &node : layout.nodes) {
        unite(node.rect);
    }
    for (const BlockGeometry &block : layout.blocks) {
        unite(block.rect);
    }
    for (const EdgeGeometry &edge : layout.edges) {
        for (const QPointF &p : edge.points) {
            // A point as a tiny rect: QRectF::united ignores empty ones.
            unite(QRectF(p - QPointF(0.5, 0.5), QSizeF(1, 1)));
        }
    }
    return bounds;
}

// A small map: one graph, one column per tier.
Layout layoutWhole(const QList<const TopoNode *> &nodes, const QList<const TopoEdge *> &edges,
    const LayoutOptions &options)
{
    PartGraph part;
    part.firstRank = HubFirstRank;
    part.lastRank = BlockLastRank;
    for (const TopoNode *node : nodes) {
        part.nodes.append(partNode(*node, options));
    }
    for (const TopoEdge *edge : edges) {
        part.edges.append(partEdge(*edge, edge->from, options));
    }
    const PartLayout laid = cachedLayout(part, options);
    Layout layout;
    for (const TopoNode *node : nodes) {
        if (const auto it = laid.nodes.constFind(node->id); it != laid.nodes.cend()) {
            layout.nodes.insert(node->id, NodeGeometry {*it});
        }
    }
    for (const TopoEdge *edge : edges) {
        if (const auto it = laid.edges.constFind(edge->id); it != laid.edges.cend()) {
            layout.edges.insert(edge->id, *it);
        }
    }
    layout.bounds = laid.bounds;
    return layout;
}

struct CrossEdge {
    const TopoEdge *edge = nullptr;
    int fromPart = -1; // -1: the hub
    int toPart = -1;
};

Layout layoutBlocks(const QList<const TopoNode *> &nodes, const QList<const TopoEdge *> &edges,
    const QHash<QString, int> &partOfNode, const QList<BlockGeometry> &blocks, const LayoutOptions &options)
{
    // parts[0] is the hub, parts[1 + i] blocks[i].
    QList<PartGraph> parts(blocks.size() + 1);
    parts[0].firstRank = HubFirstRank;
    parts[0].lastRank = HubLastRank;
    for (qsizetype i = 1; i < parts.size(); ++i) {
        parts[i].firstRank = BlockFirstRank;
        parts[i].lastRank = BlockLastRank;
    }
    for (const TopoNode *node : nodes) {
        parts[partOfNode.value(node->id) + 1].nodes.append(partNode(*node, options));
    }
    QList<CrossEdge> crosses;
    QMap<QString, int> sources; // cross-edge sources, in id order, for their lanes
    QList<QSet<QString>> inPorts(parts.size());
    QList<QSet<QString>> outPorts(parts.size());
    for (const TopoEdge *edge : edges) {
        const int from = partOfNode.value(edge->from);
        const int to = partOfNode.value(edge->to);
        if (from == to) {
            parts[from + 1].edges.append(partEdge(*edge, edge->from, options));
            continue;
        }
        crosses.append(CrossEdge {edge, from, to});
        if (to < 0) {
            continue; // into the hub: drawn straight (the topology has no such edges)
        }
        sources.insert(edge->from, 0);
        PartGraph &target = parts[to + 1];
        const QString in = inPortKey(edge->from);
        if (!inPorts[to + 1].contains(in)) {
            inPorts[to + 1].insert(in);
            target.nodes.append(PartNode {in, BlockFirstRank - 1, {}, false, true});
            target.firstRank = BlockFirstRank - 1;
        }
        // The inner piece carries the label: it has the room dot made for it.
        target.edges.append(partEdge(*edge, in, options));
        PartGraph &source = parts[from + 1];
        const QString out = outPortKey(edge->from);
        if (!outPorts[from + 1].contains(out)) {
            outPorts[from + 1].insert(out);
            const int outRank = (from < 0 ? HubLastRank : BlockLastRank) + 1;
            source.nodes.append(PartNode {out, outRank, {}, false, true});
            source.lastRank = outRank;
            source.edges.append(PartEdge {out, edge->from, out, {}, false});
        }
    }
    int lane = 0;
    for (auto it = sources.begin(); it != sources.end(); ++it) {
        it.value() = lane++;
    }

    QList<PartLayout> laid;
    laid.reserve(parts.size());
    for (const PartGraph &part : std::as_const(parts)) {
        laid.append(cachedLayout(part, options));
    }
    const auto framed = [](const PartLayout &part) {
        if (part.nodes.isEmpty()) {
            return QSizeF(0, 0);
        }
        return QSizeF(part.bounds.width() + 2 * BlockPadding, part.bounds.height() + 2 * BlockPadding + BlockTitleHeight);
    };
    QList<QSizeF> blockSizes;
    for (qsizetype i = 1; i < laid.size(); ++i) {
        blockSizes.append(framed(laid.at(i)));
    }
    const BlockPacking packing
        = packBlocks(framed(laid.at(0)), blockSizes, static_cast<int>(sources.size()), options.aspectRatio);

    Layout layout;
    QList<QPointF> offsets;
    for (qsizetype i = 0; i < laid.size(); ++i) {
        const QRectF frame = i == 0 ? packing.hub : packing.blocks.at(i - 1);
        offsets.append(frame.topLeft() + QPointF(BlockPadding, BlockPadding + BlockTitleHeight));
        if (laid.at(i).nodes.isEmpty()) {
            continue;
        }
        BlockGeometry block = i == 0 ? BlockGeometry {QString(), true, {}, 0, 1} : blocks.at(i - 1);
        block.rect = frame;
        layout.blocks.append(block);
        for (auto it = laid.at(i).nodes.cbegin(); it != laid.at(i).nodes.cend(); ++it) {
            if (partOfNode.contains(it.key())) {
                layout.nodes.insert(it.key(), NodeGeometry {it->translated(offsets.at(i))});
            }
        }
    }
    for (const TopoEdge *edge : edges) {
        const int part = partOfNode.value(edge->from);
        if (part != partOfNode.value(edge->to)) {
            continue;
        }
        if (const auto it = laid.at(part + 1).edges.constFind(edge->id); it != laid.at(part + 1).edges.cend()) {
            EdgeGeometry geometry = *it;
            translate(geometry, offsets.at(part + 1));
            layout.edges.insert(edge->id, geometry);
        }
    }
    for (const CrossEdge &cross : std::as_const(crosses)) {
        const TopoEdge &edge = *cross.edge;
        const PartLayout &from = laid.at(cross.fromPart + 1);
        const PartLayout *to = cross.toPart >= 0 ? &laid.at(cross.toPart + 1) : nullptr;
        const QString out = outPortKey(edge.from);
        const QString in = inPortKey(edge.from);
        if (!to || !from.edges.contains(out) || !to->edges.contains(edge.id) || !from.nodes.contains(out)
            || !to->nodes.contains(in)) {
            if (layout.nodes.contains(edge.from) && layout.nodes.contains(edge.to)) {
                layout.edges.insert(
                    edge.id, straightEdge(layout.nodes.value(edge.from).rect,
                                       layout.nodes.value(edge.to).rect, layoutLabelSize(options, edge)));
            }
            continue;
        }
        EdgeGeometry head = from.edges.value(out);
        translate(head, offsets.at(cross.fromPart + 1));
        EdgeGeometry tail = to->edges.value(edge.id);
        translate(tail, offsets.at(cross.toPart + 1));
        const QPointF exit = from.nodes.value(out).center() + offsets.at(cross.fromPart + 1);
        const QPointF entry = to->nodes.value(in).center() + offsets.at(cross.toPart + 1);
        const QList<QPointF> gutter = roundedChain(
            packing.route(cross.fromPart, exit, cross.toPart, entry, sources.value(edge.from)), CornerRadius);
        EdgeGeometry geometry = tail;
        geometry.points.clear();
        appendPiece(geometry.points, head.points);
        appendPiece(geometry.points, gutter);
        appendPiece(geometry.points, tail.points);
        layout.edges.insert(edge.id, geometry);
    }
    layout.bounds = unitedBounds(layout);
    return layout;
}

// The blocks of one namespace: its connected groups of nodes, in the order of their first node id, gathered
// into pieces of about BlockNodes nodes (a bigger group stays whole). Small namespaces are one block.
QList<QStringList> namespacePieces(const QStringList &nodeIds, const QList<const TopoEdge *> &edges)
{
    if (nodeIds.size() <= BlockNodes) {
        return {nodeIds};
    }
    QHash<QString, QString> parent;
    for (const QString &id : nodeIds) {
        parent.insert(id, id);
    }
    const auto root = [&parent](QString id) {
        for (;;) {
            const QString up = parent.value(id);
            if (up == id) {
                return id;
            }
            const QString above = parent.value(up);
            parent.insert(id, above); // path halving keeps the trees flat
            id = above;
        }
    };
    for (const TopoEdge *edge : edges) {
        if (parent.contains(edge->from) && parent.contains(edge->to)) {
            const QString a = root(edge->from);
            const QString b = root(edge->to);
            if (a != b) {
                parent.insert(std::max(a, b), std::min(a, b)); // the smaller id names the group
            }
        }
    }
    QMap<QString, QStringList> groups; // by the group's smallest id
    for (const QString &id : nodeIds) {
        groups[root(id)].append(id);
    }
    QList<QStringList> pieces;
    for (const QStringList &group : std::as_const(groups)) {
        if (pieces.isEmpty() || pieces.constLast().size() + group.size() > BlockNodes) {
            pieces.append(group);
        } else {
            pieces.last().append(group);
        }
    }
    return pieces;
}

} // namespace

Layout layoutTopology(const Topology &topology, const LayoutOptions &options)
{
    QList<const TopoNode *> nodes;
    QHash<QString, int> partOfNode; // -1: hub, else the index of its block
    QMap<QString, QStringList> namespaceNodes; // cluster-wide objects (no namespace) first, then by name
    for (const TopoNode &node : topology.nodes) {
        if (node.id.isEmpty() || partOfNode.contains(node.id) || (options.hideInternal && node.internal)) {
            continue;
        }
        nodes.append(&node);
        partOfNode.insert(node.id, -1);
        if (!isHub(node)) {
            namespaceNodes[namespaceOf(node)].append(node.id);
        }
    }
    if (nodes.isEmpty()) {
        return {};
    }
    QList<const TopoEdge *> edges;
    QSet<QString> edgeIds;
    for (const TopoEdge &edge : topology.edges) {
        if (!edge.id.isEmpty() && !edgeIds.contains(edge.id) && partOfNode.contains(edge.from)
            && partOfNode.contains(edge.to)) {
            edgeIds.insert(edge.id);
            edges.append(&edge);
        }
    }
    QList<BlockGeometry> blocks;
    for (auto it = namespaceNodes.cbegin(); it != namespaceNodes.cend(); ++it) {
        const QList<QStringList> pieces = namespacePieces(*it, edges);
        for (qsizetype i = 0; i < pieces.size(); ++i) {
            for (const QString &id : pieces.at(i)) {
                partOfNode.insert(id, static_cast<int>(blocks.size()));
            }
            blocks.append(BlockGeometry {it.key(), false, {}, static_cast<int>(i), static_cast<int>(pieces.size())});
        }
    }
    if (blocks.size() <= 1) {
        return layoutWhole(nodes, edges, options);
    }
    return layoutBlocks(nodes, edges, partOfNode, blocks, options);
}

QByteArray renderDot(const Topology &topology, const LayoutOptions &options)
{
    return exportDot(topology, options);
}

LayoutCacheStats layoutCacheStats()
{
    PartCache &cache = partCache();
    const QMutexLocker locker(&cache.mutex);
    return LayoutCacheStats {cache.hits, cache.misses, cache.layouts.count()};
}

void clearLayoutCache()
{
    PartCache &cache = partCache();
    const QMutexLocker locker(&cache.mutex);
    cache.layouts.clear();
    cache.hits = 0;
    cache.misses = 0;
}

} // namespace routemap
