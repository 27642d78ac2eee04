#include "graph/blockframe.h"
#include "graph/edgeitem.h"
#include "graph/graphscene.h"
#include "graph/graphstyle.h"
#include "graph/legend.h"
#include "graph/nodeitem.h"
#include "graph/tierbands.h"
#include "layout/graphvizlayout.h"
#include "scenefixture.h"

#include <QElapsedTimer>
#include <QPainter>
#include <QSignalSpy>
#include <QStyleOptionGraphicsItem>
#include <QTest>

using namespace routemap;

namespace {

TopoNode clusterNode(const QString &id, NodeKind kind, const QString &ns, const QString &title)
{
    const QString kindName = kind == NodeKind::PodGroup ? QStringLiteral("Deployment") : nodeKindName(kind);
    return fixture::makeNode(id, kind, ns, title, QStringLiteral("ClusterIP · 80"),
        fixture::ref(QString(), kindName, ns, title));
}

// A cluster-shaped topology of about `nodeCount` nodes: client, load balancers and controllers, then namespaces
// of an Ingress, Services and their pods; every seventh Service has no ready pods.
Topology clusterTopology(int nodeCount)
{
    Topology t;
    t.nodes.append(clusterNode(QStringLiteral("client"), NodeKind::Client, QString(), QStringLiteral("Internet")));
    TopoNode lb = clusterNode(QStringLiteral("lb"), NodeKind::LoadBalancer, QString(), QStringLiteral("lb"));
    TopoNode ctl = clusterNode(QStringLiteral("ctl"), NodeKind::IngressController, QString(), QStringLiteral("nginx"));
    t.nodes << lb << ctl;
    const auto edge = [&t](const QString &from, const QString &to, const QString &label) {
        TopoEdge e;
        e.id = from + QStringLiteral("->") + to;
        e.from = from;
        e.to = to;
        e.label = label;
        t.edges.append(e);
    };
    edge(QStringLiteral("client"), QStringLiteral("lb"), QString());
    edge(QStringLiteral("lb"), QStringLiteral("ctl"), QStringLiteral(":443"));
    for (int n = 0; t.nodes.size() < nodeCount; ++n) {
        const QString ns = QStringLiteral("team-%1").arg(n);
        const QString ing = ns + QStringLiteral("/ing");
        t.nodes.append(clusterNode(ing, NodeKind::Ingress, ns, QStringLiteral("web")));
        edge(QStringLiteral("ctl"), ing, QString());
        for (int s = 0; s < 6 && t.nodes.size() < nodeCount; ++s) {
            const QString svc = ns + QStringLiteral("/svc%1").arg(s);
            const QString pods = ns + QStringLiteral("/pods%1").arg(s);
            t.nodes.append(clusterNode(svc, NodeKind::Service, ns, QStringLiteral("svc%1").arg(s)));
            TopoNode group = clusterNode(pods, NodeKind::PodGroup, ns, QStringLiteral("app%1").arg(s));
            group.total = 3;
            group.ready = (n * 6 + s) % 7 == 0 ? 0 : 3;
            t.nodes.append(group);
            edge(ing, svc, QStringLiteral("%1.example.com/s%2").arg(ns).arg(s));
            edge(svc, pods, QStringLiteral(":80→8080"));
        }
    }
    return t;
}

// An error on every Service whose pods are not ready.
QList<Finding> clusterFindings(const Topology &topology)
{
    QList<Finding> findings;
    for (const TopoNode &node : topology.nodes) {
        if (node.kind == NodeKind::PodGroup && node.ready == 0) {
            Finding finding;
            finding.code = QStringLiteral("service-no-ready-endpoints");
            finding.severity = Severity::Error;
            finding.message = QStringLiteral("no ready pods");
            finding.object = node.ref;
            findings.append(finding);
        }
    }
    return findings;
}

bool hasRed(const QImage &image)
{
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (c.red() > 180 && c.green() < 120 && c.blue() < 120) {
                return true;
            }
        }
    }
    return false;
}

} // namespace

