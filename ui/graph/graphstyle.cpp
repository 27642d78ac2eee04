#include "graphstyle.h"

#include <QGuiApplication>

namespace routemap::GraphStyle {

QColor background()
{
    return QColor(0xff, 0xff, 0xff);
}

QColor bandFill()
{
    return QColor(0xf4, 0xf6, 0xf9);
}

QColor bandHeader()
{
    return QColor(0x7b, 0x86, 0x99);
}

QColor cardFill()
{
    return QColor(0xff, 0xff, 0xff);
}

QColor cardBorder()
{
    return QColor(0xc9, 0xd0, 0xda);
}

QColor cardBorderHover()
{
    return QColor(0x6b, 0x77, 0x8a);
}

QColor titleColor()
{
    return QColor(0x1f, 0x29, 0x37);
}

QColor subtitleColor()
{
    return QColor(0x6b, 0x72, 0x80);
}

QColor selectionRing()
{
    return QColor(0x25, 0x63, 0xeb);
}

QColor kindAccent(NodeKind kind)
{
    // Cool hues for the kinds; red, amber and green stay reserved for findings and readiness.
    switch (kind) {
    case NodeKind::Client:
        return QColor(0x64, 0x74, 0x8b);
    case NodeKind::LoadBalancer:
        return QColor(0x02, 0x84, 0xc7);
    case NodeKind::NodePort:
        return QColor(0x0d, 0x94, 0x88);
    case NodeKind::IngressController:
        return QColor(0x4f, 0x46, 0xe5);
    case NodeKind::Gateway:
        return QColor(0x7c, 0x3a, 0xed);
    case NodeKind::Ingress:
        return QColor(0xc0, 0x26, 0xd3);
    case NodeKind::Route:
        return QColor(0xa2, 0x1c, 0xaf);
    case NodeKind::Service:
        return QColor(0x25, 0x63, 0xeb);
    case NodeKind::PodGroup:
        return QColor(0x0e, 0x74, 0x90);
    case NodeKind::Pod:
        return QColor(0x08, 0x91, 0xb2);
    case NodeKind::Ghost:
        return QColor(0x9c, 0xa3, 0xaf);
    }
    return QColor(0x9c, 0xa3, 0xaf);
}

QColor edgeColor()
{
    return QColor(0x8a, 0x94, 0xa3);
}

QColor edgeLabelBorder()
{
    return QColor(0xd5, 0xdb, 0xe3);
}

QColor edgeLabelText()
{
    return QColor(0x4b, 0x55, 0x63);
}

QColor severityColor(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return QColor(0xd6, 0x27, 0x28);
    case Severity::Warning:
        return QColor(0xe0, 0x8a, 0x00);
    case Severity::Info:
        return QColor(0x1f, 0x6f, 0xc5);
    }
    return QColor(0x1f, 0x6f, 0xc5);
}

Qt::PenStyle severityEdgeStyle(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return Qt::DashDotLine;
    case Severity::Warning:
        return Qt::DashLine;
    case Severity::Info:
        return Qt::DotLine;
    }
    return Qt::SolidLine;
}

QColor readinessColor(int ready, int total)
{
    if (ready < 0 || total < 0) {
        return QColor(0x9c, 0xa3, 0xaf);
    }
    if (total > 0 && ready >= total) {
        return QColor(0x16, 0xa3, 0x4a);
    }
    if (ready > 0) {
        return QColor(0xd9, 0x77, 0x06);
    }
    return QColor(0xdc, 0x26, 0x26);
}

QString readinessText(int ready, int total)
{
    const QString r = ready >= 0 ? QString::number(ready) : QStringLiteral("?");
    const QString t = total >= 0 ? QString::number(total) : QStringLiteral("?");
    return r + u'/' + t;
}

namespace {

QFont baseFont(double pointSize)
{
    QFont font = QGuiApplication::font();
    font.setPointSizeF(pointSize);
    font.setHintingPreference(QFont::PreferNoHinting); // same metrics on screen and in exports
    return font;
}

} // namespace

QFont titleFont()
{
    QFont font = baseFont(10.0);
    font.setBold(true);
    return font;
}

QFont subtitleFont()
{
    return baseFont(8.5);
}

QFont namespaceFont()
{
    return baseFont(7.5);
}

QFont edgeLabelFont()
{
    return baseFont(7.5);
}

QFont bandHeaderFont()
{
    QFont font = baseFont(7.5);
    font.setBold(true);
    font.setLetterSpacing(QFont::AbsoluteSpacing, 1.2);
    return font;
}

QFont pillFont()
{
    QFont font = baseFont(7.5);
    font.setBold(true);
    return font;
}

QString tierTitle(Tier tier)
{
    switch (tier) {
    case Tier::Client:
        return QStringLiteral("CLIENT");
    case Tier::Entry:
        return QStringLiteral("ENTRY");
    case Tier::Controller:
        return QStringLiteral("CONTROLLERS & GATEWAYS");
    case Tier::Route:
        return QStringLiteral("INGRESS & ROUTES");
    case Tier::Service:
        return QStringLiteral("SERVICES");
    case Tier::Pods:
        return QStringLiteral("PODS");
    }
    return QString();
}

} // namespace routemap::GraphStyle
