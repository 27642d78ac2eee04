#include "jsonutil.h"

namespace routemap::json {

int toInt(const QJsonValue &v, int fallback)
{
    if (v.isDouble()) {
        return v.toInt(fallback);
    }
    if (v.isString()) {
        bool ok = false;
        const int n = v.toString().toInt(&ok);
        return ok ? n : fallback;
    }
    return fallback;
}

QString toText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Double: {
        const double d = v.toDouble();
        return d == static_cast<double>(static_cast<long long>(d)) ? QString::number(static_cast<long long>(d))
                                                                     : QString::number(d);
    }
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return {};
    }
}

IntOrString toIntOrString(const QJsonValue &v)
{
    IntOrString out;
    if (v.isDouble()) {
        out.number = v.toInt();
        out.present = true;
    } else if (v.isString()) {
        bool numeric = false;
        const int n = v.toString().toInt(&numeric);
        if (numeric) {
            out.number = n;
        } else {
            out.name = v.toString();
        }
        out.present = true;
    }
    return out;
}

QStringList toStringList(const QJsonValue &v)
{
    QStringList out;
    const QJsonArray a = v.toArray();
    for (const QJsonValue &item : a) {
        out.append(toText(item));
    }
    return out;
}

} // namespace routemap::json
