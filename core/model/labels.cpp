#include "labels.h"

#include <QJsonArray>

namespace routemap {

bool labelsContain(const Labels &labels, const Labels &subset)
{
    for (auto it = subset.begin(); it != subset.end(); ++it) {
        const auto found = labels.find(it.key());
        if (found == labels.end() || found.value() != it.value()) {
            return false;
        }
    }
    return true;
}

QString labelsDisplay(const Labels &labels)
{
    QStringList parts;
    for (auto it = labels.begin(); it != labels.end(); ++it) {
        parts.append(it.key() + u'=' + it.value());
    }
    return parts.join(u',');
}

bool LabelSelector::matches(const Labels &labels) const
{
    if (null) {
        return false;
    }
    if (!labelsContain(labels, matchLabels)) {
        return false;
    }
    for (const LabelRequirement &r : matchExpressions) {
        const bool has = labels.contains(r.key);
        if (r.op == QLatin1String("In")) {
            if (!has || !r.values.contains(labels.value(r.key))) {
                return false;
            }
        } else if (r.op == QLatin1String("NotIn")) {
            if (has && r.values.contains(labels.value(r.key))) {
                return false;
            }
        } else if (r.op == QLatin1String("Exists")) {
            if (!has) {
                return false;
            }
        } else if (r.op == QLatin1String("DoesNotExist")) {
            if (has) {
                return false;
            }
        } else {
            return false; // unknown operator: the API server would reject it
        }
    }
    return true;
}

QString LabelSelector::display() const
{
    if (null) {
        return QStringLiteral("<none>");
    }
    QStringList parts;
    if (!matchLabels.isEmpty()) {
        parts.append(labelsDisplay(matchLabels));
    }
    for (const LabelRequirement &r : matchExpressions) {
        if (r.op == QLatin1String("Exists")) {
            parts.append(r.key);
        } else if (r.op == QLatin1String("DoesNotExist")) {
            parts.append(u'!' + r.key);
        } else {
            parts.append(r.key + u' ' + r.op.toLower() + QStringLiteral(" (") + r.values.join(u',') + u')');
        }
    }
    return parts.isEmpty() ? QStringLiteral("<all>") : parts.join(u',');
}

LabelSelector LabelSelector::fromJson(const QJsonValue &value)
{
    LabelSelector s;
    if (!value.isObject()) {
        return s;
    }
    s.null = false;
    const QJsonObject obj = value.toObject();
    const QJsonObject ml = obj.value(QLatin1String("matchLabels")).toObject();
    for (auto it = ml.begin(); it != ml.end(); ++it) {
        s.matchLabels.insert(it.key(), it.value().toVariant().toString());
    }
    const QJsonArray exprs = obj.value(QLatin1String("matchExpressions")).toArray();
    for (const QJsonValue &e : exprs) {
        const QJsonObject eo = e.toObject();
        LabelRequirement r;
        r.key = eo.value(QLatin1String("key")).toString();
        r.op = eo.value(QLatin1String("operator")).toString();
        const QJsonArray vals = eo.value(QLatin1String("values")).toArray();
        for (const QJsonValue &v : vals) {
            r.values.append(v.toVariant().toString());
        }
        s.matchExpressions.append(r);
    }
    return s;
}

LabelSelector LabelSelector::fromMap(const Labels &map)
{
    LabelSelector s;
    s.null = false;
    s.matchLabels = map;
    return s;
}

} // namespace routemap
