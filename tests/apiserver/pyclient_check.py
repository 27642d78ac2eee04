#!/usr/bin/python3
"""Drives the test API server with Debian's python3-kubernetes (22.6) and prints one JSON report;
the live tests assert on it. Exit code 77 when the kubernetes package is not importable.

  /usr/bin/python3 pyclient_check.py KUBECONFIG NAMESPACE

Expects a few pods in NAMESPACE, a kubernetes.io/tls Secret and an Opaque one, and an event history the
caller compacted just before (so resourceVersion "1" is too old).
"""

import json
import sys
import threading
import time

try:
    from kubernetes import client, config, watch
    from kubernetes.client.rest import ApiException
except ImportError as e:  # pyenv/venv interpreters lack the Debian package
    print(json.dumps({"skip": f"python3-kubernetes is not importable: {e}"}))
    sys.exit(77)


def main():
    kubeconfig, ns = sys.argv[1], sys.argv[2]
    config.load_kube_config(config_file=kubeconfig)
    v1 = client.CoreV1Api()
    report = {}

    # Pagination: pages of 2 give the same names as one list, the list RV stays the same across pages.
    everything = v1.list_namespaced_pod(ns)
    report["all"] = sorted(p.metadata.name for p in everything.items)
    report["itemKinds"] = sorted({str(p.kind) for p in everything.items})
    paged, pages, rvs, token = [], 0, set(), None
    while True:
        page = v1.list_namespaced_pod(ns, limit=2, _continue=token)
        pages += 1
        paged += [p.metadata.name for p in page.items]
        rvs.add(page.metadata.resource_version)
        token = page.metadata._continue
        if not token:
            break
    report.update(paged=sorted(paged), pages=pages, pageRVs=len(rvs))

    # Watch from the list RV with bookmarks while a pod is created from another thread.
    list_rv = everything.metadata.resource_version
    name = f"pyclient-{int(time.time() * 1000) % 100000}"

    def create():
        time.sleep(0.5)
        v1.create_namespaced_pod(ns, {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
                                      "spec": {"containers": [{"name": "c", "image": "nginx"}]}})

    creator = threading.Thread(target=create)
    creator.start()
    events = []
    w = watch.Watch()
    for ev in w.stream(v1.list_namespaced_pod, ns, resource_version=list_rv, allow_watch_bookmarks=True,
                       timeout_seconds=3):
        obj = ev["object"]
        if ev["type"] == "BOOKMARK":  # returned raw by PY 22.6
            events.append({"type": "BOOKMARK", "rv": obj["metadata"]["resourceVersion"]})
        else:
            events.append({"type": ev["type"], "name": obj.metadata.name,
                           "ready": any(c.type == "Ready" and c.status == "True"
                                        for c in (obj.status.conditions or []))})
    creator.join()
    report["created"] = name
    report["watch"] = events

    # A too-old RV: the server answers with an ERROR 410 event, which PY raises as ApiException(410).
    try:
        for _ in watch.Watch().stream(v1.list_namespaced_pod, ns, resource_version="1", timeout_seconds=2):
            pass
        report["tooOld"] = {"status": None}
    except ApiException as e:
        report["tooOld"] = {"status": e.status, "reason": e.reason}

    # Metadata-only list of TLS secrets: names and labels, no data, no type.
    api = client.ApiClient()
    body = api.call_api(f"/api/v1/namespaces/{ns}/secrets", "GET",
                        query_params=[("fieldSelector", "type=kubernetes.io/tls")],
                        header_params={"Accept": "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,"
                                                 "application/json"},
                        auth_settings=["BearerToken"], response_type="object", _return_http_data_only=True)
    report["secretsMeta"] = body

    # EndpointSlices deserialize (PY requires endpoints and addressType).
    slices = client.DiscoveryV1Api().list_namespaced_endpoint_slice(ns)
    report["slices"] = [{"name": s.metadata.name, "service": (s.metadata.labels or {}).get(
        "kubernetes.io/service-name"), "endpoints": len(s.endpoints or [])} for s in slices.items]
    print(json.dumps(report))


if __name__ == "__main__":
    main()
