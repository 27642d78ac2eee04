#pragma once

// Small file helpers shared by tests that write manifests into temporary folders.

#include <QByteArray>
#include <QFile>
#include <QString>

namespace routemap::testing {

inline QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

} // namespace routemap::testing
