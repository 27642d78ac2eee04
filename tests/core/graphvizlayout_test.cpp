#include "layout/blockpacking.h"
#include "layout/graphvizlayout.h"
#include "layout/graphvizpart.h"
#include "sources/manifestloader.h"
#include "topology/topologybuilder.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>
#include <cmath>
#include <graphviz/cgraph.h>
#include <limits>

using namespace routemap;

namespace {

TopoNode makeNode(const QString &id, NodeKind kind, Tier tier, const QString &ns = QString(), bool internal = false)
{
    TopoNode node;
    node.id = id;
    node.kind = kind;
    node.tier = tier;
    node.title = id;
    node.ns = ns;
    node.internal = internal;
    return node;
}

TopoEdge makeEdge(const QString &from, const QString &to, const QString &label = QString())
{
    TopoEdge edge;
    edge.id = from + QStringLiteral("->") + to;
    edge.from = from;
    edge.to = to;
    edge.label = label;
    return edge;
}

// client -> lb -> controller -> ingress -> service -> pods, plus a second service with its pods.
Topology chainTopology()
{
    Topology t;
    t.nodes = {
        makeNode(QStringLiteral("client"), NodeKind::Client, Tier::Client),
        makeNode(QStringLiteral("lb"), NodeKind::LoadBalancer, Tier::Entry),
        makeNode(QStringLiteral("nginx"), NodeKind::IngressController, Tier::Controller),
        makeNode(QStringLiteral("shop/web"), NodeKind::Ingress, Tier::Route, QStringLiteral("shop")),
        makeNode(QStringLiteral("shop/svc-a"), NodeKind::Service, Tier::Service, QStringLiteral("shop")),
        makeNode(QStringLiteral("shop/svc-b"), NodeKind::Service, Tier::Service, QStringLiteral("shop")),
        makeNode(QStringLiteral("shop/pods-a"), NodeKind::PodGroup, Tier::Pods, QStringLiteral("shop")),
        makeNode(QStringLiteral("shop/pods-b"), NodeKind::PodGroup, Tier::Pods, QStringLiteral("shop")),
    };
    t.edges = {
        makeEdge(QStringLiteral("client"), QStringLiteral("lb")),
        makeEdge(QStringLiteral("lb"), QStringLiteral("nginx"), QStringLiteral(":443")),
        makeEdge(QStringLiteral("nginx"), QStringLiteral("shop/web")),
        makeEdge(QStringLiteral("shop/web"), QStringLiteral("shop/svc-a"), QStringLiteral("shop.example.com/a")),
        makeEdge(QStringLiteral("shop/web"), QStringLiteral("shop/svc-b"), QStringLiteral("shop.example.com/b")),
        makeEdge(QStringLiteral("shop/svc-a"), QStringLiteral("shop/pods-a"), QStringLiteral(":80→8080")),
        makeEdge(QStringLiteral("shop/svc-b"), QStringLiteral("shop/pods-b")),
    };
    return t;
}

double distanceToRect(const QPointF &p, const QRectF &r)
{
    const double dx = std::max({r.left() - p.x(), 0.0, p.x() - r.right()});
    const double dy = std::max({r.top() - p.y(), 0.0, p.y() - r.bottom()});
    return std::hypot(dx, dy);
}

// A cluster-shaped topology of about `nodeCount` nodes: a shared entry hub and namespace blocks.
Topology syntheticTopology(int nodeCount, quint32 seed)
{
    QRandomGenerator rng(seed);
    Topology t;
    t.nodes.append(makeNode(QStringLiteral("client"), NodeKind::Client, Tier::Client));
    QStringList controllers;
    for (int i = 0; i < 3; ++i) {
        const QString lb = QStringLiteral("lb%1").arg(i);
        const QString ctl = QStringLiteral("ctl%1").arg(i);
        t.nodes.append(makeNode(lb, NodeKind::LoadBalancer, Tier::Entry));
        t.nodes.append(makeNode(ctl, NodeKind::IngressController, Tier::Controller));
        t.edges.append(makeEdge(QStringLiteral("client"), lb));
        t.edges.append(makeEdge(lb, ctl, QStringLiteral(":443")));
        controllers.append(ctl);
    }
    int ns = 0;
    while (t.nodes.size() < nodeCount) {
        const QString nsName = QStringLiteral("ns%1").arg(ns++);
        const int services = 3 + static_cast<int>(rng.bounded(8));
        const QString ingress = nsName + QStringLiteral("/ing");
        t.nodes.append(makeNode(ingress, NodeKind::Ingress, Tier::Route, nsName));
        t.edges.append(makeEdge(controllers.at(static_cast<int>(rng.bounded(3))), ingress));
        for (int s = 0; s < services && t.nodes.size() < nodeCount; ++s) {
            const QString svc = nsName + QStringLiteral("/svc%1").arg(s);
            const QString pods = nsName + QStringLiteral("/pods%1").arg(s);
            t.nodes.append(makeNode(svc, NodeKind::Service, Tier::Service, nsName));
            t.nodes.append(makeNode(pods, NodeKind::PodGroup, Tier::Pods, nsName));
            t.edges.append(makeEdge(ingress, svc, QStringLiteral("app.example.com/path%1").arg(s)));
            t.edges.append(makeEdge(svc, pods, QStringLiteral(":80→8080")));
        }
    }
    return t;
}

// A small random graph (any tiers, any direction, labels, self and parallel edges), with random options.
Topology randomTopology(QRandomGenerator &rng, LayoutOptions &options)
{
    Topology topology;
    const int nodes = 1 + static_cast<int>(rng.bounded(12));
    for (int i = 0; i < nodes; ++i) {
        topology.nodes.append(makeNode(QStringLiteral("n%1").arg(i), NodeKind::Service,
            static_cast<Tier>(rng.bounded(6)), QStringLiteral("ns%1").arg(i % 3), rng.bounded(5) == 0));
    }
    const int edges = static_cast<int>(rng.bounded(20));
    for (int i = 0; i < edges; ++i) {
        TopoEdge edge = makeEdge(QStringLiteral("n%1").arg(rng.bounded(nodes)),
            QStringLiteral("n%1").arg(rng.bounded(nodes)), rng.bounded(2) ? QStringLiteral("label") : QString());
        edge.id += QStringLiteral("#%1").arg(i);
        topology.edges.append(edge);
    }
    options.hideInternal = rng.bounded(2) == 0;
    return topology;
}

// Every shown node and every edge between shown nodes got geometry of the right shape.
void verifyComplete(const Topology &topology, const LayoutOptions &options, const Layout &layout)
{
    QSet<QString> shown;
    for (const TopoNode &node : topology.nodes) {
        if (!node.id.isEmpty() && !(options.hideInternal && node.internal)) {
            shown.insert(node.id);
            QVERIFY2(layout.nodes.contains(node.id), qPrintable(node.id));
        }
    }
    QCOMPARE(layout.nodes.size(), shown.size());
    for (const TopoEdge &edge : topology.edges) {
        if (edge.id.isEmpty() || !shown.contains(edge.from) || !shown.contains(edge.to)) {
            continue;
        }
        QVERIFY2(layout.edges.contains(edge.id), qPrintable(edge.id));
        const EdgeGeometry geometry = layout.edges.value(edge.id);
        QVERIFY2(geometry.points.size() >= 4, qPrintable(edge.id));
        QCOMPARE((geometry.points.size() - 1) % 3, 0);
        if (!edge.label.isEmpty()) {
            QVERIFY2(geometry.hasLabel, qPrintable(edge.id));
            QVERIFY(layout.bounds.contains(geometry.labelCenter));
        }
    }
}

// The distance from `p` to a cubic Bézier chain, sampled.
double distanceToCurve(const QPointF &p, const QList<QPointF> &points)
{
    double best = std::numeric_limits<double>::max();
    for (qsizetype i = 0; i + 3 < points.size(); i += 3) {
        for (int k = 0; k <= 64; ++k) {
            const double t = k / 64.0;
            const double u = 1 - t;
            const QPointF q = u * u * u * points.at(i) + 3 * u * u * t * points.at(i + 1)
                + 3 * u * t * t * points.at(i + 2) + t * t * t * points.at(i + 3);
            best = std::min(best, std::hypot(q.x() - p.x(), q.y() - p.y()));
        }
    }
    return best;
}

// Points along a cubic Bézier chain.
QList<QPointF> curveSamples(const QList<QPointF> &points)
{
    QList<QPointF> samples;
    for (qsizetype i = 0; i + 3 < points.size(); i += 3) {
        for (int k = 0; k <= 16; ++k) {
            const double t = k / 16.0;
            const double u = 1 - t;
            samples.append(u * u * u * points.at(i) + 3 * u * u * t * points.at(i + 1)
                + 3 * u * t * t * points.at(i + 2) + t * t * t * points.at(i + 3));
        }
    }
    return samples;
}

// Node name -> label of a DOT text, as Graphviz reads it back (tier anchors left out).
QHash<QString, QString> dotNodeLabels(const QByteArray &dot)
{
    QHash<QString, QString> labels;
    QByteArray text = dot;
    Agraph_t *graph = agmemread(text.constData());
    if (!graph) {
        return labels;
    }
    char label[] = "label";
    char idAttribute[] = "id";
    for (Agnode_t *n = agfstnode(graph); n; n = agnxtnode(graph, n)) {
        const char *id = agget(n, idAttribute);
        const QString name = QString::fromUtf8(id && *id ? id : agnameof(n));
        char style[] = "style";
        const char *styleValue = agget(n, style);
        if (!styleValue || qstrcmp(styleValue, "invis") != 0) {
            const char *value = agget(n, label);
            labels.insert(name, QString::fromUtf8(value ? value : ""));
        }
    }
    agclose(graph);
    return labels;
}

// Edge id -> the value of `attribute` (its label by default), for edges with an id.
QHash<QString, QString> dotEdgeLabels(const QByteArray &dot, const char *attribute = "label")
{
    QHash<QString, QString> labels;
    QByteArray text = dot;
    Agraph_t *graph = agmemread(text.constData());
    if (!graph) {
        return labels;
    }
    QByteArray id("id");
    QByteArray name(attribute);
    for (Agnode_t *n = agfstnode(graph); n; n = agnxtnode(graph, n)) {
        for (Agedge_t *e = agfstout(graph, n); e; e = agnxtout(graph, e)) {
            const char *edgeId = agget(e, id.data());
            if (edgeId && *edgeId) {
                const char *value = agget(e, name.data());
                labels.insert(QString::fromUtf8(edgeId), QString::fromUtf8(value ? value : ""));
            }
        }
    }
    agclose(graph);
    return labels;
}

} // namespace

