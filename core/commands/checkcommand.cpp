#include "diagnostics/checkcommand.h"

#include "diagnostics/report.h"
#include "sources/manifestloader.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QJsonDocument>
#include <QTextStream>
#include <QTimer>

namespace routemap {

namespace {

struct CheckSettings {
    QStringList paths;
    bool json = false;
    bool verbose = false;
    bool complete = false;
    bool failOnNone = false;
    Severity failOn = Severity::Error;
};

struct CheckRun {
    QList<Finding> findings;
    int objects = 0;
    QStringList unreadable;
};

CheckRun runOnce(const CheckSettings &settings, QIODevice *standardInput)
{
    CheckRun run;
    const LoadResult loaded = ManifestLoader::loadPaths(settings.paths, standardInput);
    for (const LoadIssue &issue : loaded.issues) {
        if (issue.type == LoadIssue::Type::Unreadable) {
            run.unreadable.append(issue.message);
        }
    }
    Snapshot snapshot = loaded.toSnapshot();
    snapshot.setComplete(settings.complete);
    run.objects = static_cast<int>(snapshot.objects().size());
    DiagnosticsOptions options;
    options.complete = settings.complete;
    run.findings = runDiagnostics(snapshot, options);
    return run;
}

QJsonObject toJson(const CheckRun &run, const CheckSettings &settings)
{
    ReportSource source;
    source.complete = settings.complete;
    source.objects = run.objects;
    return findingsToJson(run.findings, source);
}

int exitCodeFor(const CheckRun &run, const CheckSettings &settings)
{
    if (settings.failOnNone) {
        return 0;
    }
    for (const Finding &f : run.findings) {
        if (f.severity >= settings.failOn) {
            return 1;
        }
    }
    return 0;
}

int watch(const CheckSettings &settings, QTextStream &out)
{
    // Prints the findings now and again whenever they change; files are re-read on every change.
    auto *watcher = new QFileSystemWatcher(QCoreApplication::instance());
    auto *debounce = new QTimer(QCoreApplication::instance());
    debounce->setSingleShot(true);
    debounce->setInterval(150);
    auto lastPrinted = std::make_shared<QByteArray>();
    auto rewatch = [watcher, settings] {
        QStringList files;
        for (const QString &path : settings.paths) {
            files += ManifestLoader::expandPath(path);
            if (QFileInfo(path).isDir()) {
                files.append(path);
            }
        }
        for (const QString &f : std::as_const(files)) {
            if (!watcher->files().contains(f) && !watcher->directories().contains(f)) {
                watcher->addPath(f);
            }
        }
    };
    auto check = [&out, settings, lastPrinted, rewatch] {
        rewatch(); // editors replace files by renaming: watch the new inode
        const CheckRun run = runOnce(settings, nullptr);
        const QByteArray line = QJsonDocument(toJson(run, settings)).toJson(QJsonDocument::Compact);
        if (line != *lastPrinted) {
            *lastPrinted = line;
            out << QString::fromUtf8(line) << Qt::endl;
        }
    };
    QObject::connect(watcher, &QFileSystemWatcher::fileChanged, debounce, qOverload<>(&QTimer::start));
    QObject::connect(watcher, &QFileSystemWatcher::directoryChanged, debounce, qOverload<>(&QTimer::start));
    QObject::connect(debounce, &QTimer::timeout, debounce, check);
    check();
    return QCoreApplication::exec();
}

} // namespace

int runCheckCommand(const QStringList &arguments, QTextStream &out, QTextStream &err, QIODevice *standardInput)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Report broken links in Kubernetes manifests."));
    parser.addHelpOption();
    const QCommandLineOption formatOption(QStringLiteral("format"), QStringLiteral("Output format: text or json."),
                                          QStringLiteral("format"), QStringLiteral("text"));
    const QCommandLineOption failOnOption(QStringLiteral("fail-on"),
                                          QStringLiteral("Exit 1 when a finding at or above this severity exists: "
                                                         "error, warning, info or none."),
                                          QStringLiteral("severity"), QStringLiteral("error"));
    const QCommandLineOption completeOption(QStringLiteral("complete"),
                                            QStringLiteral("Treat the input as the whole cluster: missing references "
                                                           "are certain."));
    const QCommandLineOption verboseOption(QStringLiteral("verbose"),
                                           QStringLiteral("Text format: print each finding's hint and kubectl command."));
    const QCommandLineOption watchOption(QStringLiteral("watch"),
                                         QStringLiteral("Keep watching the files; print one JSON line each time the "
                                                        "findings change."));
    parser.addOptions({formatOption, failOnOption, completeOption, verboseOption, watchOption});
    parser.addPositionalArgument(QStringLiteral("paths"), QStringLiteral("Files, folders, or - for standard input."),
                                 QStringLiteral("PATH..."));

    QStringList argv = arguments;
    argv.prepend(QStringLiteral("routemap check"));
    if (!parser.parse(argv)) {
        err << "routemap check: " << parser.errorText() << Qt::endl;
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    CheckSettings settings;
    settings.paths = parser.positionalArguments();
    const QString format = parser.value(formatOption);
    const QString failOn = parser.value(failOnOption);
    settings.json = format == QLatin1String("json");
    settings.verbose = parser.isSet(verboseOption);
    settings.complete = parser.isSet(completeOption);
    if (settings.paths.isEmpty()) {
        err << "routemap check: no input given: name files, folders, or - for standard input" << Qt::endl;
        return 2;
    }
    if (!settings.json && format != QLatin1String("text")) {
        err << "routemap check: unknown format \"" << format << "\" (use text or json)" << Qt::endl;
        return 2;
    }
    settings.failOnNone = failOn == QLatin1String("none");
    if (!settings.failOnNone && !severityFromName(failOn, &settings.failOn)) {
        err << "routemap check: unknown severity \"" << failOn << "\" for --fail-on (use error, warning, info or none)"
            << Qt::endl;
        return 2;
    }
    if (parser.isSet(watchOption)) {
        if (settings.paths.contains(QStringLiteral("-"))) {
            err << "routemap check: --watch needs files or folders, not standard input" << Qt::endl;
            return 2;
        }
        return watch(settings, out);
    }

    const CheckRun run = runOnce(settings, standardInput);
    if (!run.unreadable.isEmpty()) {
        for (const QString &message : run.unreadable) {
            err << "routemap check: " << message << Qt::endl;
        }
        return 2;
    }
    if (settings.json) {
        out << QString::fromUtf8(QJsonDocument(toJson(run, settings)).toJson(QJsonDocument::Indented));
    } else {
        out << findingsToText(run.findings, settings.verbose);
        if (!run.findings.isEmpty()) {
            out << '\n';
        }
        out << summaryLine(run.findings) << " in " << run.objects << " objects" << Qt::endl;
    }
    out.flush();
    return exitCodeFor(run, settings);
}

} // namespace routemap
