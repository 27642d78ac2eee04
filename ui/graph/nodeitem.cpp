#include "nodeitem.h"

#include "graphlod.h"
#include "graphstyle.h"
#include "kindicons.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace routemap {

namespace {

constexpr double pillPaddingX = 6.0;
constexpr double badgeOutset = 2.0; // how far the badge centre sits outside the card corner

bool showsPill(const TopoNode &node)
{
    return !node.ghost && (node.kind == NodeKind::PodGroup || node.total >= 0);
}

double pillWidth(const TopoNode &node)
{
    if (!showsPill(node)) {
        return 0;
    }
    const QFontMetricsF metrics(GraphStyle::pillFont());
    return metrics.horizontalAdvance(GraphStyle::readinessText(node.ready, node.total)) + 2 * pillPaddingX;
}

QFont subtitleFontFor(const TopoNode &node)
{
    QFont font = GraphStyle::subtitleFont();
    font.setItalic(node.ghost);
    return font;
}

// The text lines of a card, top to bottom; the namespace line is optional.
struct CardLines {
    QString ns;
    QString title;
    QString subtitle;
};

double lineHeight(const QFont &font)
{
    return QFontMetricsF(font).height();
}

double blockHeight(const CardLines &lines)
{
    double h = lineHeight(GraphStyle::titleFont()) + GraphStyle::lineGap + lineHeight(GraphStyle::subtitleFont());
    if (!lines.ns.isEmpty()) {
        h += lineHeight(GraphStyle::namespaceFont());
    }
    return h;
}

QString namespaceOf(const TopoNode &node)
{
    if (node.ns.isEmpty() || node.ns == u"default") {
        return QString();
    }
    return node.ns;
}

QString subtitleOf(const TopoNode &node)
{
    if (!node.ghost) {
        return node.subtitle;
    }
    const QString missing = QStringLiteral("not loaded");
    if (node.subtitle.isEmpty()) {
        return missing;
    }
    if (node.subtitle.contains(missing, Qt::CaseInsensitive) || node.subtitle.contains(QStringLiteral("missing"))) {
        return node.subtitle;
    }
    return node.subtitle + QStringLiteral(" · ") + missing;
}

QString titleOf(const TopoNode &node)
{
    if (!node.title.isEmpty()) {
        return node.title;
    }
    return node.ref.name.isEmpty() ? node.id : node.ref.name;
}

} // namespace

NodeItem::NodeItem(const TopoNode &node, const QRectF &sceneRect)
    : m_node(node)
    , m_rect(0, 0, sceneRect.width(), sceneRect.height())
{
    setPos(sceneRect.topLeft());
    setFlag(ItemIsSelectable);
    setAcceptHoverEvents(true);
    setZValue(2);
    setCursor(Qt::PointingHandCursor);
    updateToolTip();
}

QSizeF NodeItem::measure(const TopoNode &node)
{
    const CardLines lines {namespaceOf(node), titleOf(node), subtitleOf(node)};
    double text = QFontMetricsF(GraphStyle::titleFont()).horizontalAdvance(lines.title);
    double sub = QFontMetricsF(subtitleFontFor(node)).horizontalAdvance(lines.subtitle);
    const double pill = pillWidth(node);
    if (pill > 0) {
        sub += (sub > 0 ? GraphStyle::pillGap : 0) + pill;
    }
    text = std::max(text, sub);
    if (!lines.ns.isEmpty()) {
        text = std::max(text, QFontMetricsF(GraphStyle::namespaceFont()).horizontalAdvance(lines.ns));
    }
    const double width = std::clamp(std::ceil(GraphStyle::textLeft + text + GraphStyle::textRight),
        GraphStyle::minNodeWidth, GraphStyle::maxNodeWidth);
    const double height
        = std::max(GraphStyle::minNodeHeight, std::ceil(blockHeight(lines) + 2 * GraphStyle::verticalPadding));
    return QSizeF(width, height);
}