class GraphvizLayoutTest final : public QObject
{
    Q_OBJECT

private slots:
    void emptyTopology()
    {
        const Layout layout = layoutTopology(Topology {}, LayoutOptions {});
        QVERIFY(layout.isEmpty());
        QVERIFY(layout.edges.isEmpty());
        QVERIFY(layoutTopology(chainTopology(), LayoutOptions {}).nodes.size() > 0);
    }

    void everyNodeGetsItsRequestedSize()
    {
        const Topology topology = chainTopology();
        LayoutOptions options;
        options.nodeSizes.insert(QStringLiteral("lb"), QSizeF(120, 40));
        options.nodeSizes.insert(QStringLiteral("shop/svc-a"), QSizeF(250.5, 77));
        options.nodeSizes.insert(QStringLiteral("nginx"), QSizeF(-5, 0)); // unusable: the default applies
        const Layout layout = layoutTopology(topology, options);
        QCOMPARE(layout.nodes.size(), topology.nodes.size());
        for (const TopoNode &node : topology.nodes) {
            QVERIFY2(layout.nodes.contains(node.id), qPrintable(node.id));
            const QSizeF expected = options.nodeSizes.value(node.id, options.defaultNodeSize).isValid()
                ? options.nodeSizes.value(node.id, options.defaultNodeSize)
                : options.defaultNodeSize;
            QCOMPARE(layout.nodes.value(node.id).rect.size(), expected);
            QVERIFY(layout.bounds.contains(layout.nodes.value(node.id).rect));
        }
        // Boxes never overlap.
        const auto geometries = layout.nodes.values();
        for (qsizetype i = 0; i < geometries.size(); ++i) {
            for (qsizetype j = i + 1; j < geometries.size(); ++j) {
                QVERIFY(!geometries.at(i).rect.intersects(geometries.at(j).rect));
            }
        }
    }

