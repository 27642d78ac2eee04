#include "rendercommand.h"

#include "engine/runner.h"
#include "commands/sourceoptions.h"
#include "export/sceneexport.h"
#include "graph/graphscene.h"
#include "layout/graphvizlayout.h"

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
          << "usage: routemap render PATH... [-n NS]...|--context NAME [-n NS | -A] -o FILE.{png,svg,pdf,dot}\n"
             "                       [--scale N]"
             "                       [--complete] [--hide-internal] [--no-legend]\n";
    err().flush();
    return exitUsage;
}

QString issueText(const LoadIssue &issue)
{
    const QString where = issue.location.isValid() ? issue.location.display() : QStringLiteral("<input>");
    return where + QStringLiteral(": ") + issue.message;
}

} // namespace

void drawAnalysis(GraphScene &scene, const Analysis &analysis, bool hideInternal)
{
    const Layout layout = layoutTopology(analysis.topology, scene.layoutOptions(analysis.topology, hideInternal));
    scene.setGraph(analysis.topology, layout);
    scene.setFindings(analysis.findings, analysis.marks);
    scene.setInternalDimmed(true);
}

int runRenderCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Draw the traffic map of manifests or a live cluster to an image."));
    parser.addHelpOption();
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption outputOption({QStringLiteral("o"), QStringLiteral("output")},
        QStringLiteral("Output file (.png, .svg, .pdf or .dot)."), QStringLiteral("file"));
    const QCommandLineOption scaleOption(QStringLiteral("scale"), QStringLiteral("PNG scale factor (default 2)."),
        QStringLiteral("n"), QStringLiteral("2"));
    const QCommandLineOption hideOption(
        QStringLiteral("hide-internal"), QStringLiteral("Leave out objects that outside traffic cannot reach."));
    const QCommandLineOption noLegendOption(QStringLiteral("no-legend"), QStringLiteral("Do not draw the legend."));
    const QCommandLineOption completeOption(QStringLiteral("complete"),
        QStringLiteral("Treat the manifests as the whole cluster: missing references are certain."));
    parser.addOptions({outputOption, scaleOption, hideOption, noLegendOption, completeOption});
    const SourceOptions sourceOptions;
    sourceOptions.addTo(parser);
    parser.addPositionalArgument(
        QStringLiteral("paths"), QStringLiteral("Manifest files or folders, - for stdin."), QStringLiteral("PATH..."));

    if (!parser.parse(QStringList {QStringLiteral("routemap render")} + arguments)) {
        return usageError(parser.errorText());
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return exitOk;
    }
    SourceSpec spec;
    QString specError;
    if (!sourceOptions.read(parser, &spec, &specError)) {
        return usageError(specError);
    }
    if (spec.isEmpty()) {
        return usageError(QStringLiteral("no input given: name files, folders, or - for standard input, or a cluster "
                                         "with --context"));
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

    AnalysisOptions analysisOptions;
    analysisOptions.complete = parser.isSet(completeOption);
    SourceStatus status;
    AnalysisPtr analysis = AnalysisRunner::runOnce(createSource(spec), analysisOptions, &status);
    if (!analysis) {
        err() << "routemap render: " << (status.message.isEmpty() ? QStringLiteral("nothing could be read") : status.message)
              << '\n';
        err().flush();
        return exitUsage;
    }
    // Inputs that cannot be read stop every command alike (check, render): a mistyped path is not a smaller map.
    bool unreadable = false;
    for (const LoadIssue &issue : analysis->snapshot.issues()) {
        if (issue.type == LoadIssue::Type::Unreadable) {
            err() << "routemap render: " << issue.message << '\n';
            unreadable = true;
        } else {
            err() << "routemap render: warning: " << issueText(issue) << '\n';
        }
    }
    if (unreadable) {
        err().flush();
        return exitUsage;
    }
    if (analysis->snapshot.objects().isEmpty()) {
        err() << "routemap render: no Kubernetes objects in the input (" << spec.description() << ")\n";
        err().flush();
        return exitUsage;
    }
    if (!spec.cluster && !spec.namespaces.isEmpty()) {
        // Manifests drawn for some namespaces only (a cluster source already read only those).
        auto scoped = std::make_shared<Analysis>(scopeToNamespaces(*analysis, spec.namespaces));
        if (scoped->topology.nodes.isEmpty()) {
            err() << "routemap render: nothing in namespace " << spec.namespaces.join(QStringLiteral(", ")) << " ("
                  << spec.description() << ")\n";
            err().flush();
            return exitUsage;
        }
        analysis = scoped;
    }
    const Topology &topology = analysis->topology;
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
        drawAnalysis(scene, *analysis, parser.isSet(hideOption));
        ExportOptions exportOptions;
        exportOptions.scale = scale;
        if (!parser.isSet(scaleOption) && output.endsWith(QLatin1String(".png"), Qt::CaseInsensitive)) {
            // The default scale is for crisp docs screenshots; on a map of a whole cluster it would need
            // gigabytes. Keep the picture under ~40 megapixels unless the user asked for a scale.
            const QRectF area = scene.itemsBoundingRect();
            const double pixels = area.width() * area.height();
            constexpr double budget = 40e6;
            if (pixels * scale * scale > budget) {
                // Down to half size labels stay legible; beyond that the size check below says what to do.
                exportOptions.scale = std::max(0.5, std::sqrt(budget / pixels));
                err() << "routemap render: large map, drawing at scale " << QString::number(exportOptions.scale, 'f', 2)
                      << " (use --scale to choose)\n";
                err().flush();
            }
        }
        exportOptions.legend = !parser.isSet(noLegendOption);
        exportOptions.title = QStringLiteral("Routemap: ") + spec.description();
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
