#include "edgeitem.h"

#include "graphlod.h"
#include "graphstyle.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>
#include <QtMath>

namespace routemap {

namespace {

constexpr double arrowLength = 9.0;
constexpr double arrowHalfWidth = 3.8;

QPointF unit(const QPointF &v)
{
    const double length = std::hypot(v.x(), v.y());
    return length > 1e-6 ? v / length : QPointF(1, 0);
}

} // namespace

EdgeItem::EdgeItem(const TopoEdge &edge, const EdgeGeometry &geometry)
    : m_edge(edge)
{
    setAcceptHoverEvents(true);
    setFlag(ItemIsSelectable);
    setZValue(1);

    const QList<QPointF> &pts = geometry.points;
    if (!pts.isEmpty()) {
        m_path.moveTo(pts.first());
        qsizetype i = 1;
        for (; i + 2 < pts.size(); i += 3) {
            m_path.cubicTo(pts[i], pts[i + 1], pts[i + 2]);
        }
        for (; i < pts.size(); ++i) { // a malformed chain still draws as straight segments
            m_path.lineTo(pts[i]);
        }
        QPointF end = pts.last();
        QPointF direction;
        if (geometry.hasArrow && QLineF(end, geometry.arrowTip).length() > 1.0) {
            m_tip = geometry.arrowTip;
            direction = unit(m_tip - end);
        } else {
            m_tip = end;
            const QPointF before = pts.size() >= 2 ? pts[pts.size() - 2] : end - QPointF(1, 0);
            direction = unit(end - (before == end && pts.size() >= 3 ? pts[pts.size() - 3] : before));
        }
        m_arrowBase = m_tip - direction * arrowLength;
        // Run the stroke into the arrowhead (not to its sharp point, where it would show).
        if (geometry.hasArrow) {
            m_path.lineTo(m_tip - direction * (arrowLength * 0.6));
        }
    }

    if (!m_edge.label.isEmpty()) {
        const QSizeF size = measureLabel(m_edge.label);
        const QPointF center = geometry.hasLabel ? geometry.labelCenter : m_path.pointAtPercent(0.5);
        m_labelRect
            = QRectF(center.x() - size.width() / 2, center.y() - size.height() / 2, size.width(), size.height());
    }
    updateToolTip();
}

EdgeLabelItem::EdgeLabelItem(const QString &text, const QRectF &rect)
    : m_text(text)
    , m_rect(rect)
{
    setZValue(1.5);
    setAcceptedMouseButtons(Qt::NoButton);
}

void EdgeLabelItem::setSeverity(std::optional<Severity> severity)
{
    if (m_severity != severity) {
        m_severity = severity;
        update();
    }
}

void EdgeLabelItem::setHighlighted(bool highlighted)
{
    if (m_highlighted != highlighted) {
        m_highlighted = highlighted;
        update();
    }
}

void EdgeLabelItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget)
{
    Q_UNUSED(widget)
    const double levelOfDetail = option ? option->levelOfDetailFromTransform(painter->worldTransform()) : 1.0;
    if (levelOfDetail < lod::far) {
        return; // a speck: the edge's colour already tells its severity
    }
    painter->save();
    if (levelOfDetail < lod::near) {
        // The pill without its unreadable text.
        painter->setPen(Qt::NoPen);
        painter->setBrush(m_severity ? GraphStyle::severityColor(*m_severity).lighter(170) : GraphStyle::edgeLabelBorder());
        painter->drawRect(m_rect.adjusted(2, 3, -2, -3));
        painter->restore();
        return;
    }
    painter->setRenderHint(QPainter::Antialiasing);
    QColor border = m_severity ? GraphStyle::severityColor(*m_severity) : GraphStyle::edgeLabelBorder();
    if (m_highlighted) {
        border = border.darker(140);
    }
    painter->setPen(QPen(border, m_severity ? 1.2 : 1.0));
    painter->setBrush(QColor(0xff, 0xff, 0xff, 240));
    const QRectF pill = m_rect.adjusted(0.5, 0.5, -0.5, -0.5);
    painter->drawRoundedRect(pill, pill.height() / 2, pill.height() / 2);
    painter->setFont(GraphStyle::edgeLabelFont());
    painter->setPen(m_severity ? GraphStyle::severityColor(*m_severity).darker(130) : GraphStyle::edgeLabelText());
    painter->drawText(m_rect, Qt::AlignCenter, m_text);
    painter->restore();
}

QSizeF EdgeItem::measureLabel(const QString &label)
{
    const QFontMetricsF metrics(GraphStyle::edgeLabelFont());
    return QSizeF(std::ceil(metrics.horizontalAdvance(label) + 2 * GraphStyle::edgeLabelPaddingX),
        std::ceil(metrics.height() + 2 * GraphStyle::edgeLabelPaddingY));
}

QPolygonF EdgeItem::arrowHead() const
{
    const QPointF direction = unit(m_tip - m_arrowBase);
    const QPointF normal(-direction.y(), direction.x());
    return QPolygonF({m_tip, m_arrowBase + normal * arrowHalfWidth, m_arrowBase - normal * arrowHalfWidth});
}

