#pragma once

#include <QImage>
#include <QString>

namespace routemap {

class GraphScene;

struct ExportOptions {
    double scale = 1.0; // PNG pixels per scene point; SVG and PDF are vector and keep their size
    double margin = 24; // scene points around the map
    bool legend = true; // draw the legend in the bottom-right corner
    QString title; // SVG/PDF document title; "Routemap traffic map" when empty
};

// Writes the scene as .png, .svg or .pdf, chosen by the file suffix. On failure returns false and
// sets *error (when given) to a sentence naming the file.
bool exportScene(GraphScene &scene, const QString &fileName, double scale, QString *error);
bool exportScene(GraphScene &scene, const QString &fileName, const ExportOptions &options, QString *error);

// The same picture as the PNG export, in memory (clipboard, previews, tests).
QImage renderSceneImage(GraphScene &scene, const ExportOptions &options = {});

// The largest PNG Routemap writes, in pixels: beyond it painting and encoding take minutes and gigabytes.
constexpr qint64 maxPngPixels = 100'000'000;

// Whether `scene` fits one image of `fileName`'s format at `options`, checked before any painting: true for a
// size that can be written (always for .svg and .pdf). Otherwise false, with *message (when given) saying how
// large the picture would be and what to do instead (draw one namespace with --namespace, a smaller --scale, or
// a vector format). exportScene runs the same check before it paints a PNG.
bool exportSizeCheck(const GraphScene &scene, const QString &fileName, const ExportOptions &options, QString *message);

// The PNG size of `scene` at `options`, in pixels, without painting.
QSize exportImageSize(const GraphScene &scene, const ExportOptions &options);

// Suffixes exportScene understands, lower case without dot.
QStringList exportSuffixes();

} // namespace routemap
