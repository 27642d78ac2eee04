"""In-memory object storage of the Routemap test API server: one global resourceVersion counter,
a bounded event history for watches, watchers, label/field selectors and patch application.

Stored objects are never mutated in place: every write stores a fresh deep copy, so a reference
taken under the lock (list snapshot, watch event) stays a consistent snapshot after it is released.
"""

import collections
import copy
import datetime
import queue
import re
import threading
import uuid


def now_rfc3339():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class ApiError(Exception):
    """A Kubernetes Status error: raised anywhere, turned into a Status response by the handler."""

    def __init__(self, code, reason, message, details=None, headers=None):
        super().__init__(message)
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
        self.headers = headers or {}

    def status(self):
        body = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                "message": self.message, "reason": self.reason, "code": self.code}
        if self.details:
            body["details"] = self.details
        return body


def not_found(res, name):
    details = {"name": name, "kind": res.plural}
    if res.group:
        details["group"] = res.group
    return ApiError(404, "NotFound", f'{res.qualified()} "{name}" not found', details)


# ---------------------------------------------------------------------------------------------
# Selectors

_SET_RE = re.compile(r"^\s*([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)\s*$")


def _split_top_level(text):
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    if cur or parts:
        parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def parse_label_selector(text):
    """Returns a predicate over a labels dict. Equality and set-based forms, as in kubectl -l."""
    reqs = []
    for term in _split_top_level(text or ""):
        m = _SET_RE.match(term)
        if m:
            key, op, values = m.group(1), m.group(2), {v.strip() for v in m.group(3).split(",") if v.strip()}
            if op == "in":
                reqs.append(lambda l, k=key, vs=values: k in l and l[k] in vs)
            else:
                reqs.append(lambda l, k=key, vs=values: k not in l or l[k] not in vs)
        elif "!=" in term:
            key, value = (s.strip() for s in term.split("!=", 1))
            reqs.append(lambda l, k=key, v=value: l.get(k) != v)
        elif "==" in term or "=" in term:
            key, value = (s.strip() for s in term.replace("==", "=", 1).split("=", 1))
            reqs.append(lambda l, k=key, v=value: l.get(k) == v)
        elif term.startswith("!"):
            key = term[1:].strip()
            reqs.append(lambda l, k=key: k not in l)
        else:
            reqs.append(lambda l, k=term: k in l)
    return lambda labels: all(r(labels or {}) for r in reqs)


def _field_value(obj, path):
    cur = obj
    for part in path.split("."):
        if not isinstance(cur, dict):
            return ""
        cur = cur.get(part)
    if cur is None:
        return ""
    if isinstance(cur, bool):
        return "true" if cur else "false"
    return str(cur)


def parse_field_selector(text):
    """metadata.name, metadata.namespace, type (Secrets), spec.nodeName, status.phase... (any dotted path)."""
    reqs = []
    for term in _split_top_level(text or ""):
        if "!=" in term:
            key, value = term.split("!=", 1)
            reqs.append(lambda o, k=key.strip(), v=value.strip(): _field_value(o, k) != v)
        elif "=" in term:
            key, value = term.replace("==", "=", 1).split("=", 1)
            reqs.append(lambda o, k=key.strip(), v=value.strip(): _field_value(o, k) == v)
        else:
            raise ApiError(400, "BadRequest", f'unable to parse requirement: invalid field selector "{term}"')
    return lambda obj: all(r(obj) for r in reqs)


def label_selector_string(sel):
    parts = [f"{k}={v}" for k, v in sorted((sel.get("matchLabels") or {}).items())]
    for expr in sel.get("matchExpressions") or []:
        op = expr.get("operator")
        if op in ("In", "NotIn"):
            parts.append(f"{expr['key']} {op.lower()} ({','.join(sorted(expr.get('values') or []))})")
        elif op == "Exists":
            parts.append(expr["key"])
        elif op == "DoesNotExist":
            parts.append("!" + expr["key"])
    return ",".join(parts)


# ---------------------------------------------------------------------------------------------
# Patches