QRectF EdgeItem::boundingRect() const
{
    QRectF rect = m_path.controlPointRect().united(arrowHead().boundingRect());
    if (!m_labelRect.isNull()) {
        rect = rect.united(m_labelRect);
    }
    return rect.adjusted(-4, -4, 4, 4);
}

QPainterPath EdgeItem::shape() const
{
    QPainterPathStroker stroker;
    stroker.setWidth(8);
    QPainterPath shape = stroker.createStroke(m_path);
    shape.addPolygon(arrowHead());
    if (!m_labelRect.isNull()) {
        shape.addRect(m_labelRect);
    }
    return shape;
}

QPen EdgeItem::pen() const
{
    QPen pen(GraphStyle::edgeColor(), GraphStyle::edgeWidth);
    pen.setCapStyle(Qt::FlatCap);
    if (m_edge.ghost) {
        pen.setStyle(Qt::DashLine);
    }
    if (m_severity) {
        pen.setColor(GraphStyle::severityColor(*m_severity));
        pen.setWidthF(*m_severity == Severity::Info ? 1.6 : 2.0);
        pen.setStyle(GraphStyle::severityEdgeStyle(*m_severity));
    }
    if (m_hovered || isSelected()) {
        pen.setColor(pen.color().darker(135));
        pen.setWidthF(pen.widthF() + 0.8);
    }
    return pen;
}

void EdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget)
{
    Q_UNUSED(widget)
    if (m_path.isEmpty()) {
        return;
    }
    const double levelOfDetail = option ? option->levelOfDetailFromTransform(painter->worldTransform()) : 1.0;
    painter->save();
    if (levelOfDetail < lod::far) {
        // Far out: a hairline in the edge's colour, no arrowhead.
        QPen line = pen();
        line.setCosmetic(true);
        line.setWidthF(m_severity ? 1.5 : 1.0);
        line.setStyle(Qt::SolidLine);
        painter->setPen(line);
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(m_path);
        painter->restore();
        return;
    }
    painter->setRenderHint(QPainter::Antialiasing);
    const QPen linePen = pen();
    painter->setPen(linePen);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(m_path);

    QPen headPen(linePen.color(), 1.0);
    headPen.setJoinStyle(Qt::MiterJoin);
    painter->setPen(headPen);
    painter->setBrush(linePen.color());
    painter->drawPolygon(arrowHead());

    painter->restore();
}

void EdgeItem::setFindings(std::optional<Severity> worst, const QStringList &messages)
{
    if (m_severity == worst && m_findingMessages == messages) {
        return;
    }
    prepareGeometryChange(); // the pen width changes
    m_severity = worst;
    m_findingMessages = messages;
    updateToolTip();
    updateLabel();
    update();
}

EdgeLabelItem *EdgeItem::createLabelItem()
{
    if (m_labelRect.isNull() || m_labelItem) {
        return nullptr;
    }
    m_labelItem = new EdgeLabelItem(m_edge.label, m_labelRect);
    updateToolTip();
    updateLabel();
    return m_labelItem;
}

void EdgeItem::updateLabel()
{
    if (m_labelItem) {
        m_labelItem->setSeverity(m_severity);
        m_labelItem->setHighlighted(m_hovered);
        m_labelItem->setToolTip(toolTip());
        m_labelItem->setOpacity(opacity());
    }
}

void EdgeItem::setEndpointNames(const QString &from, const QString &to)
{
    m_fromName = from;
    m_toName = to;
    updateToolTip();
    updateLabel();
}

void EdgeItem::updateToolTip()
{
    const QString from = m_fromName.isEmpty() ? m_edge.from : m_fromName;
    const QString to = m_toName.isEmpty() ? m_edge.to : m_toName;
    QString tip = QStringLiteral("<b>") + from.toHtmlEscaped() + QStringLiteral(" → ") + to.toHtmlEscaped()
        + QStringLiteral("</b>");
    if (!m_edge.label.isEmpty()) {
        tip += QStringLiteral("<br/>") + m_edge.label.toHtmlEscaped();
    }
    if (m_edge.ghost) {
        tip += QStringLiteral("<br/><i>leads to an object that is not loaded</i>");
    }
    if (!m_findingMessages.isEmpty()) {
        tip += QStringLiteral("<hr/>")
            + m_findingMessages.join(u'\n').toHtmlEscaped().replace(u'\n', QStringLiteral("<br/>"));
    }
    setToolTip(tip);
}

void EdgeItem::hoverEnterEvent(QGraphicsSceneHoverEvent *event)
{
    m_hovered = true;
    updateLabel();
    update();
    QGraphicsItem::hoverEnterEvent(event);
}

void EdgeItem::hoverLeaveEvent(QGraphicsSceneHoverEvent *event)
{
    m_hovered = false;
    updateLabel();
    update();
    QGraphicsItem::hoverLeaveEvent(event);
}

} // namespace routemap
