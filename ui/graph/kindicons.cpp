#include "kindicons.h"

#include "graphstyle.h"

#include <QPainter>
#include <QtMath>

namespace routemap {

namespace {

// Icons are designed on a 24 x 24 grid and mapped into the requested box.
constexpr double grid = 24.0;

QPainterPath hexagon(const QPointF &center, double radius, double startDegrees)
{
    QPainterPath path;
    for (int i = 0; i < 6; ++i) {
        const double a = qDegreesToRadians(startDegrees + 60.0 * i);
        const QPointF p(center.x() + radius * std::cos(a), center.y() + radius * std::sin(a));
        if (i == 0) {
            path.moveTo(p);
        } else {
            path.lineTo(p);
        }
    }
    path.closeSubpath();
    return path;
}

// An isometric cube: hexagon outline plus the three inner edges.
QPainterPath cube(const QPointF &c, double s)
{
    QPainterPath path = hexagon(c, s, -90.0);
    const double dx = s * std::cos(qDegreesToRadians(30.0));
    path.moveTo(c);
    path.lineTo(c.x() - dx, c.y() - s / 2);
    path.moveTo(c);
    path.lineTo(c.x() + dx, c.y() - s / 2);
    path.moveTo(c);
    path.lineTo(c.x(), c.y() + s);
    return path;
}

QPainterPath globe()
{
    QPainterPath path;
    path.addEllipse(QPointF(12, 12), 9, 9);
    path.addEllipse(QPointF(12, 12), 4, 9);
    path.moveTo(3, 12);
    path.lineTo(21, 12);
    path.moveTo(4.6, 7.5);
    path.lineTo(19.4, 7.5);
    path.moveTo(4.6, 16.5);
    path.lineTo(19.4, 16.5);
    return path;
}

QPainterPath cloud()
{
    QPainterPath shape;
    shape.addEllipse(QPointF(8.5, 13.5), 4.5, 4.5);
    QPainterPath top;
    top.addEllipse(QPointF(13.5, 10.5), 5.5, 5.5);
    QPainterPath right;
    right.addEllipse(QPointF(18, 14.5), 3.5, 3.5);
    QPainterPath base;
    base.addRoundedRect(QRectF(6, 13, 13, 5), 1, 1);
    shape = shape.united(top).united(right).united(base);
    // A small down arrow: traffic spread over the nodes behind the balancer.
    shape.moveTo(12.5, 15.5);
    shape.lineTo(12.5, 21.5);
    shape.moveTo(10.5, 19.5);
    shape.lineTo(12.5, 21.5);
    shape.lineTo(14.5, 19.5);
    return shape;
}

QPainterPath plug()
{
    QPainterPath path;
    path.moveTo(9, 3);
    path.lineTo(9, 7);
    path.moveTo(15, 3);
    path.lineTo(15, 7);
    path.addRoundedRect(QRectF(5.5, 7, 13, 7), 2, 2);
    path.moveTo(12, 14);
    path.lineTo(12, 17);
    path.cubicTo(12, 19.5, 10, 20.5, 8, 21);
    return path;
}

QPainterPath shield()
{
    QPainterPath path;
    path.moveTo(12, 2.8);
    path.lineTo(19.5, 5.8);
    path.lineTo(19.5, 11);
    path.cubicTo(19.5, 16, 16, 19.3, 12, 21.2);
    path.cubicTo(8, 19.3, 4.5, 16, 4.5, 11);
    path.lineTo(4.5, 5.8);
    path.closeSubpath();
    path.moveTo(8.5, 12);
    path.lineTo(15.5, 12);
    path.moveTo(13, 9.5);
    path.lineTo(15.5, 12);
    path.lineTo(13, 14.5);
    return path;
}

QPainterPath arch()
{
    QPainterPath path;
    path.moveTo(4, 21);
    path.lineTo(4, 11);
    path.arcTo(QRectF(4, 3, 16, 16), 180, -180);
    path.lineTo(20, 21);
    path.moveTo(8.5, 21);
    path.lineTo(8.5, 11.5);
    path.arcTo(QRectF(8.5, 8, 7, 7), 180, -180);
    path.lineTo(15.5, 21);
    path.moveTo(2.5, 21);
    path.lineTo(21.5, 21);
    return path;
}

QPainterPath signpost()
{
    QPainterPath path;
    path.moveTo(12, 10);
    path.lineTo(12, 12);
    path.moveTo(12, 17);
    path.lineTo(12, 21.5);
    path.moveTo(12, 2.5);
    path.lineTo(12, 4.5);
    path.moveTo(5, 4.5);
    path.lineTo(17.5, 4.5);
    path.lineTo(20.5, 7.25);
    path.lineTo(17.5, 10);
    path.lineTo(5, 10);
    path.closeSubpath();
    path.moveTo(19, 12);
    path.lineTo(6.5, 12);
    path.lineTo(3.5, 14.5);
    path.lineTo(6.5, 17);
    path.lineTo(19, 17);
    path.closeSubpath();
    return path;
}

QPainterPath routeArrow()
{
    QPainterPath path;
    path.addEllipse(QPointF(5.5, 19), 1.8, 1.8);
    path.moveTo(6.8, 17.6);
    path.cubicTo(8.5, 11, 12, 8.5, 18.5, 7.5);
    path.moveTo(15, 4);
    path.lineTo(18.8, 7.4);
    path.lineTo(15.3, 11.2);
    return path;
}

QPainterPath serviceHexagon()
{
    QPainterPath path = hexagon(QPointF(12, 12), 9.5, -90.0);
    path.addEllipse(QPointF(12, 12), 3, 3);
    return path;
}

QPainterPath pods()
{
    QPainterPath path = cube(QPointF(12, 7.5), 5);
    path.addPath(cube(QPointF(7.2, 16), 5));
    path.addPath(cube(QPointF(16.8, 16), 5));
    return path;
}

QPainterPath unknown()
{
    QPainterPath path;
    path.addRoundedRect(QRectF(4, 4, 16, 16), 3, 3);
    return path;
}

} // namespace

QPainterPath kindIconPath(NodeKind kind, const QRectF &box)
{
    QPainterPath path;
    switch (kind) {
    case NodeKind::Client:
        path = globe();
        break;
    case NodeKind::LoadBalancer:
        path = cloud();
        break;
    case NodeKind::NodePort:
        path = plug();
        break;
    case NodeKind::IngressController:
        path = shield();
        break;
    case NodeKind::Gateway:
        path = arch();
        break;
    case NodeKind::Ingress:
        path = signpost();
        break;
    case NodeKind::Route:
        path = routeArrow();
        break;
    case NodeKind::Service:
        path = serviceHexagon();
        break;
    case NodeKind::PodGroup:
        path = pods();
        break;
    case NodeKind::Pod:
        path = cube(QPointF(12, 12), 9);
        break;
    case NodeKind::Ghost:
        path = unknown();
        break;
    }
    QTransform transform;
    transform.translate(box.left(), box.top());
    transform.scale(box.width() / grid, box.height() / grid);
    return transform.map(path);
}

NodeKind iconKindForObjectKind(const QString &objectKind)
{
    if (objectKind == u"Service") {
        return NodeKind::Service;
    }
    if (objectKind == u"Ingress") {
        return NodeKind::Ingress;
    }
    if (objectKind.endsWith(QStringLiteral("Route"))) {
        return NodeKind::Route;
    }
    if (objectKind == u"Gateway" || objectKind == u"GatewayClass") {
        return NodeKind::Gateway;
    }
    if (objectKind == u"IngressClass") {
        return NodeKind::IngressController;
    }
    if (objectKind == u"Pod") {
        return NodeKind::Pod;
    }
    static const QStringList workloads {QStringLiteral("Deployment"), QStringLiteral("StatefulSet"),
        QStringLiteral("DaemonSet"), QStringLiteral("ReplicaSet"), QStringLiteral("Job"), QStringLiteral("CronJob"),
        QStringLiteral("ReplicationController")};
    if (workloads.contains(objectKind)) {
        return NodeKind::PodGroup;
    }
    return NodeKind::Ghost;
}

void paintKindIcon(QPainter *painter, NodeKind kind, const QRectF &box, const QColor &color)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPen pen(color, 1.5);
    pen.setJoinStyle(Qt::RoundJoin);
    pen.setCapStyle(Qt::RoundCap);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(kindIconPath(kind, box));
    painter->restore();
}

