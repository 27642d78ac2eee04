#pragma once

#include <QStringList>

class QIODevice;
class QTextStream;

namespace routemap {

// `routemap check PATH...|--context NAME [-n NS | -A] [--format text|json] [--fail-on error|warning|info|none]
//  [--complete] [--verbose] [--watch]`. `arguments` are those after "check". Exit codes: 0 no finding at or above
// --fail-on (default error), 1 at least one, 2 the input could not be read or the command line is wrong.
// With --watch it runs until interrupted: the first line is the full report, then one line each time the set of
// findings changes (needs a QCoreApplication; returns when the application quits).
int runCheckCommand(const QStringList &arguments, QTextStream &out, QTextStream &err,
                    QIODevice *standardInput = nullptr);

} // namespace routemap
