#pragma once

#include "diagnostics/finding.h"
#include "layout/layout.h"
#include "topology/topology.h"

#include <QGraphicsItem>
#include <QPainterPath>
#include <QPen>
#include <optional>

namespace routemap {

// The pill with an edge's label (host/path, ports). A separate top-level item stacked above every
// edge line and below the cards, so no other edge is drawn across a label.
class EdgeLabelItem final : public QGraphicsItem
{
public:
    enum { Type = UserType + 4 };

    EdgeLabelItem(const QString &text, const QRectF &rect);

    int type() const override { return Type; }
    QRectF boundingRect() const override { return m_rect.adjusted(-1, -1, 1, 1); }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    QString text() const { return m_text; }
    void setSeverity(std::optional<Severity> severity);
    void setHighlighted(bool highlighted);

private:
    QString m_text;
    QRectF m_rect;
    std::optional<Severity> m_severity;
    bool m_highlighted = false;
};

// One link of the traffic map: the layout's Bézier spline, an arrowhead at the target and an
// optional label pill. A finding recolours it and changes its dash pattern.
class EdgeItem final : public QGraphicsItem
{
public:
    enum { Type = UserType + 2 };

    EdgeItem(const TopoEdge &edge, const EdgeGeometry &geometry);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    const TopoEdge &edge() const { return m_edge; }
    QString id() const { return m_edge.id; }
    QPainterPath path() const { return m_path; }
    QRectF labelRect() const { return m_labelRect; }
    // Creates the label item (owned by the caller, usually the scene); null when the edge has no label.
    EdgeLabelItem *createLabelItem();
    // Pushes severity, hover, tooltip and opacity to the label item.
    void updateLabel();

    void setFindings(std::optional<Severity> worst, const QStringList &messages);
    std::optional<Severity> severity() const { return m_severity; }
    QPen pen() const;
    // The names of both ends for the tooltip ("Ingress default/web-ingress"); the node ids until set.
    void setEndpointNames(const QString &from, const QString &to);

    // The size of the label pill for `label`, for the layout to reserve.
    static QSizeF measureLabel(const QString &label);

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;

private:
    void updateToolTip();
    QPolygonF arrowHead() const;

    TopoEdge m_edge;
    QPainterPath m_path;
    QPointF m_tip;
    QPointF m_arrowBase;
    QRectF m_labelRect;
    EdgeLabelItem *m_labelItem = nullptr; // not owned: a sibling in the same scene
    std::optional<Severity> m_severity;
    QStringList m_findingMessages;
    QString m_fromName;
    QString m_toName;
    bool m_hovered = false;
};

} // namespace routemap