    void tiersAreLeftToRight_data()
    {
        QTest::addColumn<Topology>("topology");
        QTest::addRow("chain") << chainTopology();

        Topology gap; // nothing in the controller and route tiers, no edges at all
        gap.nodes = {makeNode(QStringLiteral("pods"), NodeKind::PodGroup, Tier::Pods),
            makeNode(QStringLiteral("svc"), NodeKind::Service, Tier::Service),
            makeNode(QStringLiteral("lb"), NodeKind::LoadBalancer, Tier::Entry),
            makeNode(QStringLiteral("client"), NodeKind::Client, Tier::Client)};
        QTest::addRow("empty middle tiers, unconnected") << gap;

        Topology backward = chainTopology(); // edges against the column order must not reorder columns
        backward.edges.append(makeEdge(QStringLiteral("shop/pods-a"), QStringLiteral("lb"), QStringLiteral("back")));
        backward.edges.append(
            makeEdge(QStringLiteral("shop/svc-a"), QStringLiteral("shop/svc-b"), QStringLiteral("x")));
        backward.edges.append(makeEdge(QStringLiteral("shop/svc-b"), QStringLiteral("shop/svc-b")));
        QTest::addRow("backward, flat and self edges") << backward;

        Topology ghost = chainTopology();
        TopoNode missing = makeNode(QStringLiteral("ghost"), NodeKind::Ghost, Tier::Service, QStringLiteral("shop"));
        missing.ghost = true;
        ghost.nodes.append(missing);
        TopoEdge toGhost = makeEdge(QStringLiteral("shop/web"), QStringLiteral("ghost"), QStringLiteral("missing"));
        toGhost.ghost = true;
        ghost.edges.append(toGhost);
        QTest::addRow("ghost") << ghost;
    }

    void tiersAreLeftToRight()
    {
        QFETCH(Topology, topology);
        const Layout layout = layoutTopology(topology, LayoutOptions {});
        QCOMPARE(layout.nodes.size(), topology.nodes.size());
        for (const TopoNode &a : topology.nodes) {
            for (const TopoNode &b : topology.nodes) {
                const double ax = layout.nodes.value(a.id).rect.center().x();
                const double bx = layout.nodes.value(b.id).rect.center().x();
                if (a.tier < b.tier) {
                    QVERIFY2(ax < bx, qPrintable(a.id + QStringLiteral(" left of ") + b.id));
                } else if (a.tier == b.tier) {
                    QCOMPARE(ax, bx);
                }
            }
        }
        QCOMPARE(layout.edges.size(), topology.edges.size());
        for (const EdgeGeometry &edge : layout.edges) {
            QCOMPARE((edge.points.size() - 1) % 3, 0);
            QVERIFY(layout.bounds.contains(edge.points.constFirst()));
            if (edge.hasLabel) {
                QVERIFY(layout.bounds.contains(edge.labelCenter));
            }
        }
    }

    void selfLoopsAreDrawnBesideTheirNode()
    {
        Topology topology = chainTopology();
        topology.edges.append(
            makeEdge(QStringLiteral("shop/svc-a"), QStringLiteral("shop/svc-a"), QStringLiteral("me")));
        TopoEdge second = makeEdge(QStringLiteral("shop/svc-a"), QStringLiteral("shop/svc-a"));
        second.id += QStringLiteral("#2");
        topology.edges.append(second);
        const Layout layout = layoutTopology(topology, LayoutOptions {});
        const QRectF box = layout.nodes.value(QStringLiteral("shop/svc-a")).rect;
        const EdgeGeometry first = layout.edges.value(QStringLiteral("shop/svc-a->shop/svc-a"));
        const EdgeGeometry outer = layout.edges.value(QStringLiteral("shop/svc-a->shop/svc-a#2"));
        QCOMPARE(first.points.size(), 4);
        QVERIFY(distanceToRect(first.points.constFirst(), box) < 1.0);
        QVERIFY(distanceToRect(first.arrowTip, box) < 1.0);
        QVERIFY(first.hasLabel && !outer.hasLabel);
        QVERIFY(layout.bounds.contains(first.labelCenter));
        QVERIFY(outer.points.at(1).x() > first.points.at(1).x());
    }