def merge_patch(target, patch):
    """RFC 7386 JSON merge patch."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for k, v in patch.items():
        if v is None:
            result.pop(k, None)
        else:
            result[k] = merge_patch(result.get(k), v)
    return result


# patchMergeKey of the list fields in the built-in types (k8s.io/api struct tags), by field name.
_MERGE_KEYS = {"containers": "name", "initContainers": "name", "ephemeralContainers": "name", "env": "name",
               "volumes": "name", "volumeMounts": "mountPath", "volumeDevices": "devicePath",
               "imagePullSecrets": "name", "hostAliases": "ip", "conditions": "type", "ownerReferences": "uid",
               "topologySpreadConstraints": "topologyKey", "resourceClaims": "name", "secrets": "name"}


def _merge_key(field, items):
    if field == "ports":  # container ports merge by containerPort, Service ports by port
        return "containerPort" if any(isinstance(e, dict) and "containerPort" in e for e in items) else "port"
    return _MERGE_KEYS.get(field)


def _without_nulls(value):
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None and not k.startswith("$")}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def strategic_merge_patch(target, patch):
    """Strategic merge patch, approximated: like a merge patch, but lists of objects that share a merge key
    (name, containerPort, port, ...) are merged element by element, and '$' directives are honoured loosely."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    if patch.get("$patch") == "replace":
        return {k: copy.deepcopy(v) for k, v in patch.items() if not k.startswith("$")}
    if patch.get("$patch") == "delete":
        return None
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for k, v in patch.items():
        if k.startswith("$"):
            continue
        if v is None:
            result.pop(k, None)
        elif isinstance(v, list) and isinstance(result.get(k), list) and _merge_key(k, v + result[k]):
            result[k] = _merge_list(result[k], v, _merge_key(k, v + result[k]), patch.get(f"$setElementOrder/{k}"))
        elif isinstance(v, dict):
            merged = strategic_merge_patch(result.get(k), v)
            if merged is None:
                result.pop(k, None)
            else:
                result[k] = merged
        elif isinstance(v, list):
            result[k] = [_without_nulls(e) for e in v if not (isinstance(e, dict) and e.get("$patch") == "delete")]
        else:
            result[k] = _without_nulls(v)
    return result


def _merge_list(current, patch, key, order):
    if not all(isinstance(e, dict) for e in current + patch):
        return _without_nulls(patch)
    out = [copy.deepcopy(c) for c in current]
    for e in patch:
        idx = next((i for i, c in enumerate(out) if c.get(key) == e.get(key)), None)
        if e.get("$patch") == "delete":
            if idx is not None:
                out.pop(idx)
        elif idx is None:
            out.append(_without_nulls(e))
        else:
            out[idx] = strategic_merge_patch(out[idx], e)
    if isinstance(order, list):
        keys = [o.get(key) for o in order if isinstance(o, dict)]
        out.sort(key=lambda c: keys.index(c.get(key)) if c.get(key) in keys else len(keys))
    return out


def json_patch(target, ops):
    """RFC 6902 JSON patch (add, remove, replace, test, move, copy)."""
    doc = copy.deepcopy(target)

    def walk(path):
        parts = [p.replace("~1", "/").replace("~0", "~") for p in path.split("/")[1:]]
        parent = doc
        for p in parts[:-1]:
            parent = parent[int(p)] if isinstance(parent, list) else parent[p]
        return parent, parts[-1]

    def get(path):
        parent, last = walk(path)
        return parent[int(last)] if isinstance(parent, list) else parent[last]

    def put(path, value, replace):
        parent, last = walk(path)
        if isinstance(parent, list):
            if last == "-":
                parent.append(value)
            elif replace:
                parent[int(last)] = value
            else:
                parent.insert(int(last), value)
        else:
            parent[last] = value

    def remove(path):
        parent, last = walk(path)
        return parent.pop(int(last)) if isinstance(parent, list) else parent.pop(last)

    try:
        for op in ops:
            kind, path = op["op"], op["path"]
            if kind == "add":
                put(path, copy.deepcopy(op["value"]), False)
            elif kind == "replace":
                get(path)
                put(path, copy.deepcopy(op["value"]), True)
            elif kind == "remove":
                remove(path)
            elif kind == "test":
                if get(path) != op["value"]:
                    raise ApiError(422, "Invalid", f"the server rejected our request due to an error in our "
                                   f"request: test operation failed at {path}")
            elif kind == "move":
                put(path, remove(op["from"]), False)
            elif kind == "copy":
                put(path, copy.deepcopy(get(op["from"])), False)
    except (KeyError, IndexError, ValueError, TypeError) as e:
        raise ApiError(422, "Invalid", f"the server rejected our request due to an error in our request: {e}")
    return doc