namespace {

// "!" and "i" as paths, so badges do not depend on the fonts of the export target.
QPainterPath exclamation(const QPointF &c, double r, double dy)
{
    QPainterPath path;
    const double w = r * 0.26;
    path.addRoundedRect(QRectF(c.x() - w / 2, c.y() - r * 0.55 + dy, w, r * 0.68), w / 2, w / 2);
    path.addEllipse(QPointF(c.x(), c.y() + r * 0.45 + dy), w * 0.62, w * 0.62);
    return path;
}

QPainterPath infoGlyph(const QPointF &c, double r)
{
    QPainterPath path;
    const double w = r * 0.26;
    path.addEllipse(QPointF(c.x(), c.y() - r * 0.45), w * 0.62, w * 0.62);
    path.addRoundedRect(QRectF(c.x() - w / 2, c.y() - r * 0.15, w, r * 0.7), w / 2, w / 2);
    return path;
}

} // namespace

void paintSeverityBadge(QPainter *painter, Severity severity, const QPointF &center, double radius)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QColor color = GraphStyle::severityColor(severity);
    painter->setPen(QPen(Qt::white, 1.5));
    painter->setBrush(color);
    switch (severity) {
    case Severity::Error:
        painter->drawEllipse(center, radius, radius);
        painter->setPen(Qt::NoPen);
        painter->setBrush(Qt::white);
        painter->drawPath(exclamation(center, radius, 0));
        break;
    case Severity::Warning: {
        const double r = radius * 1.12;
        QPainterPath triangle;
        triangle.moveTo(center.x(), center.y() - r);
        triangle.lineTo(center.x() + r * 1.05, center.y() + r * 0.78);
        triangle.lineTo(center.x() - r * 1.05, center.y() + r * 0.78);
        triangle.closeSubpath();
        QPen pen(Qt::white, 1.5);
        pen.setJoinStyle(Qt::RoundJoin);
        painter->setPen(pen);
        painter->drawPath(triangle);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0x1f, 0x29, 0x37));
        painter->drawPath(exclamation(center, radius * 0.85, radius * 0.18));
        break;
    }
    case Severity::Info: {
        const QRectF square(center.x() - radius * 0.9, center.y() - radius * 0.9, radius * 1.8, radius * 1.8);
        painter->drawRoundedRect(square, radius * 0.35, radius * 0.35);
        painter->setPen(Qt::NoPen);
        painter->setBrush(Qt::white);
        painter->drawPath(infoGlyph(center, radius));
        break;
    }
    }
    painter->restore();
}

void paintGhostBadge(QPainter *painter, const QPointF &center, double radius)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(Qt::white, 1.5));
    painter->setBrush(QColor(0x8a, 0x94, 0xa3));
    painter->drawEllipse(center, radius, radius);
    // The question mark: an open hook and a dot.
    const double r = radius;
    QPainterPath hook;
    hook.moveTo(center.x() - r * 0.32, center.y() - r * 0.22);
    hook.cubicTo(center.x() - r * 0.32, center.y() - r * 0.62, center.x() + r * 0.36, center.y() - r * 0.66,
        center.x() + r * 0.36, center.y() - r * 0.24);
    hook.cubicTo(center.x() + r * 0.36, center.y() + r * 0.02, center.x(), center.y() + r * 0.04, center.x(),
        center.y() + r * 0.3);
    QPen pen(Qt::white, r * 0.24);
    pen.setCapStyle(Qt::RoundCap);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(hook);
    painter->setPen(Qt::NoPen);
    painter->setBrush(Qt::white);
    painter->drawEllipse(QPointF(center.x(), center.y() + r * 0.56), r * 0.14, r * 0.14);
    painter->restore();
}

} // namespace routemap
