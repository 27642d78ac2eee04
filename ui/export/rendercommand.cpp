#include "rendercommand.h"

#include "diagnostics/diagnostics.h"
#include "export/sceneexport.h"
#include "graph/graphscene.h"
#include "layout/graphvizlayout.h"
#include "sources/manifestloader.h"
#include "topology/topologybuilder.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>

#include <cmath>
#include <cstdio>

namespace routemap {

namespace {

constexpr int exitOk = 0;
constexpr int exitFailed = 1;
constexpr int exitUsage = 2;

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int usageError(const QString &message)
{
    err() << "routemap render: " << message << '\n'
          << "usage: routemap render PATH... -o FILE.{png,svg,pdf,dot} [--scale N] [--hide-internal] [--no-legend]\n";
    err().flush();
    return exitUsage;
}

QString issueText(const LoadIssue &issue)
{
    const QString where = issue.location.isValid() ? issue.location.display() : QStringLiteral("<input>");
    return where + QStringLiteral(": ") + issue.message;
}

} // namespace

int runRenderCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Draw the traffic map of manifests to an image."));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption outputOption({QStringLiteral("o"), QStringLiteral("output")},
        QStringLiteral("Output file (.png, .svg, .pdf or .dot)."), QStringLiteral("file"));
    const QCommandLineOption scaleOption(QStringLiteral("scale"), QStringLiteral("PNG scale factor (default 2)."),
        QStringLiteral("n"), QStringLiteral("2"));
    const QCommandLineOption hideOption(
        QStringLiteral("hide-internal"), QStringLiteral("Leave out objects that outside traffic cannot reach."));
    const QCommandLineOption noLegendOption(QStringLiteral("no-legend"), QStringLiteral("Do not draw the legend."));
    parser.addOptions({outputOption, scaleOption, hideOption, noLegendOption});
    parser.addPositionalArgument(
        QStringLiteral("paths"), QStringLiteral("Manifest files or folders, - for stdin."), QStringLiteral("PATH..."));

    if (!parser.parse(QStringList {QStringLiteral("routemap render")} + arguments)) {
        return usageError(parser.errorText());
    }
    const QStringList paths = parser.positionalArguments();
    if (paths.isEmpty()) {
        return usageError(QStringLiteral("no input paths given"));
    }
    if (!parser.isSet(outputOption) || parser.value(outputOption).isEmpty()) {
        return usageError(QStringLiteral("no output file given (-o FILE.png|svg|pdf|dot)"));
    }
    const QString output = parser.value(outputOption);
    const QString suffix = QFileInfo(output).suffix().toLower();
    if (!exportSuffixes().contains(suffix) && suffix != u"dot") {
        return usageError(QStringLiteral("cannot tell the format of %1: use .png, .svg, .pdf or .dot").arg(output));
    }
    bool scaleOk = false;
    const double scale = parser.value(scaleOption).toDouble(&scaleOk);
    if (!scaleOk || scale <= 0 || scale > 16) {
        return usageError(
            QStringLiteral("--scale must be a number between 0 and 16, not \"%1\"").arg(parser.value(scaleOption)));
    }

    QStringList missing;
    for (const QString &path : paths) {
        if (path != u"-" && !QFileInfo::exists(path)) {
            missing.append(path);
        }
    }
    if (missing.size() == paths.size()) {
        err() << "routemap render: cannot read " << missing.join(QStringLiteral(", ")) << ": no such file or folder\n";
        err().flush();
        return exitUsage;
    }
    for (const QString &path : std::as_const(missing)) {
        err() << "routemap render: warning: skipping " << path << ": no such file or folder\n";
    }

    QFile standardInput;
    const bool readsStdin = paths.contains(QStringLiteral("-"));
    if (readsStdin) {
        if (!standardInput.open(stdin, QIODevice::ReadOnly)) {
            return usageError(QStringLiteral("cannot read standard input"));
        }
    }
    const LoadResult loaded = ManifestLoader::loadPaths(paths, readsStdin ? &standardInput : nullptr);
    for (const LoadIssue &issue : loaded.issues) {
        err() << "routemap render: warning: " << issueText(issue) << '\n';
    }
    if (loaded.objects.isEmpty()) {
        err() << "routemap render: no Kubernetes object could be loaded from " << paths.join(QStringLiteral(", "))
              << " (" << loaded.files << " file(s) read)\n";
        err().flush();
        return exitUsage;
    }

    const Snapshot snapshot = loaded.toSnapshot();
    const Topology topology = buildTopology(snapshot);
    GraphScene scene;
    const LayoutOptions layoutOptions = scene.layoutOptions(topology, parser.isSet(hideOption));

    if (suffix == u"dot") {
        const QByteArray dot = renderDot(topology, layoutOptions);
        QFile file(output);
        if (dot.isEmpty() || !file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(dot) != dot.size()) {
            err() << "routemap render: cannot write " << output << '\n';
            err().flush();
            return exitFailed;
        }
    } else {
        const Layout layout = layoutTopology(topology, layoutOptions);
        scene.setGraph(topology, layout);
        scene.setFindings(runDiagnostics(snapshot));
        scene.setInternalDimmed(true);
        ExportOptions exportOptions;
        exportOptions.scale = scale;
        if (!parser.isSet(scaleOption) && output.endsWith(QLatin1String(".png"), Qt::CaseInsensitive)) {
            // The default scale is for crisp docs screenshots; on a map of a whole cluster it would need
            // gigabytes. Keep the picture under ~40 megapixels unless the user asked for a scale.
            const QRectF area = scene.itemsBoundingRect();
            const double pixels = area.width() * area.height();
            constexpr double budget = 40e6;
            if (pixels * scale * scale > budget) {
                exportOptions.scale = std::max(1.0, std::sqrt(budget / pixels));
                err() << "routemap render: large map, drawing at scale " << QString::number(exportOptions.scale, 'f', 2)
                      << " (use --scale to choose)\n";
                err().flush();
            }
        }
        exportOptions.legend = !parser.isSet(noLegendOption);
        exportOptions.title = QStringLiteral("Routemap: ") + paths.join(QStringLiteral(", "));
        QString error;
        if (!exportScene(scene, output, exportOptions, &error)) {
            err() << "routemap render: " << error << '\n';
            err().flush();
            return exitFailed;
        }
    }
    err().flush();
    QTextStream out(stdout);
    out << output << '\n';
    return exitOk;
}

} // namespace routemap
