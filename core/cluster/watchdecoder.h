#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace routemap {

// One event of a watch stream ({"type":T,"object":{...}}).
struct WatchEvent {
    enum class Type { Added, Modified, Deleted, Bookmark, Error, Malformed };
    Type type = Type::Malformed;
    QJsonObject object;
    QString resourceVersion; // object.metadata.resourceVersion (the resume point after this event)
    int code = 0; // Error: the Status code (410 = expired: relist)
    QString message; // Error: the Status message; Malformed: what was wrong with the line
};

// Splits a watch response body into events. The server writes one JSON object per line, but a chunk of
// the body may hold several events or any part of one, so bytes are buffered until a newline. Pure and
// tolerant: a malformed line becomes a Malformed event and decoding goes on with the next line; a line
// longer than the bound is dropped (one Malformed event) without buffering the rest of it.
class WatchDecoder
{
public:
    explicit WatchDecoder(qsizetype maxLineBytes = 64 * 1024 * 1024);

    // Appends bytes and returns the events completed by them, in order.
    QList<WatchEvent> feed(const char *data, qsizetype size);
    QList<WatchEvent> feed(const QByteArray &bytes) { return feed(bytes.constData(), bytes.size()); }
    // The stream ended: a partial last line without its newline is decoded if it is a whole object
    // (servers always end events with a newline; a cut-off line is reported as Malformed).
    QList<WatchEvent> finish();
    // Bytes waiting for their newline.
    qsizetype pendingBytes() const { return m_buffer.size(); }
    void reset();

    static WatchEvent decodeLine(const QByteArray &line);

private:
    void appendLine(QList<WatchEvent> *out, QByteArray line);

    QByteArray m_buffer;
    qsizetype m_maxLineBytes;
    bool m_skipping = false; // inside a line that was too long: drop bytes until its newline
};

} // namespace routemap