class GraphSceneTest : public QObject
{
    Q_OBJECT

private:
    static void build(GraphScene &scene, bool hideInternal = false)
    {
        const Topology topology = fixture::shopTopology();
        const LayoutOptions options = scene.layoutOptions(topology, hideInternal);
        scene.setGraph(topology, fixture::columnLayout(topology, options));
    }

private slots:
    void layoutOptions_measuresEveryNodeAndLabel()
    {
        GraphScene scene;
        const Topology topology = fixture::shopTopology();
        const LayoutOptions options = scene.layoutOptions(topology, true);
        QVERIFY(options.hideInternal);
        QCOMPARE(options.nodeSizes.size(), topology.nodes.size());
        for (const QSizeF &size : options.nodeSizes) {
            QVERIFY(size.width() >= GraphStyle::minNodeWidth);
            QVERIFY(size.width() <= GraphStyle::maxNodeWidth);
            QVERIFY(size.height() >= GraphStyle::minNodeHeight);
        }
        // The very long Service name is clamped to the maximum width (and elided when drawn).
        QCOMPARE(options.nodeSizes.value(QStringLiteral("svc/shop/checkout")).width(), GraphStyle::maxNodeWidth);
        // A namespace line makes the card taller than one without.
        QVERIFY(options.nodeSizes.value(QStringLiteral("svc/shop/web")).height()
            > options.nodeSizes.value(QStringLiteral("client")).height());
        int labelled = 0;
        for (const TopoEdge &edge : topology.edges) {
            if (!edge.label.isEmpty()) {
                ++labelled;
                const QSizeF size = options.edgeLabelSizes.value(edge.id);
                QVERIFY2(size.width() > 10 && size.height() > 8, qPrintable(edge.id));
            }
        }
        QCOMPARE(options.edgeLabelSizes.size(), labelled);
    }

    void setGraph_createsOneItemPerNodeAndEdge()
    {
        GraphScene scene;
        build(scene);
        const Topology &topology = scene.topology();
        QCOMPARE(scene.nodeItems().size(), topology.nodes.size());
        QCOMPARE(scene.edgeItems().size(), topology.edges.size());
        for (const TopoNode &node : topology.nodes) {
            QGraphicsItem *item = scene.nodeItem(node.id);
            QVERIFY2(item, qPrintable(node.id));
            QCOMPARE(item->type(), int(NodeItem::Type));
            QVERIFY(item->flags() & QGraphicsItem::ItemIsSelectable);
            QVERIFY(item->acceptHoverEvents());
        }
        QVERIFY(!scene.nodeItem(QStringLiteral("no/such/node")));
        QVERIFY(scene.tierBands());
        QCOMPARE(scene.tierBands()->bands().size(), 6); // every tier has a node in the fixture
        QVERIFY(scene.sceneRect().contains(scene.contentRect()));
    }

    void setGraph_placesCardsAtLayoutRects()
    {
        GraphScene scene;
        const Topology topology = fixture::shopTopology();
        const Layout layout = fixture::columnLayout(topology, scene.layoutOptions(topology, false));
        scene.setGraph(topology, layout);
        for (auto it = layout.nodes.cbegin(); it != layout.nodes.cend(); ++it) {
            auto *item = static_cast<NodeItem *>(scene.nodeItem(it.key()));
            QVERIFY(item);
            QCOMPARE(item->mapRectToScene(item->cardRect()), it->rect);
        }
    }

    void setGraph_rebuildKeepsNothingStale()
    {
        GraphScene scene;
        build(scene);
        Topology small;
        small.nodes.append(
            fixture::makeNode(QStringLiteral("client"), NodeKind::Client, {}, QStringLiteral("Internet"), {}, {}));
        Layout layout;
        layout.nodes.insert(QStringLiteral("client"), NodeGeometry {QRectF(0, 0, 150, 50)});
        scene.setGraph(small, layout);
        QCOMPARE(scene.nodeItems().size(), 1);
        QCOMPARE(scene.edgeItems().size(), 0);
        QVERIFY(!scene.nodeItem(QStringLiteral("svc/shop/web")));
    }

