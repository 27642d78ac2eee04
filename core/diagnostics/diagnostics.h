#pragma once

#include "diagnostics/finding.h"
#include "model/snapshot.h"

namespace routemap {

// Whether missing references are certain (the "complete" column) is the snapshot's own isComplete(): a live
// cluster, or manifests analysed as the whole cluster (see engine/analysis.h).
struct DiagnosticsOptions {
    int nodePortMin = 30000; // the default --service-node-port-range
    int nodePortMax = 32767;
};

// One engine for files and clusters: every rule of docs/diagnostics.md, in a stable order
// (namespace, object, code).
QList<Finding> runDiagnostics(const Snapshot &snapshot, const DiagnosticsOptions &options = {});

struct FindingCounts {
    int error = 0;
    int warning = 0;
    int info = 0;
};
FindingCounts countFindings(const QList<Finding> &findings);

} // namespace routemap