    void edgesRunFromSourceToTarget()
    {
        const Topology topology = chainTopology();
        LayoutOptions options;
        options.edgeLabelSizes.insert(QStringLiteral("lb->nginx"), QSizeF(40, 14));
        const Layout layout = layoutTopology(topology, options);
        QCOMPARE(layout.edges.size(), topology.edges.size());
        for (const TopoEdge &edge : topology.edges) {
            QVERIFY2(layout.edges.contains(edge.id), qPrintable(edge.id));
            const EdgeGeometry geometry = layout.edges.value(edge.id);
            QVERIFY(geometry.points.size() >= 4);
            QCOMPARE((geometry.points.size() - 1) % 3, 0);
            const QRectF from = layout.nodes.value(edge.from).rect;
            const QRectF to = layout.nodes.value(edge.to).rect;
            QVERIFY2(distanceToRect(geometry.points.constFirst(), from) < 2.0, qPrintable(edge.id));
            QVERIFY(geometry.hasArrow);
            QVERIFY2(distanceToRect(geometry.arrowTip, to) < 2.0, qPrintable(edge.id));
            // The curve itself stops at the arrowhead's base, a little before the box.
            QVERIFY(distanceToRect(geometry.points.constLast(), to) < 20.0);
            QVERIFY(geometry.points.constLast().x() > geometry.points.constFirst().x());

            QCOMPARE(geometry.hasLabel, !edge.label.isEmpty());
            if (geometry.hasLabel) {
                QVERIFY(layout.bounds.contains(geometry.labelCenter));
                // Labels sit between the two columns.
                QVERIFY(geometry.labelCenter.x() > from.right() && geometry.labelCenter.x() < to.left());
            }
        }
    }

    void measuredLabelSizeWidensTheGap()
    {
        Topology topology;
        topology.nodes = {makeNode(QStringLiteral("a"), NodeKind::Service, Tier::Service),
            makeNode(QStringLiteral("b"), NodeKind::PodGroup, Tier::Pods)};
        topology.edges = {makeEdge(QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("l"))};
        LayoutOptions options;
        options.edgeLabelSizes.insert(QStringLiteral("a->b"), QSizeF(400, 20));
        const Layout layout = layoutTopology(topology, options);
        const double gap = layout.nodes.value(QStringLiteral("b")).rect.left()
            - layout.nodes.value(QStringLiteral("a")).rect.right();
        QVERIFY2(gap >= 400, qPrintable(QString::number(gap)));
        QVERIFY(layout.edges.value(QStringLiteral("a->b")).hasLabel);
    }

    void hiddenInternalNodesAreOmitted()
    {
        Topology topology = chainTopology();
        topology.nodes.append(makeNode(
            QStringLiteral("shop/internal-svc"), NodeKind::Service, Tier::Service, QStringLiteral("shop"), true));
        topology.nodes.append(makeNode(
            QStringLiteral("shop/internal-pods"), NodeKind::PodGroup, Tier::Pods, QStringLiteral("shop"), true));
        topology.edges.append(makeEdge(QStringLiteral("shop/internal-svc"), QStringLiteral("shop/internal-pods")));
        topology.edges.append(makeEdge(QStringLiteral("shop/web"), QStringLiteral("shop/internal-svc")));
        LayoutOptions options;
        const Layout shown = layoutTopology(topology, options);
        QCOMPARE(shown.nodes.size(), topology.nodes.size());
        QCOMPARE(shown.edges.size(), topology.edges.size());

        options.hideInternal = true;
        const Layout hidden = layoutTopology(topology, options);
        QCOMPARE(hidden.nodes.size(), topology.nodes.size() - 2);
        QVERIFY(!hidden.nodes.contains(QStringLiteral("shop/internal-svc")));
        QVERIFY(!hidden.edges.contains(QStringLiteral("shop/internal-svc->shop/internal-pods")));
        QVERIFY(!hidden.edges.contains(QStringLiteral("shop/web->shop/internal-svc")));
        QCOMPARE(hidden.edges.size(), topology.edges.size() - 2);
        QVERIFY(!renderDot(topology, options).contains("internal"));

        Topology onlyInternal;
        onlyInternal.nodes.append(makeNode(QStringLiteral("x"), NodeKind::Service, Tier::Service, {}, true));
        QVERIFY(layoutTopology(onlyInternal, options).isEmpty());
    }

    void badReferencesAreSkipped()
    {
        Topology topology = chainTopology();
        topology.edges.append(makeEdge(QStringLiteral("client"), QStringLiteral("nowhere")));
        topology.edges.append(makeEdge(QStringLiteral("client"), QStringLiteral("lb"))); // duplicate id
        topology.nodes.append(makeNode(QStringLiteral("lb"), NodeKind::Service, Tier::Pods)); // duplicate id
        topology.nodes.append(makeNode(QString(), NodeKind::Service, Tier::Pods));
        TopoNode odd = makeNode(QStringLiteral("odd-tier"), NodeKind::Service, static_cast<Tier>(42));
        topology.nodes.append(odd);
        const Layout layout = layoutTopology(topology, LayoutOptions {});
        QCOMPARE(layout.nodes.size(), chainTopology().nodes.size() + 1);
        QCOMPARE(layout.edges.size(), chainTopology().edges.size());
        QVERIFY(!layout.nodes.contains(QStringLiteral("nowhere")));
        // The first of two nodes with one id wins: "lb" stays in the entry column.
        QVERIFY(layout.nodes.value(QStringLiteral("lb")).rect.right()
            < layout.nodes.value(QStringLiteral("nginx")).rect.left());
    }

