#include "graphscene.h"

#include "blockframe.h"
#include "edgeitem.h"
#include "graphstyle.h"
#include "nodeitem.h"
#include "tierbands.h"

#include <QSet>
#include <algorithm>

namespace routemap {

namespace {

constexpr qsizetype LargeSceneItems = 4000;

} // namespace

GraphScene::GraphScene(QObject *parent)
    : QGraphicsScene(parent)
{
    setBackgroundBrush(GraphStyle::background());
    setItemIndexMethod(QGraphicsScene::BspTreeIndex);
    connect(this, &QGraphicsScene::selectionChanged, this, &GraphScene::onSelectionChanged);
}

GraphScene::~GraphScene()
{
    // Items go away with the scene; don't report a selection change while they do.
    disconnect(this, &QGraphicsScene::selectionChanged, this, &GraphScene::onSelectionChanged);
}

LayoutOptions GraphScene::layoutOptions(const Topology &topology, bool hideInternal) const
{
    LayoutOptions options;
    options.hideInternal = hideInternal;
    // Edge labels get ranks of their own between the tiers, so the tier gap need not be wide too:
    // a tighter gap keeps the six columns readable at the window's first zoom.
    options.rankSeparation = 40;
    for (const TopoNode &node : topology.nodes) {
        options.nodeSizes.insert(node.id, NodeItem::measure(node));
    }
    for (const TopoEdge &edge : topology.edges) {
        if (!edge.label.isEmpty()) {
            options.edgeLabelSizes.insert(edge.id, EdgeItem::measureLabel(edge.label));
        }
    }
    TopoNode sample;
    sample.title = QStringLiteral("service-name");
    sample.subtitle = QStringLiteral("ClusterIP · 80");
    options.defaultNodeSize = NodeItem::measure(sample);
    return options;
}

void GraphScene::clearGraph()
{
    QSignalBlocker blocker(this);
    clearSelection();
    clear();
    m_nodes.clear();
    m_edges.clear();
    m_frames.clear();
    m_bands = nullptr;
    const bool hadSelection = !m_lastSelected.isEmpty();
    m_lastSelected.clear();
    m_topology = Topology();
    blocker.unblock();
    if (hadSelection) {
        emit nodeSelected(QString());
    }
}

void GraphScene::setGraph(const Topology &topology, const Layout &layout)
{
    const QString previous = m_lastSelected;
    {
        const QSignalBlocker blocker(this);
        clearSelection();
        clear();
        m_nodes.clear();
        m_edges.clear();
        m_frames.clear();
        m_bands = nullptr;
        m_lastSelected.clear();
    }
    m_topology = topology;
    // Building the BSP index costs seconds for tens of thousands of items and pays off only for small scenes;
    // a linear scan of a big one is still quick enough for hovering and painting.
    setItemIndexMethod(m_topology.nodes.size() + m_topology.edges.size() > LargeSceneItems ? QGraphicsScene::NoIndex
                                                                                           : QGraphicsScene::BspTreeIndex);

    QList<QPair<Tier, QRectF>> tierRects;
    for (const TopoNode &node : m_topology.nodes) {
        const auto geometry = layout.nodes.constFind(node.id);
        if (geometry == layout.nodes.cend() || !geometry->rect.isValid()) {
            continue;
        }
        auto *item = new NodeItem(node, geometry->rect);
        addItem(item);
        m_nodes.insert(node.id, item);
        tierRects.append({node.tier, geometry->rect});
    }
    for (const TopoEdge &edge : m_topology.edges) {
        const auto geometry = layout.edges.constFind(edge.id);
        if (geometry == layout.edges.cend() || geometry->points.isEmpty()) {
            continue;
        }
        if (!m_nodes.contains(edge.from) || !m_nodes.contains(edge.to)) {
            continue;
        }
        auto *item = new EdgeItem(edge, *geometry);
        item->setEndpointNames(NodeItem::displayName(m_nodes.value(edge.from)->node()),
            NodeItem::displayName(m_nodes.value(edge.to)->node()));
        addItem(item);
        if (EdgeLabelItem *label = item->createLabelItem()) {
            addItem(label);
        }
        m_edges.insert(edge.id, item);
    }
    if (layout.blocks.isEmpty()) {
        m_bands = new TierBandsItem(tierRects);
        addItem(m_bands);
    } else {
        // Tier columns would run through every block of a packed map: each block gets a frame instead.
        for (const BlockGeometry &block : layout.blocks) {
            auto *frame = new BlockFrameItem(block);
            addItem(frame);
            m_frames.append(frame);
        }
    }

    setSceneRect(contentRect().adjusted(-40, -40, 40, 40));
    m_marks = markFindings(m_topology, m_findings); // the kept findings, on the new graph
    applyFindings();
    applyDimming();

    // Keep the user's selection across a relayout when the node still exists.
    if (!previous.isEmpty()) {
        if (m_nodes.contains(previous)) {
            const QSignalBlocker blocker(this);
            m_nodes.value(previous)->setSelected(true);
            m_lastSelected = previous;
        } else {
            emit nodeSelected(QString());
        }
    }
}

QRectF GraphScene::contentRect() const
{
    return itemsBoundingRect();
}

void GraphScene::setFindings(const QList<Finding> &findings)
{
    setFindings(findings, markFindings(m_topology, findings));
}

void GraphScene::setFindings(const QList<Finding> &findings, const FindingMarks &marks)
{
    m_findings = findings;
    m_marks = marks;
    m_findingIndex.clear();
    for (int i = 0; i < m_findings.size(); ++i) {
        m_findingIndex.insert(findingKey(m_findings.at(i)), i);
    }
    applyFindings();
}

QString GraphScene::nodeIdForFinding(const Finding &finding) const
{
    // The first node that shows the finding and is drawn (the layout may have hidden, for example, an
    // internal Service).
    const int index = m_findingIndex.value(findingKey(finding), -1);
    // A finding the scene does not hold (for example one picked from an older list) is placed the same way.
    const QStringList candidates = index >= 0 && index < m_marks.nodesOfFinding.size()
        ? m_marks.nodesOfFinding.at(index)
        : markFindings(m_topology, {finding}).nodesOfFinding.value(0);
    for (const QString &id : candidates) {
        if (m_nodes.contains(id)) {
            return id;
        }
    }
    return {};
}

void GraphScene::applyFindings()
{
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it) {
        const QList<int> indexes = m_marks.nodes.value(it.key());
        if (indexes.isEmpty()) {
            it.value()->setFindings(std::nullopt, {});
        } else {
            it.value()->setFindings(
                FindingMarks::worst(m_findings, indexes), FindingMarks::messages(m_findings, indexes));
        }
    }
    for (auto it = m_edges.cbegin(); it != m_edges.cend(); ++it) {
        const QList<int> indexes = m_marks.edges.value(it.key());
        if (indexes.isEmpty()) {
            it.value()->setFindings(std::nullopt, {});
        } else {
            it.value()->setFindings(
                FindingMarks::worst(m_findings, indexes), FindingMarks::messages(m_findings, indexes));
        }
    }
}

