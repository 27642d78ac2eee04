#include "manifestloader.h"

#include "model/jsonutil.h"
#include "yamlconvert.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <algorithm>
#include <cstdio>

namespace routemap {

namespace {

// List wrappers inside List wrappers happen (kubectl can print them); deeper means broken input.
constexpr int kMaxListDepth = 4;

void addIssue(LoadResult *result, LoadIssue::Type type, const SourceLocation &location, const QString &message)
{
    LoadIssue issue;
    issue.type = type;
    issue.location = location;
    issue.message = message;
    result->issues.append(issue);
}

QString describeNonObject(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Array:
        return QStringLiteral("a list");
    case QJsonValue::String:
        return QStringLiteral("a text value");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    default:
        return QStringLiteral("empty");
    }
}

bool isManifestFile(const QString &name)
{
    return name.endsWith(QLatin1String(".yaml"), Qt::CaseInsensitive)
        || name.endsWith(QLatin1String(".yml"), Qt::CaseInsensitive)
        || name.endsWith(QLatin1String(".json"), Qt::CaseInsensitive);
}

// A name written as a plain number (`name: 2048`) is still meant as text.
QJsonObject withTextMetadata(QJsonObject body)
{
    QJsonObject meta = body.value(QLatin1String("metadata")).toObject();
    bool changed = false;
    for (const char *key : {"name", "namespace", "generateName"}) {
        const QJsonValue v = meta.value(QLatin1String(key));
        if (v.isDouble() || v.isBool()) {
            meta.insert(QLatin1String(key), json::toText(v));
            changed = true;
        }
    }
    if (changed) {
        body.insert(QLatin1String("metadata"), meta);
    }
    return body;
}

// Turns one decoded document, or one item of a List, into objects. `what` names it in messages.
void addValue(LoadResult *result, const QJsonValue &value, const SourceLocation &location, const QList<int> &itemLines,
    const QString &what, int depth)
{
    if (!value.isObject()) {
        addIssue(result, LoadIssue::Type::NotAnObject, location,
            what + QStringLiteral(" is ") + describeNonObject(value) + QStringLiteral(", not an object"));
        return;
    }
    QJsonObject body = value.toObject();
    const QString kind = body.value(QLatin1String("kind")).toString();
    if (kind.isEmpty()) {
        addIssue(result, LoadIssue::Type::NotAnObject, location, what + QStringLiteral(" has no kind"));
        return;
    }
    const QJsonValue items = body.value(QLatin1String("items"));
    if (kind.endsWith(QLatin1String("List"))
        && (items.isArray() || (items.isNull() && body.contains(QLatin1String("items"))))) {
        if (depth >= kMaxListDepth) {
            addIssue(result, LoadIssue::Type::NotAnObject, location, kind + QStringLiteral(" is nested too deeply"));
            return;
        }
        // PodList items may leave out kind and apiVersion (the API server does): take them from the list.
        const QString itemKind = kind == QLatin1String("List") ? QString() : kind.chopped(4);
        const QJsonValue apiVersion = body.value(QLatin1String("apiVersion"));
        const QJsonArray array = items.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            QJsonValue item = array.at(i);
            if (item.isObject()) {
                QJsonObject itemBody = item.toObject();
                if (!itemKind.isEmpty() && itemBody.value(QLatin1String("kind")).toString().isEmpty()) {
                    itemBody.insert(QLatin1String("kind"), itemKind);
                }
                if (apiVersion.isString() && itemBody.value(QLatin1String("apiVersion")).toString().isEmpty()) {
                    itemBody.insert(QLatin1String("apiVersion"), apiVersion);
                }
                item = itemBody;
            }
            const SourceLocation itemLocation {location.file, i < itemLines.size() ? itemLines.at(i) : location.line};
            addValue(result, item, itemLocation, {}, QStringLiteral("item %1 of %2").arg(i + 1).arg(kind), depth + 1);
        }
        return;
    }
    if (groupOfApiVersion(body.value(QLatin1String("apiVersion")).toString()) == QLatin1String("kustomize.config.k8s.io")) {
        // kustomization.yaml and Components are build recipes kept beside manifests, not cluster objects.
        return;
    }
    body = withTextMetadata(std::move(body));
    const QJsonObject meta = body.value(QLatin1String("metadata")).toObject();
    if (meta.value(QLatin1String("name")).toString().isEmpty()
        && meta.value(QLatin1String("generateName")).toString().isEmpty()) {
        addIssue(result, LoadIssue::Type::NotAnObject, location, kind + QStringLiteral(" has no metadata.name"));
        return;
    }
    result->objects.append(KubeObject::fromJson(std::move(body), location));
}

