#include "layout/graphvizpart.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QIODevice>
#include <QLoggingCategory>
#include <QMutex>
#include <QMutexLocker>
#include <QSet>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

namespace routemap {

namespace {

Q_LOGGING_CATEGORY(lcLayout, "routemap.layout")

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
// about 600 iterations. Above this many nodes its iterations are capped; the result is still a valid layout.
constexpr int LargeGraphNodes = 1000;
constexpr double PositionIterations = 600;
// Self-loop geometry, in points: how far the first loop reaches out, how much further each next one does,
// and the arrowhead's length.
constexpr double LoopReach = 30;
constexpr double LoopStep = 14;
constexpr double LoopArrow = 8;
// Ports are points on a part's side.
constexpr double PortSize = 1.0;

bool isUsable(const QSizeF &size)
{
    return std::isfinite(size.width()) && std::isfinite(size.height()) && size.width() > 0 && size.height() > 0;
}

QByteArray number(double value)
{
    return QByteArray::number(value, 'g', 6);
}

QByteArray inches(double points)
{
    return number(points / PointsPerInch);
}

// Graphviz keeps global state (error handler, attribute dictionaries, plugin tables): every call into it
// goes through this one lock.
QMutex &graphvizMutex()
{
    static QMutex mutex;
    return mutex;
}

int logGraphvizMessage(char *message)
{
    // Warnings such as "node size too small for label" are not the user's business; keep them for debugging.
    qCDebug(lcLayout, "graphviz: %s", message);
    return 0;
}

// One Graphviz context for the process: creating one per layout re-reads the plugin configuration and
// leaks a few KB each time in Graphviz 2.43. Must be called with graphvizMutex() held.
GVC_t *graphvizContext()
{
    struct Context {
        GVC_t *gvc = gvContext();
        Context() = default;
        Q_DISABLE_COPY_MOVE(Context)
        ~Context()
        {
            if (gvc) {
                gvFreeContext(gvc);
            }
        }
    };
    static Context context;
    return context.gvc;
}

// Graphviz 2.43's dot grows a rank's node list with realloc when it adds a label slot for an edge within a rank
// (flat.c make_vn_slot) but keeps the old pointer as the rank's allocation, which dot_cleanup then frees: an
// invalid free in gvFreeLayout. Such edges get an xlabel instead, so this should find nothing; should another
// path leave the two apart, point the allocation at the live list so gvFreeLayout frees the right block.
// For the root graph the list is the allocation itself (clusters, which point into the root's lists, are not used).
void repairRankLists(Agraph_t *graph)
{
    rank_t *ranks = GD_rank(graph);
    if (!ranks) {
        return;
    }
    for (int r = GD_minrank(graph); r <= GD_maxrank(graph); ++r) {
        rank_t &rank = ranks[r];
        // Pointer comparison only: the stale allocation is never read.
        const auto live = reinterpret_cast<std::uintptr_t>(rank.v);
        const auto start = reinterpret_cast<std::uintptr_t>(rank.av);
        const auto end = start + static_cast<std::uintptr_t>(std::max(rank.an, 0)) * sizeof(Agnode_t *);
        if (rank.v && (live < start || live > end)) {
            qCWarning(lcLayout, "Graphviz left rank %d with a stale node list; repaired", r);
            rank.av = rank.v;
        }
    }
}

// A cgraph graph under construction: owns it, sets attributes through declared symbols.
class GraphBuilder
{
public:
    explicit GraphBuilder(const char *name)
    {
        QByteArray n(name);
        m_graph = agopen(n.data(), Agdirected, nullptr);
    }
    ~GraphBuilder()
    {
        if (m_graph) {
            agclose(m_graph);
        }
    }
    Q_DISABLE_COPY_MOVE(GraphBuilder)

    Agraph_t *graph() const { return m_graph; }