void GraphScene::setInternalDimmed(bool dimmed)
{
    m_internalDimmed = dimmed;
    applyDimming();
}

void GraphScene::applyDimming()
{
    for (NodeItem *item : std::as_const(m_nodes)) {
        item->setOpacity(m_internalDimmed && item->node().internal ? GraphStyle::dimmedOpacity : 1.0);
    }
    for (EdgeItem *item : std::as_const(m_edges)) {
        const NodeItem *from = m_nodes.value(item->edge().from);
        const NodeItem *to = m_nodes.value(item->edge().to);
        const bool internal = item->edge().internal || (from && from->node().internal) || (to && to->node().internal);
        item->setOpacity(m_internalDimmed && internal ? GraphStyle::dimmedOpacity : 1.0);
        item->updateLabel();
    }
}

QGraphicsItem *GraphScene::nodeItem(const QString &id) const
{
    return m_nodes.value(id);
}

QGraphicsItem *GraphScene::edgeItem(const QString &id) const
{
    return m_edges.value(id);
}

QList<NodeItem *> GraphScene::nodeItems() const
{
    return m_nodes.values();
}

QList<EdgeItem *> GraphScene::edgeItems() const
{
    return m_edges.values();
}

void GraphScene::selectNode(const QString &id)
{
    NodeItem *item = m_nodes.value(id);
    {
        const QSignalBlocker blocker(this);
        clearSelection();
        if (item) {
            item->setSelected(true);
        }
    }
    onSelectionChanged();
}

QString GraphScene::selectedNode() const
{
    return m_lastSelected;
}

void GraphScene::onSelectionChanged()
{
    QString id;
    const QList<QGraphicsItem *> selected = selectedItems();
    for (QGraphicsItem *item : selected) {
        if (item->type() == NodeItem::Type) {
            id = static_cast<NodeItem *>(item)->id();
            break;
        }
    }
    if (id == m_lastSelected) {
        return;
    }
    m_lastSelected = id;
    emit nodeSelected(id);
}

} // namespace routemap