int lineOfOffset(const QByteArray &data, qsizetype begin, qsizetype offset)
{
    const qsizetype end = std::clamp(begin + offset, begin, data.size());
    return 1 + static_cast<int>(std::count(data.constBegin() + begin, data.constBegin() + end, '\n'));
}

qsizetype firstNonSpace(const QByteArray &data, qsizetype from, qsizetype to)
{
    while (from < to
        && (data.at(from) == ' ' || data.at(from) == '\t' || data.at(from) == '\r' || data.at(from) == '\n')) {
        ++from;
    }
    return from;
}

// `kubectl get -o json` output that yaml-cpp rejects (it is stricter about some escapes and tabs).
bool parseJson(const QByteArray &data, qsizetype begin, qsizetype end, YamlDocument *document, QJsonParseError *error)
{
    const QJsonDocument json = QJsonDocument::fromJson(data.mid(begin, end - begin), error);
    if (error->error != QJsonParseError::NoError) {
        return false;
    }
    document->value = json.isArray() ? QJsonValue(json.array()) : QJsonValue(json.object());
    document->line = lineOfOffset(data, 0, begin) - 1;
    document->itemLines.clear();
    return true;
}

void loadDocument(
    LoadResult *result, const QByteArray &data, const YamlDocumentSpan &span, const QString &fileName, bool jsonFile)
{
    YamlDocument document;
    YamlError yamlError;
    if (!parseYamlDocument(QByteArrayView(data).sliced(span.begin, span.end - span.begin), &document, &yamlError)) {
        const qsizetype start = firstNonSpace(data, span.begin, span.end);
        const bool looksLikeJson = start < span.end && (data.at(start) == '{' || data.at(start) == '[');
        QJsonParseError jsonError;
        if (looksLikeJson && parseJson(data, start, span.end, &document, &jsonError)) {
            document.line -= span.firstLine - 1; // made relative like the YAML lines below
        } else if (jsonFile && looksLikeJson) {
            const int line = lineOfOffset(data, 0, start) + lineOfOffset(data, start, jsonError.offset) - 1;
            addIssue(result, LoadIssue::Type::ParseError, {fileName, line},
                QStringLiteral("invalid JSON: ") + jsonError.errorString());
            return;
        } else {
            const int line = span.firstLine + std::max(yamlError.line, 0);
            QString message = QStringLiteral("invalid YAML: ") + yamlError.message;
            if (yamlError.column >= 0) {
                message += QStringLiteral(" (column %1)").arg(yamlError.column + 1);
            }
            addIssue(result, LoadIssue::Type::ParseError, {fileName, line}, message);
            return;
        }
    }
    if (document.value.isNull() || document.value.isUndefined()) {
        return; // an empty document (`---` followed by comments, or `~`)
    }
    QList<int> itemLines;
    itemLines.reserve(document.itemLines.size());
    for (const int l : std::as_const(document.itemLines)) {
        itemLines.append(span.firstLine + l);
    }
    const SourceLocation location {fileName, span.firstLine + std::max(document.line, 0)};
    addValue(result, document.value, location, itemLines, QStringLiteral("document"), 0);
}

void loadInto(LoadResult *result, const QByteArray &data, const QString &fileName)
{
    const qsizetype start = firstNonSpace(data, 0, data.size());
    const bool jsonFile = fileName.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) && start < data.size()
        && (data.at(start) == '{' || data.at(start) == '[');
    if (jsonFile) {
        // JSON has no document markers: the whole file is one document.
        const int firstLine = lineOfOffset(data, 0, start);
        loadDocument(result, data, {start, data.size(), firstLine}, fileName, true);
        return;
    }
    const QList<YamlDocumentSpan> spans = splitYamlDocuments(data);
    for (const YamlDocumentSpan &span : spans) {
        loadDocument(result, data, span, fileName, false);
    }
}

