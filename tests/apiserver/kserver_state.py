"""Run-time configurable parts of the Routemap test API server: injected faults, RBAC denials,
the request log, and the minimal OpenAPI v3 documents kubectl's validation needs."""

import copy
import hashlib
import json
import threading
import time

from kstore import ApiError

WRITE_VERBS = ["create", "update", "patch", "delete", "deletecollection"]


class RequestLog:
    def __init__(self, limit=200000):
        self.lock = threading.Lock()
        self.entries = []
        self.seq = 0
        self.limit = limit

    def add(self, method, path, query, params, headers):
        with self.lock:
            self.seq += 1
            entry = {"seq": self.seq, "time": time.time(), "method": method, "path": path, "query": query,
                     "params": params, "user": None, "userAgent": headers.get("User-Agent") or "",
                     "accept": headers.get("Accept") or "", "contentType": headers.get("Content-Type") or "",
                     "verb": None, "group": None, "resource": None, "subresource": "", "namespace": "",
                     "name": "", "watch": False, "status": None, "ms": None}
            self.entries.append(entry)
            if len(self.entries) > self.limit:
                del self.entries[: len(self.entries) - self.limit]
            return entry

    def snapshot(self, since=0, clear=False):
        with self.lock:
            out = [dict(e) for e in self.entries if e["seq"] > since]
            if clear:
                self.entries = []
            return out

    def clear(self):
        with self.lock:
            self.entries = []


class Faults:
    HTTP = ("http429", "http500", "http503", "delay", "continue_expired")
    WATCH = ("watch_drop", "watch_truncate", "watch_malformed", "watch_410")

    def __init__(self):
        self.lock = threading.Lock()
        self.active = []

    def add(self, spec):
        kind = spec.get("type")
        if kind == "clear":
            with self.lock:
                self.active = []
            return
        if kind not in self.HTTP + self.WATCH:
            raise ValueError(f"unknown fault type {kind!r}")
        spec = dict(spec)
        spec.setdefault("count", 1)
        spec.setdefault("match", {})
        spec.pop("cmd", None)
        with self.lock:
            self.active.append(spec)

    @staticmethod
    def _matches(match, entry):
        for key in ("method", "verb", "resource", "user", "namespace"):
            if key in match and match[key] != entry.get(key):
                return False
        if "path" in match and match["path"] not in entry.get("path", ""):
            return False
        return True

    def _take(self, types, entry):
        with self.lock:
            for f in self.active:
                if f["type"] in types and self._matches(f["match"], entry):
                    if f["count"] > 0:
                        f["count"] -= 1
                        if f["count"] == 0:
                            self.active.remove(f)
                    return copy.deepcopy(f)
        return None

    def take_http(self, entry):
        if entry.get("verb") == "list" and entry["params"].get("continue"):
            if self._take(("continue_expired",), entry):
                raise ApiError(410, "Expired", "The provided continue parameter is too old to display a consistent "
                               "list result. You can start a new list without the continue parameter.")
        return self._take(("http429", "http500", "http503", "delay"), entry)

    def take_watch(self, entry):
        return self._take(self.WATCH, entry)

    def describe(self):
        with self.lock:
            return copy.deepcopy(self.active)


class Rbac:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.rules = [{"user": "restricted", "verbs": WRITE_VERBS, "resources": "*"},
                      {"user": "restricted", "verbs": "*", "resources": ["secrets"]}]

    def set(self, rules, mode="replace"):
        with self.lock:
            if mode == "add":
                self.rules = self.rules + list(rules)
            else:
                self.rules = list(rules)

    @staticmethod
    def _in(value, allowed):
        return allowed in (None, "*") or value in allowed or "*" in allowed

    def check(self, user, route):
        resource = route["resource"] + (f"/{route['subresource']}" if route["subresource"] else "")
        ns = route["namespace"] if route["res"].namespaced else ""
        with self.lock:
            rules = list(self.rules)
        for rule in rules:
            if rule.get("user") not in (user, "*"):
                continue
            if not self._in(route["verb"], rule.get("verbs")):
                continue
            if not (self._in(route["resource"], rule.get("resources")) or self._in(resource, rule.get("resources"))):
                continue
            if not self._in(route["group"], rule.get("groups")):
                continue
            if rule.get("namespaces") is not None and ns not in rule["namespaces"]:
                continue
            if rule.get("clusterScope") and ns:
                continue
            raise self.forbidden(user, route, resource, ns)

    @staticmethod
    def forbidden(user, route, resource, ns):
        res = route["res"]
        where = f'in the namespace "{ns}"' if ns else "at the cluster scope"
        named = '"%s" ' % route["name"] if route["name"] else ""
        message = (f'{res.qualified()} {named}is forbidden: '
                   f'User "{user}" cannot {route["verb"]} resource "{resource}" in API group "{route["group"]}" '
                   f'{where}')
        details = {"kind": res.plural}
        if route["group"]:
            details["group"] = route["group"]
        if route["name"]:
            details["name"] = route["name"]
        return ApiError(403, "Forbidden", message, details)


def _gv_path(group, version):
    return f"apis/{group}/{version}" if group else f"api/{version}"


def openapi_v3_index(registry):
    paths = {}
    gvs = {("", "v1")} | {(r.group, v) for r in registry.resources for v in r.versions}
    for group, version in sorted(gvs):
        p = _gv_path(group, version)
        digest = hashlib.sha1(p.encode()).hexdigest().upper()
        paths[p] = {"serverRelativeURL": f"/openapi/v3/{p}?hash={digest}"}
    return {"paths": paths}


def openapi_v3_doc(registry, gv_path):
    """Just enough for kubectl's QueryParamVerifierV3: a PATCH operation per kind that declares fieldValidation."""
    parts = gv_path.split("/")
    if parts[0] == "api" and len(parts) == 2:
        group, version = "", parts[1]
    elif parts[0] == "apis" and len(parts) == 3:
        group, version = parts[1], parts[2]
    else:
        return None
    resources = registry.in_group_version(group, version)
    if not resources:
        return None
    paths = {}
    for r in resources:
        prefix = "/" + gv_path + ("/namespaces/{namespace}" if r.namespaced else "")
        gvk = {"group": group, "version": version, "kind": r.kind}
        params = [{"name": "fieldValidation", "in": "query", "schema": {"type": "string", "uniqueItems": True}},
                  {"name": "fieldManager", "in": "query", "schema": {"type": "string", "uniqueItems": True}},
                  {"name": "dryRun", "in": "query", "schema": {"type": "string", "uniqueItems": True}}]
        paths[f"{prefix}/{r.plural}/{{name}}"] = {
            "patch": {"operationId": f"patch{r.kind}", "x-kubernetes-action": "patch",
                      "x-kubernetes-group-version-kind": gvk, "parameters": params,
                      "responses": {"200": {"description": "OK"}}}}
        paths[f"{prefix}/{r.plural}"] = {
            "post": {"operationId": f"create{r.kind}", "x-kubernetes-action": "post",
                     "x-kubernetes-group-version-kind": gvk, "parameters": params,
                     "responses": {"201": {"description": "Created"}}}}
    return {"openapi": "3.0.0", "info": {"title": "Kubernetes", "version": "v1.32.0"}, "paths": paths,
            "components": {"schemas": {}}}


def dumps(obj):
    return json.dumps(obj, separators=(",", ":"))