    // Ids with DOT's special characters survive the layout and come back as the same keys: cgraph takes names
    // as they are, nothing is quoted by hand.
    void awkwardIdsRoundTrip()
    {
        const QStringList ids = {QStringLiteral("a\"b"), QStringLiteral("c\\d"), QStringLiteral("e\\"),
            QStringLiteral("f\\\"g"), QStringLiteral("h\\\ni"), QStringLiteral("j k;l{m}"),
            QStringLiteral("ü/ñ → 服务"), QStringLiteral("-> \\N %1")};
        Topology topology;
        for (const QString &id : ids) {
            topology.nodes.append(makeNode(id, NodeKind::Service, Tier::Service));
            topology.nodes.last().title = id + QStringLiteral("\"\\");
        }
        topology.nodes.append(makeNode(QStringLiteral("__routemap_tier4_0"), NodeKind::Client, Tier::Client));
        for (const QString &id : ids) {
            topology.edges.append(makeEdge(QStringLiteral("__routemap_tier4_0"), id, id));
        }
        const Layout layout = layoutTopology(topology, LayoutOptions {});
        QCOMPARE(layout.nodes.size(), topology.nodes.size());
        QCOMPARE(layout.edges.size(), topology.edges.size());
        for (const TopoEdge &edge : topology.edges) {
            QVERIFY2(layout.edges.contains(edge.id), qPrintable(edge.id));
            QVERIFY(layout.edges.value(edge.id).hasLabel);
        }
        // A node named like a tier anchor stays an ordinary node in its own column.
        const double clientX = layout.nodes.value(QStringLiteral("__routemap_tier4_0")).rect.center().x();
        QVERIFY(clientX < layout.nodes.value(ids.first()).rect.center().x());
        // The export parses back; ids DOT can carry keep their names, the others get stand-ins.
        const QHash<QString, QString> labels = dotNodeLabels(renderDot(topology, LayoutOptions {}));
        QCOMPARE(labels.size(), topology.nodes.size());
        for (const QString &id : {ids.at(0), ids.at(1), ids.at(5), ids.at(6), ids.at(7)}) {
            QVERIFY2(labels.contains(id), qPrintable(id));
        }
    }

    // `routemap render -o x.dot`: a graph Graphviz reads back, with dot's positions and readable labels.
    void renderDotParsesBackWithLabels()
    {
        Topology topology = chainTopology();
        topology.nodes[4].subtitle = QStringLiteral("ClusterIP · 80");
        const QByteArray dot = renderDot(topology, LayoutOptions {});
        QVERIFY(!dot.isEmpty());
        const QHash<QString, QString> labels = dotNodeLabels(dot);
        for (const TopoNode &node : topology.nodes) {
            QVERIFY2(labels.contains(node.id), qPrintable(node.id));
            const QString label = labels.value(node.id);
            QVERIFY2(label.contains(node.title), qPrintable(label));
            QVERIFY2(label.contains(nodeKindName(node.kind)), qPrintable(label));
        }
        QVERIFY(labels.value(QStringLiteral("shop/svc-a")).contains(QStringLiteral("ClusterIP · 80")));
        QVERIFY(labels.value(QStringLiteral("shop/svc-a")).contains(QStringLiteral("shop/")));
        const QHash<QString, QString> edgeLabels = dotEdgeLabels(dot);
        QCOMPARE(edgeLabels.value(QStringLiteral("shop/web->shop/svc-a")), QStringLiteral("shop.example.com/a"));
        QCOMPARE(edgeLabels.value(QStringLiteral("lb->nginx")), QStringLiteral(":443"));
        QVERIFY(edgeLabels.contains(QStringLiteral("client->lb")));
        QVERIFY(dot.contains("pos=\""));
        QVERIFY(dotNodeLabels(renderDot(Topology {}, LayoutOptions {})).isEmpty());
    }

    // Random small graphs (any tiers, any direction, labels, self and parallel edges) never crash or lose
    // anything.
    void randomTopologies()
    {
        QRandomGenerator rng(20261126);
        for (int round = 0; round < 60; ++round) {
            LayoutOptions options;
            const Topology topology = randomTopology(rng, options);
            if (const QString dumpDir = qEnvironmentVariable("ROUTEMAP_LAYOUT_BENCH_DIR"); !dumpDir.isEmpty()) {
                QFile out(dumpDir + QStringLiteral("/random-%1.dot").arg(round));
                QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
                out.write(renderDot(topology, options));
            }
            verifyComplete(topology, options, layoutTopology(topology, options));
            if (QTest::currentTestFailed()) {
                qWarning("random graph %d", round);
                return;
            }
        }
    }

