#pragma once

#include <QStringList>

namespace routemap {

// `routemap render PATH... -o FILE.{png,svg,pdf,dot} [--scale N] [--hide-internal] [--no-legend]`
// Loads the manifests, builds the topology and its findings, lays it out synchronously and exports the
// same scene the window shows (.dot writes Graphviz's laid-out DOT). `arguments` are the words after
// "render". Errors go to stderr; returns the process exit code: 0 on success (the output path is
// printed), 2 for wrong arguments or input that could not be loaded at all, 1 when writing fails.
// Needs a QGuiApplication (offscreen platform is fine) for fonts.
int runRenderCommand(const QStringList &arguments);

} // namespace routemap
