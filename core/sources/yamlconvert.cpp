#include "yamlconvert.h"

#include <QJsonArray>
#include <QJsonObject>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>
#include <yaml-cpp/yaml.h>

namespace routemap {

namespace {

// A self-referencing alias makes a cycle, and a chain of aliases can expand a small text into
// billions of values: both are bounded so that bad input fails instead of hanging or crashing.
constexpr int kMaxDepth = 500;
constexpr qint64 kMaxExactInteger = qint64(1) << 53;

const std::string kTagStr = "tag:yaml.org,2002:str";
const std::string kTagInt = "tag:yaml.org,2002:int";
const std::string kTagFloat = "tag:yaml.org,2002:float";
const std::string kTagBool = "tag:yaml.org,2002:bool";
const std::string kTagNull = "tag:yaml.org,2002:null";

struct ConversionFailure {
    YAML::Mark mark;
    QString message;
};

QString fromUtf8(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

bool isDigits(std::string_view s, int base)
{
    if (s.empty()) {
        return false;
    }
    for (const char c : s) {
        const bool ok = base == 16 ? std::isxdigit(static_cast<unsigned char>(c)) != 0
                                   : (c >= '0' && c < static_cast<char>('0' + base));
        if (!ok) {
            return false;
        }
    }
    return true;
}

// Integers per the core schema: decimal, 0o octal, 0x hex. A decimal with a leading zero ("0755",
// "007") means octal in YAML 1.1 and decimal in 1.2; keeping the text avoids guessing wrong.
bool parseInteger(std::string_view s, QJsonValue *out)
{
    int base = 10;
    bool negative = false;
    std::string_view digits = s;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
        base = s[1] == 'x' ? 16 : 8;
        digits = s.substr(2);
    } else {
        if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
            negative = digits[0] == '-';
            digits = digits.substr(1);
        }
        if (digits.size() > 1 && digits[0] == '0') {
            return false;
        }
    }
    if (!isDigits(digits, base)) {
        return false;
    }
    qint64 value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
    if (ec != std::errc() || end != digits.data() + digits.size() || value > kMaxExactInteger) {
        return false; // too big for a JSON number without losing digits: keep the text
    }
    *out = QJsonValue(negative ? -value : value);
    return true;
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?  (.inf and .nan have no JSON form: kept as text)
bool parseFloat(std::string_view s, QJsonValue *out)
{
    std::string_view body = s;
    if (!body.empty() && (body[0] == '-' || body[0] == '+')) {
        body = body.substr(1);
    }
    size_t i = 0;
    size_t intDigits = 0;
    size_t fracDigits = 0;
    while (i < body.size() && body[i] >= '0' && body[i] <= '9') {
        ++i;
        ++intDigits;
    }
    if (i < body.size() && body[i] == '.') {
        ++i;
        while (i < body.size() && body[i] >= '0' && body[i] <= '9') {
            ++i;
            ++fracDigits;
        }
    }
    if (intDigits + fracDigits == 0) {
        return false;
    }
    const bool hasFraction = i > intDigits; // a '.' was read
    bool hasExponent = false;
    if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
        hasExponent = true;
        ++i;
        if (i < body.size() && (body[i] == '-' || body[i] == '+')) {
            ++i;
        }
        size_t expDigits = 0;
        while (i < body.size() && body[i] >= '0' && body[i] <= '9') {
            ++i;
            ++expDigits;
        }
        if (expDigits == 0) {
            return false;
        }
    }
    // Digits alone are an integer; one parseInteger() refused (too big, leading zero) stays text.
    if (i != body.size() || !(hasFraction || hasExponent)) {
        return false;
    }
    double value = 0;
    // from_chars ignores the locale (strtod would read "1.5" as 1 under a comma-decimal locale).
    const auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
    if (ec != std::errc() || end != body.data() + body.size() || !std::isfinite(value)) {
        return false;
    }
    *out = QJsonValue(s[0] == '-' ? -value : value);
    return true;
}

bool parseBool(std::string_view s, QJsonValue *out)
{
    // Only the YAML 1.2 spellings: yes/no/on/off stay text (a country code "no" is not false).
    if (s == "true" || s == "True" || s == "TRUE") {
        *out = QJsonValue(true);
        return true;
    }
    if (s == "false" || s == "False" || s == "FALSE") {
        *out = QJsonValue(false);
        return true;
    }
    return false;
}

bool isNullText(std::string_view s)
{
    return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

QJsonValue convertScalar(const YAML::Node &node)
{
    const std::string &text = node.Scalar();
    const std::string &tag = node.Tag();
    QJsonValue typed;
    if (tag == "?") { // plain scalar without a tag: resolve its type from its text
        if (isNullText(text)) {
            return QJsonValue(QJsonValue::Null);
        }
        if (parseBool(text, &typed) || parseInteger(text, &typed) || parseFloat(text, &typed)) {
            return typed;
        }
    } else if (tag == kTagInt) {
        if (parseInteger(text, &typed)) {
            return typed;
        }
    } else if (tag == kTagFloat) {
        if (parseInteger(text, &typed) || parseFloat(text, &typed)) {
            return typed;
        }
    } else if (tag == kTagBool) {
        if (parseBool(text, &typed)) {
            return typed;
        }
    } else if (tag == kTagNull) {
        return QJsonValue(QJsonValue::Null);
    }
    return fromUtf8(text); // quoted, block, !!str and unknown tags
}

class Converter
{
public:
    explicit Converter(qint64 budget)
        : m_budget(budget)
    { }

    QJsonValue convert(const YAML::Node &node, int depth)
    {
        if (depth > kMaxDepth) {
            throw ConversionFailure {node.Mark(), QStringLiteral("nesting is too deep (a self-referencing alias?)")};
        }
        if (--m_budget < 0) {
            throw ConversionFailure {node.Mark(), QStringLiteral("aliases expand to too many values")};
        }
        switch (node.Type()) {
        case YAML::NodeType::Scalar:
            return convertScalar(node);
        case YAML::NodeType::Sequence: {
            QJsonArray array;
            for (const YAML::Node &element : node) {
                array.append(convert(element, depth + 1));
            }
            return array;
        }
        case YAML::NodeType::Map:
            return convertMap(node, depth);
        case YAML::NodeType::Null:
            return node.Tag() == kTagStr ? QJsonValue(QString()) : QJsonValue(QJsonValue::Null);
        case YAML::NodeType::Undefined:
            break;
        }
        return QJsonValue(QJsonValue::Null);
    }

private:
    QJsonObject convertMap(const YAML::Node &node, int depth)
    {
        QJsonObject object;
        QList<YAML::Node> merges;
        for (const auto &entry : node) {
            const YAML::Node &key = entry.first;
            if (key.IsScalar() && key.Tag() == "?" && key.Scalar() == "<<") {
                merges.append(entry.second);
                continue;
            }
            const qsizetype before = object.size();
            object.insert(keyText(key), convert(entry.second, depth + 1));
            if (object.size() == before) {
                // kubectl rejects this too; silently keeping one value would hide half of a manifest
                // (two files concatenated without `---` are one map with every key twice).
                throw ConversionFailure {key.Mark(),
                    QStringLiteral("key \"%1\" appears twice in the same map")
                        .arg(QString::fromStdString(key.Scalar()))};
            }
        }
        // `<<: *anchor` merge keys: keys written in the map win, then earlier merged maps win.
        for (const YAML::Node &merge : std::as_const(merges)) {
            if (merge.IsMap()) {
                mergeInto(&object, convertMap(merge, depth + 1));
            } else if (merge.IsSequence()) {
                for (const YAML::Node &element : merge) {
                    if (element.IsMap()) {
                        mergeInto(&object, convertMap(element, depth + 2));
                    }
                }
            }
        }
        return object;
    }

    static void mergeInto(QJsonObject *object, const QJsonObject &merged)
    {
        for (auto it = merged.begin(); it != merged.end(); ++it) {
            if (!object->contains(it.key())) {
                object->insert(it.key(), it.value());
            }
        }
    }

    static QString keyText(const YAML::Node &key)
    {
        if (key.IsScalar()) {
            return fromUtf8(key.Scalar()); // 8080: or true: become the text "8080", "true"
        }
        if (key.IsNull()) {
            return QStringLiteral("null");
        }
        // `{{ .Values.x }}` left in a manifest parses as a map used as a key; JSON has no such thing.
        throw ConversionFailure {key.Mark(),
            QStringLiteral("a map or list is used as a mapping key (an unfilled "
                           "template placeholder such as {{ value }}?)")};
    }

    qint64 m_budget;
};

} // namespace

bool parseYamlDocument(QByteArrayView text, YamlDocument *document, YamlError *error)
{
    *document = {};
    *error = {};
    try {
        const YAML::Node root = YAML::Load(std::string(text.data(), static_cast<size_t>(text.size())));
        // Generous for real manifests (a value per few bytes), small enough to stop an alias bomb.
        Converter converter(text.size() * 4 + 100000);
        document->value = converter.convert(root, 0);
        document->line = root.Mark().line;
        if (root.IsMap()) {
            const YAML::Node items = root["items"];
            if (items.IsDefined() && items.IsSequence()) {
                for (const YAML::Node &item : items) {
                    document->itemLines.append(item.Mark().line >= 0 ? item.Mark().line : document->line);
                }
            }
        }
        return true;
    } catch (const ConversionFailure &failure) {
        error->line = failure.mark.line;
        error->column = failure.mark.column;
        error->message = failure.message;
    } catch (const YAML::Exception &e) {
        error->line = e.mark.line;
        error->column = e.mark.column;
        error->message = QString::fromStdString(e.msg);
    } catch (const std::exception &e) {
        error->message = QString::fromLocal8Bit(e.what());
    }
    *document = {};
    return false;
}

} // namespace routemap
