// routemap-bench: times the stages of an analysis in process, on one input.
//
//   routemap-bench [--runs N] PATH...
//
// For each run: load (files to objects), snapshot (deduplication, typed views, indexes), topology, and
// diagnostics; then the median of each stage over the runs and the peak resident set size, on one line
// per stage. Wall time of the whole `routemap check` and `render` comes from run-benchmarks.sh.
#include "diagnostics/diagnostics.h"
#include "sources/manifestloader.h"
#include "topology/topologybuilder.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>
#include <algorithm>
#include <sys/resource.h>

using namespace routemap;

namespace {

struct Stages {
    double load = 0;
    double snapshot = 0;
    double topology = 0;
    double diagnostics = 0;
    double analyse() const { return snapshot + topology + diagnostics; }
    double total() const { return load + analyse(); }
};

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n == 0 ? 0 : (n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2);
}

double elapsedMs(QElapsedTimer &timer)
{
    const double ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    timer.restart();
    return ms;
}

long peakRssKb()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss; // kilobytes on Linux
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Times load, snapshot, topology and diagnostics."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("runs"), QStringLiteral("Runs (the median is printed)."), QStringLiteral("n"),
        QStringLiteral("3")});
    parser.addPositionalArgument(QStringLiteral("paths"), QStringLiteral("Files or folders to load."));
    parser.process(app);
    const QStringList paths = parser.positionalArguments();
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    QTextStream out(stdout);
    if (paths.isEmpty()) {
        parser.showHelp(2);
    }

    QList<Stages> measured;
    qsizetype objects = 0;
    qsizetype findings = 0;
    qsizetype nodes = 0;
    for (int run = 0; run < runs; ++run) {
        Stages s;
        QElapsedTimer timer;
        timer.start();
        const LoadResult loaded = ManifestLoader::loadPaths(paths);
        s.load = elapsedMs(timer);
        const Snapshot snapshot = loaded.toSnapshot();
        s.snapshot = elapsedMs(timer);
        const Topology topology = buildTopology(snapshot);
        s.topology = elapsedMs(timer);
        const QList<Finding> found = runDiagnostics(snapshot);
        s.diagnostics = elapsedMs(timer);
        objects = snapshot.objects().size();
        findings = found.size();
        nodes = topology.nodes.size();
        measured.append(s);
    }
    const auto stage = [&](const char *name, double Stages::*field) {
        QList<double> values;
        for (const Stages &s : std::as_const(measured)) {
            values.append(s.*field);
        }
        out << QStringLiteral("%1 %2 ms\n").arg(QLatin1String(name), -12).arg(median(values), 0, 'f', 1);
    };
    out << "objects      " << objects << "\nfindings     " << findings << "\nmap nodes    " << nodes << '\n';
    stage("load", &Stages::load);
    stage("snapshot", &Stages::snapshot);
    stage("topology", &Stages::topology);
    stage("diagnostics", &Stages::diagnostics);
    QList<double> analyse;
    QList<double> total;
    for (const Stages &s : std::as_const(measured)) {
        analyse.append(s.analyse());
        total.append(s.total());
    }
    out << QStringLiteral("%1 %2 ms\n").arg(QStringLiteral("analyse"), -12).arg(median(analyse), 0, 'f', 1);
    out << QStringLiteral("%1 %2 ms\n").arg(QStringLiteral("total"), -12).arg(median(total), 0, 'f', 1);
    out << QStringLiteral("%1 %2 MB\n").arg(QStringLiteral("peak RSS"), -12).arg(peakRssKb() / 1024);
    return 0;
}
