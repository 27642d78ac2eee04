#pragma once

#include <QByteArrayView>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace routemap {

// One YAML document decoded into JSON values. Lines are 0-based and relative to the start of the
// text that was parsed; the caller adds the offset of the document inside its file.
struct YamlDocument {
    QJsonValue value;
    int line = -1; // line of the root node (the first key of a block map), -1 when unknown
    QList<int> itemLines; // lines of the elements of a root map's `items` sequence (List wrappers)
};

struct YamlError {
    int line = -1; // 0-based, relative like YamlDocument::line; -1 when unknown
    int column = -1;
    QString message;
};

// Parses the first YAML document of `text`. Plain scalars are typed like the YAML 1.2 core schema
// (numbers, true/false, null); quoted and block scalars stay strings; integers a double cannot
// hold exactly stay strings. Returns false, with `error` filled, for invalid YAML and for
// constructs JSON cannot hold or kubectl rejects (a map or list used as a mapping key, a key twice
// in one map, aliases that expand without bound). An empty document gives a null value.
bool parseYamlDocument(QByteArrayView text, YamlDocument *document, YamlError *error);

// Where documents start and end in a YAML stream: split at `---` lines and after `...` lines, so
// that each document can be parsed (and fail) on its own.
struct YamlDocumentSpan {
    qsizetype begin = 0;
    qsizetype end = 0;
    int firstLine = 1; // 1-based line of `begin` in the whole text
};

// Documents that contain something besides blank lines, comments and directives, in order.
QList<YamlDocumentSpan> splitYamlDocuments(QByteArrayView text);

} // namespace routemap
