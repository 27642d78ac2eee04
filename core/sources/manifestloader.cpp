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
#include <QThread>
#include <QThreadPool>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <vector>

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

void addValue(LoadResult *result, const QJsonValue &value, const SourceLocation &location, const QList<int> &itemLines,
    const QString &what, int depth);

// Item `index` of a List of kind `listKind` at `depth`.
void addListItem(LoadResult *result, QJsonValue item, const QString &listKind, const QJsonValue &apiVersion,
    const SourceLocation &location, qsizetype index, int depth)
{
    // PodList items may leave out kind and apiVersion (the API server does): take them from the list.
    if (item.isObject()) {
        const QString itemKind = listKind == QLatin1String("List") ? QString() : listKind.chopped(4);
        QJsonObject itemBody = item.toObject();
        bool changed = false;
        if (!itemKind.isEmpty() && itemBody.value(QLatin1String("kind")).toString().isEmpty()) {
            itemBody.insert(QLatin1String("kind"), itemKind);
            changed = true;
        }
        if (apiVersion.isString() && itemBody.value(QLatin1String("apiVersion")).toString().isEmpty()) {
            itemBody.insert(QLatin1String("apiVersion"), apiVersion);
            changed = true;
        }
        if (changed) {
            item = itemBody;
        }
    }
    addValue(result, item, location, {}, QStringLiteral("item %1 of %2").arg(index + 1).arg(listKind), depth + 1);
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
        const QJsonValue apiVersion = body.value(QLatin1String("apiVersion"));
        const QJsonArray array = items.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const SourceLocation itemLocation {location.file, i < itemLines.size() ? itemLines.at(i) : location.line};
            addListItem(result, array.at(i), kind, apiVersion, itemLocation, i, depth);
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

// Where the top-level JSON value starting at `begin` and each element of its "items" array start, as
// 1-based lines: one pass over the text, so a List's items point at their own lines, not at line 1.
// Strings are skipped with their escapes; only an "items" key of the outermost object counts.
struct JsonLines {
    int document = 1;
    QList<int> items;
    QList<std::pair<qsizetype, qsizetype>> itemSpans; // [begin, end) of each item in the text
    qsizetype itemsOpen = -1; // the [ and ] of the items array
    qsizetype itemsClose = -1;
};

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

JsonLines scanJsonLines(const QByteArray &data, qsizetype begin, int firstLine)
{
    JsonLines out;
    out.document = firstLine;
    int line = firstLine;
    int depth = 0;
    int itemsDepth = -1; // depth inside the items array once found; -2 after it closed
    bool expectItem = false;
    const qsizetype size = data.size();
    const char *text = data.constData();
    const auto skipSpace = [&](qsizetype j) {
        while (j < size && isJsonSpace(text[j])) {
            line += text[j] == '\n' ? 1 : 0;
            ++j;
        }
        return j;
    };
    for (qsizetype i = begin; i < size; ++i) {
        const char c = text[i];
        if (isJsonSpace(c)) {
            line += c == '\n' ? 1 : 0;
            continue;
        }
        if (expectItem && c != ']') {
            out.items.append(line);
            out.itemSpans.append({i, -1});
        }
        expectItem = false;
        if (c == '"') {
            const qsizetype start = i + 1;
            for (++i; i < size && text[i] != '"'; ++i) {
                if (text[i] == '\\') {
                    ++i;
                }
            }
            if (depth == 1 && itemsDepth == -1 && i - start == 5 && std::memcmp(text + start, "items", 5) == 0) {
                const qsizetype colon = skipSpace(i + 1);
                if (colon < size && text[colon] == ':') {
                    const qsizetype value = skipSpace(colon + 1);
                    if (value < size && text[value] == '[') {
                        out.itemsOpen = value;
                        itemsDepth = ++depth;
                        expectItem = true;
                        i = value;
                    } else {
                        i = value - 1;
                    }
                } else {
                    i = colon - 1;
                }
            }
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (depth == itemsDepth) {
                itemsDepth = -2;
                out.itemsClose = i;
                if (!out.itemSpans.isEmpty() && out.itemSpans.last().second < 0) {
                    out.itemSpans.last().second = i;
                }
            }
            if (--depth == 0) {
                break;
            }
        } else if (c == ',' && depth == itemsDepth) {
            expectItem = true;
            if (!out.itemSpans.isEmpty() && out.itemSpans.last().second < 0) {
                out.itemSpans.last().second = i;
            }
        }
    }
    return out;
}

// JSON goes through Qt's parser first: it is several times faster than yaml-cpp on `kubectl get -o json`
// output and needs a fraction of the memory. The lines come from a scan of the text.
bool parseJson(const QByteArray &data, qsizetype begin, qsizetype end, YamlDocument *document, QJsonParseError *error)
{
    const QJsonDocument json
        = QJsonDocument::fromJson(begin == 0 && end == data.size() ? data : data.mid(begin, end - begin), error);
    if (error->error != QJsonParseError::NoError) {
        return false;
    }
    document->value = json.isArray() ? QJsonValue(json.array()) : QJsonValue(json.object());
    return true;
}

void loadYamlDocument(LoadResult *result, const QByteArray &data, const YamlDocumentSpan &span, const QString &fileName)
{
    YamlDocument document;
    YamlError yamlError;
    if (!parseYamlDocument(QByteArrayView(data).sliced(span.begin, span.end - span.begin), &document, &yamlError)) {
        const qsizetype start = firstNonSpace(data, span.begin, span.end);
        const bool looksLikeJson = start < span.end && (data.at(start) == '{' || data.at(start) == '[');
        QJsonParseError jsonError;
        if (looksLikeJson && parseJson(data, start, span.end, &document, &jsonError)) {
            // `kubectl get -o json` output in a YAML stream that yaml-cpp rejects (escapes, tabs).
            const JsonLines lines = scanJsonLines(data, start, lineOfOffset(data, 0, start));
            addValue(result, document.value, {fileName, lines.document}, lines.items, QStringLiteral("document"), 0);
            return;
        }
        const int line = span.firstLine + std::max(yamlError.line, 0);
        QString message = QStringLiteral("invalid YAML: ") + yamlError.message;
        if (yamlError.column >= 0) {
            message += QStringLiteral(" (column %1)").arg(yamlError.column + 1);
        }
        addIssue(result, LoadIssue::Type::ParseError, {fileName, line}, message);
        return;
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

// Below these sizes texts are parsed on the calling thread: a pool would cost more than it saves.
constexpr qsizetype kParallelDocuments = 64;
constexpr qsizetype kParallelBytes = 256 * 1024;

// Runs work(batch, first, end) over [0, count) in batches on every core, one LoadResult per batch, then
// appends the batches in order: the result is the same as a sequential run.
template<typename Work>
void inBatches(LoadResult *result, qsizetype count, int threads, Work work)
{
    const qsizetype batches = std::min<qsizetype>(count, qsizetype(threads) * 8);
    const qsizetype perBatch = (count + batches - 1) / batches;
    std::vector<LoadResult> parts(static_cast<size_t>(batches));
    QThreadPool pool;
    pool.setMaxThreadCount(threads);
    for (qsizetype b = 0; b < batches; ++b) {
        pool.start([&parts, &work, b, perBatch, count] {
            work(&parts[static_cast<size_t>(b)], b * perBatch, std::min(count, (b + 1) * perBatch));
        });
    }
    pool.waitForDone();
    for (LoadResult &part : parts) {
        result->objects.append(std::move(part.objects));
        result->issues.append(std::move(part.issues));
    }
}

// A large `kubectl get -o json` List: its items are parsed on every core, each on its own (Qt's parser
// is single-threaded and grows one buffer for the whole text). Returns false, having added nothing,
// unless the text is a List whose wrapper and every item are valid JSON objects; the caller then parses
// the whole text, which also finds the error to report.
bool loadLargeJsonList(LoadResult *result, const QByteArray &data, qsizetype start, const QString &fileName)
{
    const int threads = QThread::idealThreadCount();
    if (data.size() - start < kParallelBytes || threads < 2) {
        return false;
    }
    const JsonLines lines = scanJsonLines(data, start, lineOfOffset(data, 0, start));
    if (lines.itemSpans.size() < kParallelDocuments || lines.itemsClose < 0
        || lines.itemSpans.last().second != lines.itemsClose) {
        return false;
    }
    // The wrapper without its items: kind, apiVersion, metadata.
    QJsonParseError error;
    const QByteArray wrapperText = data.mid(start, lines.itemsOpen + 1 - start) + data.mid(lines.itemsClose);
    const QJsonDocument wrapper = QJsonDocument::fromJson(wrapperText, &error);
    const QString kind = wrapper.object().value(QLatin1String("kind")).toString();
    if (error.error != QJsonParseError::NoError || !wrapper.isObject() || !kind.endsWith(QLatin1String("List"))
        || !wrapper.object().value(QLatin1String("items")).isArray()) {
        return false;
    }
    const QJsonValue apiVersion = wrapper.object().value(QLatin1String("apiVersion"));
    const qsizetype count = lines.itemSpans.size();
    std::vector<QJsonObject> items(static_cast<size_t>(count));
    std::atomic<bool> valid = true;
    inBatches(result, count, threads, [&](LoadResult *, qsizetype first, qsizetype end) {
        for (qsizetype i = first; i < end && valid; ++i) {
            const auto [b, e] = lines.itemSpans.at(i);
            QJsonParseError itemError;
            // No copy: the parser reads the item where it is in the text.
            const QJsonDocument item
                = QJsonDocument::fromJson(QByteArray::fromRawData(data.constData() + b, e - b), &itemError);
            if (itemError.error != QJsonParseError::NoError || !item.isObject()) {
                valid = false;
                return;
            }
            items[static_cast<size_t>(i)] = item.object();
        }
    });
    if (!valid) {
        return false;
    }
    inBatches(result, count, threads, [&](LoadResult *part, qsizetype first, qsizetype end) {
        for (qsizetype i = first; i < end; ++i) {
            QJsonObject &item = items[static_cast<size_t>(i)];
            const SourceLocation location {fileName, lines.items.at(i)};
            addListItem(part, std::exchange(item, QJsonObject()), kind, apiVersion, location, i, 0);
        }
    });
    return true;
}

// A whole JSON text: a .json file, or JSON on standard input. With `fallBack`, returns false for text
// that is not JSON so that the caller reads it as a YAML stream; else reads it as one YAML document
// (yaml-cpp takes some texts Qt refuses) and reports the JSON error when that fails too.
bool loadJson(LoadResult *result, const QByteArray &data, qsizetype start, const QString &fileName, bool fallBack)
{
    YamlDocument document;
    QJsonParseError jsonError;
    const int firstLine = lineOfOffset(data, 0, start);
    if (loadLargeJsonList(result, data, start, fileName)) {
        return true;
    }
    if (parseJson(data, start, data.size(), &document, &jsonError)) {
        const JsonLines lines = scanJsonLines(data, start, firstLine);
        addValue(result, document.value, {fileName, lines.document}, lines.items, QStringLiteral("document"), 0);
        return true;
    }
    if (fallBack) {
        return false;
    }
    YamlError yamlError;
    if (parseYamlDocument(QByteArrayView(data).sliced(start), &document, &yamlError)) {
        if (document.value.isNull() || document.value.isUndefined()) {
            return true;
        }
        QList<int> itemLines;
        for (const int l : std::as_const(document.itemLines)) {
            itemLines.append(firstLine + l);
        }
        const SourceLocation location {fileName, firstLine + std::max(document.line, 0)};
        addValue(result, document.value, location, itemLines, QStringLiteral("document"), 0);
        return true;
    }
    const int line = firstLine + lineOfOffset(data, start, jsonError.offset) - 1;
    addIssue(result, LoadIssue::Type::ParseError, {fileName, line},
        QStringLiteral("invalid JSON: ") + jsonError.errorString());
    return true;
}

void loadYaml(LoadResult *result, const QByteArray &data, const QString &fileName)
{
    const QList<YamlDocumentSpan> spans = splitYamlDocuments(data);
    const int threads = QThread::idealThreadCount();
    if (spans.size() < kParallelDocuments || data.size() < kParallelBytes || threads < 2) {
        for (const YamlDocumentSpan &span : spans) {
            loadYamlDocument(result, data, span, fileName);
        }
        return;
    }
    // Documents are independent: batches of them are parsed on every core, then appended in order, so
    // objects, issues and file:line come out exactly as a sequential read gives them.
    inBatches(result, spans.size(), threads, [&](LoadResult *part, qsizetype first, qsizetype end) {
        for (qsizetype i = first; i < end; ++i) {
            loadYamlDocument(part, data, spans.at(i), fileName);
        }
    });
}

void loadInto(LoadResult *result, const QByteArray &data, const QString &fileName)
{
    const qsizetype start = firstNonSpace(data, 0, data.size());
    const bool looksLikeJson = start < data.size() && (data.at(start) == '{' || data.at(start) == '[');
    if (looksLikeJson && fileName.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) {
        // JSON has no document markers: the whole file is one document.
        loadJson(result, data, start, fileName, false);
        return;
    }
    // Standard input has no name to go by: JSON when it reads as JSON, else a YAML stream.
    if (looksLikeJson && fileName == QLatin1String("<stdin>") && loadJson(result, data, start, fileName, true)) {
        return;
    }
    loadYaml(result, data, fileName);
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
    result->files += 1;
    // Mapped, not read: a large file is not copied into memory (parsers copy what they keep).
    const qint64 size = file.size();
    if (uchar *mapped = size > 0 ? file.map(0, size) : nullptr) {
        loadInto(result, QByteArray::fromRawData(reinterpret_cast<const char *>(mapped), size), path);
        file.unmap(mapped);
        return;
    }
    loadInto(result, file.readAll(), path);
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
