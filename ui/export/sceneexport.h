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

// Suffixes exportScene understands, lower case without dot.
QStringList exportSuffixes();

} // namespace routemap
