#include "graphview.h"

#include <QKeyEvent>
#include <QScrollBar>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace routemap {

namespace {

constexpr double minimumZoom = 0.05;
constexpr double maximumZoom = 8.0;
constexpr double zoomStep = 1.25;

} // namespace

GraphView::GraphView(QWidget *parent)
    : QGraphicsView(parent)
{
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::NoAnchor);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setFrameShape(QFrame::NoFrame);
    setFocusPolicy(Qt::StrongFocus);
}

double GraphView::zoom() const
{
    return transform().m11();
}

void GraphView::setZoom(double factor)
{
    const double current = zoom();
    if (current > 0) {
        zoomAroundCenter(factor / current);
    }
}

void GraphView::zoomIn()
{
    zoomAroundCenter(zoomStep);
}

void GraphView::zoomOut()
{
    zoomAroundCenter(1.0 / zoomStep);
}

void GraphView::resetZoom()
{
    setZoom(1.0);
}

void GraphView::fitAll()
{
    if (!scene()) {
        return;
    }
    // The scene rect already has a margin around the map; fitting it keeps the scroll bars away.
    const QRectF area = scene()->sceneRect();
    if (area.isEmpty()) {
        return;
    }
    // The size without scroll bars: the fitted map needs none, whatever is shown right now.
    const QRectF viewRect(QPointF(0, 0), QSizeF(maximumViewportSize()));
    const double scale
        = std::clamp(std::min(viewRect.width() / area.width(), viewRect.height() / area.height()), minimumZoom, 1.0);
    resetTransform();
    QGraphicsView::scale(scale, scale);
    centerOn(area.center());
    emit zoomChanged(zoom());
}

void GraphView::showReadable()
{
    if (!scene()) {
        return;
    }
    const QRectF area = scene()->sceneRect();
    if (area.isEmpty()) {
        return;
    }
    const QSizeF viewSize(maximumViewportSize());
    const double fit = std::min(viewSize.width() / area.width(), viewSize.height() / area.height());
    // Seeing the whole path from client to pods matters more than full-size text: fit while the
    // text stays legible, and only then fall back to reading size from the left edge.
    if (fit >= legibleZoom) {
        fitAll();
        return;
    }
    resetTransform();
    QGraphicsView::scale(readableZoom, readableZoom);
    // Scroll bars may now take some room; measure what is really visible.
    const QSizeF visible = QSizeF(viewport()->size()) / readableZoom;
    // Where traffic starts: the left edge, and the top (with the tier titles) of a map taller than the view.
    const double x = visible.width() >= area.width() ? area.center().x() : area.left() + visible.width() / 2.0;
    const double y = visible.height() >= area.height() ? area.center().y() : area.top() + visible.height() / 2.0;
    centerOn(QPointF(x, y));
    emit zoomChanged(zoom());
}

void GraphView::reveal(const QRectF &sceneRect)
{
    if (zoom() < readableZoom) {
        resetTransform();
        QGraphicsView::scale(readableZoom, readableZoom);
        emit zoomChanged(zoom());
    }
    centerOn(sceneRect.center());
}

void GraphView::wheelEvent(QWheelEvent *event)
{
    const QPoint delta = event->angleDelta();
    if (delta.y() == 0) {
        QGraphicsView::wheelEvent(event); // horizontal scrolling
        return;
    }
    // 120 units per notch; touchpads send smaller steps, which zoom proportionally.
    const double factor = std::pow(zoomStep, delta.y() / 120.0);
    zoomBy(factor, event->position());
    event->accept();
}

void GraphView::keyPressEvent(QKeyEvent *event)
{
    const bool ctrl = event->modifiers().testFlag(Qt::ControlModifier);
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        if (ctrl) {
            zoomIn();
            event->accept();
            return;
        }
        break;
    case Qt::Key_Minus:
        if (ctrl) {
            zoomOut();
            event->accept();
            return;
        }
        break;
    case Qt::Key_0:
        if (ctrl) {
            resetZoom();
            event->accept();
            return;
        }
        break;
    case Qt::Key_F:
        if (event->modifiers() == Qt::NoModifier) {
            fitAll();
            event->accept();
            return;
        }
        break;
    default:
        break;
    }
    QGraphicsView::keyPressEvent(event);
}

void GraphView::zoomBy(double factor, const QPointF &viewAnchor)
{
    const double target = std::clamp(zoom() * factor, minimumZoom, maximumZoom);
    const double applied = target / zoom();
    if (std::abs(applied - 1.0) < 1e-9) {
        return;
    }
    // Keep the scene point under the anchor where it is: scale, then scroll it back under the anchor.
    const QPointF before = mapToScene(viewAnchor.toPoint());
    scale(applied, applied);
    const QPointF after = mapToScene(viewAnchor.toPoint());
    const QPointF shift = (after - before) * zoom();
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() + static_cast<int>(std::lround(-shift.x())));
    verticalScrollBar()->setValue(verticalScrollBar()->value() + static_cast<int>(std::lround(-shift.y())));
    emit zoomChanged(zoom());
}

void GraphView::zoomAroundCenter(double factor)
{
    zoomBy(factor, QPointF(viewport()->rect().center()));
}

} // namespace routemap