QRectF NodeItem::boundingRect() const
{
    // Room for the selection ring and for the badge that overlaps the top-right corner.
    const double ring = 4.0;
    const double badge = GraphStyle::badgeRadius + badgeOutset + 1.5;
    return m_rect.adjusted(-ring, -badge, badge, ring);
}

QPainterPath NodeItem::shape() const
{
    QPainterPath path;
    path.addRoundedRect(m_rect, GraphStyle::cornerRadius, GraphStyle::cornerRadius);
    return path;
}

QPen NodeItem::borderPen() const
{
    QPen pen(m_hovered ? GraphStyle::cardBorderHover() : GraphStyle::cardBorder(), 1.0);
    if (m_node.ghost) {
        pen.setColor(m_hovered ? GraphStyle::cardBorderHover() : QColor(0x9c, 0xa3, 0xaf));
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(1.2);
    }
    if (m_severity) {
        const QColor color = GraphStyle::severityColor(*m_severity);
        pen.setColor(m_hovered ? color.darker(120) : color);
        pen.setWidthF(*m_severity == Severity::Error ? 2.5 : (*m_severity == Severity::Warning ? 2.0 : 1.6));
    }
    return pen;
}

void NodeItem::paintCoarse(QPainter *painter, double levelOfDetail) const
{
    // Far out: the box, its kind's accent and the severity colour; text, icons and chips would be unreadable.
    painter->save();
    const QRectF card = m_rect;
    const QColor accent = m_node.ghost ? GraphStyle::kindAccent(NodeKind::Ghost) : GraphStyle::kindAccent(m_node.kind);
    QColor fill = m_node.ghost ? QColor(255, 255, 255, 150) : GraphStyle::cardFill();
    if (m_severity) {
        // A solid box in the severity colour: what must still stand out from far away.
        fill = GraphStyle::severityColor(*m_severity);
        if (*m_severity == Severity::Info) {
            fill = fill.lighter(150);
        }
    }
    QPen pen = borderPen();
    if (levelOfDetail < lod::far) {
        pen.setCosmetic(true);
        pen.setWidthF(m_severity ? 1.5 : 1.0);
        painter->setPen(pen);
        painter->setBrush(fill);
        painter->drawRect(card);
        painter->fillRect(QRectF(card.left(), card.top(), GraphStyle::accentWidth * 2, card.height()), accent);
    } else {
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(pen);
        painter->setBrush(fill);
        painter->drawRoundedRect(card.adjusted(0.5, 0.5, -0.5, -0.5), GraphStyle::cornerRadius, GraphStyle::cornerRadius);
        painter->fillRect(QRectF(card.left() + 1, card.top() + GraphStyle::cornerRadius, GraphStyle::accentWidth,
                              card.height() - 2 * GraphStyle::cornerRadius),
            accent);
    }
    if (isSelected()) {
        QPen ring(GraphStyle::selectionRing(), 2.0);
        ring.setCosmetic(true);
        painter->setPen(ring);
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(m_rect.adjusted(-3, -3, 3, 3));
    }
    painter->restore();
}

void NodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget)
{
    Q_UNUSED(widget)
    const double levelOfDetail = option ? option->levelOfDetailFromTransform(painter->worldTransform()) : 1.0;
    if (levelOfDetail < lod::near) {
        paintCoarse(painter, levelOfDetail);
        return;
    }
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::TextAntialiasing);

    const QRectF card = m_rect.adjusted(0.5, 0.5, -0.5, -0.5);
    QPainterPath cardPath;
    cardPath.addRoundedRect(card, GraphStyle::cornerRadius, GraphStyle::cornerRadius);

    // Soft shadow gives the cards some lift over the tier bands without a heavy drop shadow.
    if (!m_node.ghost) {
        QPainterPath shadow;
        shadow.addRoundedRect(card.translated(0, 1.2), GraphStyle::cornerRadius, GraphStyle::cornerRadius);
        painter->fillPath(shadow, QColor(15, 23, 42, 18));
    }
    painter->fillPath(cardPath, m_node.ghost ? QColor(255, 255, 255, 150) : GraphStyle::cardFill());

    // Accent strip, clipped to the rounded card.
    const QColor accent = m_node.ghost ? GraphStyle::kindAccent(NodeKind::Ghost) : GraphStyle::kindAccent(m_node.kind);
    painter->save();
    painter->setClipPath(cardPath);
    painter->fillRect(QRectF(card.left(), card.top(), GraphStyle::accentWidth, card.height()), accent);
    painter->restore();

    painter->setPen(borderPen());
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(cardPath);

    if (isSelected()) {
        QPen ring(GraphStyle::selectionRing(), 2.0);
        painter->setPen(ring);
        painter->drawRoundedRect(
            m_rect.adjusted(-3, -3, 3, 3), GraphStyle::cornerRadius + 2.5, GraphStyle::cornerRadius + 2.5);
    }

    // Icon, vertically centred.
    const QRectF iconBox(
        GraphStyle::iconLeft, (m_rect.height() - GraphStyle::iconSize) / 2, GraphStyle::iconSize, GraphStyle::iconSize);
    const NodeKind iconKind = m_node.ghost ? iconKindForObjectKind(m_node.ref.kind) : m_node.kind;
    paintKindIcon(painter, iconKind, iconBox, accent);

    // Text block, vertically centred.
    const CardLines lines {namespaceOf(m_node), titleOf(m_node), subtitleOf(m_node)};
    const double textWidth = m_rect.width() - GraphStyle::textLeft - GraphStyle::textRight;
    double y = std::max(GraphStyle::verticalPadding * 0.6, (m_rect.height() - blockHeight(lines)) / 2);

    if (!lines.ns.isEmpty()) {
        const QFont font = GraphStyle::namespaceFont();
        const QFontMetricsF metrics(font);
        painter->setFont(font);
        painter->setPen(QColor(0x94, 0x9c, 0xaa));
        painter->drawText(QPointF(GraphStyle::textLeft, y + metrics.ascent()),
            metrics.elidedText(lines.ns, Qt::ElideRight, textWidth));
        y += metrics.height();
    }

    {
        const QFont font = GraphStyle::titleFont();
        const QFontMetricsF metrics(font);
        painter->setFont(font);
        painter->setPen(m_node.ghost ? GraphStyle::subtitleColor() : GraphStyle::titleColor());
        painter->drawText(QPointF(GraphStyle::textLeft, y + metrics.ascent()),
            metrics.elidedText(lines.title, Qt::ElideMiddle, textWidth));
        y += metrics.height() + GraphStyle::lineGap;
    }

    {
        const QFont font = subtitleFontFor(m_node);
        const QFontMetricsF metrics(font);
        const double pill = pillWidth(m_node);
        const double subWidth = pill > 0 ? textWidth - pill - GraphStyle::pillGap : textWidth;
        painter->setFont(font);
        painter->setPen(m_node.ghost ? QColor(0x8a, 0x94, 0xa3) : GraphStyle::subtitleColor());
        const QString subtitle = metrics.elidedText(lines.subtitle, Qt::ElideRight, std::max(0.0, subWidth));
        painter->drawText(QPointF(GraphStyle::textLeft, y + metrics.ascent()), subtitle);
        if (pill > 0) {
            const double x = GraphStyle::textLeft
                + (subtitle.isEmpty() ? 0 : metrics.horizontalAdvance(subtitle) + GraphStyle::pillGap);
            const QFont pillFont = GraphStyle::pillFont();
            const QFontMetricsF pillMetrics(pillFont);
            const double h = pillMetrics.height() + 1;
            const QRectF pillRect(x, y + (metrics.height() - h) / 2, pill, h);
            const QColor color = GraphStyle::readinessColor(m_node.ready, m_node.total);
            QColor fill = color;
            fill.setAlpha(36);
            painter->setPen(QPen(color, 1.0));
            painter->setBrush(fill);
            painter->drawRoundedRect(pillRect, h / 2, h / 2);
            painter->setFont(pillFont);
            painter->setPen(color.darker(125));
            painter->drawText(pillRect, Qt::AlignCenter, GraphStyle::readinessText(m_node.ready, m_node.total));
        }
    }

    // Badges sit on the top-right corner: the finding first, the "not loaded" mark beside it.
    const QPointF corner(m_rect.right() - badgeOutset, m_rect.top() + badgeOutset);
    if (m_severity) {
        paintSeverityBadge(painter, *m_severity, corner, GraphStyle::badgeRadius);
    }
    if (m_node.ghost) {
        const QPointF at = m_severity ? corner - QPointF(2 * GraphStyle::badgeRadius + 3, 0) : corner;
        paintGhostBadge(painter, at, GraphStyle::badgeRadius);
    }
    painter->restore();
}

