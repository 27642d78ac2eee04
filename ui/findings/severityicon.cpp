#include "severityicon.h"

#include "graph/graphstyle.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace routemap {

QColor severityColor(Severity severity)
{
    // One palette for the map, the table and the inspector.
    return GraphStyle::severityColor(severity);
}

QString severityLabel(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return QStringLiteral("Error");
    case Severity::Warning:
        return QStringLiteral("Warning");
    case Severity::Info:
        break;
    }
    return QStringLiteral("Info");
}

QIcon severityIcon(Severity severity)
{
    QIcon icon;
    for (const int size : {16, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(severityColor(severity));
        const QRectF r(1, 1, size - 2, size - 2);
        if (severity == Severity::Warning) {
            QPainterPath triangle;
            triangle.moveTo(r.center().x(), r.top());
            triangle.lineTo(r.right(), r.bottom());
            triangle.lineTo(r.left(), r.bottom());
            triangle.closeSubpath();
            p.drawPath(triangle);
        } else {
            p.drawEllipse(r);
        }
        QFont font = p.font();
        font.setBold(true);
        font.setPixelSize(size * 5 / 8);
        p.setFont(font);
        p.setPen(Qt::white);
        const QRectF textRect = severity == Severity::Warning ? r.adjusted(0, size / 6.0, 0, 0) : r;
        p.drawText(textRect, Qt::AlignCenter, severity == Severity::Info ? QStringLiteral("i") : QStringLiteral("!"));
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace routemap
