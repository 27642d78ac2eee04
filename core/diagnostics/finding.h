#pragma once

#include "model/objectref.h"

#include <QList>
#include <QString>

namespace routemap {

enum class Severity { Info = 0, Warning = 1, Error = 2 };

QString severityName(Severity s);                 // "error", "warning", "info"
bool severityFromName(const QString &name, Severity *out);

// One broken (or suspicious) link, with a stable code from docs/diagnostics.md.
struct Finding {
    QString code;
    Severity severity = Severity::Warning;
    ObjectRef object;          // the object the finding belongs to
    QList<ObjectRef> related;  // what it points at (the edge target or ghost node it marks)
    QString message;           // names the concrete objects and values
    QString hint;              // how to fix it
    QString kubectl;           // the command that confirms it on a live cluster
    SourceLocation location;   // where `object` was loaded from
};

} // namespace routemap
