#include "graph/edgeitem.h"
#include "graph/graphscene.h"
#include "graph/graphstyle.h"
#include "graph/legend.h"
#include "graph/nodeitem.h"
#include "graph/tierbands.h"
#include "scenefixture.h"

#include <QPainter>
#include <QSignalSpy>
#include <QTest>

using namespace routemap;

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
