#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

namespace routemap::json {

// Tolerant readers: manifests are hand-written, so a number may arrive as a string and a list as null.
int toInt(const QJsonValue &v, int fallback = 0);
QString toText(const QJsonValue &v); // strings as is, numbers and booleans as their text
QStringList toStringList(const QJsonValue &v);

// An IntOrString field (targetPort, servicePort, a NetworkPolicy port): a number, a numeric string
// (taken as the number) or a name. Neither for anything else (absent, null, an object).
struct IntOrString {
    int number = 0;
    QString name;
    bool present = false; // a number or a string was given
};
IntOrString toIntOrString(const QJsonValue &v);
inline QJsonValue at(const QJsonObject &o, const char *key) { return o.value(QLatin1String(key)); }
inline QJsonObject obj(const QJsonObject &o, const char *key) { return o.value(QLatin1String(key)).toObject(); }
inline QJsonArray arr(const QJsonObject &o, const char *key) { return o.value(QLatin1String(key)).toArray(); }
inline QString str(const QJsonObject &o, const char *key) { return toText(o.value(QLatin1String(key))); }

} // namespace routemap::json
