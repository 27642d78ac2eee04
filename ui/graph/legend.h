#pragma once

#include <QRectF>
#include <QSizeF>
#include <QWidget>

class QPainter;

namespace routemap {

// The key to the map: node kinds with their icons, finding badges with their edge patterns, the
// "not loaded" mark and the readiness pill. One painting function serves the window and the exports.
QSizeF legendSize();
void paintLegend(QPainter *painter, const QRectF &rect);

class LegendWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LegendWidget)

public:
    explicit LegendWidget(QWidget *parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

protected:
    void paintEvent(QPaintEvent *event) override;
};

} // namespace routemap