    void hiddenInternal_nodesWithoutGeometryAreLeftOut()
    {
        GraphScene scene;
        build(scene, true);
        QVERIFY(!scene.nodeItem(QStringLiteral("svc/monitoring/metrics")));
        QVERIFY(!scene.nodeItem(QStringLiteral("pod/shop/debug")));
        QVERIFY(!scene.edgeItem(QStringLiteral("svc/monitoring/metrics->pods/monitoring/prometheus")));
        QVERIFY(scene.nodeItem(QStringLiteral("svc/shop/web")));
    }

    void ghostNode_hasDashedBorderAndBadge()
    {
        GraphScene scene;
        build(scene);
        auto *ghost = static_cast<NodeItem *>(scene.nodeItem(QStringLiteral("ghost/Service/shop/payments")));
        QVERIFY(ghost);
        QCOMPARE(ghost->borderPen().style(), Qt::DashLine);
        QVERIFY(ghost->hasBadge());
        QVERIFY(ghost->toolTip().contains(QStringLiteral("not loaded")));
        auto *normal = static_cast<NodeItem *>(scene.nodeItem(QStringLiteral("svc/shop/web")));
        QCOMPARE(normal->borderPen().style(), Qt::SolidLine);
        QVERIFY(!normal->hasBadge());
        auto *edge = static_cast<EdgeItem *>(
            scene.edgeItem(QStringLiteral("ing/shop/storefront->ghost/Service/shop/payments")));
        QVERIFY(edge);
        QCOMPARE(edge->pen().style(), Qt::DashLine);
    }

    void setFindings_coloursNodesAndEdges_data()
    {
        QTest::addColumn<QString>("nodeId");
        QTest::addColumn<int>("severity");
        QTest::addColumn<QString>("code");
        QTest::addRow("error on the referring Ingress")
            << QStringLiteral("ing/shop/storefront") << int(Severity::Error) << QStringLiteral("RM-ING-002");
        QTest::addRow("error on the missing Service")
            << QStringLiteral("ghost/Service/shop/payments") << int(Severity::Error) << QStringLiteral("RM-ING-002");
        QTest::addRow("warning on a Service")
            << QStringLiteral("svc/shop/api") << int(Severity::Warning) << QStringLiteral("RM-SVC-004");
        QTest::addRow("info on a Gateway")
            << QStringLiteral("gw/infra/public") << int(Severity::Info) << QStringLiteral("RM-GW-010");
    }

    void setFindings_coloursNodesAndEdges()
    {
        QFETCH(QString, nodeId);
        QFETCH(int, severity);
        QFETCH(QString, code);
        GraphScene scene;
        build(scene);
        auto *node = static_cast<NodeItem *>(scene.nodeItem(nodeId));
        QVERIFY(node);
        QVERIFY(!node->severity());
        scene.setFindings(fixture::shopFindings());
        QVERIFY(node->severity());
        QCOMPARE(int(*node->severity()), severity);
        QVERIFY(node->hasBadge());
        QCOMPARE(node->borderPen().color(), GraphStyle::severityColor(Severity(severity)));
        QVERIFY(node->borderPen().widthF() > 1.5);
        QVERIFY2(node->toolTip().contains(code + QStringLiteral(": ")), qPrintable(node->toolTip()));
    }

    void setFindings_marksTheBrokenEdgeOnly()
    {
        GraphScene scene;
        build(scene);
        scene.setFindings(fixture::shopFindings());
        auto edge
            = [&scene](const char *id) { return static_cast<EdgeItem *>(scene.edgeItem(QString::fromLatin1(id))); };
        EdgeItem *broken = edge("ing/shop/storefront->ghost/Service/shop/payments");
        QVERIFY(broken->severity());
        QCOMPARE(*broken->severity(), Severity::Error);
        QCOMPARE(broken->pen().style(), Qt::DashDotLine);
        QCOMPARE(broken->pen().color(), GraphStyle::severityColor(Severity::Error));
        // A finding about a Service alone marks every way into it...
        EdgeItem *intoApi = edge("ing/shop/storefront->svc/shop/api");
        QVERIFY(intoApi->severity());
        QCOMPARE(*intoApi->severity(), Severity::Warning);
        QCOMPARE(intoApi->pen().style(), Qt::DashLine);
        // ...but not its way out, nor unrelated edges.
        QVERIFY(!edge("svc/shop/api->pods/shop/api")->severity());
        QVERIFY(!edge("ing/shop/storefront->svc/shop/web")->severity());
        QCOMPARE(edge("ing/shop/storefront->svc/shop/web")->pen().style(), Qt::SolidLine);
    }