    // Declares an attribute with its default for every object of `kind`.
    void declare(int kind, const char *name, const char *defaultValue)
    {
        QByteArray n(name);
        QByteArray v(defaultValue);
        agattr(m_graph, kind, n.data(), v.data());
    }
    static void set(void *object, const char *name, const QByteArray &value)
    {
        QByteArray n(name);
        QByteArray v(value);
        QByteArray none;
        agsafeset(object, n.data(), v.data(), none.data());
    }
    // An HTML-like label: a fixed-size empty table, so the label takes exactly the caller's measured room.
    void setLabelBox(Agedge_t *edge, const char *attribute, const QSizeF &size)
    {
        const auto clampSize = [](double v) { return static_cast<int>(std::ceil(std::min(v, MaxHtmlSize))); };
        QByteArray html = "<table border=\"0\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"0\" fixedsize=\"true\" "
                          "width=\""
            + QByteArray::number(clampSize(size.width())) + "\" height=\""
            + QByteArray::number(clampSize(size.height())) + "\"><tr><td></td></tr></table>";
        char *label = agstrdup_html(m_graph, html.data());
        QByteArray n(attribute);
        QByteArray none;
        agsafeset(edge, n.data(), label, none.data());
        agstrfree(m_graph, label);
    }
    Agnode_t *node(const QString &name)
    {
        QByteArray n = name.toUtf8();
        return agnode(m_graph, n.data(), 1);
    }
    // A node whose name is not taken yet (anchors and other helpers).
    Agnode_t *freshNode(const QString &prefix)
    {
        for (int i = 0;; ++i) {
            QByteArray n = (prefix + QString::number(i)).toUtf8();
            if (!agnode(m_graph, n.data(), 0)) {
                return agnode(m_graph, n.data(), 1);
            }
        }
    }
    Agedge_t *edge(Agnode_t *from, Agnode_t *to) { return agedge(m_graph, from, to, nullptr, 1); }
    Agraph_t *rankGroup(int rank)
    {
        QByteArray n = "rank" + QByteArray::number(rank);
        Agraph_t *sub = agsubg(m_graph, n.data(), 1);
        set(sub, "rank", "same");
        return sub;
    }

    // One `rank=same` subgraph per rank.
    QHash<int, Agraph_t *> rankGroups(int firstRank, int lastRank)
    {
        QHash<int, Agraph_t *> groups;
        for (int r = firstRank; r <= lastRank; ++r) {
            groups.insert(r, rankGroup(r));
        }
        return groups;
    }

    // Invisible anchors, one per rank and chained left to right, keep the columns in order even when a rank
    // is empty or nothing connects two ranks. Added after the real nodes, so their names stay free.
    void addRankAnchors(const QHash<int, Agraph_t *> &groups, int firstRank, int lastRank)
    {
        Agnode_t *previous = nullptr;
        for (int r = firstRank; r <= lastRank; ++r) {
            Agraph_t *group = groups.value(r);
            Agnode_t *anchor = freshNode(QStringLiteral("__routemap_tier%1_").arg(r));
            agsubnode(group, anchor, 1);
            set(anchor, "style", "invis");
            set(anchor, "width", "0.01");
            set(anchor, "height", "0.01");
            if (previous) {
                set(edge(previous, anchor), "style", "invis");
            }
            previous = anchor;
        }
    }

