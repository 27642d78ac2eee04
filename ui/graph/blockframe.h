#pragma once

#include "layout/layout.h"

#include <QGraphicsItem>

namespace routemap {

// The frame behind one block of a map laid out by blocks: the shared entry hub or one namespace, with its name
// on top. Far out, when card text is too small to read, the name is drawn large enough to find a namespace.
class BlockFrameItem final : public QGraphicsItem
{
public:
    enum { Type = UserType + 5 };

    explicit BlockFrameItem(const BlockGeometry &block);

    int type() const override { return Type; }
    QRectF boundingRect() const override { return m_rect.adjusted(-1, -1, 1, 1); }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    const BlockGeometry &block() const { return m_block; }
    QString title() const;

private:
    BlockGeometry m_block;
    QRectF m_rect;
};

} // namespace routemap
