#pragma once

// Exec credential plugins (users[].user.exec) as client-go runs them: no shell, the parent's environment
// plus the configured one plus KUBERNETES_EXEC_INFO, never interactive, stdout read as an ExecCredential.
// Messages follow client-go's wording and never contain what the plugin printed on stdout.

#include "cluster/clusterendpoint.h"

#include <QByteArrayView>
#include <chrono>

namespace routemap {

// client.authentication.k8s.io/v1 or v1beta1 (v1alpha1 left client-go in 1.24).
bool isSupportedExecApiVersion(const QString &apiVersion);

// The KUBERNETES_EXEC_INFO value for `endpoint.exec`: spec.cluster only with provideClusterInfo.
QByteArray execCredentialRequest(const ClusterEndpoint &endpoint);

// Reads a plugin's stdout. False with client-go's message for a wrong apiVersion, no status, neither
// token nor cert/key, or only one of cert/key.
bool parseExecCredential(QByteArrayView output, const QString &apiVersion, Credentials *out, QString *error);

// Runs `endpoint.exec` once and waits at most `timeout`; a plugin still running then is killed with
// everything it started. May block: call it off the GUI thread.
bool runExecPlugin(
    const ClusterEndpoint &endpoint, std::chrono::milliseconds timeout, Credentials *out, QString *error);

} // namespace routemap
