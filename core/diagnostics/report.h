#pragma once

#include "diagnostics/diagnostics.h"

#include <QJsonObject>

namespace routemap {

struct ReportSource {
    QString kind = QStringLiteral("manifests"); // "manifests" or "cluster"
    bool complete = false;
    int objects = 0;
    QString name;        // the context for a cluster (empty for manifests)
    QStringList partial; // input left out (for example "networkpolicies in shop (forbidden)")
};

// The JSON document of `routemap check --format json` (shape documented in docs/diagnostics.md).
QJsonObject findingsToJson(const QList<Finding> &findings, const ReportSource &source);
QJsonObject findingToJson(const Finding &finding);

// Text output: one line per finding, grouped by namespace, each line self-contained so it greps:
//   file.yaml:12: error: service-selects-nothing: Service shop/api: <message>
// With `verbose`, the hint and kubectl command follow each finding on indented lines.
QString findingsToText(const QList<Finding> &findings, bool verbose);
// One finding on one line, as findingsToText writes it: "file.yaml:12: error: code: Kind ns/name: message".
QString findingLine(const Finding &finding);
QString summaryLine(const QList<Finding> &findings); // "2 errors, 1 warning, 0 info"

} // namespace routemap
