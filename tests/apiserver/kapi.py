"""Kubernetes API semantics of the Routemap test API server, independent of HTTP: discovery documents,
list with pagination, object writes with server-set fields and defaults, garbage collection.

Every public method expects the caller to hold store.lock; controllers run after each write.
"""

import base64
import collections
import copy
import json
import random

from kstore import ApiError, merge_patch, not_found, now_rfc3339, parse_field_selector, parse_label_selector, \
    strategic_merge_patch, json_patch

VERSION_INFO = {
    "major": "1", "minor": "32", "gitVersion": "v1.32.0", "gitCommit": "0000000000000000000000000000000000000000",
    "gitTreeState": "clean", "buildDate": "2024-12-11T00:00:00Z", "goVersion": "go1.23.3", "compiler": "gc",
    "platform": "linux/amd64",
}

_NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789"  # k8s.io/apimachinery/pkg/util/rand alphabet


def random_suffix(n=5):
    return "".join(random.choice(_NAME_CHARS) for _ in range(n))


def meta(obj):
    return obj.setdefault("metadata", {})


class Api:
    def __init__(self, registry, store, implicit_namespaces=True):
        self.registry = registry
        self.store = store
        self.implicit_namespaces = implicit_namespaces
        self.controllers = None  # set by the server; run after every write
        self.continues = collections.OrderedDict()  # token id -> (rv, items); bounded
        self.continue_serial = 0
        self.cluster_ip_serial = 10
        self.node_port_serial = 0
        self.pod_grace_ms = 0  # > 0: deleted Pods stay terminating this long, as with a kubelet
        self.batch = False  # set while applying many objects: controllers run once at the end

    # -- discovery ----------------------------------------------------------------------------
    def discovery_versions(self):
        return {"kind": "APIVersions", "versions": ["v1"],
                "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "10.0.0.1:6443"}]}

    def discovery_groups(self):
        groups = []
        for group, versions in self.registry.groups():
            gvs = [{"groupVersion": f"{group}/{v}", "version": v} for v in versions]
            groups.append({"name": group, "versions": gvs, "preferredVersion": gvs[0]})
        return {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}

    def discovery_group(self, group):
        for g in self.discovery_groups()["groups"]:
            if g["name"] == group:
                return {"kind": "APIGroup", "apiVersion": "v1", **g}
        return None

    def discovery_resources(self, group, version):
        resources = self.registry.in_group_version(group, version)
        if not resources:
            return None
        out = []
        for r in resources:
            entry = {"name": r.plural, "singularName": r.singular, "namespaced": r.namespaced, "kind": r.kind,
                     "verbs": list(r.verbs)}
            if r.short:
                entry["shortNames"] = list(r.short)
            if r.group in ("", "apps"):
                entry["categories"] = ["all"] if r.plural in ("pods", "services", "replicationcontrollers",
                                                              "deployments", "replicasets", "statefulsets",
                                                              "daemonsets") else []
                if not entry["categories"]:
                    del entry["categories"]
            out.append(entry)
            for sub in r.subresources:
                s = {"name": f"{r.plural}/{sub}", "singularName": "", "namespaced": r.namespaced, "kind": r.kind,
                     "verbs": ["get", "patch", "update"]}
                if sub == "scale":
                    s.update({"group": "autoscaling", "version": "v1", "kind": "Scale"})
                out.append(s)
        gv = f"{group}/{version}" if group else version
        return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": out}

    # -- representation -----------------------------------------------------------------------
    @staticmethod
    def as_version(obj, res, version):
        """The object as served at `version` (only the apiVersion differs between served versions here)."""
        if obj.get("apiVersion") == res.api_version(version):
            return obj
        obj = dict(obj)
        obj["apiVersion"] = res.api_version(version)
        return obj

    @staticmethod
    def partial_metadata(obj):
        return {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                "metadata": copy.deepcopy(obj.get("metadata", {}))}

    # -- list ---------------------------------------------------------------------------------
    @staticmethod
    def validate_list_options(query, watch):
        """The 422 Invalid cases of apimachinery's ListOptions validation that clients can run into."""
        match = query.get("resourceVersionMatch")
        problem = None
        if match and not query.get("resourceVersion") and not watch:
            problem = "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided"
        elif match and query.get("continue"):
            problem = "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided"
        elif match == "Exact" and query.get("resourceVersion") == "0":
            problem = "resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""
        elif match and match not in ("Exact", "NotOlderThan"):
            problem = f'resourceVersionMatch: Unsupported value: "{match}": supported values: "Exact", "NotOlderThan"'
        if problem:
            raise ApiError(422, "Invalid", f'ListOptions.meta.k8s.io "" is invalid: {problem}',
                           {"kind": "ListOptions", "group": "meta.k8s.io",
                            "causes": [{"reason": "FieldValueForbidden", "message": problem.split(": ", 1)[1],
                                        "field": "resourceVersionMatch"}]})
        try:
            if int(query.get("limit") or 0) < 0:
                raise ValueError
        except ValueError:
            raise ApiError(400, "BadRequest", f'invalid limit: "{query.get("limit")}"')

    def list(self, res, version, ns, query, metadata_only=False):
        self.validate_list_options(query, False)
        limit = int(query.get("limit") or 0)
        token = query.get("continue")
        if token:
            try:
                decoded = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
                snapshot = self.continues[decoded["id"]]
            except (ValueError, KeyError, TypeError):
                raise ApiError(410, "Expired", "The provided continue parameter is too old to display a consistent "
                               "list result. You can start a new list without the continue parameter.")
            list_rv, matched = snapshot
            start = decoded["start"]
        else:
            label_pred = parse_label_selector(query.get("labelSelector"))
            field_pred = parse_field_selector(query.get("fieldSelector"))
            matched = [o for o in self.store.items(res.key, ns)
                       if label_pred(o["metadata"].get("labels")) and field_pred(o)]
            list_rv = str(self.store.rv)
            start = 0
        page = matched[start:start + limit] if limit > 0 else matched[start:]
        list_meta = {"resourceVersion": list_rv}
        end = start + len(page)
        if limit > 0 and end < len(matched):
            self.continue_serial += 1
            self.continues[self.continue_serial] = (list_rv, matched)
            while len(self.continues) > 64:
                self.continues.popitem(last=False)
            raw = json.dumps({"v": "meta.k8s.io/v1", "rv": int(list_rv), "start": end, "id": self.continue_serial})
            list_meta["continue"] = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
            list_meta["remainingItemCount"] = len(matched) - end
        if metadata_only:
            return {"kind": "PartialObjectMetadataList", "apiVersion": "meta.k8s.io/v1", "metadata": list_meta,
                    "items": [self.partial_metadata(o) for o in page]}
        items = []
        for o in page:  # built-in list items carry no kind/apiVersion (kubernetes/kubernetes#3030)
            items.append({k: v for k, v in o.items() if k not in ("kind", "apiVersion")})
        return {"kind": f"{res.kind}List", "apiVersion": res.api_version(version), "metadata": list_meta,
                "items": items}

    def expire_continues(self):
        self.continues.clear()

    # -- get ----------------------------------------------------------------------------------
    def get(self, res, ns, name):
        obj = self.store.get(res.key, ns if res.namespaced else "", name)
        if obj is None:
            raise not_found(res, name)
        return obj

    # -- writes -------------------------------------------------------------------------------
    def _check_namespace(self, res, ns):
        if not res.namespaced:
            return
        ns_res = self.registry.get("", "namespaces")
        if self.store.get(ns_res.key, "", ns) is None:
            if not self.implicit_namespaces:
                raise not_found(ns_res, ns)
            self.create(ns_res, None, {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})

    def create(self, res, ns, obj, dry_run=False):
        if not isinstance(obj, dict):
            raise ApiError(400, "BadRequest", "the body of the request was in an unknown format")
        obj = copy.deepcopy(obj)
        obj["apiVersion"] = obj.get("apiVersion") or res.api_version()
        obj["kind"] = obj.get("kind") or res.kind
        if obj["kind"] != res.kind:
            raise ApiError(400, "BadRequest", f"the API version in the data ({obj['apiVersion']}) does not match "
                           f"the expected API version ({res.api_version()})")
        m = meta(obj)
        if res.namespaced:
            body_ns = m.get("namespace")
            if body_ns and ns and body_ns != ns:
                raise ApiError(400, "BadRequest", "the namespace of the provided object does not match the "
                               "namespace sent on the request")
            m["namespace"] = ns or body_ns or "default"
        else:
            m.pop("namespace", None)
        if not m.get("name"):
            if m.get("generateName"):
                m["name"] = m["generateName"] + random_suffix()
            else:
                raise ApiError(422, "Invalid", f"{res.kind} \"\" is invalid: metadata.name: Required value: name "
                               "or generateName is required",
                               {"kind": res.kind, "causes": [{"reason": "FieldValueRequired",
                                                              "message": "Required value: name or generateName is "
                                                                         "required", "field": "metadata.name"}]})
        if self.store.get(res.key, m.get("namespace", ""), m["name"]) is not None:
            details = {"name": m["name"], "kind": res.plural}
            if res.group:
                details["group"] = res.group
            raise ApiError(409, "AlreadyExists", f'{res.qualified()} "{m["name"]}" already exists', details)
        for k in ("resourceVersion", "uid", "creationTimestamp", "deletionTimestamp", "selfLink"):
            m.pop(k, None)
        if self.has_generation(res):
            m["generation"] = 1
        else:
            m.pop("generation", None)
        obj["apiVersion"] = res.api_version()
        self._defaults(res, obj, None)
        if dry_run:
            m["uid"] = "00000000-0000-0000-0000-000000000000"
            m["creationTimestamp"] = now_rfc3339()
            return obj
        if res.namespaced:
            self._check_namespace(res, m["namespace"])
        stored = self.store.create(res.key, obj)
        self.reconcile()
        return self.store.get(res.key, m.get("namespace", ""), m["name"]) or stored

    def update(self, res, ns, name, obj, subresource=None, dry_run=False, create_missing=False):
        if not isinstance(obj, dict):
            raise ApiError(400, "BadRequest", "the body of the request was in an unknown format")
        ns = ns if res.namespaced else ""
        current = self.store.get(res.key, ns, name)
        if current is None:
            if create_missing and subresource is None:
                return self.create(res, ns, obj, dry_run)
            raise not_found(res, name)
        m = meta(obj)
        if m.get("name") and m["name"] != name:
            raise ApiError(400, "BadRequest", "the name of the object (%s) does not match the name on the URL (%s)"
                           % (m["name"], name))
        rv = m.get("resourceVersion")
        if rv and rv != current["metadata"]["resourceVersion"]:
            raise ApiError(409, "Conflict", f'Operation cannot be fulfilled on {res.qualified()} "{name}": the object '
                           "has been modified; please apply your changes to the latest version and try again",
                           {"name": name, "kind": res.plural, **({"group": res.group} if res.group else {})})
        new = copy.deepcopy(obj)
        new["apiVersion"] = res.api_version()
        new["kind"] = res.kind
        cm = current["metadata"]
        nm = meta(new)
        nm["name"] = name
        if res.namespaced:
            nm["namespace"] = ns
        for k in ("uid", "creationTimestamp", "generation", "deletionTimestamp", "deletionGracePeriodSeconds"):
            if k in cm:
                nm[k] = cm[k]
            else:
                nm.pop(k, None)
        if subresource == "status":
            new = dict(copy.deepcopy(current), status=new.get("status", {}))
        elif "status" in res.subresources:
            # Writes to the main resource ignore status, as for built-in kinds with a status subresource.
            if "status" in current:
                new["status"] = copy.deepcopy(current["status"])
            else:
                new.pop("status", None)
        if subresource != "status" and self.has_generation(res) and self._spec_of(new) != self._spec_of(current):
            new["metadata"]["generation"] = cm.get("generation", 1) + 1
        self._defaults(res, new, current)
        if self._same(new, current):
            return current
        if dry_run:
            return new
        self.store.update(res.key, new)
        self.reconcile()
        return self.store.get(res.key, ns, name) or new

    @staticmethod
    def has_generation(res):
        """Kinds whose registry strategy tracks metadata.generation (not Pods, Services, Secrets, ...)."""
        return res.group in ("apps", "batch", "policy", "autoscaling", "apiextensions.k8s.io", "discovery.k8s.io",
                             "gateway.networking.k8s.io", "networking.k8s.io") \
            or res.plural == "replicationcontrollers"

    @staticmethod
    def _spec_of(obj):
        return {k: v for k, v in obj.items() if k not in ("metadata", "status", "apiVersion", "kind")}

    @staticmethod
    def _same(a, b):
        strip = lambda o: {**o, "metadata": {k: v for k, v in o["metadata"].items() if k != "resourceVersion"}}
        return strip(a) == strip(b)

    def patch(self, res, ns, name, patch_type, body, subresource=None, dry_run=False):
        try:
            patch = json.loads(body or b"null")
        except ValueError as e:
            raise ApiError(400, "BadRequest", f"error decoding patch: {e}")
        ns = ns if res.namespaced else ""
        current = self.store.get(res.key, ns, name)
        if current is None:
            if patch_type == "application/apply-patch+yaml":
                return self.create(res, ns, patch, dry_run)
            raise not_found(res, name)
        if patch_type == "application/json-patch+json":
            new = json_patch(current, patch)
        elif patch_type == "application/strategic-merge-patch+json":
            new = strategic_merge_patch(current, patch)
        elif patch_type in ("application/merge-patch+json", "application/apply-patch+yaml"):
            new = merge_patch(current, patch)
        else:
            raise ApiError(415, "UnsupportedMediaType", 'the body of the request was in an unknown format - '
                           'accepted media types include: application/json-patch+json, application/merge-patch+json, '
                           'application/apply-patch+yaml')
        if subresource != "status" and "status" in res.subresources:
            new["status"] = copy.deepcopy(current.get("status"))
            if new["status"] is None:
                new.pop("status")
        if subresource == "status":
            return self.update(res, ns, name, new, "status", dry_run)
        meta(new)["resourceVersion"] = current["metadata"]["resourceVersion"]
        return self.update(res, ns, name, new, None, dry_run)

    def delete(self, res, ns, name, options=None, dry_run=False):
        ns = ns if res.namespaced else ""
        current = self.store.get(res.key, ns, name)
        if current is None:
            raise not_found(res, name)
        pre = (options or {}).get("preconditions") or {}
        if pre.get("uid") and pre["uid"] != current["metadata"].get("uid"):
            raise ApiError(409, "Conflict", f'Operation cannot be fulfilled on {res.qualified()} "{name}": '
                           "Precondition failed: UID in precondition: %s, UID in object meta: %s"
                           % (pre["uid"], current["metadata"].get("uid")))
        if dry_run:
            return current
        if res.key == ("", "pods"):
            grace = (options or {}).get("gracePeriodSeconds")
            terminating = self.terminate_pod(current, grace)
            if terminating is not None:
                self.reconcile()
                return terminating
        policy = (options or {}).get("propagationPolicy") or ("Orphan" if (options or {}).get("orphanDependents")
                                                              else "Background")
        deleted = self._delete_tree(res, current, policy)
        self.reconcile()
        return deleted

    def terminate_pod(self, pod, grace_seconds=None):
        """Graceful deletion: marks the pod terminating and removes it after pod_grace_ms. None when the
        deletion is immediate (no grace configured, or gracePeriodSeconds=0)."""
        if self.pod_grace_ms <= 0 or grace_seconds == 0:
            return None
        m = pod["metadata"]
        if m.get("deletionTimestamp"):
            return pod
        import datetime
        import threading
        new = copy.deepcopy(pod)
        when = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(milliseconds=self.pod_grace_ms)
        new["metadata"]["deletionTimestamp"] = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        new["metadata"]["deletionGracePeriodSeconds"] = max(1, round(self.pod_grace_ms / 1000))
        updated = self.store.update(("", "pods"), new)
        uid = m.get("uid")

        def remove():
            with self.store.lock:
                current = self.store.get(("", "pods"), m.get("namespace", ""), m["name"])
                if current is not None and current["metadata"].get("uid") == uid:
                    self.store.delete(("", "pods"), m.get("namespace", ""), m["name"])
                    self.reconcile()

        timer = threading.Timer(self.pod_grace_ms / 1000.0, remove)
        timer.daemon = True
        timer.start()
        return updated

    def delete_collection(self, res, ns, query):
        out = self.list(res, res.versions[0], ns if res.namespaced else None,
                        {k: v for k, v in query.items() if k in ("labelSelector", "fieldSelector")})
        for item in out["items"]:
            self._delete_tree(res, self.store.get(res.key, item["metadata"].get("namespace", ""),
                                                  item["metadata"]["name"]), "Background")
        self.reconcile()
        return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success"}

    def _delete_tree(self, res, obj, policy):
        m = obj["metadata"]
        deleted = self.store.delete(res.key, m.get("namespace", ""), m["name"])
        if res.key == ("", "namespaces"):
            for r in self.registry.resources:
                if r.namespaced:
                    for o in self.store.items(r.key, m["name"]):
                        self._delete_tree(r, o, "Background")
        elif policy != "Orphan":
            uid = m.get("uid")
            for r in self.registry.resources:
                if r.namespaced != res.namespaced and res.namespaced:
                    continue
                for o in self.store.items(r.key, m.get("namespace") if r.namespaced and res.namespaced else None):
                    refs = o["metadata"].get("ownerReferences") or []
                    if any(ref.get("uid") == uid for ref in refs) and self.store.get(
                            r.key, o["metadata"].get("namespace", ""), o["metadata"]["name"]) is not None:
                        self._delete_tree(r, o, policy)
        return deleted

    # -- internal writes (controllers, control channel) ------------------------------------------
    def put_internal(self, res, obj):
        """Create or replace without checks; for controllers, which hand over objects they built (sharing
        unchanged parts with the stored version, which nothing mutates in place)."""
        m = obj["metadata"]
        current = self.store.get(res.key, m.get("namespace", ""), m["name"])
        if current is None:
            if self.has_generation(res):
                m.setdefault("generation", 1)
            return self.store.create(res.key, obj, copy_obj=False)
        if self._same(obj, current):
            return current
        return self.store.update(res.key, obj, copy_obj=False)

    def reconcile(self):
        if self.controllers is not None and not self.batch:
            self.controllers.run()

    # -- defaults -------------------------------------------------------------------------------
    @staticmethod
    def _pod_spec_defaults(spec):
        for c in (spec or {}).get("containers") or []:
            for port in c.get("ports") or []:
                port.setdefault("protocol", "TCP")

    def _defaults(self, res, obj, current):
        template = ((obj.get("spec") or {}).get("template") or {}).get("spec")
        if template is not None:
            self._pod_spec_defaults(template)
        if res.key == ("", "services"):
            self._service_defaults(obj, current)
        elif res.key == ("apps", "deployments"):
            spec = obj.setdefault("spec", {})
            spec.setdefault("replicas", 1)
            spec.setdefault("revisionHistoryLimit", 10)
            spec.setdefault("progressDeadlineSeconds", 600)
            spec.setdefault("strategy", {"type": "RollingUpdate",
                                         "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}})
        elif res.key in (("apps", "replicasets"), ("apps", "statefulsets"), ("", "replicationcontrollers")):
            obj.setdefault("spec", {}).setdefault("replicas", 1)
        elif res.key == ("", "namespaces"):
            obj.setdefault("spec", {"finalizers": ["kubernetes"]})
            obj.setdefault("status", {"phase": "Active"})
            labels = meta(obj).setdefault("labels", {})
            labels["kubernetes.io/metadata.name"] = obj["metadata"]["name"]
        elif res.key == ("", "secrets"):
            obj.setdefault("type", "Opaque")
            if "stringData" in obj:
                data = obj.setdefault("data", {})
                for k, v in obj.pop("stringData").items():
                    data[k] = base64.b64encode(str(v).encode()).decode()
        elif res.key == ("", "pods"):
            spec = obj.setdefault("spec", {})
            spec.setdefault("restartPolicy", "Always")
            spec.setdefault("dnsPolicy", "ClusterFirst")
            spec.setdefault("schedulerName", "default-scheduler")
            spec.setdefault("terminationGracePeriodSeconds", 30)
            spec.setdefault("containers", [])
            self._pod_spec_defaults(spec)
            if current is None:
                obj.setdefault("status", {"phase": "Pending", "qosClass": "BestEffort"})

    def _service_defaults(self, svc, current):
        spec = svc.setdefault("spec", {})
        spec.setdefault("type", "ClusterIP")
        spec.setdefault("sessionAffinity", "None")
        if spec["type"] != "ExternalName":
            if current is not None and (current.get("spec") or {}).get("clusterIP") and not spec.get("clusterIP"):
                spec["clusterIP"] = current["spec"]["clusterIP"]
            if not spec.get("clusterIP"):
                self.cluster_ip_serial += 1
                n = self.cluster_ip_serial
                spec["clusterIP"] = f"10.96.{n // 250}.{n % 250 + 1}"
            spec.setdefault("clusterIPs", [spec["clusterIP"]])
            spec.setdefault("ipFamilies", ["IPv4"])
            spec.setdefault("ipFamilyPolicy", "SingleStack")
            spec.setdefault("internalTrafficPolicy", "Cluster")
        if spec["type"] in ("NodePort", "LoadBalancer"):
            spec.setdefault("externalTrafficPolicy", "Cluster")
        if spec["type"] == "LoadBalancer":
            spec.setdefault("allocateLoadBalancerNodePorts", True)
        old_ports = {(p.get("port"), p.get("protocol", "TCP")): p for p in
                     ((current or {}).get("spec") or {}).get("ports") or []}
        for p in spec.get("ports") or []:
            p.setdefault("protocol", "TCP")
            p.setdefault("targetPort", p.get("port"))
            if spec["type"] in ("NodePort", "LoadBalancer") and not p.get("nodePort"):
                old = old_ports.get((p.get("port"), p["protocol"]))
                if old and old.get("nodePort"):
                    p["nodePort"] = old["nodePort"]
                else:
                    self.node_port_serial += 1
                    p["nodePort"] = 30000 + self.node_port_serial % 2768
        if current is None or "status" not in svc:
            svc["status"] = (current or {}).get("status") or {"loadBalancer": {}}
