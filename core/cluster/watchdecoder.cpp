#include "watchdecoder.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <cstring>
#include <utility>

namespace routemap {

WatchDecoder::WatchDecoder(qsizetype maxLineBytes)
    : m_maxLineBytes(maxLineBytes)
{ }

void WatchDecoder::reset()
{
    m_buffer.clear();
    m_skipping = false;
}

QList<WatchEvent> WatchDecoder::feed(const char *data, qsizetype size)
{
    QList<WatchEvent> out;
    qsizetype pos = 0;
    while (pos < size) {
        const void *found = memchr(data + pos, '\n', static_cast<size_t>(size - pos));
        const qsizetype end = found ? static_cast<const char *>(found) - data : size;
        if (m_skipping) {
            if (found) {
                m_skipping = false;
            }
        } else {
            m_buffer.append(data + pos, end - pos);
            if (m_buffer.size() > m_maxLineBytes) {
                WatchEvent e;
                e.message = QStringLiteral("watch event longer than %1 bytes dropped").arg(m_maxLineBytes);
                out.append(e);
                m_buffer.clear();
                m_skipping = !found;
            } else if (found) {
                appendLine(&out, std::exchange(m_buffer, QByteArray()));
            }
        }
        pos = end + 1;
    }
    return out;
}

QList<WatchEvent> WatchDecoder::finish()
{
    QList<WatchEvent> out;
    if (!m_skipping && !m_buffer.trimmed().isEmpty()) {
        appendLine(&out, std::exchange(m_buffer, QByteArray()));
    }
    reset();
    return out;
}

void WatchDecoder::appendLine(QList<WatchEvent> *out, QByteArray line)
{
    if (line.endsWith('\r')) {
        line.chop(1);
    }
    if (line.trimmed().isEmpty()) {
        return; // keep-alive blank lines
    }
    out->append(decodeLine(line));
}

WatchEvent WatchDecoder::decodeLine(const QByteArray &line)
{
    WatchEvent e;
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject()) {
        e.message = err.error != QJsonParseError::NoError
            ? QStringLiteral("watch event is not valid JSON (%1 at byte %2)").arg(err.errorString()).arg(err.offset)
            : QStringLiteral("watch event is not a JSON object");
        return e;
    }
    const QJsonObject root = doc.object();
    const QString type = root.value(QLatin1String("type")).toString();
    const QJsonValue object = root.value(QLatin1String("object"));
    if (!object.isObject()) {
        e.message = QStringLiteral("watch event without an object (type \"%1\")").arg(type);
        return e;
    }
    e.object = object.toObject();
    e.resourceVersion
        = e.object.value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString();
    if (type == QLatin1String("ADDED")) {
        e.type = WatchEvent::Type::Added;
    } else if (type == QLatin1String("MODIFIED")) {
        e.type = WatchEvent::Type::Modified;
    } else if (type == QLatin1String("DELETED")) {
        e.type = WatchEvent::Type::Deleted;
    } else if (type == QLatin1String("BOOKMARK")) {
        e.type = WatchEvent::Type::Bookmark;
    } else if (type == QLatin1String("ERROR")) {
        e.type = WatchEvent::Type::Error;
        e.code = e.object.value(QLatin1String("code")).toInt();
        e.message = e.object.value(QLatin1String("message")).toString();
        e.resourceVersion.clear();
    } else {
        e.message = QStringLiteral("watch event of unknown type \"%1\"").arg(type);
        e.object = {};
        e.resourceVersion.clear();
        return e;
    }
    if (e.type != WatchEvent::Type::Error && e.type != WatchEvent::Type::Bookmark
        && e.object.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString().isEmpty()) {
        e.type = WatchEvent::Type::Malformed;
        e.message = QStringLiteral("watch event %1 names no object").arg(type);
    }
    return e;
}

} // namespace routemap
