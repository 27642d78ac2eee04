#include "diagnostics/diagnostics.h"

#include "diagnostics/rules.h"

#include <algorithm>

namespace routemap {

QString severityName(Severity s)
{
    switch (s) {
    case Severity::Error:
        return QStringLiteral("error");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Info:
        break;
    }
    return QStringLiteral("info");
}

bool severityFromName(const QString &name, Severity *out)
{
    for (const Severity s : {Severity::Info, Severity::Warning, Severity::Error}) {
        if (name == severityName(s)) {
            *out = s;
            return true;
        }
    }
    return false;
}

namespace rules {

FindingSink::FindingSink(const Snapshot &snapshot, const DiagnosticsOptions &options)
    : m_snapshot(snapshot)
    , m_options(options)
    , m_complete(snapshot.isComplete())
{
}

QString FindingSink::missingPhrase() const
{
    return m_complete ? QStringLiteral("does not exist") : QStringLiteral("is not in the loaded manifests");
}

Finding &FindingSink::add(const QString &code, Severity severity, const KubeObject &object)
{
    Finding f;
    f.code = code;
    f.severity = severity;
    f.object = object.ref;
    f.location = object.location;
    m_findings.append(f);
    return m_findings.last();
}

Finding &FindingSink::addMissing(const QString &code, Severity complete, Severity partial, const KubeObject &object)
{
    return add(code, m_complete ? complete : partial, object);
}

Finding &FindingSink::addRaw(Finding finding)
{
    m_findings.append(std::move(finding));
    return m_findings.last();
}

QList<Finding> FindingSink::take()
{
    return std::exchange(m_findings, {});
}

} // namespace rules

QList<Finding> runDiagnostics(const Snapshot &snapshot, const DiagnosticsOptions &options)
{
    rules::FindingSink sink(snapshot, options);
    rules::checkLoadIssues(sink);
    rules::checkServices(sink);
    rules::checkEntryPoints(sink);
    rules::checkNetworkPolicies(sink);
    rules::checkIngresses(sink);
    rules::checkGatewayApi(sink);
    QList<Finding> findings = sink.take();
    std::stable_sort(findings.begin(), findings.end(), [](const Finding &a, const Finding &b) {
        return std::tie(a.object.ns, a.object.kind, a.object.name, a.code) <
               std::tie(b.object.ns, b.object.kind, b.object.name, b.code);
    });
    return findings;
}

FindingCounts countFindings(const QList<Finding> &findings)
{
    FindingCounts c;
    for (const Finding &f : findings) {
        switch (f.severity) {
        case Severity::Error:
            ++c.error;
            break;
        case Severity::Warning:
            ++c.warning;
            break;
        case Severity::Info:
            ++c.info;
            break;
        }
    }
    return c;
}

} // namespace routemap
