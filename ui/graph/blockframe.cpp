#include "blockframe.h"

#include "graphlod.h"
#include "graphstyle.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace routemap {

namespace {

constexpr double titleInset = 12.0;
constexpr double titleHeight = 26.0;

} // namespace

BlockFrameItem::BlockFrameItem(const BlockGeometry &block)
    : m_block(block)
    , m_rect(block.rect)
{
    setZValue(-10);
    setAcceptedMouseButtons(Qt::NoButton);
}

QString BlockFrameItem::title() const
{
    if (m_block.hub) {
        return QStringLiteral("ENTRY");
    }
    QString title = m_block.ns.isEmpty() ? QStringLiteral("CLUSTER-WIDE") : QStringLiteral("NAMESPACE ") + m_block.ns;
    if (m_block.pieces > 1) {
        title += QStringLiteral(" · %1/%2").arg(m_block.piece + 1).arg(m_block.pieces);
    }
    return title;
}

void BlockFrameItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget)
{
    Q_UNUSED(widget)
    const double lod = option ? option->levelOfDetailFromTransform(painter->worldTransform()) : 1.0;
    painter->save();
    painter->setPen(Qt::NoPen);
    painter->setBrush(GraphStyle::bandFill());
    if (lod < lod::far) {
        painter->drawRect(m_rect);
    } else {
        painter->setRenderHint(QPainter::Antialiasing);
        painter->drawRoundedRect(m_rect, 10, 10);
    }
    QFont font = GraphStyle::bandHeaderFont();
    QString text = title();
    if (lod < lod::near) {
        // Far out: the bare name, as large as the block's width and a tenth of its height allow, so blocks can
        // be told apart.
        if (!m_block.hub && !m_block.ns.isEmpty()) {
            text = m_block.pieces > 1 ? QStringLiteral("%1 · %2/%3").arg(m_block.ns).arg(m_block.piece + 1).arg(m_block.pieces)
                                      : m_block.ns;
        }
        double size = std::clamp(font.pointSizeF() / std::max(lod, 0.01), font.pointSizeF(), m_rect.height() / 10);
        font.setPointSizeF(std::max(1.0, size));
        const double width = QFontMetricsF(font).horizontalAdvance(text);
        const double room = m_rect.width() - 2 * titleInset;
        if (width > room && width > 0) {
            size *= room / width;
        }
        font.setPointSizeF(std::max(1.0, size));
        if (font.pointSizeF() * lod < 4) {
            painter->restore();
            return; // too small to read at any size that fits
        }
    }
    painter->setRenderHint(QPainter::TextAntialiasing);
    painter->setFont(font);
    painter->setPen(GraphStyle::bandHeader());
    const QFontMetricsF metrics(font);
    const QRectF header(m_rect.left() + titleInset, m_rect.top(), m_rect.width() - 2 * titleInset,
        std::max(titleHeight, metrics.height() + 8));
    painter->drawText(header, Qt::AlignLeft | Qt::AlignVCenter, metrics.elidedText(text, Qt::ElideRight, header.width()));
    painter->restore();
}

} // namespace routemap
