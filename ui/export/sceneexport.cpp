#include "sceneexport.h"

#include "graph/edgeitem.h"
#include "graph/graphscene.h"
#include "graph/graphstyle.h"
#include "graph/legend.h"
#include "graph/nodeitem.h"

#include <QFileInfo>
#include <QPainter>
#include <QPdfWriter>
#include <QSet>
#include <QSvgGenerator>

#include <cmath>

namespace routemap {

namespace {

// Everything is drawn at 96 dpi so point-sized fonts measure the same as on screen.
constexpr int exportDpi = 96;
constexpr double legendGap = 12.0;

// Where the map and the legend go on the page, in scene points before scaling.
struct ExportPlan {
    QRectF source; // scene area to draw
    QSizeF page; // whole canvas
    QPointF mapOrigin; // where source.topLeft() lands
    QRectF legend; // empty when there is no legend
};

bool cornerIsFree(const GraphScene &scene, const QRectF &area)
{
    const QList<QGraphicsItem *> items = scene.items(area, Qt::IntersectsItemBoundingRect);
    for (const QGraphicsItem *item : items) {
        if (item->type() == NodeItem::Type || item->type() == EdgeItem::Type) {
            return false;
        }
    }
    return true;
}

ExportPlan planExport(const GraphScene &scene, const ExportOptions &options)
{
    ExportPlan plan;
    plan.source = scene.contentRect();
    if (plan.source.isEmpty()) {
        plan.source = QRectF(0, 0, 200, 100);
    }
    const double margin = std::max(0.0, options.margin);
    plan.mapOrigin = QPointF(margin, margin);
    plan.page = plan.source.size() + QSizeF(2 * margin, 2 * margin);
    if (!options.legend) {
        return plan;
    }
    const QSizeF legend = legendSize();
    // Inside the map's bottom-right corner when nothing is drawn there, else below the map.
    const QRectF corner(
        plan.source.right() - legend.width(), plan.source.bottom() - legend.height(), legend.width(), legend.height());
    if (legend.width() + legendGap <= plan.source.width() && cornerIsFree(scene, corner.adjusted(-8, -8, 0, 0))) {
        plan.legend = QRectF(corner.topLeft() - plan.source.topLeft() + plan.mapOrigin, legend);
        return plan;
    }
    const double width = std::max(plan.source.width(), legend.width());
    plan.page = QSizeF(width + 2 * margin, plan.source.height() + legendGap + legend.height() + 2 * margin);
    plan.legend = QRectF(QPointF(margin + width - legend.width(), margin + plan.source.height() + legendGap), legend);
    return plan;
}

void paintPlan(QPainter *painter, GraphScene &scene, const ExportPlan &plan)
{
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::TextAntialiasing);
    painter->setRenderHint(QPainter::SmoothPixmapTransform);
    painter->fillRect(QRectF(QPointF(0, 0), plan.page), GraphStyle::background());
    // Selection rings and hover are window state, not part of a picture of the cluster.
    const QList<QGraphicsItem *> selected = scene.selectedItems();
    {
        const QSignalBlocker blocker(&scene);
        for (QGraphicsItem *item : selected) {
            item->setSelected(false);
        }
    }
    scene.render(painter, QRectF(plan.mapOrigin, plan.source.size()), plan.source, Qt::KeepAspectRatio);
    {
        const QSignalBlocker blocker(&scene);
        for (QGraphicsItem *item : selected) {
            item->setSelected(true);
        }
    }
    if (!plan.legend.isEmpty()) {
        paintLegend(painter, plan.legend);
    }
}

QString documentTitle(const ExportOptions &options)
{
    return options.title.isEmpty() ? QStringLiteral("Routemap traffic map") : options.title;
}

bool exportPng(GraphScene &scene, const QString &fileName, const ExportOptions &options, QString *error)
{
    if (!exportSizeCheck(scene, fileName, options, error)) {
        return false;
    }
    const QImage image = renderSceneImage(scene, options);
    if (image.isNull()) {
        if (error) {
            *error = QStringLiteral("The image for %1 is too large to allocate.").arg(fileName);
        }
        return false;
    }
    if (!image.save(fileName, "PNG")) {
        if (error) {
            *error = QStringLiteral("Cannot write %1.").arg(fileName);
        }
        return false;
    }
    return true;
}

bool exportSvg(GraphScene &scene, const QString &fileName, const ExportOptions &options, QString *error)
{
    const ExportPlan plan = planExport(scene, options);
    QSvgGenerator generator;
    generator.setFileName(fileName);
    generator.setResolution(exportDpi);
    generator.setSize(plan.page.toSize());
    generator.setViewBox(QRectF(QPointF(0, 0), plan.page));
    generator.setTitle(documentTitle(options));
    generator.setDescription(QStringLiteral("How outside traffic reaches the pods, drawn by Routemap."));
    QPainter painter;
    if (!painter.begin(&generator)) {
        if (error) {
            *error = QStringLiteral("Cannot write %1.").arg(fileName);
        }
        return false;
    }
    paintPlan(&painter, scene, plan);
    painter.end();
    if (!QFileInfo(fileName).exists()) {
        if (error) {
            *error = QStringLiteral("Cannot write %1.").arg(fileName);
        }
        return false;
    }
    return true;
}

bool exportPdf(GraphScene &scene, const QString &fileName, const ExportOptions &options, QString *error)
{
    const ExportPlan plan = planExport(scene, options);
    QPdfWriter writer(fileName);
    writer.setResolution(exportDpi);
    writer.setTitle(documentTitle(options));
    writer.setCreator(QStringLiteral("Routemap"));
    // One page exactly the size of the map: points are 1/72 inch, the plan is in 1/96 inch.
    const QSizeF points = plan.page * (72.0 / exportDpi);
    writer.setPageSize(QPageSize(points, QPageSize::Point, QString(), QPageSize::ExactMatch));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    QPainter painter;
    if (!painter.begin(&writer)) {
        if (error) {
            *error = QStringLiteral("Cannot write %1.").arg(fileName);
        }
        return false;
    }
    // Map the plan onto the page, whatever rounding the page size went through.
    const double sx = writer.width() / plan.page.width();
    const double sy = writer.height() / plan.page.height();
    painter.scale(std::min(sx, sy), std::min(sx, sy));
    paintPlan(&painter, scene, plan);
    painter.end();
    return true;
}

} // namespace

