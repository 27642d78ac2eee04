#include "yamlconvert.h"

#include <string_view>

namespace routemap {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

// `---` or `...` at column 0, alone or followed by whitespace (`--- # Source: x`, `--- {a: 1}`).
bool isMarker(std::string_view line, char c)
{
    if (line.size() < 3 || line[0] != c || line[1] != c || line[2] != c) {
        return false;
    }
    return line.size() == 3 || isSpace(line[3]);
}

bool isBlankOrComment(std::string_view line)
{
    for (const char c : line) {
        if (c == '#') {
            return true;
        }
        if (!isSpace(c)) {
            return false;
        }
    }
    return true;
}

} // namespace

QList<YamlDocumentSpan> splitYamlDocuments(QByteArrayView text)
{
    const std::string_view all(text.data(), static_cast<size_t>(text.size()));
    QList<YamlDocumentSpan> spans;
    YamlDocumentSpan current;
    bool open = false;
    bool hasContent = false;
    bool prologue = true; // directives (%YAML, %TAG) may appear only before a document
    const auto close = [&](size_t end) {
        if (open && hasContent) {
            current.end = static_cast<qsizetype>(end);
            spans.append(current);
        }
        open = false;
        hasContent = false;
    };

    size_t pos = all.starts_with("\xEF\xBB\xBF") ? 3 : 0; // UTF-8 byte order mark
    int lineNumber = 1;
    while (pos < all.size()) {
        size_t eol = all.find('\n', pos);
        if (eol == std::string_view::npos) {
            eol = all.size();
        }
        const std::string_view line = all.substr(pos, eol - pos);
        if (isMarker(line, '-')) {
            close(pos);
            // The marker line stays in the document: yaml-cpp reads it as the document start, and
            // content after it (`--- !tag`, `--- |`) is kept.
            open = true;
            current = {static_cast<qsizetype>(pos), 0, lineNumber};
            hasContent = !isBlankOrComment(line.substr(3));
            prologue = false;
        } else if (isMarker(line, '.')) {
            close(pos);
            prologue = true;
        } else if (!open) {
            if (!isBlankOrComment(line) && !(prologue && line.starts_with('%'))) {
                open = true;
                hasContent = true;
                current = {static_cast<qsizetype>(pos), 0, lineNumber};
                prologue = false;
            }
        } else if (!hasContent) {
            hasContent = !isBlankOrComment(line);
        }
        pos = eol + 1;
        ++lineNumber;
    }
    close(all.size());
    return spans;
}

} // namespace routemap