    void setGraphAttributes(const LayoutOptions &options, qsizetype nodeCount)
    {
        set(m_graph, "rankdir", "LR");
        set(m_graph, "splines", "spline");
        set(m_graph, "nodesep", number(std::max(MinNodeSep, options.nodeSeparation / PointsPerInch)));
        set(m_graph, "ranksep", number(std::max(MinRankSep, options.rankSeparation / PointsPerInch)));
        if (nodeCount > LargeGraphNodes) {
            // nslimit scales with the number of nodes.
            set(m_graph, "nslimit", number(PositionIterations / static_cast<double>(nodeCount)));
        }
    }

private:
    Agraph_t *m_graph = nullptr;
};

// Runs `work` on the graph after dot laid it out, then frees the layout. Call with graphvizMutex() held.
bool withLayout(Agraph_t *graph, const std::function<void(GVC_t *)> &work)
{
    GVC_t *gvc = graphvizContext();
    if (!gvc || !graph) {
        qCWarning(lcLayout, "Graphviz could not be initialised");
        return false;
    }
    if (gvLayout(gvc, graph, "dot") != 0) {
        qCWarning(lcLayout, "Graphviz dot layout failed");
        return false;
    }
    work(gvc);
    repairRankLists(graph);
    gvFreeLayout(gvc, graph);
    return true;
}

// Graphviz's y axis points up; the scene's points down.
struct SceneTransform {
    double left = 0;
    double top = 0;
    QPointF map(pointf p) const { return {p.x - left, top - p.y}; }
};

EdgeGeometry readEdge(Agedge_t *edge, const SceneTransform &transform)
{
    EdgeGeometry geometry;
    const splines *spl = ED_spl(edge);
    if (spl) {
        for (int i = 0; i < spl->size; ++i) {
            const bezier &bz = spl->list[i];
            if (bz.size < 1) {
                continue;
            }
            QList<QPointF> points;
            points.reserve(bz.size);
            for (int k = 0; k < bz.size; ++k) {
                points.append(transform.map(bz.list[k]));
            }
            // Keep the 1 + 3n shape: drop a trailing partial segment Graphviz should never produce.
            points.resize(1 + (points.size() - 1) / 3 * 3);
            if (geometry.points.isEmpty()) {
                geometry.points = points;
            } else {
                // Several pieces (rare): join them with a straight cubic so the chain stays one curve.
                const QPointF last = geometry.points.constLast();
                if (last != points.constFirst()) {
                    geometry.points << last << points.constFirst() << points.constFirst();
                }
                geometry.points.append(points.mid(1));
            }
            if (bz.eflag) {
                geometry.arrowTip = transform.map(bz.ep);
                geometry.hasArrow = true;
            }
        }
    }
    if (!geometry.hasArrow && !geometry.points.isEmpty()) {
        geometry.arrowTip = geometry.points.constLast();
    }
    // Edges within a rank carry an external label instead.
    for (const textlabel_t *label : {ED_label(edge), ED_xlabel(edge)}) {
        if (label && label->set && !geometry.hasLabel) {
            geometry.labelCenter = transform.map(label->pos);
            geometry.hasLabel = true;
        }
    }
    return geometry;
}

QRectF pointsBounds(const QList<QPointF> &points)
{
    if (points.isEmpty()) {
        return {};
    }
    double x0 = points.constFirst().x();
    double x1 = x0;
    double y0 = points.constFirst().y();
    double y1 = y0;
    for (const QPointF &p : points) {
        x0 = std::min(x0, p.x());
        x1 = std::max(x1, p.x());
        y0 = std::min(y0, p.y());
        y1 = std::max(y1, p.y());
    }
    return QRectF(QPointF(x0, y0), QPointF(x1, y1));
}

QRectF centered(const QPointF &center, const QSizeF &size)
{
    return {center.x() - size.width() / 2, center.y() - size.height() / 2, size.width(), size.height()};
}

void translate(EdgeGeometry &geometry, const QPointF &by)
{
    for (QPointF &p : geometry.points) {
        p += by;
    }
    geometry.arrowTip += by;
    geometry.labelCenter += by;
}

// Self-loops are not given to Graphviz (2.43 corrupts its heap on them in some graphs): a loop out of the
// box's right side and back, nested loops further out.
void addSelfLoops(const PartGraph &part, PartLayout &layout, QRectF &bounds)
{
    QHash<QString, int> loopsPerNode;
    for (const PartEdge &edge : part.edges) {
        if (edge.from != edge.to || layout.edges.contains(edge.key) || !layout.nodes.contains(edge.from)) {
            continue;
        }
        const QRectF box = layout.nodes.value(edge.from);
        const int index = loopsPerNode[edge.from]++;
        const double reach = LoopReach + LoopStep * index;
        const double spread = box.height() / 4;
        const double right = box.right();
        const double cy = box.center().y();
        EdgeGeometry geometry;
        geometry.points = {QPointF(right, cy - spread), QPointF(right + reach, cy - spread - reach / 2),
            QPointF(right + reach, cy + spread + reach / 2), QPointF(right + LoopArrow, cy + spread)};
        geometry.arrowTip = QPointF(right, cy + spread);
        geometry.hasArrow = true;
        if (isUsable(edge.labelSize)) {
            geometry.labelCenter = QPointF(right + reach + edge.labelSize.width() / 2, cy);
            geometry.hasLabel = true;
            bounds = bounds.united(centered(geometry.labelCenter, edge.labelSize));
        }
        bounds = bounds.united(pointsBounds(geometry.points));
        layout.edges.insert(edge.key, geometry);
    }
}

// Text for an export attribute or name. Graphviz writes DOT that it cannot read back when a backslash comes before a
// quote, a line break or the end of the text: a space after such a backslash keeps the text readable and valid.
QByteArray exportText(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        out += text.at(i);
        if (text.at(i) == u'\\') {
            const bool last = i + 1 == text.size();
            if (last || text.at(i + 1) == u'"' || text.at(i + 1) == u'\n' || text.at(i + 1) == u'\r') {
                out += u' ';
            }
        }
    }
    return out.toUtf8();
}

} // namespace

