#pragma once

#include <QList>
#include <QPointF>
#include <QRectF>
#include <QSizeF>

namespace routemap {

// Where the hub and the namespace blocks go: the hub on the left, the blocks in rows to its right, in their
// given order, as many per row as make the whole come closest to the requested aspect ratio. Between the hub and
// the rows, between blocks and above every row runs a gutter that edges between blocks travel in, so no edge
// crosses a block it does not belong to.
struct BlockPacking {
    QRectF hub;           // empty size when there is no hub (still placed, at the left)
    QList<QRectF> blocks; // in the order given
    QList<int> rowOf;     // row index of each block
    QList<double> rowTop; // top of each row
    double gutter = 0;
    QRectF bounds;        // hub, blocks and gutters

    // Gutter routes (polylines) for an edge leaving a part at `from` (a point on its right side) and entering
    // block `toBlock` at `to` (on its left side). fromBlock -1 is the hub. Each lane is its own parallel track.
    QList<QPointF> route(int fromBlock, const QPointF &from, int toBlock, const QPointF &to, int lane) const;
};

// Gutter width for `lanes` parallel tracks.
double gutterWidth(int lanes);
// The lane of the `index`-th edge source (lanes are reused beyond the gutter's capacity).
int laneFor(int index);

BlockPacking packBlocks(const QSizeF &hub, const QList<QSizeF> &blocks, int lanes, double aspectRatio);

// A polyline as a cubic Bézier chain (1 + 3n points) with its corners rounded by up to `radius`.
QList<QPointF> roundedChain(const QList<QPointF> &polyline, double radius);

} // namespace routemap