// "manifests/" + "a/b.yaml" -> "manifests/a/b.yaml"; "." + "x.yaml" -> "x.yaml".
QString joinPath(const QString &base, const QString &relative)
{
    if (base == QLatin1String(".") || base == QLatin1String("./")) {
        return relative;
    }
    QString b = base;
    while (b.size() > 1 && b.endsWith(u'/')) {
        b.chop(1);
    }
    if (b.endsWith(u'/')) {
        return b + relative;
    }
    return b + u'/' + relative;
}

// Walks a folder in name order. Hidden files and folders (.git, .github) are left out; a folder
// reached twice through symbolic links is read once.
void walk(const QString &displayPath, QStringList *files, QList<LoadIssue> *issues, QSet<QString> *visited)
{
    const QDir dir(displayPath);
    const QString canonical = dir.canonicalPath();
    if (canonical.isEmpty() || visited->contains(canonical)) {
        return;
    }
    visited->insert(canonical);
    if (!QFileInfo(displayPath).isReadable()) {
        LoadIssue issue;
        issue.type = LoadIssue::Type::Unreadable;
        issue.location = {displayPath, 0};
        issue.message = QStringLiteral("cannot read %1: Permission denied").arg(displayPath);
        issues->append(issue);
        return;
    }
    QFileInfoList entries = dir.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot, QDir::Unsorted);
    std::sort(entries.begin(), entries.end(), [](const QFileInfo &a, const QFileInfo &b) {
        return QString::compare(a.fileName(), b.fileName(), Qt::CaseSensitive) < 0;
    });
    for (const QFileInfo &entry : std::as_const(entries)) {
        const QString path = joinPath(displayPath, entry.fileName());
        if (entry.isDir()) {
            walk(path, files, issues, visited);
        } else if (isManifestFile(entry.fileName())) {
            files->append(path);
        }
    }
}

void readFile(LoadResult *result, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        addIssue(result, LoadIssue::Type::Unreadable, {path, 0},
            QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        return;
    }
    const QByteArray data = file.readAll();
    result->files += 1;
    loadInto(result, data, path);
}

QByteArray readStandardInput(QIODevice *device)
{
    if (device) {
        if (!device->isOpen()) {
            device->open(QIODevice::ReadOnly);
        }
        return device->readAll();
    }
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly)) {
        return {};
    }
    return in.readAll();
}

} // namespace

LoadResult ManifestLoader::loadData(const QByteArray &data, const QString &fileName)
{
    LoadResult result;
    result.files = 1;
    loadInto(&result, data, fileName);
    return result;
}

QStringList ManifestLoader::expandPath(const QString &path)
{
    if (path == QLatin1String("-")) {
        return {path};
    }
    const QFileInfo info(path);
    if (!info.isDir()) {
        return info.exists() ? QStringList {path} : QStringList {};
    }
    QStringList files;
    QList<LoadIssue> issues;
    QSet<QString> visited;
    walk(path, &files, &issues, &visited);
    return files;
}

LoadResult ManifestLoader::loadPaths(const QStringList &paths, QIODevice *standardInput)
{
    LoadResult result;
    for (const QString &path : paths) {
        if (path == QLatin1String("-")) {
            const QByteArray data = readStandardInput(standardInput);
            result.files += 1;
            loadInto(&result, data, QStringLiteral("<stdin>"));
            continue;
        }
        const QFileInfo info(path);
        if (!info.exists()) {
            addIssue(&result, LoadIssue::Type::Unreadable, {path, 0},
                QStringLiteral("cannot read %1: No such file or directory").arg(path));
            continue;
        }
        if (!info.isDir()) {
            readFile(&result, path); // named explicitly: read whatever its extension
            continue;
        }
        QStringList files;
        QSet<QString> visited;
        walk(path, &files, &result.issues, &visited);
        for (const QString &file : std::as_const(files)) {
            readFile(&result, file);
        }
    }
    return result;
}

} // namespace routemap
