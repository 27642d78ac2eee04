#pragma once

#include "diagnostics/finding.h"

#include <QColor>
#include <QIcon>

namespace routemap {

// Severity colours and marks, colour-blind safe: each severity also has its own shape
// (error: circle with "!", warning: triangle, info: circle with "i").
QColor severityColor(Severity severity);
QIcon severityIcon(Severity severity);
QString severityLabel(Severity severity); // "Error", "Warning", "Info"

} // namespace routemap
