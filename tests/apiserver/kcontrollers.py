"""Controllers of the Routemap test API server, as a small control plane: workloads to Pods, a scheduler
and kubelet, EndpointSlices and Endpoints, LoadBalancer addresses, and the scale subresource.

They run synchronously after every write (the caller holds store.lock) and repeat until nothing changes,
so an object's dependants exist by the time the write's response is sent. Statuses are deterministic
(timestamps are kept while a condition does not change), so a pass over a settled namespace writes nothing.
"""

import copy
import hashlib
import json

from kapi import random_suffix
from kstore import ApiError, json_patch, label_selector_string, merge_patch, now_rfc3339, strategic_merge_patch

READY_ANNOTATION = "routemap.test/ready"
LB_PENDING_ANNOTATION = "routemap.test/lb-pending"
MANAGED_BY = "endpointslice-controller.k8s.io"
MAX_ENDPOINTS_PER_SLICE = 100
_HASH_CHARS = "bcdfghjklmnpqrstvwxz2456789"


def template_hash(template):
    digest = hashlib.sha256(json.dumps(template, sort_keys=True).encode()).digest()
    return "".join(_HASH_CHARS[b % len(_HASH_CHARS)] for b in digest[:10])


def owner_ref(obj):
    return {"apiVersion": obj["apiVersion"], "kind": obj["kind"], "name": obj["metadata"]["name"],
            "uid": obj["metadata"]["uid"], "controller": True, "blockOwnerDeletion": True}


def owned_by(obj, owner):
    uid = owner["metadata"]["uid"]
    return any(r.get("uid") == uid and r.get("controller") for r in obj["metadata"].get("ownerReferences") or [])


def terminating(obj):
    return bool(obj["metadata"].get("deletionTimestamp"))


def pod_ready(pod):
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in (pod.get("status") or {}).get("conditions") or [])


def _condition(old_conditions, ctype, status, reason=None, message=None):
    """A condition that keeps its lastTransitionTime while its status does not change."""
    for c in old_conditions or []:
        if c.get("type") == ctype and c.get("status") == status:
            return c
    c = {"type": ctype, "status": status, "lastTransitionTime": now_rfc3339()}
    if reason:
        c["reason"] = reason
    if message:
        c["message"] = message
    return c


