#pragma once

#include "engine/analysis.h"

#include <QStringList>

namespace routemap {

class GraphScene;

// Lays out an analysis synchronously and draws it into `scene` with its findings, as `render` does.
void drawAnalysis(GraphScene &scene, const Analysis &analysis, bool hideInternal);

// `routemap render PATH...|--context NAME [-n NS | -A] -o FILE.{png,svg,pdf,dot} [--scale N] [--complete]
//  [--hide-internal] [--no-legend]`
// Loads the manifests, builds the topology and its findings, lays it out synchronously and exports the
// same scene the window shows (.dot writes Graphviz's laid-out DOT). `arguments` are the words after
// "render". Errors go to stderr; returns the process exit code: 0 on success (the output path is
// printed), 2 for wrong arguments or input that could not be loaded at all, 1 when writing fails.
// Needs a QGuiApplication (offscreen platform is fine) for fonts.
int runRenderCommand(const QStringList &arguments);

} // namespace routemap