    void setFindings_clearingRestoresTheDefaultLook()
    {
        GraphScene scene;
        build(scene);
        scene.setFindings(fixture::shopFindings());
        scene.setFindings({});
        for (NodeItem *item : scene.nodeItems()) {
            QVERIFY(!item->severity());
        }
        for (EdgeItem *item : scene.edgeItems()) {
            QVERIFY(!item->severity());
        }
        auto *ingress = static_cast<NodeItem *>(scene.nodeItem(QStringLiteral("ing/shop/storefront")));
        QCOMPARE(ingress->borderPen().color(), GraphStyle::cardBorder());
        QVERIFY(!ingress->toolTip().contains(QStringLiteral("RM-ING-002")));
    }

    void setFindings_survivesRelayout()
    {
        GraphScene scene;
        scene.setFindings(fixture::shopFindings());
        build(scene);
        auto *ingress = static_cast<NodeItem *>(scene.nodeItem(QStringLiteral("ing/shop/storefront")));
        QVERIFY(ingress->severity());
        QCOMPARE(*ingress->severity(), Severity::Error);
    }

    void worstFindingWins()
    {
        GraphScene scene;
        build(scene);
        QList<Finding> findings = fixture::shopFindings();
        Finding extra;
        extra.code = QStringLiteral("RM-SVC-001");
        extra.severity = Severity::Error;
        extra.object = fixture::ref({}, QStringLiteral("Service"), QStringLiteral("shop"), QStringLiteral("api"));
        extra.message = QStringLiteral("Service shop/api selects no pods");
        findings.append(extra);
        scene.setFindings(findings);
        auto *api = static_cast<NodeItem *>(scene.nodeItem(QStringLiteral("svc/shop/api")));
        QCOMPARE(*api->severity(), Severity::Error);
        const QString tip = api->toolTip();
        QVERIFY(tip.contains(QStringLiteral("RM-SVC-001")));
        QVERIFY(tip.contains(QStringLiteral("RM-SVC-004")));
        QVERIFY(tip.indexOf(QStringLiteral("RM-SVC-001")) < tip.indexOf(QStringLiteral("RM-SVC-004")));
    }

    void displayName_data()
    {
        QTest::addColumn<QString>("nodeId");
        QTest::addColumn<QString>("name");
        QTest::addRow("client") << QStringLiteral("client") << QStringLiteral("Internet");
        QTest::addRow("load balancer") << QStringLiteral("lb/ingress-nginx/ingress-nginx-controller")
                                       << QStringLiteral("LoadBalancer ingress-nginx/ingress-nginx-controller");
        QTest::addRow("controller") << QStringLiteral("ctrl/nginx") << QStringLiteral("Ingress controller nginx");
        QTest::addRow("ingress") << QStringLiteral("ing/shop/storefront") << QStringLiteral("Ingress shop/storefront");
        QTest::addRow("route") << QStringLiteral("route/shop/checkout")
                               << QStringLiteral("HTTPRoute shop/checkout-route");
        QTest::addRow("ghost") << QStringLiteral("ghost/Service/shop/payments")
                               << QStringLiteral("Service shop/payments");
        QTest::addRow("pods") << QStringLiteral("pods/shop/checkout")
                              << QStringLiteral("Pods of StatefulSet shop/checkout");
    }

    void displayName()
    {
        QFETCH(QString, nodeId);
        QFETCH(QString, name);
        GraphScene scene;
        build(scene);
        const auto *node = static_cast<NodeItem *>(scene.nodeItem(nodeId));
        QVERIFY(node);
        QCOMPARE(NodeItem::displayName(node->node()), name);
        QVERIFY2(node->toolTip().startsWith(QStringLiteral("<b>") + name.toHtmlEscaped() + QStringLiteral("</b>")),
            qPrintable(node->toolTip()));
    }

