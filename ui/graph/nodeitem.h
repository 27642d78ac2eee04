#pragma once

#include "diagnostics/finding.h"
#include "topology/topology.h"

#include <QGraphicsItem>
#include <QPen>
#include <QSizeF>
#include <QStringList>
#include <optional>

namespace routemap {

// One card on the traffic map: accent strip and icon by kind, title, subtitle, readiness pill, and a
// badge for the worst finding. Geometry comes from the layout; the item never moves on its own.
class NodeItem final : public QGraphicsItem
{
public:
    enum { Type = UserType + 1 };

    NodeItem(const TopoNode &node, const QRectF &sceneRect);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    const TopoNode &node() const { return m_node; }
    QString id() const { return m_node.id; }
    QRectF cardRect() const { return m_rect; } // item coordinates, top-left at (0, 0)

    // The worst finding naming this node, and the "code: message" lines for the tooltip.
    void setFindings(std::optional<Severity> worst, const QStringList &messages);
    std::optional<Severity> severity() const { return m_severity; }
    bool hasBadge() const { return m_severity.has_value() || m_node.ghost; }
    QPen borderPen() const;

    // The size a card needs for its text, clamped to the style's minimum and maximum widths.
    static QSizeF measure(const TopoNode &node);
    // How people name the node: kind, then namespace/name ("Ingress default/web-ingress",
    // "Pods of Deployment shop/cart"); the client is just its title.
    static QString displayName(const TopoNode &node);

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

private:
    void updateToolTip();
    void paintCoarse(QPainter *painter, double levelOfDetail) const;

    TopoNode m_node;
    QRectF m_rect;
    std::optional<Severity> m_severity;
    QStringList m_findingMessages;
    bool m_hovered = false;
};

} // namespace routemap
