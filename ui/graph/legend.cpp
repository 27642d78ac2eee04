#include "legend.h"

#include "graphstyle.h"
#include "kindicons.h"

#include <QFontMetricsF>
#include <QPainter>

namespace routemap {

namespace {

constexpr double padding = 12.0;
constexpr double rowHeight = 20.0;
constexpr double columnGap = 22.0;
constexpr double symbolWidth = 34.0;
constexpr double headingGap = 6.0;

struct KindRow {
    NodeKind kind;
    const char *label;
};

constexpr KindRow kindRows[] = {
    {NodeKind::Client, "Client (internet)"},
    {NodeKind::LoadBalancer, "Load balancer"},
    {NodeKind::NodePort, "NodePort"},
    {NodeKind::IngressController, "Ingress controller"},
    {NodeKind::Gateway, "Gateway"},
    {NodeKind::Ingress, "Ingress"},
    {NodeKind::Route, "HTTP/GRPC route"},
    {NodeKind::Service, "Service"},
    {NodeKind::PodGroup, "Pods of a workload"},
    {NodeKind::Pod, "Single pod"},
};

enum class StatusRow { Error, Warning, Info, Ghost, Traffic, Ready, Partial, NoneReady };

struct StatusEntry {
    StatusRow row;
    const char *label;
};

constexpr StatusEntry statusRows[] = {
    {StatusRow::Error, "Error"},
    {StatusRow::Warning, "Warning"},
    {StatusRow::Info, "Info"},
    {StatusRow::Ghost, "Not loaded (missing)"},
    {StatusRow::Traffic, "Traffic path"},
    {StatusRow::Ready, "All pods ready"},
    {StatusRow::Partial, "Some pods ready"},
    {StatusRow::NoneReady, "No pod ready"},
};

QFont labelFont()
{
    return GraphStyle::subtitleFont();
}

QFont headingFont()
{
    return GraphStyle::bandHeaderFont();
}

double columnWidth(bool kinds)
{
    const QFontMetricsF metrics(labelFont());
    double width = 0;
    if (kinds) {
        for (const KindRow &row : kindRows) {
            width = std::max(width, metrics.horizontalAdvance(QString::fromLatin1(row.label)));
        }
    } else {
        for (const StatusEntry &row : statusRows) {
            width = std::max(width, metrics.horizontalAdvance(QString::fromLatin1(row.label)));
        }
    }
    return symbolWidth + width;
}

double headingHeight()
{
    return QFontMetricsF(headingFont()).height() + headingGap;
}

void paintLine(QPainter *painter, const QRectF &symbol, const QColor &color, Qt::PenStyle style, double width)
{
    const double y = symbol.center().y();
    QPen pen(color, width);
    pen.setStyle(style);
    pen.setCapStyle(Qt::FlatCap);
    painter->setPen(pen);
    painter->drawLine(QPointF(symbol.left(), y), QPointF(symbol.right() - 5, y));
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawPolygon(QPolygonF(
        {QPointF(symbol.right(), y), QPointF(symbol.right() - 7, y - 3.2), QPointF(symbol.right() - 7, y + 3.2)}));
}

void paintPill(QPainter *painter, const QRectF &symbol, int ready, int total)
{
    const QColor color = GraphStyle::readinessColor(ready, total);
    const QFont font = GraphStyle::pillFont();
    const double h = QFontMetricsF(font).height() + 1;
    const QRectF pill(symbol.left(), symbol.center().y() - h / 2, symbol.width() - 4, h);
    QColor fill = color;
    fill.setAlpha(36);
    painter->setPen(QPen(color, 1.0));
    painter->setBrush(fill);
    painter->drawRoundedRect(pill, h / 2, h / 2);
    painter->setFont(font);
    painter->setPen(color.darker(125));
    painter->drawText(pill, Qt::AlignCenter, GraphStyle::readinessText(ready, total));
}

void paintStatusSymbol(QPainter *painter, StatusRow row, const QRectF &symbol)
{
    const double radius = 6.5;
    const QPointF badge(symbol.left() + radius + 1, symbol.center().y());
    const QRectF lineBox(
        symbol.left() + 2 * radius + 5, symbol.top(), symbol.width() - 2 * radius - 9, symbol.height());
    switch (row) {
    case StatusRow::Error:
        paintSeverityBadge(painter, Severity::Error, badge, radius);
        paintLine(painter, lineBox, GraphStyle::severityColor(Severity::Error), Qt::DashDotLine, 1.6);
        break;
    case StatusRow::Warning:
        paintSeverityBadge(painter, Severity::Warning, badge, radius);
        paintLine(painter, lineBox, GraphStyle::severityColor(Severity::Warning), Qt::DashLine, 1.6);
        break;
    case StatusRow::Info:
        paintSeverityBadge(painter, Severity::Info, badge, radius);
        paintLine(painter, lineBox, GraphStyle::severityColor(Severity::Info), Qt::DotLine, 1.6);
        break;
    case StatusRow::Ghost:
        paintGhostBadge(painter, badge, radius);
        paintLine(painter, lineBox, GraphStyle::edgeColor(), Qt::DashLine, 1.4);
        break;
    case StatusRow::Traffic:
        paintLine(painter, symbol.adjusted(0, 0, -4, 0), GraphStyle::edgeColor(), Qt::SolidLine, 1.4);
        break;
    case StatusRow::Ready:
        paintPill(painter, symbol, 3, 3);
        break;
    case StatusRow::Partial:
        paintPill(painter, symbol, 1, 3);
        break;
    case StatusRow::NoneReady:
        paintPill(painter, symbol, 0, 3);
        break;
    }
}

} // namespace

QSizeF legendSize()
{
    const double rows = std::max(std::size(kindRows), std::size(statusRows));
    const double width = 2 * padding + columnWidth(true) + columnGap + columnWidth(false);
    const double height = 2 * padding + headingHeight() + rows * rowHeight;
    return QSizeF(std::ceil(width), std::ceil(height));
}

void paintLegend(QPainter *painter, const QRectF &rect)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::TextAntialiasing);
    painter->setPen(QPen(GraphStyle::cardBorder(), 1.0));
    painter->setBrush(QColor(0xff, 0xff, 0xff, 245));
    painter->drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), GraphStyle::cornerRadius, GraphStyle::cornerRadius);

    const QFontMetricsF labelMetrics(labelFont());
    const double kindsLeft = rect.left() + padding;
    const double statusLeft = kindsLeft + columnWidth(true) + columnGap;
    const double top = rect.top() + padding;

    painter->setFont(headingFont());
    painter->setPen(GraphStyle::bandHeader());
    const double headingAscent = QFontMetricsF(headingFont()).ascent();
    painter->drawText(QPointF(kindsLeft, top + headingAscent), QStringLiteral("MAP"));
    painter->drawText(QPointF(statusLeft, top + headingAscent), QStringLiteral("STATUS"));

    const double rowsTop = top + headingHeight();
    auto labelAt = [&](double x, int index, const char *text) {
        const double y = rowsTop + index * rowHeight;
        painter->setFont(labelFont());
        painter->setPen(GraphStyle::titleColor());
        painter->drawText(QPointF(x + symbolWidth, y + (rowHeight - labelMetrics.height()) / 2 + labelMetrics.ascent()),
            QString::fromLatin1(text));
    };

    int index = 0;
    for (const KindRow &row : kindRows) {
        const double y = rowsTop + index * rowHeight;
        const double icon = 15.0;
        paintKindIcon(painter, row.kind, QRectF(kindsLeft + 2, y + (rowHeight - icon) / 2, icon, icon),
            GraphStyle::kindAccent(row.kind));
        labelAt(kindsLeft, index, row.label);
        ++index;
    }
    index = 0;
    for (const StatusEntry &row : statusRows) {
        const double y = rowsTop + index * rowHeight;
        paintStatusSymbol(painter, row.row, QRectF(statusLeft, y + 3, symbolWidth - 6, rowHeight - 6));
        labelAt(statusLeft, index, row.label);
        ++index;
    }
    painter->restore();
}

LegendWidget::LegendWidget(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

QSize LegendWidget::sizeHint() const
{
    return legendSize().toSize() + QSize(2, 2);
}

void LegendWidget::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event)
    QPainter painter(this);
    paintLegend(&painter, QRectF(QPointF(1, 1), legendSize()));
}

} // namespace routemap