    // Graphviz 2.43 frees a stale pointer in gvFreeLayout after it places the label of an edge within one rank
    // whose ends are not neighbours (seen under valgrind with this graph). Such edges carry an xlabel instead,
    // which Graphviz puts beside the curve, clear of the boxes.
    void labelsOfEdgesWithinATier()
    {
        Topology topology = chainTopology();
        topology.nodes.append(
            makeNode(QStringLiteral("shop/svc-c"), NodeKind::Service, Tier::Service, QStringLiteral("shop")));
        topology.edges.append(makeEdge(QStringLiteral("shop/web"), QStringLiteral("shop/svc-c"), QStringLiteral("c")));
        const QList<TopoEdge> flat = {
            makeEdge(QStringLiteral("shop/svc-a"), QStringLiteral("shop/svc-c"), QStringLiteral("a to c")),
            makeEdge(QStringLiteral("shop/svc-c"), QStringLiteral("shop/svc-b"), QStringLiteral("c to b")),
            makeEdge(QStringLiteral("shop/svc-b"), QStringLiteral("shop/svc-a"), QStringLiteral("b to a")),
            makeEdge(QStringLiteral("shop/pods-a"), QStringLiteral("shop/pods-b"), QStringLiteral("pods")),
        };
        topology.edges.append(flat);
        LayoutOptions options;
        options.edgeLabelSizes.insert(flat.first().id, QSizeF(60, 14));

        const Layout layout = layoutTopology(topology, options);
        verifyComplete(topology, options, layout);
        for (const TopoEdge &edge : flat) {
            const EdgeGeometry geometry = layout.edges.value(edge.id);
            QVERIFY2(geometry.hasLabel, qPrintable(edge.id));
            const QSizeF size = layoutLabelSize(options, edge);
            const QRectF label(geometry.labelCenter.x() - size.width() / 2,
                geometry.labelCenter.y() - size.height() / 2, size.width(), size.height());
            // Beside its curve: the curve passes within the label's reach.
            const double reach = std::hypot(size.width(), size.height()) / 2 + 2;
            QVERIFY2(distanceToCurve(geometry.labelCenter, geometry.points) <= reach, qPrintable(edge.id));
            QVERIFY(layout.bounds.contains(label));
            for (const NodeGeometry &node : layout.nodes) {
                QVERIFY2(!node.rect.intersects(label), qPrintable(edge.id));
            }
        }
        // The export keeps the protection: flat edges carry an xlabel, edges between tiers a label.
        const QByteArray dot = renderDot(topology, options);
        const QHash<QString, QString> xlabels = dotEdgeLabels(dot, "xlabel");
        const QHash<QString, QString> labels = dotEdgeLabels(dot);
        for (const TopoEdge &edge : flat) {
            QCOMPARE(xlabels.value(edge.id), edge.label);
            QVERIFY2(labels.value(edge.id).isEmpty(), qPrintable(edge.id));
        }
        QCOMPARE(labels.value(QStringLiteral("shop/web->shop/svc-c")), QStringLiteral("c"));
    }

    // Many layouts in one process, as in a long session: every corpus set (shown whole and without internal
    // nodes), then the random graphs. Graphviz's memory errors do not crash at once, so run this test under
    // valgrind after changing the DOT: `valgrind --error-exitcode=9 graphvizlayout_test manyLayoutsInOneProcess`.
    void manyLayoutsInOneProcess()
    {
        const QDir corpus(QStringLiteral(ROUTEMAP_CORPUS));
        int layouts = 0;
        for (const QString &set : corpus.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            const Topology topology
                = buildTopology(ManifestLoader::loadPaths({corpus.absoluteFilePath(set)}).toSnapshot());
            for (const bool hideInternal : {false, true}) {
                LayoutOptions options;
                options.hideInternal = hideInternal;
                const Layout layout = layoutTopology(topology, options);
                verifyComplete(topology, options, layout);
                if (QTest::currentTestFailed()) {
                    qWarning("corpus set %s, hideInternal %d", qPrintable(set), hideInternal);
                    return;
                }
                ++layouts;
            }
        }
        QRandomGenerator rng(20261126);
        for (int round = 0; round < 60; ++round) {
            LayoutOptions options;
            const Topology topology = randomTopology(rng, options);
            verifyComplete(topology, options, layoutTopology(topology, options));
            if (QTest::currentTestFailed()) {
                qWarning("random graph %d", round);
                return;
            }
            ++layouts;
        }
        QVERIFY(!renderDot(chainTopology(), LayoutOptions {}).isEmpty());
        qInfo("%d layouts", layouts);
    }

    // A map of many namespaces is laid out by blocks: the hub on the left, every namespace in its own block, blocks
    // apart, every edge drawn and none crossing a block it does not belong to.
    void blocks_keepEachNamespaceInItsBlock_data()
    {
        QTest::addColumn<int>("nodeCount");
        QTest::addColumn<bool>("hideInternal");
        QTest::addRow("60 nodes") << 60 << false;
        QTest::addRow("400 nodes") << 400 << false;
        QTest::addRow("400 nodes, internal hidden") << 400 << true;
        QTest::addRow("one big namespace") << -300 << false;
    }

