// The routemap command: the window (on files, folders, stdin or the demo), `render` for pictures
// without a window and `check` for the findings as text or JSON. Everything else lives in the libraries.

#include "commands/checkcommand.h"
#include "commands/sourceoptions.h"
#include "export/rendercommand.h"
#include "graph/graphscene.h"
#include "window/documentcontroller.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QIcon>
#include <QImage>
#include <QTextStream>
#include <QTimer>
#include <cstdio>

#ifndef ROUTEMAP_VERSION
#define ROUTEMAP_VERSION "0.0.0"
#endif

namespace {

using namespace routemap;

void setIdentity(QCoreApplication &app)
{
    QCoreApplication::setOrganizationName(QStringLiteral("Routemap"));
    QCoreApplication::setApplicationName(QStringLiteral("routemap"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ROUTEMAP_VERSION));
    Q_UNUSED(app)
}

// Qt's xcb and wayland platforms abort without a display; say what to do instead.
bool displayMissing(int argc, char **argv)
{
#ifdef Q_OS_LINUX
    for (int i = 1; i < argc; ++i) {
        if (qstrcmp(argv[i], "-platform") == 0 || qstrcmp(argv[i], "--platform") == 0) {
            return false; // the user chose a platform explicitly
        }
    }
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    const bool needsDisplay = platform.isEmpty() || platform.startsWith("xcb") || platform.startsWith("wayland");
    return needsDisplay && qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
#else
    Q_UNUSED(argc)
    Q_UNUSED(argv)
    return false;
#endif
}

void describe(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Draws how outside traffic reaches Kubernetes pods and marks broken links.\n"
        "\n"
        "  routemap [PATH...]      open the window on manifests (files, folders, - for stdin)\n"
        "  routemap --demo         open the window on the built-in demo\n"
        "  routemap --context NAME [-n NS | -A]\n"
        "                          open the window on a live cluster (kubeconfig as kubectl reads it)\n"
        "  routemap --complete ... treat the manifests as the whole cluster (missing references are errors)\n"
        "  routemap render PATH...|--context NAME [-n NS | -A] -o FILE.{png,svg,pdf,dot} [--scale N]\n"
        "                 [--complete] [--hide-internal] [--no-legend]\n"
        "                          draw the map to a file, no display needed\n"
        "  routemap check PATH...|--context NAME [-n NS | -A] [--format text|json]\n"
        "                 [--fail-on error|warning|info|none] [--complete] [--verbose] [--watch]\n"
        "                          report broken links; exit 0 none at --fail-on (default error), 1 some,\n"
        "                          2 unreadable input; no display needed (routemap check --help)"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("paths"),
        QStringLiteral("Manifest files or folders to open, - for standard input."), QStringLiteral("[PATH...]"));
}

int runRender(int argc, char **argv)
{
    // A picture needs fonts but no screen: draw offscreen unless the user chose a platform.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    setIdentity(app);
    QStringList arguments = QCoreApplication::arguments();
    return runRenderCommand(arguments.mid(2));
}

int runCheck(int argc, char **argv)
{
    // Text only: no GUI platform, so it works on servers and in CI without a display.
    QCoreApplication app(argc, argv);
    setIdentity(app);
    QTextStream out(stdout);
    QTextStream err(stderr);
    // "-" among the paths reads the process's standard input (once, and never from a terminal).
    return runCheckCommand(QCoreApplication::arguments().mid(2), out, err);
}

QCommandLineOption completeOption()
{
    return {QStringLiteral("complete"),
        QStringLiteral("Treat the manifests as the whole cluster: a missing referenced object is an error.")};
}

