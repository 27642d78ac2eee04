#pragma once

#include "diagnostics/finding.h"
#include "engine/analysis.h"
#include "layout/layout.h"
#include "topology/topology.h"

#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QHash>

namespace routemap {

class BlockFrameItem;
class EdgeItem;
class NodeItem;
class TierBandsItem;

// The traffic map as QGraphicsItems built from a laid-out Topology. The window shows it in a view;
// exports render the very same scene, so screenshots and the window always agree.
class GraphScene final : public QGraphicsScene
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GraphScene)

public:
    explicit GraphScene(QObject *parent = nullptr);
    ~GraphScene() override;

    // The sizes the layout must reserve for every node and edge label, measured with the scene's fonts.
    LayoutOptions layoutOptions(const Topology &topology, bool hideInternal) const;

    // Rebuilds all items from a laid-out topology. Nodes and edges without geometry are left out
    // (for example internal ones the layout hid). Findings and dimming are kept and re-applied.
    void setGraph(const Topology &topology, const Layout &layout);
    const Topology &topology() const { return m_topology; }
    void clearGraph();

    // Colours nodes and edges by the worst finding that marks them (engine/analysis.h decides which); no
    // relayout needed. Without marks they are computed for the scene's topology.
    void setFindings(const QList<Finding> &findings, const FindingMarks &marks);
    void setFindings(const QList<Finding> &findings);
    const QList<Finding> &findings() const { return m_findings; }
    // The drawn node that shows `finding`: the node of its object, else (an object without a box, such as a
    // file that did not parse) the node of the first related object. Empty when none is on the map.
    QString nodeIdForFinding(const Finding &finding) const;

    // Internal nodes (not reachable from the client) drawn faded.
    void setInternalDimmed(bool dimmed);
    bool internalDimmed() const { return m_internalDimmed; }

    QGraphicsItem *nodeItem(const QString &id) const;
    QGraphicsItem *edgeItem(const QString &id) const;
    QList<NodeItem *> nodeItems() const;
    QList<EdgeItem *> edgeItems() const;
    // Tier columns behind a map laid out as one graph; null for a map laid out by blocks.
    TierBandsItem *tierBands() const { return m_bands; }
    // The hub and namespace frames of a map laid out by blocks (Layout::blocks), else empty.
    const QList<BlockFrameItem *> &blockFrames() const { return m_frames; }

    // Selects one node (clearing the rest) and emits nodeSelected; an unknown id clears the selection.
    void selectNode(const QString &id);
    QString selectedNode() const;

    // The area worth showing or exporting: every item, tier bands included.
    QRectF contentRect() const;

signals:
    void nodeSelected(const QString &id); // empty id when the selection is cleared

private:
    void applyFindings();
    void applyDimming();
    void onSelectionChanged();

    Topology m_topology;
    QList<Finding> m_findings;
    FindingMarks m_marks;
    QHash<QString, int> m_findingIndex; // findingKey -> index into m_findings
    QHash<QString, NodeItem *> m_nodes;
    QHash<QString, EdgeItem *> m_edges;
    TierBandsItem *m_bands = nullptr;
    QList<BlockFrameItem *> m_frames;
    bool m_internalDimmed = true;
    QString m_lastSelected;
};

} // namespace routemap
