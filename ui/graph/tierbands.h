#pragma once

#include "topology/topology.h"

#include <QGraphicsItem>
#include <QList>

namespace routemap {

// The faint columns behind the map, one per tier that has nodes, with a small caps header on top.
class TierBandsItem final : public QGraphicsItem
{
public:
    enum { Type = UserType + 3 };

    struct Band {
        Tier tier = Tier::Client;
        QRectF rect; // scene coordinates, header included
    };

    // `nodeRects` are the laid-out cards with their tiers; every band spans the full graph height.
    explicit TierBandsItem(const QList<QPair<Tier, QRectF>> &nodeRects);

    int type() const override { return Type; }
    QRectF boundingRect() const override { return m_bounds; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    const QList<Band> &bands() const { return m_bands; }

    static constexpr double headerHeight = 34.0;
    static constexpr double padding = 16.0;

private:
    QList<Band> m_bands;
    QRectF m_bounds;
};

} // namespace routemap