int runWindow(int argc, char **argv)
{
    if (displayMissing(argc, argv)) {
        // Still answer --help and --version, then explain.
        QCoreApplication app(argc, argv);
        setIdentity(app);
        QCommandLineParser parser;
        describe(parser);
        parser.addOption({QStringLiteral("demo"), QStringLiteral("Open the built-in demo.")});
        parser.addOption(completeOption());
        SourceOptions().addTo(parser);
        parser.process(app);
        std::fputs("routemap: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window cannot "
                   "open.\nTo draw the map without a display, use:\n"
                   "  routemap render PATH... -o map.png\n"
                   "To list the broken links, use:\n"
                   "  routemap check PATH...\n",
            stderr);
        return 2;
    }

    QApplication app(argc, argv);
    setIdentity(app);
    QApplication::setApplicationDisplayName(QStringLiteral("Routemap"));
    QApplication::setDesktopFileName(QStringLiteral("org.routemap.Routemap"));
    for (const QString &icon : {QStringLiteral(":/icons/routemap.svg"), QStringLiteral(":/icons/routemap.png")}) {
        if (QFile::exists(icon)) {
            QApplication::setWindowIcon(QIcon(icon));
            break;
        }
    }

    QCommandLineParser parser;
    describe(parser);
    const QCommandLineOption demoOption(QStringLiteral("demo"), QStringLiteral("Open the built-in demo."));
    // Saves a picture of the whole window once the map is shown, then quits (docs and visual checks).
    QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"), QStringLiteral("Save the window to FILE."), QStringLiteral("file"));
    screenshotOption.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption selectOption(
        QStringLiteral("select"), QStringLiteral("Select the node with ID."), QStringLiteral("id"));
    selectOption.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({demoOption, completeOption(), screenshotOption, selectOption});
    const SourceOptions sourceOptions;
    sourceOptions.addTo(parser);
    parser.process(app);
    SourceSpec spec;
    QString specError;
    if (!sourceOptions.read(parser, &spec, &specError)) {
        std::fprintf(stderr, "routemap: %s\n", qPrintable(specError));
        return 2;
    }

    MainWindow window;
    if (parser.isSet(QStringLiteral("complete"))) {
        window.setTreatAsWholeCluster(true);
    }
    const QString screenshot = parser.value(screenshotOption);
    if (!screenshot.isEmpty()) {
        const QString select = parser.value(selectOption);
        const auto takeScreenshot = [&window, screenshot, select]() {
            if (!select.isEmpty()) {
                // A node with findings is picked the way the findings table picks it: selected, centred
                // and its worst finding highlighted.
                const Finding *worst = nullptr;
                for (const Finding &f : window.document()->findings()) {
                    if ((!worst || f.severity > worst->severity) && window.scene()->nodeIdForFinding(f) == select) {
                        worst = &f;
                    }
                }
                if (!worst || !window.showFinding(*worst)) {
                    window.scene()->selectNode(select);
                }
            }
            // One more turn of the event loop so docks and the status bar have painted.
            QTimer::singleShot(200, &window, [&window, screenshot]() {
                const bool saved = window.grab().toImage().save(screenshot);
                std::fprintf(saved ? stdout : stderr, saved ? "%s\n" : "routemap: cannot write %s\n",
                    qPrintable(QDir::toNativeSeparators(screenshot)));
                QCoreApplication::exit(saved ? 0 : 1);
            });
        };
        QObject::connect(&window, &MainWindow::graphShown, &window, takeScreenshot);
        if (!parser.isSet(demoOption) && spec.isEmpty()) {
            QTimer::singleShot(0, &window, takeScreenshot); // nothing to load: picture the empty state
        }
        // A map that never appears must not hang a script.
        QTimer::singleShot(60000, &app, []() {
            std::fputs("routemap: timed out waiting for the map\n", stderr);
            QCoreApplication::exit(1);
        });
    }
    window.show();

    if (parser.isSet(demoOption)) {
        window.openDemo();
    } else if (spec.cluster) {
        window.openCluster(spec.clusterSpec);
    } else if (!spec.paths.isEmpty()) {
        window.openPaths(spec.paths);
    }
    return QApplication::exec();
}

} // namespace

int main(int argc, char **argv)
{
    // The resources live in a static library: register them by name, outside any namespace.
    Q_INIT_RESOURCE(resources);
    if (argc > 1 && qstrcmp(argv[1], "render") == 0) {
        return runRender(argc, argv);
    }
    if (argc > 1 && qstrcmp(argv[1], "check") == 0) {
        return runCheck(argc, argv);
    }
    return runWindow(argc, argv);
}
