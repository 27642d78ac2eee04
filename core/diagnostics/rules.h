#pragma once

// Internal to the diagnostics stage: the rule families and the sink they report into.

#include "diagnostics/diagnostics.h"

namespace routemap::rules {

class FindingSink
{
public:
    FindingSink(const Snapshot &snapshot, const DiagnosticsOptions &options);

    const Snapshot &snapshot() const { return m_snapshot; }
    const DiagnosticsOptions &options() const { return m_options; }
    bool isComplete() const { return m_complete; }
    // "does not exist" for complete input, "is not in the loaded manifests" for partial input.
    QString missingPhrase() const;

    // A finding with one severity in both modes. `object` gives kind/namespace/name and location.
    Finding &add(const QString &code, Severity severity, const KubeObject &object);
    // A missing-reference finding: `complete` or `partial` severity depending on the mode.
    Finding &addMissing(const QString &code, Severity complete, Severity partial, const KubeObject &object);
    // A finding not tied to a loaded object (a document that failed to parse).
    Finding &addRaw(Finding finding);

    QList<Finding> take();

private:
    const Snapshot &m_snapshot;
    DiagnosticsOptions m_options;
    bool m_complete;
    QList<Finding> m_findings;
};

// One function per resource family, each in its own file.
void checkLoadIssues(FindingSink &sink);      // loadissues.cpp: manifest-parse-error, duplicate-object
void checkServices(FindingSink &sink);        // services.cpp: service-* codes
void checkEntryPoints(FindingSink &sink);     // entrypoints.cpp: nodeport-*, loadbalancer-*, external-traffic-local-uneven, tls-double-termination
void checkNetworkPolicies(FindingSink &sink); // networkpolicies.cpp: networkpolicy-blocks-ingress
void checkIngresses(FindingSink &sink);       // ingresses.cpp: ingress-* codes
void checkGatewayApi(FindingSink &sink);      // gatewayapi.cpp: gateway-class-unknown, route-* codes

} // namespace routemap::rules
