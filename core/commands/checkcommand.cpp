#include "commands/checkcommand.h"

#include "diagnostics/report.h"
#include "engine/runner.h"
#include "commands/sourceoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTextStream>

namespace routemap {

namespace {

struct CheckSettings {
    SourceSpec spec;
    bool json = false;
    bool verbose = false;
    bool complete = false;
    bool failOnNone = false;
    Severity failOn = Severity::Error;
};

ReportSource reportSource(const Analysis &analysis, const SourceStatus &status)
{
    ReportSource source;
    source.partial = status.partialKinds;
    source.kind = analysis.snapshot.sourceKind();
    source.complete = analysis.snapshot.isComplete();
    source.objects = static_cast<int>(analysis.snapshot.objects().size());
    return source;
}

int exitCodeFor(const QList<Finding> &findings, const CheckSettings &settings)
{
    if (settings.failOnNone) {
        return 0;
    }
    for (const Finding &f : findings) {
        if (f.severity >= settings.failOn) {
            return 1;
        }
    }
    return 0;
}

// Inputs that could not be read stop a check: a CI gate must not pass because a path was mistyped.
QStringList unreadableInputs(const Snapshot &snapshot)
{
    QStringList messages;
    for (const LoadIssue &issue : snapshot.issues()) {
        if (issue.type == LoadIssue::Type::Unreadable) {
            messages.append(issue.message);
        }
    }
    return messages;
}

QString timeStamp(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QString localClock(const QDateTime &time)
{
    return time.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
}

void printReport(const Analysis &analysis, const SourceStatus &status, const CheckSettings &settings, QTextStream &out)
{
    if (settings.json) {
        out << QString::fromUtf8(
            QJsonDocument(findingsToJson(analysis.findings, reportSource(analysis, status))).toJson(QJsonDocument::Indented));
        return;
    }
    out << findingsToText(analysis.findings, settings.verbose);
    if (!analysis.findings.isEmpty()) {
        out << '\n';
    }
    out << summaryLine(analysis.findings) << " in " << analysis.snapshot.objects().size() << " objects" << Qt::endl;
}

// Follows the source and prints each change of the findings.
class Watcher
{
public:
    Watcher(const CheckSettings &settings, QTextStream &out, QTextStream &err)
        : m_settings(settings)
        , m_out(out)
        , m_err(err)
    {
    }

    void onAnalysis(const Analysis &analysis)
    {
        const SourceStatus &status = m_status;
        QHash<QString, const Finding *> current;
        for (const Finding &f : analysis.findings) {
            current.insert(findingKey(f), &f);
        }
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (!m_first) {
            QList<const Finding *> added;
            QStringList removedKeys;
            for (const Finding &f : analysis.findings) {
                if (!m_previous.contains(findingKey(f))) {
                    added.append(&f);
                }
            }
            for (auto it = m_previous.cbegin(); it != m_previous.cend(); ++it) {
                if (!current.contains(it.key())) {
                    removedKeys.append(it.key());
                }
            }
            if (added.isEmpty() && removedKeys.isEmpty()) {
                m_previous = copy(analysis.findings);
                return; // the same findings (messages may carry new counts): nothing to say
            }
            if (m_settings.json) {
                QJsonObject line = findingsToJson(analysis.findings, reportSource(analysis, status));
                line.insert(QStringLiteral("time"), timeStamp(now));
                QJsonArray addedJson;
                for (const Finding *f : std::as_const(added)) {
                    addedJson.append(findingToJson(*f));
                }
                QJsonArray removedJson;
                for (const QString &key : std::as_const(removedKeys)) {
                    removedJson.append(findingToJson(m_previous.value(key)));
                }
                line.insert(QStringLiteral("added"), addedJson);
                line.insert(QStringLiteral("removed"), removedJson);
                m_out << QString::fromUtf8(QJsonDocument(line).toJson(QJsonDocument::Compact)) << Qt::endl;
            } else {
                const QString clock = QStringLiteral("[") + localClock(now) + QStringLiteral("] ");
                for (const Finding *f : std::as_const(added)) {
                    m_out << clock << "+ " << findingLine(*f) << '\n';
                }
                for (const QString &key : std::as_const(removedKeys)) {
                    m_out << clock << "- " << findingLine(m_previous.value(key)) << '\n';
                }
                m_out << clock << summaryLine(analysis.findings) << " in " << analysis.snapshot.objects().size()
                      << " objects" << Qt::endl;
            }
        } else {
            m_first = false;
            if (m_settings.json) {
                QJsonObject report = findingsToJson(analysis.findings, reportSource(analysis, status));
                report.insert(QStringLiteral("time"), timeStamp(now));
                m_out << QString::fromUtf8(QJsonDocument(report).toJson(QJsonDocument::Compact)) << Qt::endl;
            } else {
                m_out << '[' << localClock(now) << "] watching " << m_settings.spec.description() << '\n';
                printReport(analysis, m_status, m_settings, m_out);
            }
        }
        m_previous = copy(analysis.findings);
    }

    void onStatus(const SourceStatus &status)
    {
        m_status = status;
        using State = SourceStatus::State;
        if (status.state == State::Loading || status.state == State::Idle) {
            return;
        }
        if (status.state == State::Live && m_lastState == State::Live && status.partialKinds == m_lastPartial) {
            return;
        }
        m_lastState = status.state;
        m_lastPartial = status.partialKinds;
        QString text = sourceStateName(status.state);
        if (status.state == State::Reconnecting) {
            text += QStringLiteral(" (attempt %1)").arg(status.attempt);
        } else if (status.state == State::Stale && status.since.isValid()) {
            text += QStringLiteral(" since ") + localClock(status.since);
        }
        if (!status.message.isEmpty()) {
            text += QStringLiteral(": ") + status.message;
        }
        if (!status.partialKinds.isEmpty()) {
            text += QStringLiteral(" (partial: ") + status.partialKinds.join(QStringLiteral(", ")) + u')';
        }
        // Status goes to stderr so that standard output stays one JSON document per line.
        m_err << "routemap check: [" << localClock(QDateTime::currentDateTimeUtc()) << "] " << text << Qt::endl;
    }

    bool hasReported() const { return !m_first; }

private:
    static QHash<QString, Finding> copy(const QList<Finding> &findings)
    {
        QHash<QString, Finding> out;
        for (const Finding &f : findings) {
            out.insert(findingKey(f), f);
        }
        return out;
    }

    const CheckSettings &m_settings;
    QTextStream &m_out;
    QTextStream &m_err;
    bool m_first = true;
    QHash<QString, Finding> m_previous;
    SourceStatus m_status;
    SourceStatus::State m_lastState = SourceStatus::State::Idle;
    QStringList m_lastPartial;
};

int watch(const CheckSettings &settings, QTextStream &out, QTextStream &err, QIODevice *standardInput)
{
    AnalysisRunner runner;
    AnalysisOptions options;
    options.complete = settings.complete;
    runner.setOptions(options);
    Watcher watcher(settings, out, err);
    QObject::connect(&runner, &AnalysisRunner::analysisReady, &runner,
        [&watcher, &settings](const AnalysisPtr &analysis) {
            if (!settings.spec.cluster && !settings.spec.namespaces.isEmpty()) {
                watcher.onAnalysis(scopeToNamespaces(*analysis, settings.spec.namespaces));
            } else {
                watcher.onAnalysis(*analysis);
            }
        });
    int exitCode = 0;
    QObject::connect(&runner, &AnalysisRunner::statusChanged, &runner,
        [&watcher, &err, &exitCode](const SourceStatus &status) {
            if (status.state == SourceStatus::State::Failed && !watcher.hasReported()) {
                // Nothing was ever read: there is nothing to watch.
                err << "routemap check: " << status.message << Qt::endl;
                exitCode = 2;
                QCoreApplication::exit(2);
                return;
            }
            watcher.onStatus(status);
        });
    runner.setSource(createSource(settings.spec, standardInput), true);
    if (runner.source()->status().state == SourceStatus::State::Failed) {
        err << "routemap check: " << runner.source()->status().message << Qt::endl;
        return 2;
    }
    const int code = QCoreApplication::exec();
    return exitCode != 0 ? exitCode : code;
}

} // namespace

int runCheckCommand(const QStringList &arguments, QTextStream &out, QTextStream &err, QIODevice *standardInput)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Report broken links in Kubernetes manifests or a live cluster.\n\n"
                       "Exit codes: 0 no finding at or above --fail-on, 1 at least one, 2 unreadable input, an "
                       "unreachable cluster or a wrong command line."));
    parser.addHelpOption();
    const QCommandLineOption formatOption(QStringLiteral("format"), QStringLiteral("Output format: text or json."),
                                          QStringLiteral("format"), QStringLiteral("text"));
    const QCommandLineOption failOnOption(QStringLiteral("fail-on"),
                                          QStringLiteral("Exit 1 when a finding at or above this severity exists: "
                                                         "error, warning, info or none."),
                                          QStringLiteral("severity"), QStringLiteral("error"));
    const QCommandLineOption completeOption(QStringLiteral("complete"),
                                            QStringLiteral("Treat the manifests as the whole cluster: missing "
                                                           "references are certain (a cluster always is)."));
    const QCommandLineOption verboseOption(QStringLiteral("verbose"),
                                           QStringLiteral("Text format: print each finding's hint and kubectl command."));
    const QCommandLineOption watchOption(QStringLiteral("watch"),
                                         QStringLiteral("Keep watching the files or the cluster: print the report, "
                                                        "then one line each time the findings change."));
    parser.addOptions({formatOption, failOnOption, completeOption, verboseOption, watchOption});
    const SourceOptions sourceOptions;
    sourceOptions.addTo(parser);
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
    QString error;
    if (!sourceOptions.read(parser, &settings.spec, &error)) {
        err << "routemap check: " << error << Qt::endl;
        return 2;
    }
    const QString format = parser.value(formatOption);
    const QString failOn = parser.value(failOnOption);
    settings.json = format == QLatin1String("json");
    settings.verbose = parser.isSet(verboseOption);
    settings.complete = parser.isSet(completeOption);
    if (settings.spec.isEmpty()) {
        err << "routemap check: no input given: name files, folders, or - for standard input, or a cluster with "
               "--context"
            << Qt::endl;
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
        if (settings.spec.paths.contains(QStringLiteral("-"))) {
            err << "routemap check: --watch needs files, folders or a cluster, not standard input" << Qt::endl;
            return 2;
        }
        return watch(settings, out, err, standardInput);
    }

    AnalysisOptions options;
    options.complete = settings.complete;
    SourceStatus status;
    AnalysisPtr analysis = AnalysisRunner::runOnce(createSource(settings.spec, standardInput), options, &status);
    if (analysis && !settings.spec.cluster && !settings.spec.namespaces.isEmpty()) {
        analysis = std::make_shared<Analysis>(scopeToNamespaces(*analysis, settings.spec.namespaces));
    }
    if (!analysis) {
        err << "routemap check: "
            << (status.message.isEmpty() ? QStringLiteral("nothing could be read") : status.message) << Qt::endl;
        return 2;
    }
    const QStringList unreadable = unreadableInputs(analysis->snapshot);
    if (!unreadable.isEmpty()) {
        for (const QString &message : unreadable) {
            err << "routemap check: " << message << Qt::endl;
        }
        return 2;
    }
    if (analysis->snapshot.sourceKind() == QLatin1String("manifests") && analysis->snapshot.objects().isEmpty()
        && analysis->snapshot.issues().isEmpty()) {
        // An empty stdin from a failed `helm template`, an empty folder: nothing was checked, so nothing passed.
        err << "routemap check: no Kubernetes objects in the input (" << settings.spec.description() << ")"
            << Qt::endl;
        return 2;
    }
    if (!status.partialKinds.isEmpty()) {
        err << "routemap check: warning: partial input: " << status.partialKinds.join(QStringLiteral(", "))
            << Qt::endl;
    }
    printReport(*analysis, status, settings, out);
    out.flush();
    return exitCodeFor(analysis->findings, settings);
}

} // namespace routemap
