#pragma once

#include <QJsonObject>
#include <QString>

namespace routemap {

// Writes a Kubernetes object back as YAML for people to read (the inspector, exports). Keys come in
// the order kubectl users expect: apiVersion, kind, metadata (name, namespace, labels, annotations,
// then the rest), spec, the other fields alphabetically, and status last. Strings a YAML reader would
// take for something else ("8080", "true", "", "null") are quoted, so the text reads back unchanged.
QString toYaml(const QJsonObject &object);

} // namespace routemap