    void blocks_keepEachNamespaceInItsBlock()
    {
        QFETCH(int, nodeCount);
        QFETCH(bool, hideInternal);
        Topology topology = syntheticTopology(std::abs(nodeCount), 11);
        if (nodeCount < 0) {
            for (TopoNode &node : topology.nodes) {
                if (!node.ns.isEmpty()) {
                    node.ns = QStringLiteral("big"); // ids keep their old prefixes
                }
            }
        }
        // A cross-namespace edge, an internal namespace, a NodePort straight to a Service, a self-loop.
        topology.nodes.append(makeNode(QStringLiteral("np"), NodeKind::NodePort, Tier::Entry));
        topology.edges.append(makeEdge(QStringLiteral("client"), QStringLiteral("np")));
        topology.edges.append(makeEdge(QStringLiteral("np"), QStringLiteral("ns1/svc0"), QStringLiteral(":30080")));
        topology.edges.append(makeEdge(QStringLiteral("ns0/ing"), QStringLiteral("ns2/svc1"), QStringLiteral("x/y")));
        topology.edges.append(makeEdge(QStringLiteral("ns1/svc1"), QStringLiteral("ns1/svc1"), QStringLiteral("me")));
        topology.nodes.append(makeNode(QStringLiteral("zz/hidden"), NodeKind::Service, Tier::Service,
            QStringLiteral("zz"), true));
        LayoutOptions options;
        options.hideInternal = hideInternal;
        const Layout layout = layoutTopology(topology, options);
        verifyComplete(topology, options, layout);
        QVERIFY(!layout.blocks.isEmpty());
        QVERIFY(layout.blocks.first().hub);

        QMultiHash<QString, QRectF> blockOfNamespace;
        for (const BlockGeometry &block : layout.blocks) {
            QVERIFY(layout.bounds.contains(block.rect));
            if (!block.hub) {
                blockOfNamespace.insert(block.ns, block.rect);
                QVERIFY2(layout.blocks.first().rect.right() < block.rect.left(), qPrintable(block.ns));
            }
        }
        QCOMPARE(blockOfNamespace.contains(QStringLiteral("zz")), !hideInternal);
        for (qsizetype i = 0; i < layout.blocks.size(); ++i) {
            for (qsizetype j = i + 1; j < layout.blocks.size(); ++j) {
                QVERIFY(!layout.blocks.at(i).rect.intersects(layout.blocks.at(j).rect));
            }
        }
        QHash<QString, QRectF> blockOfNode;
        for (const TopoNode &node : topology.nodes) {
            if (!layout.nodes.contains(node.id)) {
                continue;
            }
            const QRectF rect = layout.nodes.value(node.id).rect;
            QRectF block;
            if (node.tier <= Tier::Controller) {
                block = layout.blocks.first().rect;
            } else {
                for (const QRectF &candidate : blockOfNamespace.values(node.ns)) {
                    if (candidate.contains(rect)) {
                        block = candidate;
                    }
                }
            }
            QVERIFY2(block.contains(rect), qPrintable(node.id));
            blockOfNode.insert(node.id, block);
        }
        for (const TopoEdge &edge : topology.edges) {
            if (!layout.edges.contains(edge.id)) {
                continue;
            }
            const EdgeGeometry geometry = layout.edges.value(edge.id);
            QVERIFY2(distanceToRect(geometry.points.constFirst(), layout.nodes.value(edge.from).rect) < 2.0,
                qPrintable(edge.id));
            QVERIFY2(distanceToRect(geometry.arrowTip, layout.nodes.value(edge.to).rect) < 2.0, qPrintable(edge.id));
            const QList<QRectF> own {blockOfNode.value(edge.from), blockOfNode.value(edge.to)};
            for (const QPointF &p : curveSamples(geometry.points)) {
                for (const BlockGeometry &block : layout.blocks) {
                    if (!own.contains(block.rect)) {
                        QVERIFY2(!block.rect.adjusted(1, 1, -1, -1).contains(p),
                            qPrintable(edge.id + QStringLiteral(" crosses ") + block.ns));
                    }
                }
            }
        }
    }

    void blocks_oneNamespaceIsOneGraph()
    {
        const Layout layout = layoutTopology(chainTopology(), LayoutOptions {});
        QVERIFY(layout.blocks.isEmpty());
        QCOMPARE(layout.nodes.size(), chainTopology().nodes.size());
    }

    // Laying out the same map again takes every part from the cache and gives the same geometry.
    void cache_unchangedPartsAreNotLaidOutAgain()
    {
        clearLayoutCache();
        const Topology topology = syntheticTopology(300, 5);
        const Layout first = layoutTopology(topology, LayoutOptions {});
        const LayoutCacheStats cold = layoutCacheStats();
        QCOMPARE(cold.hits, quint64 {0});
        QCOMPARE(cold.misses, static_cast<quint64>(first.blocks.size())); // the hub and every namespace
        const Layout second = layoutTopology(topology, LayoutOptions {});
        const LayoutCacheStats warm = layoutCacheStats();
        QCOMPARE(warm.misses, cold.misses);
        QCOMPARE(warm.hits, cold.misses);
        QCOMPARE(second.nodes.size(), first.nodes.size());
        for (auto it = first.nodes.cbegin(); it != first.nodes.cend(); ++it) {
            QCOMPARE(second.nodes.value(it.key()).rect, it->rect);
        }
        // Other options are other layouts.
        LayoutOptions wider;
        wider.nodeSeparation = 40;
        layoutTopology(topology, wider);
        QCOMPARE(layoutCacheStats().misses, cold.misses * 2);
    }

    // A change in one namespace re-lays out that block only; the others keep their inner layout.
    void cache_changeRelaysOutOnlyItsBlock_data()
    {
        QTest::addColumn<int>("change");
        QTest::addRow("service added") << 0;
        QTest::addRow("label changed") << 1;
        QTest::addRow("node resized") << 2;
    }

    void cache_changeRelaysOutOnlyItsBlock()
    {
        QFETCH(int, change);
        clearLayoutCache();
        const Topology before = syntheticTopology(300, 5);
        LayoutOptions options;
        const Layout first = layoutTopology(before, options);
        const LayoutCacheStats cold = layoutCacheStats();
        Topology after = before;
        const QString ns = QStringLiteral("ns3");
        if (change == 0) {
            after.nodes.append(makeNode(QStringLiteral("ns3/new"), NodeKind::Service, Tier::Service, ns));
            after.edges.append(makeEdge(QStringLiteral("ns3/ing"), QStringLiteral("ns3/new"), QStringLiteral("/new")));
        } else if (change == 1) {
            options.edgeLabelSizes.insert(QStringLiteral("ns3/svc0->ns3/pods0"), QSizeF(150, 20));
        } else {
            options.nodeSizes.insert(QStringLiteral("ns3/svc1"), QSizeF(300, 80));
        }
        const Layout second = layoutTopology(after, options);
        const LayoutCacheStats warm = layoutCacheStats();
        QCOMPARE(warm.misses - cold.misses, quint64 {1});
        QCOMPARE(warm.hits, cold.misses - 1);
        // Inside every other block, nodes keep their places relative to the block.
        QHash<QString, QRectF> blocksBefore;
        QHash<QString, QRectF> blocksAfter;
        for (const BlockGeometry &block : first.blocks) {
            blocksBefore.insert(block.ns, block.rect);
        }
        for (const BlockGeometry &block : second.blocks) {
            blocksAfter.insert(block.ns, block.rect);
        }
        int compared = 0;
        for (const TopoNode &node : before.nodes) {
            if (node.ns.isEmpty() || node.ns == ns) {
                continue;
            }
            const QPointF was = first.nodes.value(node.id).rect.topLeft() - blocksBefore.value(node.ns).topLeft();
            const QPointF is = second.nodes.value(node.id).rect.topLeft() - blocksAfter.value(node.ns).topLeft();
            QCOMPARE(is, was);
            ++compared;
        }
        QVERIFY(compared > 100);
    }