    void edgeToolTip_namesBothEndsAndFindings()
    {
        GraphScene scene;
        build(scene);
        scene.setFindings(fixture::shopFindings());
        auto *edge = static_cast<EdgeItem *>(scene.edgeItem(QStringLiteral("ing/shop/storefront->svc/shop/api")));
        QVERIFY(edge);
        const QString tip = edge->toolTip();
        QVERIFY2(tip.contains(QStringLiteral("Ingress shop/storefront → Service shop/api")), qPrintable(tip));
        QVERIFY2(!tip.contains(QStringLiteral("ing/shop")), qPrintable(tip));
        QVERIFY2(!tip.contains(QStringLiteral("svc/shop")), qPrintable(tip));
        if (!edge->edge().label.isEmpty()) {
            QVERIFY(tip.contains(edge->edge().label.toHtmlEscaped()));
        }
        QVERIFY2(tip.contains(QStringLiteral("warning RM-SVC-004: ")), qPrintable(tip));
    }

    void selection_emitsNodeSelected()
    {
        GraphScene scene;
        build(scene);
        QSignalSpy spy(&scene, &GraphScene::nodeSelected);
        scene.selectNode(QStringLiteral("svc/shop/web"));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("svc/shop/web"));
        QVERIFY(scene.nodeItem(QStringLiteral("svc/shop/web"))->isSelected());
        QCOMPARE(scene.selectedNode(), QStringLiteral("svc/shop/web"));

