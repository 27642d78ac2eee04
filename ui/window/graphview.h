#pragma once

#include <QGraphicsView>

namespace routemap {

// The map's viewport: wheel zoom around the cursor, Ctrl++ / Ctrl+- and F (fit) from the keyboard,
// and dragging the background pans. Zoom is clamped so the map can neither vanish nor pixelate away.
class GraphView final : public QGraphicsView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GraphView)

public:
    explicit GraphView(QWidget *parent = nullptr);

    double zoom() const;
    void setZoom(double factor); // absolute scale, 1 = 100 %

    // Below this scale the cards' text is too small to read on a typical screen.
    static constexpr double readableZoom = 0.85;
    static constexpr double legibleZoom = 0.65; // smallest zoom at which card text can still be read

    // Centres `sceneRect` (a node) in the view, zooming in to a readable scale first if needed.
    void reveal(const QRectF &sceneRect);

public slots:
    void zoomIn();
    void zoomOut();
    void resetZoom();
    // Shows the whole map (never enlarged beyond 100 %, which would only blur small maps).
    void fitAll();
    // The first look at a map: fitted when that stays readable, otherwise the readable scale showing the
    // map's start (the client side on the left; the top of a tall map). fitAll() still shows everything.
    void showReadable();

signals:
    void zoomChanged(double factor);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void zoomBy(double factor, const QPointF &viewAnchor);
    void zoomAroundCenter(double factor);
};

} // namespace routemap