    // Blocks are packed to the requested shape, not stacked into one tall ribbon.
    void packing_followsTheAspectRatio_data()
    {
        QTest::addColumn<double>("aspect");
        QTest::addRow("portrait") << 0.7;
        QTest::addRow("window") << 1.6;
        QTest::addRow("wide") << 3.0;
    }

    void packing_followsTheAspectRatio()
    {
        QFETCH(double, aspect);
        LayoutOptions options;
        options.aspectRatio = aspect;
        const Layout layout = layoutTopology(syntheticTopology(900, 3), options);
        QVERIFY(layout.blocks.size() > 50);
        const double ratio = layout.bounds.width() / layout.bounds.height();
        QVERIFY2(ratio > aspect / 1.5 && ratio < aspect * 1.5, qPrintable(QString::number(ratio)));
    }

    // The packing on its own: rows in order, no overlaps, gutters between.
    void packing_rowsInOrder()
    {
        QList<QSizeF> sizes;
        for (int i = 0; i < 30; ++i) {
            sizes.append(QSizeF(200 + 37 * (i % 5), 100 + 53 * (i % 7)));
        }
        const BlockPacking packing = packBlocks(QSizeF(300, 400), sizes, 3, 1.6);
        QCOMPARE(packing.blocks.size(), sizes.size());
        for (qsizetype i = 0; i < sizes.size(); ++i) {
            QCOMPARE(packing.blocks.at(i).size(), sizes.at(i));
            QVERIFY(packing.blocks.at(i).left() >= packing.hub.right() + packing.gutter - 1e-6);
            QVERIFY(packing.bounds.contains(packing.blocks.at(i)));
            if (i > 0) {
                QVERIFY(packing.rowOf.at(i) >= packing.rowOf.at(i - 1));
            }
            for (qsizetype j = i + 1; j < sizes.size(); ++j) {
                const double g = packing.gutter - 1;
                QVERIFY(!packing.blocks.at(i).adjusted(-g, -g, g, g).intersects(packing.blocks.at(j)));
            }
        }
        QVERIFY(packing.rowTop.size() > 1);
        // A route from the hub to the last block stays out of every block but its target.
        const QRectF target = packing.blocks.constLast();
        const QList<QPointF> line = packing.route(
            -1, QPointF(packing.hub.right(), 300), static_cast<int>(sizes.size() - 1), target.center(), 2);
        QCOMPARE(line.constLast(), target.center());
        const QList<QPointF> chain = roundedChain(line, 10);
        QCOMPARE((chain.size() - 1) % 3, 0);
        for (const QPointF &p : curveSamples(chain)) {
            for (qsizetype i = 0; i + 1 < packing.blocks.size(); ++i) {
                QVERIFY(!packing.blocks.at(i).contains(p));
            }
        }
    }

    // A measurement, not an assertion: ROUTEMAP_LAYOUT_BENCH=1 prints timings for cluster-sized graphs, laid out
    // cold (every block with dot) and warm (from the cache, one namespace changed).
    void benchmark_data()
    {
        QTest::addColumn<int>("nodeCount");
        QTest::addRow("300") << 300;
        QTest::addRow("2300") << 2300;
        QTest::addRow("11500") << 11500;
    }

    void benchmark()
    {
        if (!qEnvironmentVariableIsSet("ROUTEMAP_LAYOUT_BENCH")) {
            QSKIP("set ROUTEMAP_LAYOUT_BENCH=1 to measure");
        }
        QFETCH(int, nodeCount);
        clearLayoutCache();
        const Topology topology = syntheticTopology(nodeCount, 7);
        QElapsedTimer timer;
        timer.start();
        const Layout layout = layoutTopology(topology, LayoutOptions {});
        const qint64 coldMs = timer.restart();
        Topology changed = topology;
        changed.nodes.append(makeNode(QStringLiteral("ns1/new"), NodeKind::Service, Tier::Service, QStringLiteral("ns1")));
        const Layout again = layoutTopology(changed, LayoutOptions {});
        const qint64 warmMs = timer.elapsed();
        QCOMPARE(layout.nodes.size(), topology.nodes.size());
        QCOMPARE(again.nodes.size(), changed.nodes.size());
        qInfo("%lld nodes, %lld edges, %lld blocks: cold %lld ms, one namespace changed %lld ms, bounds %.0f x %.0f",
            static_cast<long long>(topology.nodes.size()), static_cast<long long>(topology.edges.size()),
            static_cast<long long>(layout.blocks.size()), static_cast<long long>(coldMs),
            static_cast<long long>(warmMs), layout.bounds.width(), layout.bounds.height());
    }
};

QTEST_GUILESS_MAIN(GraphvizLayoutTest)
#include "graphvizlayout_test.moc"