QString inPortKey(const QString &sourceNodeId)
{
    return QStringLiteral("\x1fin:") + sourceNodeId;
}

QString outPortKey(const QString &sourceNodeId)
{
    return QStringLiteral("\x1fout:") + sourceNodeId;
}

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
    return {EstimatedCharWidth * static_cast<double>(edge.label.size()) + EstimatedLabelPadding, EstimatedLabelHeight};
}

QByteArray PartGraph::digest(const LayoutOptions &options) const
{
    QByteArray data;
    QDataStream out(&data, QIODevice::WriteOnly);
    // Sizes rounded to hundredths of a point: measurements that differ below that lay out the same.
    const auto size = [](const QSizeF &s) {
        return isUsable(s) ? std::pair(qRound64(s.width() * 100), qRound64(s.height() * 100))
                           : std::pair(qint64 {-1}, qint64 {-1});
    };
    out << firstRank << lastRank << qRound64(options.rankSeparation * 100) << qRound64(options.nodeSeparation * 100);
    out << static_cast<qint64>(nodes.size());
    for (const PartNode &node : nodes) {
        const auto [w, h] = size(node.size);
        out << node.key << node.rank << w << h << node.ghost << node.port;
    }
    out << static_cast<qint64>(edges.size());
    for (const PartEdge &edge : edges) {
        const auto [w, h] = size(edge.labelSize);
        out << edge.key << edge.from << edge.to << w << h << edge.ghost;
    }
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256);
}