void NodeItem::setFindings(std::optional<Severity> worst, const QStringList &messages)
{
    if (m_severity == worst && m_findingMessages == messages) {
        return;
    }
    m_severity = worst;
    m_findingMessages = messages;
    updateToolTip();
    update();
}

QString NodeItem::displayName(const TopoNode &node)
{
    QString kind;
    QString ns = node.ns;
    QString name = titleOf(node);
    switch (node.kind) {
    case NodeKind::Client:
        return name;
    case NodeKind::IngressController:
        kind = QStringLiteral("Ingress controller");
        break;
    case NodeKind::Route:
        kind = node.ref.kind.isEmpty() ? QStringLiteral("Route") : node.ref.kind;
        break;
    case NodeKind::PodGroup:
        kind = node.ref.kind.isEmpty() ? QStringLiteral("Pods") : QStringLiteral("Pods of ") + node.ref.kind;
        break;
    case NodeKind::Ghost:
        // A placeholder such as "no pods" has no object behind it: its title says it all.
        if (node.ref.kind.isEmpty() || node.ref.name.isEmpty()) {
            return name;
        }
        kind = node.ref.kind;
        ns = node.ref.ns;
        name = node.ref.name;
        break;
    default:
        kind = nodeKindName(node.kind);
        break;
    }
    return kind + u' ' + (ns.isEmpty() ? name : ns + u'/' + name);
}

void NodeItem::updateToolTip()
{
    QString tip = QStringLiteral("<b>") + displayName(m_node).toHtmlEscaped() + QStringLiteral("</b>");
    const QString subtitle = subtitleOf(m_node);
    if (!subtitle.isEmpty()) {
        tip += QStringLiteral("<br/><span style=\"color:#6b7280\">") + subtitle.toHtmlEscaped()
            + QStringLiteral("</span>");
    }
    for (const QString &line : m_node.details) {
        tip += QStringLiteral("<br/>") + line.toHtmlEscaped();
    }
    if (!m_findingMessages.isEmpty()) {
        tip += QStringLiteral("<hr/>");
        tip += m_findingMessages.join(u'\n').toHtmlEscaped().replace(u'\n', QStringLiteral("<br/>"));
    }
    setToolTip(tip);
}

void NodeItem::hoverEnterEvent(QGraphicsSceneHoverEvent *event)
{
    m_hovered = true;
    update();
    QGraphicsItem::hoverEnterEvent(event);
}

void NodeItem::hoverLeaveEvent(QGraphicsSceneHoverEvent *event)
{
    m_hovered = false;
    update();
    QGraphicsItem::hoverLeaveEvent(event);
}

QVariant NodeItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemSelectedHasChanged) {
        update();
    }
    return QGraphicsItem::itemChange(change, value);
}

} // namespace routemap
