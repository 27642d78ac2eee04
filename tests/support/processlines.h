#pragma once

// The complete lines a running process has written to standard output so far, each with the time it was read:
// how tests follow `routemap check --watch`.

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>

namespace routemap::testing {

class ProcessLines
{
public:
    explicit ProcessLines(QProcess *process)
        : m_process(process)
    {
        m_clock.start();
    }

    // Reads what has arrived and returns the number of complete lines.
    int count()
    {
        m_buffer += m_process->readAllStandardOutput();
        qsizetype nl;
        while ((nl = m_buffer.indexOf('\n')) >= 0) {
            m_lines.append(QString::fromUtf8(m_buffer.left(nl)));
            m_arrived.append(m_clock.elapsed());
            m_buffer.remove(0, nl + 1);
        }
        return static_cast<int>(m_lines.size());
    }
    QString at(int i) const { return m_lines.at(i); }
    QJsonObject json(int i) const { return QJsonDocument::fromJson(m_lines.at(i).toUtf8()).object(); }
    QStringList all() const { return m_lines; }
    // Milliseconds since this object was made: when line i was read, and now.
    qint64 arrivedAt(int i) const { return m_arrived.at(i); }
    qint64 now() const { return m_clock.elapsed(); }

private:
    QProcess *m_process;
    QByteArray m_buffer;
    QStringList m_lines;
    QList<qint64> m_arrived;
    QElapsedTimer m_clock;
};

} // namespace routemap::testing