PartLayout layoutPart(const PartGraph &part, const LayoutOptions &options)
{
    PartLayout result;
    if (part.nodes.isEmpty()) {
        return result;
    }
    // Nodes of a namespace next to each other give mincross a readable start.
    QList<const PartNode *> nodes;
    nodes.reserve(part.nodes.size());
    QHash<QString, const PartNode *> byKey;
    for (const PartNode &node : part.nodes) {
        if (!node.key.isEmpty() && !byKey.contains(node.key)) {
            byKey.insert(node.key, &node);
            nodes.append(&node);
        }
    }
    std::stable_sort(nodes.begin(), nodes.end(), [](const PartNode *a, const PartNode *b) { return a->key < b->key; });

    const QMutexLocker locker(&graphvizMutex());
    const agusererrf previousHandler = agseterrf(logGraphvizMessage);
    {
        GraphBuilder builder("routemap");
        if (!builder.graph()) {
            agseterrf(previousHandler);
            return result;
        }
        builder.setGraphAttributes(options, nodes.size());
        builder.declare(AGNODE, "shape", "box");
        builder.declare(AGNODE, "fixedsize", "true");
        builder.declare(AGNODE, "label", "");
        builder.declare(AGEDGE, "arrowsize", "0.8");
        const int firstRank = std::min(part.firstRank, part.lastRank);
        const int lastRank = std::max(part.firstRank, part.lastRank);
        const QHash<int, Agraph_t *> groups = builder.rankGroups(firstRank, lastRank);

        QHash<QString, Agnode_t *> gvNodes;
        for (const PartNode *node : std::as_const(nodes)) {
            Agnode_t *n = builder.node(node->key);
            gvNodes.insert(node->key, n);
            agsubnode(groups.value(std::clamp(node->rank, firstRank, lastRank)), n, 1);
            const QSizeF size = node->port ? QSizeF(PortSize, PortSize) : node->size;
            GraphBuilder::set(n, "width", inches(size.width()));
            GraphBuilder::set(n, "height", inches(size.height()));
            if (node->port) {
                GraphBuilder::set(n, "shape", "point");
            } else if (node->ghost) {
                GraphBuilder::set(n, "style", "dashed");
            }
        }
        builder.addRankAnchors(groups, firstRank, lastRank);
        QList<std::pair<const PartEdge *, Agedge_t *>> gvEdges;
        QSet<QString> edgeKeys;
        for (const PartEdge &edge : part.edges) {
            const PartNode *from = byKey.value(edge.from);
            const PartNode *to = byKey.value(edge.to);
            // Edges to unknown nodes would make Graphviz invent nodes; self-loops are drawn afterwards.
            if (edge.key.isEmpty() || edgeKeys.contains(edge.key) || !from || !to || from == to) {
                continue;
            }
            edgeKeys.insert(edge.key);
            Agedge_t *e = builder.edge(gvNodes.value(edge.from), gvNodes.value(edge.to));
            // Only forward edges rank; the columns are fixed already, and a backward edge ranking would fight
            // the anchor chain.
            if (from->rank >= to->rank) {
                GraphBuilder::set(e, "constraint", "false");
            }
            // An edge within one rank (a flat edge) carries its label as an external label, placed after the
            // layout clear of nodes and other labels. As a real label Graphviz 2.43 would put it in a slot made by
            // reallocating a rank's node list behind a pointer it later frees (flat.c make_vn_slot vs
            // dot_cleanup): an invalid free in gvFreeLayout whenever the edge's ends are not neighbours.
            if (isUsable(edge.labelSize)) {
                builder.setLabelBox(e, from->rank == to->rank ? "xlabel" : "label", edge.labelSize);
            }
            if (edge.ghost) {
                GraphBuilder::set(e, "style", "dashed");
            }
            if (to->port) {
                GraphBuilder::set(e, "arrowhead", "none");
            }
            gvEdges.append({&edge, e});
        }

        withLayout(builder.graph(), [&](GVC_t *) {
            const boxf bb = GD_bb(builder.graph());
            const SceneTransform transform {bb.LL.x, bb.UR.y};
            QRectF bounds;
            const auto unite = [&bounds](const QRectF &r) { bounds = bounds.isNull() ? r : bounds.united(r); };
            for (auto it = gvNodes.cbegin(); it != gvNodes.cend(); ++it) {
                const PartNode *node = byKey.value(it.key());
                // The requested size, exactly: Graphviz keeps fixed-size boxes but rounds them through inches.
                const QRectF rect = centered(transform.map(ND_coord(it.value())),
                    node->port ? QSizeF(PortSize, PortSize) : node->size);
                result.nodes.insert(it.key(), rect);
                unite(rect);
            }
            for (const auto &[edge, e] : std::as_const(gvEdges)) {
                EdgeGeometry geometry = readEdge(e, transform);
                if (byKey.value(edge->to)->port) {
                    geometry.hasArrow = false; // the arrowhead is drawn where the whole edge ends
                    if (!geometry.points.isEmpty()) {
                        geometry.arrowTip = geometry.points.constLast();
                    }
                }
                if (!geometry.hasLabel && isUsable(edge->labelSize) && geometry.points.size() >= 4) {
                    // dot gives no label to some edges against the ranks: put it on the curve's middle.
                    const qsizetype segment = (geometry.points.size() - 1) / 3 / 2 * 3;
                    const QPointF *p = geometry.points.constData() + segment;
                    geometry.labelCenter = (p[0] + 3 * p[1] + 3 * p[2] + p[3]) / 8;
                    geometry.hasLabel = true;
                }
                unite(pointsBounds(geometry.points));
                if (geometry.hasLabel) {
                    unite(centered(geometry.labelCenter, edge->labelSize));
                }
                result.edges.insert(edge->key, geometry);
            }
            addSelfLoops(part, result, bounds);
            result.bounds = bounds;
        });
    }
    agseterrf(previousHandler);

    // Top-left at (0, 0), so a cached part can be placed anywhere.
    const QPointF shift = -result.bounds.topLeft();
    for (QRectF &rect : result.nodes) {
        rect.translate(shift);
    }
    for (EdgeGeometry &geometry : result.edges) {
        translate(geometry, shift);
    }
    result.bounds.translate(shift);
    return result;
}