class Controllers:
    def __init__(self, api, nodes=3, lb_pending=False):
        self.api = api
        self.store = api.store
        self.reg = api.registry
        self.node_count = nodes
        self.lb_pending = lb_pending
        self.pod_ip_serial = {}
        self.lb_serial = 0
        self.managed_endpoints = set()
        self.running = False

    def res(self, group, plural):
        return self.reg.get(group, plural)

    # -- bootstrap ------------------------------------------------------------------------------
    def bootstrap(self):
        ns_res = self.res("", "namespaces")
        for ns in ("default", "kube-system", "kube-public", "kube-node-lease"):
            self.api.create(ns_res, None, {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})
        node_res = self.res("", "nodes")
        for i in range(1, self.node_count + 1):
            name = f"node-{i}"
            zone = "zone-a" if i % 2 else "zone-b"
            self.api.create(node_res, None, {
                "apiVersion": "v1", "kind": "Node",
                "metadata": {"name": name, "labels": {
                    "kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
                    "topology.kubernetes.io/zone": zone, "topology.kubernetes.io/region": "test"}},
                "spec": {"podCIDR": f"10.244.{i}.0/24", "podCIDRs": [f"10.244.{i}.0/24"]},
                "status": {
                    "addresses": [{"type": "InternalIP", "address": f"172.18.0.{i + 1}"},
                                  {"type": "Hostname", "address": name}],
                    "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady",
                                    "message": "kubelet is posting ready status",
                                    "lastHeartbeatTime": now_rfc3339(), "lastTransitionTime": now_rfc3339()}],
                    "capacity": {"cpu": "4", "memory": "8Gi", "pods": "110"},
                    "allocatable": {"cpu": "4", "memory": "8Gi", "pods": "110"},
                    "nodeInfo": {"kubeletVersion": "v1.32.0", "kubeProxyVersion": "v1.32.0",
                                 "containerRuntimeVersion": "containerd://1.7.0", "operatingSystem": "linux",
                                 "architecture": "amd64", "osImage": "Routemap test node",
                                 "kernelVersion": "6.1.0", "machineID": "", "systemUUID": "", "bootID": ""}}})
        svc = self.api.create(self.res("", "services"), "default", {
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "kubernetes", "labels": {"component": "apiserver", "provider": "kubernetes"}},
            "spec": {"clusterIP": "10.96.0.1", "ports": [{"name": "https", "port": 443, "protocol": "TCP",
                                                          "targetPort": 6443}]}})
        self.api.put_internal(self.res("discovery.k8s.io", "endpointslices"), {
            "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
            "metadata": {"name": "kubernetes", "namespace": "default",
                         "labels": {"kubernetes.io/service-name": "kubernetes",
                                    "endpointslice.kubernetes.io/managed-by": "endpointslicemirroring-controller"
                                                                              ".k8s.io"}},
            "addressType": "IPv4",
            "endpoints": [{"addresses": ["172.18.0.1"], "conditions": {"ready": True, "serving": True,
                                                                        "terminating": False}}],
            "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}]})
        self.api.put_internal(self.res("", "endpoints"), {
            "apiVersion": "v1", "kind": "Endpoints",
            "metadata": {"name": "kubernetes", "namespace": "default", "labels": dict(svc["metadata"]["labels"])},
            "subsets": [{"addresses": [{"ip": "172.18.0.1"}], "ports": [{"name": "https", "port": 6443,
                                                                         "protocol": "TCP"}]}]})
        self.store.dirty_namespaces.clear()

    # -- loop -----------------------------------------------------------------------------------
    def run(self):
        if self.running:
            return
        self.running = True
        try:
            for _ in range(50):
                dirty = self.store.dirty_namespaces
                self.store.dirty_namespaces = set()
                dirty.discard("")
                if not dirty:
                    break
                for ns in sorted(dirty):
                    if self.store.get(("", "namespaces"), "", ns) is not None:
                        self.reconcile_namespace(ns)
        finally:
            self.running = False

    def reconcile_namespace(self, ns):
        self.deployments(ns)
        self.replica_sets(ns, self.res("apps", "replicasets"))
        self.replica_sets(ns, self.res("", "replicationcontrollers"))
        self.stateful_sets(ns)
        self.daemon_sets(ns)
        self.kubelet(ns)
        self.workload_statuses(ns)
        self.services(ns)

    # -- helpers --------------------------------------------------------------------------------
    def put(self, group, plural, obj):
        return self.api.put_internal(self.res(group, plural), obj)

    def pods(self, ns):
        return self.store.items(("", "pods"), ns)

    def delete_pod(self, pod):
        """Scale-down and replacement delete gracefully when a grace period is configured."""
        if self.api.terminate_pod(pod) is None:
            self.store.delete(("", "pods"), pod["metadata"]["namespace"], pod["metadata"]["name"])

    def new_pod(self, owner, template, name, extra_labels=None, spec_extra=None):
        tmeta = template.get("metadata") or {}
        labels = dict(tmeta.get("labels") or {})
        labels.update(extra_labels or {})
        m = {"name": name, "namespace": owner["metadata"]["namespace"], "labels": labels,
             "ownerReferences": [owner_ref(owner)]}
        if tmeta.get("annotations"):
            m["annotations"] = dict(tmeta["annotations"])
        spec = copy.deepcopy(template.get("spec") or {})
        spec.update(spec_extra or {})
        pod = {"apiVersion": "v1", "kind": "Pod", "metadata": m, "spec": spec}
        self.api._defaults(self.res("", "pods"), pod, None)
        return self.put("", "pods", pod)

    # -- workloads ------------------------------------------------------------------------------
    def deployments(self, ns):
        for dep in self.store.items(("apps", "deployments"), ns):
            spec = dep.get("spec") or {}
            template = spec.get("template") or {}
            h = template_hash(template)
            rs_name = f"{dep['metadata']['name']}-{h}"
            owned = [rs for rs in self.store.items(("apps", "replicasets"), ns) if owned_by(rs, dep)]
            replicas = spec.get("replicas", 1)
            if not any(rs["metadata"]["name"] == rs_name for rs in owned):
                tmpl = copy.deepcopy(template)
                tmpl.setdefault("metadata", {}).setdefault("labels", {})["pod-template-hash"] = h
                selector = copy.deepcopy(spec.get("selector") or {})
                selector.setdefault("matchLabels", {})["pod-template-hash"] = h
                labels = dict(tmpl["metadata"]["labels"])
                self.put("apps", "replicasets", {
                    "apiVersion": "apps/v1", "kind": "ReplicaSet",
                    "metadata": {"name": rs_name, "namespace": ns, "labels": labels,
                                 "annotations": {"deployment.kubernetes.io/desired-replicas": str(replicas),
                                                 "deployment.kubernetes.io/max-replicas": str(replicas + 1),
                                                 "deployment.kubernetes.io/revision": str(len(owned) + 1)},
                                 "ownerReferences": [owner_ref(dep)]},
                    "spec": {"replicas": replicas, "selector": selector, "template": tmpl}})
            for rs in owned:
                want = replicas if rs["metadata"]["name"] == rs_name else 0
                if (rs.get("spec") or {}).get("replicas") != want:
                    new = copy.deepcopy(rs)
                    new["spec"]["replicas"] = want
                    new["metadata"].setdefault("annotations", {})["deployment.kubernetes.io/desired-replicas"] = \
                        str(replicas)
                    new["metadata"]["generation"] = rs["metadata"].get("generation", 1) + 1
                    self.put("apps", "replicasets", new)

    def replica_sets(self, ns, res):
        pods = self.pods(ns)
        for rs in self.store.items(res.key, ns):
            spec = rs.get("spec") or {}
            owned = [p for p in pods if owned_by(p, rs) and not terminating(p)]
            want = spec.get("replicas", 1)
            template = spec.get("template") or {}
            if res.kind == "ReplicationController" and not (template.get("metadata") or {}).get("labels"):
                template = copy.deepcopy(template)
                template.setdefault("metadata", {})["labels"] = dict(spec.get("selector") or {})
            while len(owned) < want:
                owned.append(self.new_pod(rs, template, f"{rs['metadata']['name']}-{random_suffix()}"))
            if len(owned) > want:
                # Scale down not-ready and newest pods first, as the ReplicaSet controller prefers.
                victims = sorted(owned, key=lambda p: (pod_ready(p), p["metadata"]["creationTimestamp"],
                                                       p["metadata"]["name"]), reverse=False)
                for p in victims[: len(owned) - want]:
                    self.delete_pod(p)

    def stateful_sets(self, ns):
        for sts in self.store.items(("apps", "statefulsets"), ns):
            spec = sts.get("spec") or {}
            name = sts["metadata"]["name"]
            revision = f"{name}-{template_hash(spec.get('template') or {})}"
            want = spec.get("replicas", 1)
            owned = {p["metadata"]["name"]: p for p in self.pods(ns) if owned_by(p, sts)}
            for i in range(want):
                pod_name = f"{name}-{i}"
                pod = owned.pop(pod_name, None)
                if pod is not None and pod["metadata"]["labels"].get("controller-revision-hash") != revision \
                        and not terminating(pod):
                    self.delete_pod(pod)
                    pod = self.store.get(("", "pods"), ns, pod_name)
                if pod is None:
                    extra = {"spec": {"hostname": pod_name}}
                    if spec.get("serviceName"):
                        extra["spec"]["subdomain"] = spec["serviceName"]
                    self.new_pod(sts, spec.get("template") or {}, pod_name,
                                 {"controller-revision-hash": revision, "statefulset.kubernetes.io/pod-name": pod_name,
                                  "apps.kubernetes.io/pod-index": str(i)}, extra["spec"])
            for pod in owned.values():
                if not terminating(pod):
                    self.delete_pod(pod)

    def daemon_sets(self, ns):
        nodes = self.store.items(("", "nodes"))
        for ds in self.store.items(("apps", "daemonsets"), ns):
            spec = ds.get("spec") or {}
            template = spec.get("template") or {}
            h = template_hash(template)
            selector = (template.get("spec") or {}).get("nodeSelector") or {}
            targets = [n["metadata"]["name"] for n in nodes
                       if all(n["metadata"].get("labels", {}).get(k) == v for k, v in selector.items())]
            owned = [p for p in self.pods(ns) if owned_by(p, ds) and not terminating(p)]
            by_node = {}
            for p in owned:
                node = (p.get("spec") or {}).get("nodeName")
                if node in targets and node not in by_node and p["metadata"]["labels"].get(
                        "controller-revision-hash") == h:
                    by_node[node] = p
                else:
                    self.delete_pod(p)
            for node in targets:
                if node not in by_node:
                    self.new_pod(ds, template, f"{ds['metadata']['name']}-{random_suffix()}",
                                 {"controller-revision-hash": h, "pod-template-generation":
                                  str(ds["metadata"].get("generation", 1))}, {"nodeName": node})

    # -- scheduler and kubelet ------------------------------------------------------------------
    def kubelet(self, ns):
        nodes = [n["metadata"]["name"] for n in self.store.items(("", "nodes"))]
        if not nodes:
            return
        load = {n: 0 for n in nodes}
        for pod in self.store.items(("", "pods")):
            node = (pod.get("spec") or {}).get("nodeName")
            if node in load:
                load[node] += 1
        for pod in self.pods(ns):
            spec = pod.get("spec") or {}
            status = pod.get("status") or {}
            if terminating(pod) or (spec.get("nodeName") and status.get("phase") not in (None, "Pending")):
                continue
            new = copy.deepcopy(pod)
            node = spec.get("nodeName")
            if not node:
                node = min(nodes, key=lambda n: (load[n], n))
                load[node] += 1
                new["spec"]["nodeName"] = node
            self.start_pod(new, node)
            self.put("", "pods", new)

    def start_pod(self, pod, node):
        idx = int(node.rsplit("-", 1)[-1]) if node.rsplit("-", 1)[-1].isdigit() else 0
        serial = self.pod_ip_serial.get(node, 1) + 1
        self.pod_ip_serial[node] = serial
        ready = (pod["metadata"].get("annotations") or {}).get(READY_ANNOTATION) != "false"
        node_obj = self.store.get(("", "nodes"), "", node) or {}
        host_ip = next((a["address"] for a in (node_obj.get("status") or {}).get("addresses") or []
                        if a.get("type") == "InternalIP"), "172.18.0.2")
        ip = f"10.244.{idx}.{serial % 250 + 2}" if serial < 250 else f"10.{idx + 100}.{serial // 250}.{serial % 250}"
        now = now_rfc3339()
        pod["status"] = {"phase": "Running", "hostIP": host_ip, "hostIPs": [{"ip": host_ip}], "podIP": ip,
                         "podIPs": [{"ip": ip}], "startTime": now, "qosClass": "BestEffort"}
        self.set_pod_ready(pod, ready)

    @staticmethod
    def set_pod_ready(pod, ready):
        status = pod.setdefault("status", {})
        old = status.get("conditions")
        flag = "True" if ready else "False"
        status["conditions"] = [_condition(old, "PodReadyToStartContainers", "True"),
                                _condition(old, "Initialized", "True"),
                                _condition(old, "Ready", flag, None if ready else "ContainersNotReady"),
                                _condition(old, "ContainersReady", flag, None if ready else "ContainersNotReady"),
                                _condition(old, "PodScheduled", "True")]
        started = status.get("startTime") or now_rfc3339()
        status["containerStatuses"] = [
            {"name": c.get("name", ""), "image": c.get("image", ""), "imageID": "", "ready": ready,
             "restartCount": 0, "started": True, "state": {"running": {"startedAt": started}}}
            for c in (pod.get("spec") or {}).get("containers") or []]

    def set_ready(self, ns, name, selector, ready):
        from kstore import parse_label_selector
        pred = parse_label_selector(selector) if selector else None
        changed = []
        for pod in self.pods(ns):
            if (name and pod["metadata"]["name"] == name) or (pred and pred(pod["metadata"].get("labels"))):
                new = copy.deepcopy(pod)
                self.set_pod_ready(new, ready)
                self.put("", "pods", new)
                changed.append(pod["metadata"]["name"])
        if not changed:
            raise ApiError(404, "NotFound", f"no pod matches in namespace {ns}")
        self.run()
        return changed

    # -- statuses -------------------------------------------------------------------------------
    def workload_statuses(self, ns):
        pods = self.pods(ns)
        for kind in (("apps", "replicasets"), ("", "replicationcontrollers")):
            for rs in self.store.items(kind, ns):
                owned = [p for p in pods if owned_by(p, rs) and not terminating(p)]
                ready = sum(1 for p in owned if pod_ready(p))
                status = {"replicas": len(owned), "fullyLabeledReplicas": len(owned), "readyReplicas": ready,
                          "availableReplicas": ready, "observedGeneration": rs["metadata"].get("generation", 1)}
                self._set_status(kind, rs, {k: v for k, v in status.items() if v or k == "replicas"})
        replica_sets = self.store.items(("apps", "replicasets"), ns)
        for dep in self.store.items(("apps", "deployments"), ns):
            want = (dep.get("spec") or {}).get("replicas", 1)
            h = template_hash((dep.get("spec") or {}).get("template") or {})
            owned = [rs for rs in replica_sets if owned_by(rs, dep)]
            total = sum((rs.get("status") or {}).get("replicas", 0) for rs in owned)
            ready = sum((rs.get("status") or {}).get("readyReplicas", 0) for rs in owned)
            updated = sum((rs.get("status") or {}).get("replicas", 0) for rs in owned
                          if rs["metadata"]["name"].endswith("-" + h))
            old = (dep.get("status") or {}).get("conditions")
            available = ready >= want
            status = {"observedGeneration": dep["metadata"].get("generation", 1), "replicas": total,
                      "updatedReplicas": updated, "readyReplicas": ready, "availableReplicas": ready,
                      "unavailableReplicas": max(0, want - ready),
                      "conditions": [
                          _condition(old, "Available", "True" if available else "False",
                                     "MinimumReplicasAvailable" if available else "MinimumReplicasUnavailable",
                                     "Deployment has minimum availability." if available
                                     else "Deployment does not have minimum availability."),
                          _condition(old, "Progressing", "True", "NewReplicaSetAvailable",
                                     f'ReplicaSet "{dep["metadata"]["name"]}-{h}" has successfully progressed.')]}
            self._set_status(("apps", "deployments"), dep,
                             {k: v for k, v in status.items() if v or k in ("replicas", "observedGeneration")})
        for sts in self.store.items(("apps", "statefulsets"), ns):
            owned = [p for p in pods if owned_by(p, sts) and not terminating(p)]
            ready = sum(1 for p in owned if pod_ready(p))
            rev = f"{sts['metadata']['name']}-{template_hash((sts.get('spec') or {}).get('template') or {})}"
            status = {"observedGeneration": sts["metadata"].get("generation", 1), "replicas": len(owned),
                      "readyReplicas": ready, "currentReplicas": len(owned), "updatedReplicas": len(owned),
                      "availableReplicas": ready, "currentRevision": rev, "updateRevision": rev, "collisionCount": 0}
            self._set_status(("apps", "statefulsets"), sts,
                             {k: v for k, v in status.items() if v or k in ("replicas", "collisionCount")})
        for ds in self.store.items(("apps", "daemonsets"), ns):
            owned = [p for p in pods if owned_by(p, ds) and not terminating(p)]
            ready = sum(1 for p in owned if pod_ready(p))
            nodes = {(p.get("spec") or {}).get("nodeName") for p in owned}
            status = {"currentNumberScheduled": len(owned), "desiredNumberScheduled": max(len(owned), len(nodes)),
                      "numberMisscheduled": 0, "numberReady": ready, "numberAvailable": ready,
                      "updatedNumberScheduled": len(owned),
                      "observedGeneration": ds["metadata"].get("generation", 1)}
            if ready < len(owned):
                status["numberUnavailable"] = len(owned) - ready
            self._set_status(("apps", "daemonsets"), ds, status)

    def _set_status(self, key, obj, status):
        if obj.get("status") == status:
            return
        new = dict(obj, status=status)
        self.api.put_internal(self.res(*key), new)

    # -- services -------------------------------------------------------------------------------
    def services(self, ns):
        pods = self.pods(ns)
        services = self.store.items(("", "services"), ns)
        names = set()
        for svc in services:
            names.add(svc["metadata"]["name"])
            self.load_balancer(svc)
            selector = (svc.get("spec") or {}).get("selector")
            if not selector or (svc.get("spec") or {}).get("type") == "ExternalName":
                continue
            selected = [p for p in pods if all((p["metadata"].get("labels") or {}).get(k) == v
                                               for k, v in selector.items())]
            self.endpoint_slices(svc, selected)
            self.endpoints(svc, selected)
        for key in list(self.managed_endpoints):
            if key[0] == ns and key[1] not in names and self.store.get(("", "endpoints"), ns, key[1]) is not None:
                self.store.delete(("", "endpoints"), ns, key[1])
                self.managed_endpoints.discard(key)

    def load_balancer(self, svc):
        spec = svc.get("spec") or {}
        lb = (svc.get("status") or {}).get("loadBalancer") or {}
        pending = (self.lb_pending or spec.get("loadBalancerClass")
                   or (svc["metadata"].get("annotations") or {}).get(LB_PENDING_ANNOTATION) == "true")
        if spec.get("type") == "LoadBalancer" and not pending:
            if lb.get("ingress"):
                return
            self.lb_serial += 1
            want = {"ingress": [{"ip": f"172.18.255.{self.lb_serial % 250 + 1}", "ipMode": "VIP"}]}
        else:
            if not lb.get("ingress"):
                return
            want = {}
        new = copy.deepcopy(svc)
        new.setdefault("status", {})["loadBalancer"] = want
        self.put("", "services", new)

    @staticmethod
    def _pod_ports(svc, pod):
        out = []
        for sp in (svc.get("spec") or {}).get("ports") or []:
            proto = sp.get("protocol", "TCP")
            tp = sp.get("targetPort", sp.get("port"))
            if isinstance(tp, str) and not tp.isdigit():
                port = next((cp.get("containerPort") for c in (pod.get("spec") or {}).get("containers") or []
                             for cp in c.get("ports") or []
                             if cp.get("name") == tp and cp.get("protocol", "TCP") == proto), None)
                if port is None:
                    continue
            else:
                port = int(tp)
            entry = {"name": sp.get("name", ""), "port": port, "protocol": proto}
            if sp.get("appProtocol"):
                entry["appProtocol"] = sp["appProtocol"]
            out.append(entry)
        return out

    def _live_pods(self, selected):
        return sorted((p for p in selected if (p.get("status") or {}).get("podIP")
                       and (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed")),
                      key=lambda p: p["metadata"]["name"])

    def endpoint_slices(self, svc, selected):
        ns, name = svc["metadata"]["namespace"], svc["metadata"]["name"]
        spec = svc.get("spec") or {}
        publish = spec.get("publishNotReadyAddresses", False)
        groups = {}
        for pod in self._live_pods(selected):
            ports = self._pod_ports(svc, pod)
            serving = pod_ready(pod)
            ending = terminating(pod)
            ep = {"addresses": [pod["status"]["podIP"]],
                  "conditions": {"ready": publish or (serving and not ending), "serving": serving,
                                 "terminating": ending}}
            pspec = pod.get("spec") or {}
            if pspec.get("hostname") and pspec.get("subdomain") == name:
                ep["hostname"] = pspec["hostname"]
            ep["targetRef"] = {"kind": "Pod", "namespace": ns, "name": pod["metadata"]["name"],
                               "uid": pod["metadata"]["uid"]}
            if pspec.get("nodeName"):
                ep["nodeName"] = pspec["nodeName"]
                node = self.store.get(("", "nodes"), "", pspec["nodeName"])
                zone = ((node or {}).get("metadata", {}).get("labels") or {}).get("topology.kubernetes.io/zone")
                if zone:
                    ep["zone"] = zone
            groups.setdefault(json.dumps(ports, sort_keys=True), (ports, []))[1].append(ep)
        # At most MAX_ENDPOINTS_PER_SLICE endpoints per slice (the controller's --max-endpoints-per-slice default).
        desired = [(ports, eps[i:i + MAX_ENDPOINTS_PER_SLICE]) for ports, eps in groups.values()
                   for i in range(0, len(eps), MAX_ENDPOINTS_PER_SLICE)] or [([], [])]
        labels = dict(svc["metadata"].get("labels") or {})
        labels.update({"kubernetes.io/service-name": name, "endpointslice.kubernetes.io/managed-by": MANAGED_BY})
        if spec.get("clusterIP") == "None":
            labels["service.kubernetes.io/headless"] = ""
        existing = sorted((s for s in self.store.items(("discovery.k8s.io", "endpointslices"), ns)
                           if (s["metadata"].get("labels") or {}).get("kubernetes.io/service-name") == name
                           and (s["metadata"].get("labels") or {}).get("endpointslice.kubernetes.io/managed-by")
                           == MANAGED_BY), key=lambda s: s["metadata"]["name"])
        for i, (ports, endpoints) in enumerate(desired):
            if i < len(existing):  # every field below is replaced whole: a shallow copy is enough
                new = dict(existing[i], metadata=dict(existing[i]["metadata"]))
            else:
                new = {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                       "metadata": {"name": f"{name}-{random_suffix()}", "generateName": f"{name}-",
                                    "namespace": ns, "ownerReferences": [owner_ref(svc)]}}
            new["metadata"]["labels"] = labels
            new["addressType"] = "IPv4"
            new["endpoints"] = endpoints
            new["ports"] = ports
            if i >= len(existing) or new != existing[i]:
                if i < len(existing):
                    new["metadata"]["generation"] = existing[i]["metadata"].get("generation", 1) + 1
                self.put("discovery.k8s.io", "endpointslices", new)
        for s in existing[len(desired):]:
            self.store.delete(("discovery.k8s.io", "endpointslices"), ns, s["metadata"]["name"])

    def endpoints(self, svc, selected):
        ns, name = svc["metadata"]["namespace"], svc["metadata"]["name"]
        publish = (svc.get("spec") or {}).get("publishNotReadyAddresses", False)
        subsets = {}
        for pod in self._live_pods(selected):
            ports = [{k: v for k, v in p.items() if v != ""} for p in self._pod_ports(svc, pod)]
            addr = {"ip": pod["status"]["podIP"], "nodeName": (pod.get("spec") or {}).get("nodeName"),
                    "targetRef": {"kind": "Pod", "namespace": ns, "name": pod["metadata"]["name"],
                                  "uid": pod["metadata"]["uid"]}}
            if not addr["nodeName"]:
                del addr["nodeName"]
            entry = subsets.setdefault(json.dumps(ports, sort_keys=True), {"ports": ports})
            field = "addresses" if publish or (pod_ready(pod) and not terminating(pod)) else "notReadyAddresses"
            entry.setdefault(field, []).append(addr)
        obj = {"apiVersion": "v1", "kind": "Endpoints",
               "metadata": {"name": name, "namespace": ns, "labels": dict(svc["metadata"].get("labels") or {})}}
        if not obj["metadata"]["labels"]:
            del obj["metadata"]["labels"]
        if subsets:
            obj["subsets"] = [dict(sorted(s.items())) for s in subsets.values()]
        current = self.store.get(("", "endpoints"), ns, name)
        if current is not None:
            merged = dict(current, metadata=dict(current["metadata"]))
            merged["metadata"].pop("labels", None)
            merged["metadata"].update(obj["metadata"])
            merged.pop("subsets", None)
            if "subsets" in obj:
                merged["subsets"] = obj["subsets"]
            obj = merged
        self.managed_endpoints.add((ns, name))
        self.put("", "endpoints", obj)

    # -- scale subresource ----------------------------------------------------------------------
    def scale(self, res, ns, name, method, body, content_type, dry_run):
        obj = self.api.get(res, ns, name)

        def as_scale(o):
            spec = o.get("spec") or {}
            sel = spec.get("selector") or {}
            selector = label_selector_string(sel) if "matchLabels" in sel or "matchExpressions" in sel else \
                ",".join(f"{k}={v}" for k, v in sorted(sel.items()))
            m = o["metadata"]
            return {"kind": "Scale", "apiVersion": "autoscaling/v1",
                    "metadata": {"name": m["name"], "namespace": m.get("namespace"), "uid": m["uid"],
                                 "resourceVersion": m["resourceVersion"],
                                 "creationTimestamp": m["creationTimestamp"]},
                    "spec": {"replicas": spec.get("replicas", 1)},
                    "status": {"replicas": (o.get("status") or {}).get("replicas", 0), "selector": selector}}

        current = as_scale(obj)
        if method == "GET":
            return current
        try:
            payload = json.loads(body or b"null")
        except ValueError as e:
            raise ApiError(400, "BadRequest", f"error decoding body: {e}")
        ctype = (content_type or "").split(";")[0].strip()
        if method == "PUT":
            wanted = payload
        elif ctype == "application/json-patch+json":
            wanted = json_patch(current, payload)
        elif ctype == "application/strategic-merge-patch+json":
            wanted = strategic_merge_patch(current, payload)
        else:
            wanted = merge_patch(current, payload)
        replicas = ((wanted or {}).get("spec") or {}).get("replicas")
        if not isinstance(replicas, int) or replicas < 0:
            raise ApiError(422, "Invalid", f'Scale.autoscaling "{name}" is invalid: spec.replicas: Invalid value')
        new = copy.deepcopy(obj)
        new["spec"]["replicas"] = replicas
        return as_scale(self.api.update(res, ns, name, new, None, dry_run))