QStringList exportSuffixes()
{
    return {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf")};
}

QSize exportImageSize(const GraphScene &scene, const ExportOptions &options)
{
    const ExportPlan plan = planExport(scene, options);
    const double scale = options.scale > 0 ? options.scale : 1.0;
    // Clamped to QSize's range: a size past it is too large either way.
    const auto pixels = [scale](double points) { return static_cast<int>(std::min(std::ceil(points * scale), 2e9)); };
    return QSize(pixels(plan.page.width()), pixels(plan.page.height()));
}

bool exportSizeCheck(const GraphScene &scene, const QString &fileName, const ExportOptions &options, QString *message)
{
    if (QFileInfo(fileName).suffix().toLower() != u"png") {
        return true;
    }
    const QSize size = exportImageSize(scene, options);
    const double pixels = static_cast<double>(size.width()) * size.height();
    if (pixels <= static_cast<double>(maxPngPixels)) {
        return true;
    }
    if (message) {
        QSet<QString> namespaces;
        for (const TopoNode &node : scene.topology().nodes) {
            if (!node.ns.isEmpty()) {
                namespaces.insert(node.ns);
            }
        }
        const double scale = options.scale > 0 ? options.scale : 1.0;
        const double fitting = scale * std::sqrt(static_cast<double>(maxPngPixels) / pixels);
        QString advice;
        if (namespaces.size() > 1) {
            advice = QStringLiteral("draw one namespace with --namespace NAME (the map has %1)").arg(namespaces.size());
        }
        if (fitting >= 0.5) {
            advice += (advice.isEmpty() ? QString() : QStringLiteral(", ")) + QStringLiteral("use --scale %1 or less")
                          .arg(QString::number(std::floor(fitting * 100) / 100, 'f', 2));
        }
        advice += (advice.isEmpty() ? QString() : QStringLiteral(", or ")) + QStringLiteral("write an .svg or .pdf");
        *message = QStringLiteral("%1 would be %2 × %3 pixels (%4 megapixels), more than the %5 megapixels one PNG "
                                  "may have: %6.")
                       .arg(fileName)
                       .arg(size.width())
                       .arg(size.height())
                       .arg(qRound64(pixels / 1e6))
                       .arg(maxPngPixels / 1'000'000)
                       .arg(advice);
    }
    return false;
}

QImage renderSceneImage(GraphScene &scene, const ExportOptions &options)
{
    const ExportPlan plan = planExport(scene, options);
    const double scale = options.scale > 0 ? options.scale : 1.0;
    const QSize size = exportImageSize(scene, options);
    // Stay under the PNG limit instead of failing deep inside the paint engine.
    if (size.isEmpty() || static_cast<qint64>(size.width()) * size.height() > maxPngPixels) {
        return QImage();
    }
    QImage image(size, QImage::Format_ARGB32);
    if (image.isNull()) {
        return image;
    }
    const int dotsPerMeter = qRound(exportDpi / 0.0254);
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    image.fill(GraphStyle::background());
    QPainter painter(&image);
    painter.scale(scale, scale);
    paintPlan(&painter, scene, plan);
    painter.end();
    return image;
}

bool exportScene(GraphScene &scene, const QString &fileName, double scale, QString *error)
{
    ExportOptions options;
    options.scale = scale;
    return exportScene(scene, fileName, options, error);
}

bool exportScene(GraphScene &scene, const QString &fileName, const ExportOptions &options, QString *error)
{
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    if (suffix == u"png") {
        return exportPng(scene, fileName, options, error);
    }
    if (suffix == u"svg") {
        return exportSvg(scene, fileName, options, error);
    }
    if (suffix == u"pdf") {
        return exportPdf(scene, fileName, options, error);
    }
    if (error) {
        *error = QStringLiteral("Cannot tell the format of %1: use a .png, .svg or .pdf file name.").arg(fileName);
    }
    return false;
}

} // namespace routemap
