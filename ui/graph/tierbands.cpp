#include "tierbands.h"

#include "graphstyle.h"

#include <QFontMetricsF>
#include <QMap>
#include <QPainter>

namespace routemap {

TierBandsItem::TierBandsItem(const QList<QPair<Tier, QRectF>> &nodeRects)
{
    setZValue(-10);
    setAcceptedMouseButtons(Qt::NoButton);
    if (nodeRects.isEmpty()) {
        return;
    }
    QMap<int, QRectF> byTier;
    QRectF all;
    for (const auto &[tier, rect] : nodeRects) {
        QRectF &r = byTier[static_cast<int>(tier)];
        r = r.isNull() ? rect : r.united(rect);
        all = all.isNull() ? rect : all.united(rect);
    }
    const double top = all.top() - padding - headerHeight;
    const double bottom = all.bottom() + padding;
    const QFontMetricsF metrics(GraphStyle::bandHeaderFont());
    for (auto it = byTier.cbegin(); it != byTier.cend(); ++it) {
        const Tier tier = static_cast<Tier>(it.key());
        // A band is at least as wide as its header, so the header never spills into the next band.
        const double headerWidth = metrics.horizontalAdvance(GraphStyle::tierTitle(tier)) + 16;
        double left = it->left() - padding;
        double right = it->right() + padding;
        if (right - left < headerWidth) {
            const double grow = (headerWidth - (right - left)) / 2;
            left -= grow;
            right += grow;
        }
        m_bands.append({tier, QRectF(QPointF(left, top), QPointF(right, bottom))});
    }
    // Graphviz ranks rarely overlap, but keep neighbouring bands apart when they would.
    for (qsizetype i = 1; i < m_bands.size(); ++i) {
        QRectF &prev = m_bands[i - 1].rect;
        QRectF &cur = m_bands[i].rect;
        if (cur.left() < prev.right() + 6) {
            const double middle = (prev.right() + cur.left()) / 2;
            prev.setRight(middle - 3);
            cur.setLeft(middle + 3);
        }
    }
    for (const Band &band : std::as_const(m_bands)) {
        m_bounds = m_bounds.isNull() ? band.rect : m_bounds.united(band.rect);
    }
}

void TierBandsItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget)
{
    Q_UNUSED(option)
    Q_UNUSED(widget)
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QFont font = GraphStyle::bandHeaderFont();
    const QFontMetricsF metrics(font);
    painter->setFont(font);
    for (const Band &band : m_bands) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(GraphStyle::bandFill());
        painter->drawRoundedRect(band.rect, 10, 10);
        painter->setPen(GraphStyle::bandHeader());
        const QRectF header(band.rect.left(), band.rect.top(), band.rect.width(), headerHeight);
        painter->drawText(header, Qt::AlignCenter,
            metrics.elidedText(GraphStyle::tierTitle(band.tier), Qt::ElideRight, band.rect.width() - 8));
    }
    painter->restore();
}

} // namespace routemap