        // Selecting through the item (as a click does) reports too.
        scene.clearSelection();
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.at(1).at(0).toString(), QString());
        scene.nodeItem(QStringLiteral("pods/shop/api"))->setSelected(true);
        QCOMPARE(spy.count(), 3);
        QCOMPARE(spy.at(2).at(0).toString(), QStringLiteral("pods/shop/api"));

        // Same node again: no duplicate signal; unknown id clears.
        scene.selectNode(QStringLiteral("pods/shop/api"));
        QCOMPARE(spy.count(), 3);
        scene.selectNode(QStringLiteral("nope"));
        QCOMPARE(spy.count(), 4);
        QCOMPARE(spy.at(3).at(0).toString(), QString());
        QVERIFY(scene.selectedItems().isEmpty());
    }

    void selection_keptAcrossRelayoutWhenTheNodeRemains()
    {
        GraphScene scene;
        build(scene);
        scene.selectNode(QStringLiteral("svc/shop/web"));
        QSignalSpy spy(&scene, &GraphScene::nodeSelected);
        build(scene);
        QCOMPARE(spy.count(), 0);
        QVERIFY(scene.nodeItem(QStringLiteral("svc/shop/web"))->isSelected());
        Topology empty;
        scene.setGraph(empty, Layout());
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), QString());
    }

    void internalNodes_dimmedOnRequest()
    {
        GraphScene scene;
        build(scene);
        QGraphicsItem *internal = scene.nodeItem(QStringLiteral("svc/monitoring/metrics"));
        QGraphicsItem *internalEdge
            = scene.edgeItem(QStringLiteral("svc/monitoring/metrics->pods/monitoring/prometheus"));
        QGraphicsItem *reachable = scene.nodeItem(QStringLiteral("svc/shop/web"));
        scene.setInternalDimmed(true);
        QCOMPARE(internal->opacity(), GraphStyle::dimmedOpacity);
        QCOMPARE(internalEdge->opacity(), GraphStyle::dimmedOpacity);
        QCOMPARE(reachable->opacity(), 1.0);
        scene.setInternalDimmed(false);
        QCOMPARE(internal->opacity(), 1.0);
        QCOMPARE(internalEdge->opacity(), 1.0);
        scene.setInternalDimmed(true);
        build(scene); // kept across a rebuild
        QCOMPARE(scene.nodeItem(QStringLiteral("svc/monitoring/metrics"))->opacity(), GraphStyle::dimmedOpacity);
    }

    void badInput_doesNotCrash()
    {
        GraphScene scene;
        Topology topology;
        TopoNode node; // no id, no title
        topology.nodes.append(node);
        TopoEdge dangling;
        dangling.id = QStringLiteral("a->b");
        dangling.from = QStringLiteral("a");
        dangling.to = QStringLiteral("b");
        topology.edges.append(dangling);
        Layout layout;
        layout.nodes.insert(QString(), NodeGeometry {QRectF(0, 0, 150, 50)});
        EdgeGeometry broken;
        broken.points = {QPointF(0, 0), QPointF(5, 5)}; // not a Bézier chain
        layout.edges.insert(QStringLiteral("a->b"), broken);
        scene.setGraph(topology, layout);
        scene.setFindings(fixture::shopFindings());
        QCOMPARE(scene.nodeItems().size(), 1);
        QCOMPARE(scene.edgeItems().size(), 0); // dangling edge skipped
        EdgeItem edge(dangling, broken);
        QVERIFY(!edge.boundingRect().isEmpty());
        EdgeItem empty(dangling, EdgeGeometry());
        QVERIFY(empty.path().isEmpty());
        QImage image(200, 100, QImage::Format_ARGB32);
        QPainter painter(&image);
        scene.render(&painter);
        empty.paint(&painter, nullptr, nullptr);
    }

    // The window draws the scene as it is, selection ring included; keep a picture when asked to.
    void selectionRing_isPainted()
    {
        GraphScene scene;
        build(scene);
        scene.setFindings(fixture::shopFindings());
        auto render = [&scene]() {
            const QRectF area
                = scene.nodeItem(QStringLiteral("svc/shop/web"))->sceneBoundingRect().adjusted(-20, -20, 20, 20);
            QImage image(area.size().toSize() * 2, QImage::Format_ARGB32);
            image.fill(Qt::white);
            QPainter painter(&image);
            scene.render(&painter, QRectF(QPointF(0, 0), image.size()), area);
            return image;
        };
        const QImage plain = render();
        scene.selectNode(QStringLiteral("svc/shop/web"));
        const QImage selected = render();
        QVERIFY(plain != selected);
        const QString folder = qEnvironmentVariable("ROUTEMAP_SCREENSHOTS");
        if (!folder.isEmpty()) {
            selected.save(folder + QStringLiteral("/scene-selected-node.png"));
        }
    }

    // A map of many namespaces, laid out by blocks, gets one frame per block instead of tier columns.
    void blocks_drawFramesInsteadOfBands()
    {
        GraphScene scene;
        const Topology topology = clusterTopology(120);
        const Layout layout = layoutTopology(topology, scene.layoutOptions(topology, false));
        QVERIFY(layout.blocks.size() > 2);
        scene.setGraph(topology, layout);
        QVERIFY(!scene.tierBands());
        QCOMPARE(scene.blockFrames().size(), layout.blocks.size());
        QCOMPARE(scene.blockFrames().first()->title(), QStringLiteral("ENTRY"));
        QCOMPARE(scene.blockFrames().at(1)->title(), QStringLiteral("NAMESPACE team-0"));
        QCOMPARE(scene.nodeItems().size(), topology.nodes.size());
        QCOMPARE(scene.edgeItems().size(), topology.edges.size());
        // Rebuilt as one graph: bands again, no frames.
        build(scene);
        QVERIFY(scene.tierBands());
        QVERIFY(scene.blockFrames().isEmpty());
    }

    // Level of detail: far out cards are boxes in their severity colour, and painting never fails however small.
    void lod_paintsAtEveryScale_data()
    {
        QTest::addColumn<double>("scale");
        QTest::addRow("1") << 1.0;
        QTest::addRow("0.3") << 0.3;
        QTest::addRow("0.1") << 0.1;
        QTest::addRow("0.02") << 0.02;
        QTest::addRow("0.001") << 0.001;
    }

    void lod_paintsAtEveryScale()
    {
        QFETCH(double, scale);
        GraphScene scene;
        const Topology topology = clusterTopology(80);
        const Layout layout = layoutTopology(topology, scene.layoutOptions(topology, false));
        scene.setGraph(topology, layout);
        scene.setFindings(clusterFindings(topology));
        scene.selectNode(QStringLiteral("team-0/svc0"));
        const QRectF area = scene.contentRect();
        const QSize size((area.size() * scale).toSize().expandedTo(QSize(1, 1)));
        QImage image(size, QImage::Format_ARGB32);
        image.fill(Qt::white);
        {
            QPainter painter(&image);
            scene.render(&painter, QRectF(QPointF(0, 0), size), area);
        }
        if (scale >= 0.02) {
            // The broken pod groups stay red at every zoom where a card covers a pixel.
            QVERIFY(hasRed(image));
        }
        // Near and far paint differently: text only near.
        NodeItem *item = scene.nodeItems().constFirst();
        QStyleOptionGraphicsItem option;
        const auto paintAt = [item, &option](double s) {
            QImage card((item->boundingRect().size() * 2).toSize(), QImage::Format_ARGB32);
            card.fill(Qt::white);
            QPainter painter(&card);
            painter.scale(s, s);
            painter.translate(-item->boundingRect().topLeft());
            item->paint(&painter, &option, nullptr);
            return card;
        };
        QVERIFY(paintAt(1.0) != paintAt(0.1));
    }

    // A measurement, not an assertion: ROUTEMAP_LAYOUT_BENCH=1 prints how long building the scene takes for
    // cluster-sized maps (layout not included).
    void benchmark_sceneBuild_data()
    {
        QTest::addColumn<int>("nodeCount");
        QTest::addRow("2500") << 2500;
        QTest::addRow("12000") << 12000;
    }

    void benchmark_sceneBuild()
    {
        if (!qEnvironmentVariableIsSet("ROUTEMAP_LAYOUT_BENCH")) {
            QSKIP("set ROUTEMAP_LAYOUT_BENCH=1 to measure");
        }
        QFETCH(int, nodeCount);
        GraphScene scene;
        const Topology topology = clusterTopology(nodeCount);
        QElapsedTimer timer;
        timer.start();
        const LayoutOptions options = scene.layoutOptions(topology, false);
        const qint64 measureMs = timer.restart();
        const Layout layout = layoutTopology(topology, options);
        const qint64 layoutMs = timer.restart();
        scene.setGraph(topology, layout);
        scene.setFindings(clusterFindings(topology));
        const qint64 buildMs = timer.restart();
        QImage image(1600, 1000, QImage::Format_ARGB32);
        const auto paint = [&scene, &image]() {
            image.fill(Qt::white);
            QPainter painter(&image);
            scene.render(&painter, QRectF(0, 0, 1600, 1000), scene.contentRect(), Qt::KeepAspectRatio);
        };
        paint(); // the first paint also builds the scene's index
        const qint64 firstPaintMs = timer.restart();
        paint();
        const qint64 paintMs = timer.elapsed();
        QCOMPARE(scene.nodeItems().size(), topology.nodes.size());
        qInfo("%lld nodes, %lld items: measure %lld ms, layout %lld ms, scene build + findings %lld ms, "
              "whole-map paint at %.3f: first %lld ms, again %lld ms",
            static_cast<long long>(topology.nodes.size()), static_cast<long long>(scene.items().size()),
            static_cast<long long>(measureMs), static_cast<long long>(layoutMs), static_cast<long long>(buildMs),
            std::min(1600 / scene.contentRect().width(), 1000 / scene.contentRect().height()),
            static_cast<long long>(firstPaintMs), static_cast<long long>(paintMs));
        const QString folder = qEnvironmentVariable("ROUTEMAP_SCREENSHOTS");
        if (!folder.isEmpty()) {
            image.save(folder + QStringLiteral("/scene-cluster-%1.png").arg(nodeCount));
        }
    }

    void legend_hasASizeAndPaints()
    {
        const QSizeF size = legendSize();
        QVERIFY(size.width() > 200 && size.height() > 150);
        QImage image(size.toSize(), QImage::Format_ARGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        paintLegend(&painter, QRectF(QPointF(0, 0), size));
        painter.end();
        int ink = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                if (qGray(image.pixel(x, y)) < 200) {
                    ++ink;
                }
            }
        }
        QVERIFY2(ink > 500, qPrintable(QString::number(ink)));
        LegendWidget widget;
        QCOMPARE(widget.sizeHint(), size.toSize() + QSize(2, 2));
    }
};

QTEST_MAIN(GraphSceneTest)
#include "graphscene_test.moc"