# ---------------------------------------------------------------------------------------------
# Storage

Event = collections.namedtuple("Event", "rv key type obj old")


class Watcher:
    def __init__(self, key, namespace):
        self.key = key
        self.namespace = namespace
        self.queue = queue.Queue()
        self.closed = False  # set by the store to drop the stream (fault injection, listener stop)


class TooOld(Exception):
    def __init__(self, oldest):
        super().__init__(oldest)
        self.oldest = oldest


class Store:
    def __init__(self, history_size=1000):
        self.lock = threading.RLock()
        self.rv = 0
        self.objects = collections.defaultdict(dict)  # (group, plural) -> {(ns, name): obj}
        self.history = collections.deque()
        self.history_size = history_size
        self.compacted_rv = 0  # events with rv <= this are no longer in the history
        self.watchers = set()
        self.dirty_namespaces = set()
        self.on_event = None  # callable(Event), e.g. to wake controllers

    # -- reading ------------------------------------------------------------------------------
    def get(self, key, ns, name):
        return self.objects[key].get((ns or "", name))

    def items(self, key, ns=None):
        """Objects of one resource sorted by namespace/name (etcd key order); ns None = all."""
        objs = self.objects[key]
        keys = sorted(k for k in objs if ns is None or k[0] == ns)
        return [objs[k] for k in keys]

    # -- writing ------------------------------------------------------------------------------
    def _next_rv(self):
        self.rv += 1
        return str(self.rv)

    def _record(self, key, etype, obj, old):
        ev = Event(self.rv, key, etype, obj, old)
        self.history.append(ev)
        while len(self.history) > self.history_size:
            dropped = self.history.popleft()
            self.compacted_rv = dropped.rv
        ns = (obj.get("metadata") or {}).get("namespace", "")
        self.dirty_namespaces.add(ns)
        for w in list(self.watchers):
            if w.key == key and (w.namespace is None or w.namespace == ns):
                w.queue.put(ev)
        if self.on_event:
            self.on_event(ev)

    def create(self, key, obj, copy_obj=True):
        """copy_obj=False hands over an object nobody else holds (controllers build theirs fresh)."""
        obj = copy.deepcopy(obj) if copy_obj else dict(obj, metadata=dict(obj.get("metadata") or {}))
        meta = obj["metadata"]
        ident = (meta.get("namespace", ""), meta["name"])
        meta.setdefault("uid", str(uuid.uuid4()))
        meta.setdefault("creationTimestamp", now_rfc3339())
        meta["resourceVersion"] = self._next_rv()
        self.objects[key][ident] = obj
        self._record(key, "ADDED", obj, None)
        return obj

    def update(self, key, obj, copy_obj=True):
        # Without a deep copy, at least metadata is copied: resourceVersion is set below.
        obj = copy.deepcopy(obj) if copy_obj else dict(obj, metadata=dict(obj["metadata"]))
        meta = obj["metadata"]
        ident = (meta.get("namespace", ""), meta["name"])
        old = self.objects[key][ident]
        meta["resourceVersion"] = self._next_rv()
        self.objects[key][ident] = obj
        self._record(key, "MODIFIED", obj, old)
        return obj

    def delete(self, key, ns, name):
        old = self.objects[key].pop((ns or "", name))
        # DELETED carries the last state with a new resourceVersion, as etcd's delete revision.
        obj = copy.deepcopy(old)
        obj["metadata"]["resourceVersion"] = self._next_rv()
        self._record(key, "DELETED", obj, old)
        return obj

    # -- watching -----------------------------------------------------------------------------
    def history_since(self, key, ns, rv):
        """Events for key/ns with rv > given; raises TooOld when the history no longer reaches back."""
        if rv < self.compacted_rv:
            raise TooOld(self.compacted_rv + 1)
        return [e for e in self.history if e.rv > rv and e.key == key
                and (ns is None or (e.obj.get("metadata") or {}).get("namespace", "") == ns)]

    def add_watcher(self, key, ns):
        w = Watcher(key, ns)
        self.watchers.add(w)
        return w

    def remove_watcher(self, w):
        self.watchers.discard(w)

    def close_watchers(self, match=lambda w: True):
        with self.lock:
            for w in list(self.watchers):
                if match(w):
                    w.closed = True
                    w.queue.put(None)
