#include "yamlwriter.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <algorithm>
#include <cmath>
#include <limits>
#include <yaml-cpp/yaml.h>

namespace routemap {

namespace {

// True when a plain (unquoted) scalar with this text would be read back as something other than a
// string by a YAML 1.1 or 1.2 reader: null, booleans (yes/no/on/off included, as older readers do),
// numbers in any notation, timestamps. Quoting those keeps ports like "8080" and flags like "true"
// strings.
bool looksLikeNonString(const QString &text)
{
    if (text.isEmpty()) {
        return true;
    }
    static const QRegularExpression special(QStringLiteral(
        "^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N"
        "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$"));
    static const QRegularExpression number(
        QStringLiteral("^[-+]?(?:[0-9][0-9_]*(?:\\.[0-9_]*)?|\\.[0-9_]+)(?:[eE][-+]?[0-9]+)?$"
                       "|^[-+]?0[xX][0-9a-fA-F_]+$|^[-+]?0[oO]?[0-7_]+$|^[-+]?0[bB][01_]+$"
                       "|^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$"));
    static const QRegularExpression timestamp(QStringLiteral("^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?$"));
    return special.match(text).hasMatch() || number.match(text).hasMatch() || timestamp.match(text).hasMatch();
}

// A literal block (|) reads back exactly only when the text ends in one newline and no line has
// trailing blanks or tabs (the emitter keeps them, but editors and readers do not agree on them).
bool fitsLiteralBlock(const QString &text)
{
    if (!text.endsWith(u'\n') || text.endsWith(QStringLiteral("\n\n")) || text.startsWith(u' ')) {
        return false;
    }
    const QStringList lines = text.chopped(1).split(u'\n');
    return std::none_of(lines.cbegin(), lines.cend(),
        [](const QString &line) { return line.endsWith(u' ') || line.contains(u'\t') || line.contains(u'\r'); });
}

void emitString(YAML::Emitter &out, const QString &text)
{
    const std::string utf8 = text.toStdString();
    if (looksLikeNonString(text)) {
        out << YAML::DoubleQuoted << utf8;
    } else if (text.contains(u'\n') && fitsLiteralBlock(text)) {
        // The emitter ends the block with a line break of its own, which reads back as the final "\n".
        out << YAML::Literal << text.chopped(1).toStdString();
    } else if (text.contains(u'\n') || text.contains(u'\r') || text.contains(u'\t')) {
        out << YAML::DoubleQuoted << utf8;
    } else {
        // The emitter quotes on its own when the text cannot be a plain scalar (": ", "#", "- " ...).
        out << utf8;
    }
}

void emitNumber(YAML::Emitter &out, double value)
{
    if (!std::isfinite(value)) {
        out << (std::isnan(value) ? ".nan" : (value > 0 ? ".inf" : "-.inf"));
        return;
    }
    // JSON numbers arrive as doubles; whole numbers print as integers so ports stay "80", not "80.0".
    constexpr double limit = 9007199254740992.0; // 2^53: beyond that a double is no exact integer
    if (value == std::trunc(value) && std::fabs(value) <= limit) {
        out << static_cast<long long>(value);
        return;
    }
    out << YAML::Precision(17) << value;
}

void emitValue(YAML::Emitter &out, const QJsonValue &value, const QStringList &path);

// The key order of a map at `path` (empty path = the object itself).
QStringList orderedKeys(const QJsonObject &object, const QStringList &path)
{
    QStringList keys = object.keys(); // sorted
    QStringList front;
    QStringList back;
    if (path.isEmpty()) {
        front = {
            QStringLiteral("apiVersion"), QStringLiteral("kind"), QStringLiteral("metadata"), QStringLiteral("spec")};
        back = {QStringLiteral("status")};
    } else if (path == QStringList {QStringLiteral("metadata")}) {
        front = {QStringLiteral("name"), QStringLiteral("namespace"), QStringLiteral("labels"),
            QStringLiteral("annotations")};
    } else {
        return keys;
    }
    QStringList ordered;
    for (const QString &key : std::as_const(front)) {
        if (keys.removeOne(key)) {
            ordered << key;
        }
    }
    QStringList tail;
    for (const QString &key : std::as_const(back)) {
        if (keys.removeOne(key)) {
            tail << key;
        }
    }
    return ordered + keys + tail;
}

void emitObject(YAML::Emitter &out, const QJsonObject &object, const QStringList &path)
{
    if (object.isEmpty()) {
        out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
        return;
    }
    out << YAML::BeginMap;
    const QStringList keys = orderedKeys(object, path);
    for (const QString &key : keys) {
        out << YAML::Key;
        emitString(out, key);
        out << YAML::Value;
        emitValue(out, object.value(key), path + QStringList {key});
    }
    out << YAML::EndMap;
}

void emitValue(YAML::Emitter &out, const QJsonValue &value, const QStringList &path)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out << YAML::Null;
        break;
    case QJsonValue::Bool:
        out << value.toBool();
        break;
    case QJsonValue::Double:
        emitNumber(out, value.toDouble());
        break;
    case QJsonValue::String:
        emitString(out, value.toString());
        break;
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        if (array.isEmpty()) {
            out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
            break;
        }
        out << YAML::BeginSeq;
        for (const QJsonValue &item : array) {
            // A marker keeps item paths apart from the key paths orderedKeys() looks for.
            emitValue(out, item, path + QStringList {QStringLiteral("[]")});
        }
        out << YAML::EndSeq;
        break;
    }
    case QJsonValue::Object:
        emitObject(out, value.toObject(), path);
        break;
    }
}

} // namespace

QString toYaml(const QJsonObject &object)
{
    YAML::Emitter out;
    out.SetIndent(2);
    out.SetMapFormat(YAML::Block);
    out.SetSeqFormat(YAML::Block);
    out.SetBoolFormat(YAML::TrueFalseBool);
    out.SetBoolFormat(YAML::LowerCase);
    out.SetNullFormat(YAML::LowerNull);
    emitObject(out, object, {});
    if (!out.good()) {
        return {};
    }
    QString text = QString::fromUtf8(out.c_str(), static_cast<qsizetype>(out.size()));
    if (!text.endsWith(u'\n')) {
        text += u'\n';
    }
    return text;
}

} // namespace routemap
