#include "layout/blockpacking.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace routemap {

namespace {

constexpr double GutterPadding = 14;
constexpr double LaneStep = 5;
constexpr int MaxLanes = 8;
// Row widths tried between the widest block and all blocks in one row.
constexpr int WidthCandidates = 96;

struct Rows {
    QList<int> rowOf;
    QList<double> rowWidth;
    QList<double> rowHeight;
};

Rows shelve(const QList<QSizeF> &blocks, double maxWidth, double gutter)
{
    Rows rows;
    rows.rowOf.reserve(blocks.size());
    for (const QSizeF &block : blocks) {
        if (rows.rowWidth.isEmpty() || rows.rowWidth.constLast() + gutter + block.width() > maxWidth + 1e-6) {
            rows.rowWidth.append(block.width());
            rows.rowHeight.append(block.height());
        } else {
            rows.rowWidth.last() += gutter + block.width();
            rows.rowHeight.last() = std::max(rows.rowHeight.constLast(), block.height());
        }
        rows.rowOf.append(static_cast<int>(rows.rowWidth.size() - 1));
    }
    return rows;
}

QSizeF extent(const QSizeF &hub, const Rows &rows, double gutter)
{
    double width = 0;
    double height = 0;
    for (qsizetype r = 0; r < rows.rowWidth.size(); ++r) {
        width = std::max(width, rows.rowWidth.at(r));
        height += gutter + rows.rowHeight.at(r);
    }
    return {hub.width() + gutter + width + gutter, std::max(hub.height(), height) + 2 * gutter};
}

QPointF unit(const QPointF &v)
{
    const double length = std::hypot(v.x(), v.y());
    return length > 1e-9 ? v / length : QPointF();
}

} // namespace

double gutterWidth(int lanes)
{
    return 2 * GutterPadding + LaneStep * std::max(0, std::min(lanes, MaxLanes) - 1);
}

int laneFor(int index)
{
    return std::max(0, index) % MaxLanes;
}

BlockPacking packBlocks(const QSizeF &hub, const QList<QSizeF> &blocks, int lanes, double aspectRatio)
{
    BlockPacking packing;
    packing.gutter = gutterWidth(lanes);
    const double gutter = packing.gutter;
    const double target = std::isfinite(aspectRatio) && aspectRatio > 0 ? aspectRatio : 1.6;

    double widest = 0;
    double all = 0;
    for (const QSizeF &block : blocks) {
        widest = std::max(widest, block.width());
        all += block.width() + gutter;
    }
    Rows best = shelve(blocks, all, gutter);
    double bestScore = std::numeric_limits<double>::max();
    double bestArea = std::numeric_limits<double>::max();
    if (widest > 0) {
        // Geometric steps from one block per row to all blocks in one row.
        const double ratio = std::max(1.0, all / widest);
        for (int i = 0; i <= WidthCandidates; ++i) {
            const double width = widest * std::pow(ratio, static_cast<double>(i) / WidthCandidates);
            Rows rows = shelve(blocks, width, gutter);
            const QSizeF size = extent(hub, rows, gutter);
            const double score = std::abs(std::log(size.width() / size.height() / target));
            const double area = size.width() * size.height();
            // Scores within a few percent are alike: then the smaller picture wins.
            if (score < bestScore - 0.03 || (score < bestScore + 0.03 && area < bestArea)) {
                bestScore = std::min(score, bestScore);
                bestArea = area;
                best = std::move(rows);
            }
        }
    }

    packing.hub = QRectF(QPointF(0, gutter), hub);
    const double left = hub.width() + gutter;
    double top = gutter;
    for (qsizetype r = 0; r < best.rowHeight.size(); ++r) {
        packing.rowTop.append(top);
        top += best.rowHeight.at(r) + gutter;
    }
    QList<double> cursor(best.rowHeight.size(), left);
    for (qsizetype i = 0; i < blocks.size(); ++i) {
        const int row = best.rowOf.at(i);
        packing.blocks.append(QRectF(QPointF(cursor.at(row), packing.rowTop.at(row)), blocks.at(i)));
        cursor[row] += blocks.at(i).width() + gutter;
    }
    packing.rowOf = best.rowOf;
    packing.bounds = QRectF(QPointF(0, 0), extent(hub, best, gutter));
    return packing;
}

QList<QPointF> BlockPacking::route(int fromBlock, const QPointF &from, int toBlock, const QPointF &to, int lane) const
{
    if (toBlock < 0 || toBlock >= blocks.size()) {
        return {from, to};
    }
    const double offset = GutterPadding + LaneStep * laneFor(lane);
    const QRectF target = blocks.at(toBlock);
    const int toRow = rowOf.at(toBlock);
    const double channelX = hub.right() + offset; // runs top to bottom between the hub and the rows
    const double targetX = target.left() - gutter + offset;
    const double toRowY = rowTop.at(toRow) - gutter + offset;

    QList<QPointF> line {from};
    if (fromBlock < 0 || fromBlock >= blocks.size()) {
        line << QPointF(channelX, from.y()) << QPointF(channelX, toRowY);
    } else {
        const QRectF source = blocks.at(fromBlock);
        const int fromRow = rowOf.at(fromBlock);
        const double sourceX = source.right() + offset;
        const double fromRowY = rowTop.at(fromRow) - gutter + offset;
        line << QPointF(sourceX, from.y()) << QPointF(sourceX, fromRowY);
        if (fromRow != toRow) {
            line << QPointF(channelX, fromRowY) << QPointF(channelX, toRowY);
        }
    }
    line << QPointF(targetX, toRowY) << QPointF(targetX, to.y()) << to;
    return line;
}

QList<QPointF> roundedChain(const QList<QPointF> &polyline, double radius)
{
    QList<QPointF> points;
    for (const QPointF &p : polyline) {
        if (points.isEmpty() || std::hypot(p.x() - points.constLast().x(), p.y() - points.constLast().y()) > 1e-6) {
            points.append(p);
        }
    }
    // Drop middle points on a straight line: they would only make zero-radius corners.
    for (qsizetype i = 1; i + 1 < points.size();) {
        const QPointF a = unit(points.at(i) - points.at(i - 1));
        const QPointF b = unit(points.at(i + 1) - points.at(i));
        if (std::abs(a.x() * b.y() - a.y() * b.x()) < 1e-9 && a.x() * b.x() + a.y() * b.y() > 0) {
            points.removeAt(i);
        } else {
            ++i;
        }
    }
    QList<QPointF> chain;
    if (points.isEmpty()) {
        return chain;
    }
    if (points.size() == 1) {
        return {points.first(), points.first(), points.first(), points.first()};
    }
    const auto lineTo = [&chain](const QPointF &q) {
        const QPointF p = chain.constLast();
        chain << p + (q - p) / 3 << p + (q - p) * 2 / 3 << q;
    };
    chain.append(points.first());
    for (qsizetype i = 1; i + 1 < points.size(); ++i) {
        const QPointF corner = points.at(i);
        const QPointF in = points.at(i) - points.at(i - 1);
        const QPointF out = points.at(i + 1) - points.at(i);
        const double r = std::min({radius, std::hypot(in.x(), in.y()) / 2, std::hypot(out.x(), out.y()) / 2});
        const QPointF a = corner - unit(in) * r;
        const QPointF b = corner + unit(out) * r;
        if (chain.constLast() != a) {
            lineTo(a);
        }
        // A quarter circle, near enough: control points 0.55 r towards the corner.
        chain << a + unit(in) * (0.55 * r) << b - unit(out) * (0.55 * r) << b;
    }
    lineTo(points.constLast());
    return chain;
}

} // namespace routemap
