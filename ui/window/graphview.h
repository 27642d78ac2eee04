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

public slots:
    void zoomIn();
    void zoomOut();
    void resetZoom();
    // Shows the whole map (never enlarged beyond 100 %, which would only blur small maps).
    void fitAll();

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