QByteArray exportDot(const Topology &topology, const LayoutOptions &options)
{
    QSet<QString> nodeIds;
    QHash<QString, int> tierOfNode;
    QList<const TopoNode *> nodes;
    for (const TopoNode &node : topology.nodes) {
        if (node.id.isEmpty() || nodeIds.contains(node.id) || (options.hideInternal && node.internal)) {
            continue;
        }
        nodeIds.insert(node.id);
        tierOfNode.insert(node.id, std::clamp(static_cast<int>(node.tier), 0, TierCount - 1));
        nodes.append(&node);
    }
    std::stable_sort(nodes.begin(), nodes.end(),
        [](const TopoNode *a, const TopoNode *b) { return std::tie(a->ns, a->id) < std::tie(b->ns, b->id); });

    QByteArray result;
    const QMutexLocker locker(&graphvizMutex());
    const agusererrf previousHandler = agseterrf(logGraphvizMessage);
    {
        GraphBuilder builder("routemap");
        if (builder.graph()) {
            builder.setGraphAttributes(options, nodes.size());
            builder.declare(AGNODE, "shape", "box");
            builder.declare(AGNODE, "style", "rounded");
            builder.declare(AGNODE, "fontname", "Helvetica");
            builder.declare(AGNODE, "fontsize", "11");
            builder.declare(AGEDGE, "fontname", "Helvetica");
            builder.declare(AGEDGE, "fontsize", "9");
            builder.declare(AGEDGE, "arrowsize", "0.8");
            const QHash<int, Agraph_t *> groups = builder.rankGroups(0, TierCount - 1);
            QHash<QString, Agnode_t *> gvNodes;
            for (const TopoNode *node : std::as_const(nodes)) {
                // An id DOT cannot carry exactly gets a stand-in name; its `id` attribute and label keep the text.
                const bool exact = exportText(node->id) == node->id.toUtf8();
                Agnode_t *n = exact ? builder.node(node->id) : builder.freshNode(QStringLiteral("__routemap_node"));
                gvNodes.insert(node->id, n);
                agsubnode(groups.value(tierOfNode.value(node->id)), n, 1);
                GraphBuilder::set(n, "id", exportText(node->id));
                // Kind, namespace/name and the summary line: readable in `dot -Tpng` of the export.
                QString name = node->title.isEmpty() ? node->id : node->title;
                if (!node->ns.isEmpty()) {
                    name = node->ns + u'/' + name;
                }
                QStringList lines {nodeKindName(node->kind), name};
                if (!node->subtitle.isEmpty()) {
                    lines.append(node->subtitle);
                }
                GraphBuilder::set(n, "label", exportText(lines.join(QStringLiteral("\\n"))));
                if (!node->title.isEmpty()) {
                    GraphBuilder::set(n, "tooltip", exportText(node->title));
                }
                if (node->ghost) {
                    GraphBuilder::set(n, "style", "rounded,dashed");
                }
            }
            builder.addRankAnchors(groups, 0, TierCount - 1);
            QSet<QString> edgeIds;
            for (const TopoEdge &edge : topology.edges) {
                if (edge.id.isEmpty() || edgeIds.contains(edge.id) || !nodeIds.contains(edge.from)
                    || !nodeIds.contains(edge.to) || edge.from == edge.to) {
                    continue;
                }
                edgeIds.insert(edge.id);
                Agedge_t *e = builder.edge(gvNodes.value(edge.from), gvNodes.value(edge.to));
                GraphBuilder::set(e, "id", exportText(edge.id));
                const int fromTier = tierOfNode.value(edge.from);
                const int toTier = tierOfNode.value(edge.to);
                if (fromTier >= toTier) {
                    GraphBuilder::set(e, "constraint", "false");
                }
                if (!edge.label.isEmpty()) {
                    // The same Graphviz 2.43 invalid free as in layoutPart: flat edges take an xlabel.
                    GraphBuilder::set(e, fromTier == toTier ? "xlabel" : "label", exportText(edge.label));
                }
                if (edge.ghost) {
                    GraphBuilder::set(e, "style", "dashed");
                }
            }
            withLayout(builder.graph(), [&](GVC_t *gvc) {
                char *data = nullptr;
                unsigned int length = 0;
                if (gvRenderData(gvc, builder.graph(), "dot", &data, &length) == 0 && data) {
                    result = QByteArray(data, static_cast<qsizetype>(length));
                }
                if (data) {
                    gvFreeRenderData(data);
                }
            });
        }
    }
    agseterrf(previousHandler);
    return result;
}

} // namespace routemap
