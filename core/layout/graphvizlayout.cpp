#include "layout/graphvizlayout.h"

#include "layout/dotwriter.h"

#include <QLoggingCategory>
#include <QMutex>
#include <QMutexLocker>
#include <algorithm>
#include <cstdint>
#include <functional>
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

namespace routemap {

namespace {

Q_LOGGING_CATEGORY(lcLayout, "routemap.layout")

// Self-loop geometry, in points: how far the first loop reaches out, how much further each next one does,
// and the arrowhead's length.
constexpr double LoopReach = 30;
constexpr double LoopStep = 14;
constexpr double LoopArrow = 8;

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
// invalid free in gvFreeLayout. buildDot gives such edges an xlabel instead, so this should find nothing; should
// another path leave the two apart, point the allocation at the live list so gvFreeLayout frees the right block.
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

// Runs `work` on the laid-out graph of `dot`, owning every Graphviz resource for the duration.
// Must be called with graphvizMutex() held.
bool withLaidOutGraph(const QByteArray &dot, const std::function<void(GVC_t *, Agraph_t *)> &work)
{
    const agusererrf previousHandler = agseterrf(logGraphvizMessage);
    GVC_t *gvc = graphvizContext();
    bool ok = false;
    if (!gvc) {
        qCWarning(lcLayout, "Graphviz could not be initialised");
    } else {
        Agraph_t *graph = agmemread(dot.constData());
        if (!graph) {
            qCWarning(lcLayout, "Graphviz could not read the layout graph");
        } else if (gvLayout(gvc, graph, "dot") != 0) {
            qCWarning(lcLayout, "Graphviz dot layout failed");
            agclose(graph);
        } else {
            work(gvc, graph);
            repairRankLists(graph);
            gvFreeLayout(gvc, graph);
            agclose(graph);
            ok = true;
        }
    }
    agseterrf(previousHandler);
    return ok;
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
    // Edges within a tier carry an external label instead (see buildDot).
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

void readLayout(
    Agraph_t *graph, const Topology &topology, const LayoutOptions &options, const DotGraph &dot, Layout &layout)
{
    const boxf bb = GD_bb(graph);
    const SceneTransform transform {bb.LL.x, bb.UR.y};
    QRectF bounds;
    const auto unite = [&bounds](const QRectF &r) { bounds = bounds.isNull() ? r : bounds.united(r); };

    for (const TopoNode &node : topology.nodes) {
        const auto written = dot.nodeNames.constFind(node.id);
        if (written == dot.nodeNames.cend() || layout.nodes.contains(node.id)) {
            continue;
        }
        QByteArray name = written.value().toUtf8();
        Agnode_t *n = agnode(graph, name.data(), 0);
        if (!n) {
            continue;
        }
        // The requested size, exactly: Graphviz keeps fixed-size boxes but rounds them through inches.
        const QSizeF size = layoutNodeSize(options, node.id);
        const QPointF center = transform.map(ND_coord(n));
        const QRectF rect(center.x() - size.width() / 2, center.y() - size.height() / 2, size.width(), size.height());
        layout.nodes.insert(node.id, NodeGeometry {rect});
        unite(rect);
    }

    char idAttr[] = "id";
    QHash<QString, const TopoEdge *> edgesById;
    for (const TopoEdge &edge : topology.edges) {
        edgesById.insert(edge.id, &edge);
    }
    for (Agnode_t *n = agfstnode(graph); n; n = agnxtnode(graph, n)) {
        for (Agedge_t *e = agfstout(graph, n); e; e = agnxtout(graph, e)) {
            const char *rawId = agget(e, idAttr);
            if (!rawId || !*rawId) {
                continue; // tier anchors
            }
            const QString id = dot.edgeIds.value(QString::fromUtf8(rawId));
            const TopoEdge *edge = edgesById.value(id);
            if (!edge || layout.edges.contains(id)) {
                continue;
            }
            EdgeGeometry geometry = readEdge(e, transform);
            unite(pointsBounds(geometry.points));
            if (geometry.hasLabel) {
                const QSizeF labelSize = layoutLabelSize(options, *edge);
                unite(QRectF(geometry.labelCenter.x() - labelSize.width() / 2,
                    geometry.labelCenter.y() - labelSize.height() / 2, labelSize.width(), labelSize.height()));
            }
            layout.edges.insert(id, geometry);
        }
    }
    // Self-loops are not given to Graphviz (see buildDot): a loop out of the box's right side and back,
    // nested loops further out.
    QHash<QString, int> loopsPerNode;
    for (const TopoEdge &edge : topology.edges) {
        if (edge.from != edge.to || edge.id.isEmpty() || layout.edges.contains(edge.id)
            || !layout.nodes.contains(edge.from)) {
            continue;
        }
        const QRectF box = layout.nodes.value(edge.from).rect;
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
        const QSizeF labelSize = layoutLabelSize(options, edge);
        if (labelSize.isValid()) {
            geometry.labelCenter = QPointF(right + reach + labelSize.width() / 2, cy);
            geometry.hasLabel = true;
            unite(QRectF(right + reach, cy - labelSize.height() / 2, labelSize.width(), labelSize.height()));
        }
        unite(pointsBounds(geometry.points));
        layout.edges.insert(edge.id, geometry);
    }
    layout.bounds = bounds;
}

bool hasVisibleNodes(const Topology &topology, const LayoutOptions &options)
{
    return std::any_of(topology.nodes.cbegin(), topology.nodes.cend(),
        [&options](const TopoNode &node) { return !node.id.isEmpty() && !(options.hideInternal && node.internal); });
}

} // namespace

Layout layoutTopology(const Topology &topology, const LayoutOptions &options)
{
    Layout layout;
    if (!hasVisibleNodes(topology, options)) {
        return layout;
    }
    const DotGraph dot = buildDot(topology, options);
    const QMutexLocker locker(&graphvizMutex());
    withLaidOutGraph(
        dot.text.toUtf8(), [&](GVC_t *, Agraph_t *graph) { readLayout(graph, topology, options, dot, layout); });
    return layout;
}

QByteArray renderDot(const Topology &topology, const LayoutOptions &options)
{
    const QByteArray dot = toDot(topology, options).toUtf8();
    QByteArray result;
    const QMutexLocker locker(&graphvizMutex());
    withLaidOutGraph(dot, [&result](GVC_t *gvc, Agraph_t *graph) {
        char *data = nullptr;
        unsigned int length = 0;
        if (gvRenderData(gvc, graph, "dot", &data, &length) == 0 && data) {
            result = QByteArray(data, static_cast<qsizetype>(length));
        }
        if (data) {
            gvFreeRenderData(data);
        }
    });
    return result;
}

} // namespace routemap
