#pragma once

#include "kubeobject.h"

#include <QStringList>

namespace routemap {

struct LabelRequirement {
    QString key;
    QString op; // In, NotIn, Exists, DoesNotExist
    QStringList values;
};

// metav1.LabelSelector. An empty selector matches everything; a null one (isNull) matches nothing.
struct LabelSelector {
    Labels matchLabels;
    QList<LabelRequirement> matchExpressions;
    bool null = true;

    bool isNull() const { return null; }
    bool isEmpty() const { return !null && matchLabels.isEmpty() && matchExpressions.isEmpty(); }
    bool matches(const Labels &labels) const;
    QString display() const; // "app=web,tier in (a,b)"

    static LabelSelector fromJson(const QJsonValue &value);
    static LabelSelector fromMap(const Labels &map); // a Service's plain selector
};

// True when every key/value of `subset` is in `labels`.
bool labelsContain(const Labels &labels, const Labels &subset);
QString labelsDisplay(const Labels &labels); // "app=web,tier=front"
// Labels a controller adds to the Pods it creates, never found in a pod template
// (statefulset.kubernetes.io/pod-name, pod-template-hash, job-name, ...).
bool isControllerAddedLabel(const QString &key);

} // namespace routemap
