#include "diagnostics/report.h"

#include <QJsonArray>

namespace routemap {

namespace {

QJsonObject refToJson(const ObjectRef &ref)
{
    QJsonObject o{{QStringLiteral("kind"), ref.kind}, {QStringLiteral("name"), ref.name}};
    if (!ref.ns.isEmpty()) {
        o.insert(QStringLiteral("namespace"), ref.ns);
    }
    if (!ref.group.isEmpty()) {
        o.insert(QStringLiteral("group"), ref.group);
    }
    return o;
}

QString plural(int n, const char *word)
{
    return QString::number(n) + u' ' + QLatin1String(word) + (n == 1 ? QString() : QStringLiteral("s"));
}

} // namespace

QJsonObject findingToJson(const Finding &f)
{
    QJsonArray related;
    for (const ObjectRef &r : f.related) {
        related.append(refToJson(r));
    }
    QJsonObject o{
        {QStringLiteral("code"), f.code},
        {QStringLiteral("severity"), severityName(f.severity)},
        {QStringLiteral("object"), refToJson(f.object)},
        {QStringLiteral("related"), related},
        {QStringLiteral("message"), f.message},
        {QStringLiteral("hint"), f.hint},
        {QStringLiteral("kubectl"), f.kubectl},
    };
    if (f.location.isValid()) {
        QJsonObject location{{QStringLiteral("file"), f.location.file}};
        if (f.location.line > 0) {
            location.insert(QStringLiteral("line"), f.location.line);
        }
        o.insert(QStringLiteral("location"), location);
    }
    return o;
}

QJsonObject findingsToJson(const QList<Finding> &findings, const ReportSource &source)
{
    QJsonArray list;
    for (const Finding &f : findings) {
        list.append(findingToJson(f));
    }
    const FindingCounts counts = countFindings(findings);
    QJsonObject sourceJson{{QStringLiteral("kind"), source.kind},
                           {QStringLiteral("complete"), source.complete},
                           {QStringLiteral("objects"), source.objects}};
    if (!source.name.isEmpty()) {
        sourceJson.insert(QStringLiteral("name"), source.name);
    }
    if (!source.partial.isEmpty()) {
        sourceJson.insert(QStringLiteral("partial"), QJsonArray::fromStringList(source.partial));
    }
    return {
        {QStringLiteral("source"), sourceJson},
        {QStringLiteral("findings"), list},
        {QStringLiteral("summary"),
         QJsonObject{{QStringLiteral("error"), counts.error},
                     {QStringLiteral("warning"), counts.warning},
                     {QStringLiteral("info"), counts.info}}},
    };
}

QString summaryLine(const QList<Finding> &findings)
{
    const FindingCounts c = countFindings(findings);
    return plural(c.error, "error") + QStringLiteral(", ") + plural(c.warning, "warning") + QStringLiteral(", ") +
           QString::number(c.info) + QStringLiteral(" info");
}

QString findingLine(const Finding &f)
{
    const QString where = f.location.isValid() ? f.location.display() : QStringLiteral("-");
    return where + QStringLiteral(": ") + severityName(f.severity) + QStringLiteral(": ") + f.code + QStringLiteral(": ")
        + f.object.display() + QStringLiteral(": ") + f.message;
}

QString findingsToText(const QList<Finding> &findings, bool verbose)
{
    // Findings arrive sorted by namespace; cluster-scoped objects and files come first.
    QString out;
    QString currentNs;
    bool first = true;
    for (const Finding &f : findings) {
        if (first || f.object.ns != currentNs) {
            if (!first) {
                out += u'\n';
            }
            currentNs = f.object.ns;
            out += QStringLiteral("# ") +
                   (currentNs.isEmpty() ? QStringLiteral("cluster-scoped and files") : QStringLiteral("namespace ") + currentNs) +
                   u'\n';
            first = false;
        }
        out += findingLine(f) + u'\n';
        if (verbose) {
            if (!f.hint.isEmpty()) {
                out += QStringLiteral("    hint: ") + f.hint + u'\n';
            }
            if (!f.kubectl.isEmpty()) {
                out += QStringLiteral("    confirm: ") + f.kubectl + u'\n';
            }
        }
    }
    return out;
}

} // namespace routemap
