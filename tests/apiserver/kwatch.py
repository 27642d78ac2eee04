"""Watch streams of the Routemap test API server (k8s-api.md section 3): 200 + chunked, one JSON event and a
newline per chunk, initial ADDED events when no resourceVersion is given, BOOKMARKs when asked, ERROR 410
for a resourceVersion older than the kept history, a clean end at timeoutSeconds, and injected faults.
"""

import json
import select
import socket
import ssl
import time

from kapi import Api
from kstore import ApiError, TooOld, parse_field_selector, parse_label_selector


def parse_bool(value):
    """apimachinery Convert_Slice_string_To_bool: absent, "0" or "false" (any case) is false; anything else true."""
    if value is None:
        return False
    return value.lower() not in ("0", "false")


class _Abort(Exception):
    pass


class WatchMixin:
    """Mixed into the request handler; expects self.server.app, self.entry and the http.server members."""

    def write_chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

    def client_gone(self):
        """During a watch a client sends nothing; readable means it closed (or sent a TLS close_notify)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
        except (OSError, ValueError):
            return True
        return bool(readable)

    def abort(self):
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def serve_watch(self, route, params, metadata_only):
        app = self.server.app
        res, ns, version = route["res"], route["namespace"] or None, route["version"]
        if not res.namespaced:
            ns = None
        if route["name"]:
            params = dict(params)
            params["fieldSelector"] = ",".join(filter(None, [params.get("fieldSelector"),
                                                             f"metadata.name={route['name']}"]))
        label_pred = parse_label_selector(params.get("labelSelector"))
        field_pred = parse_field_selector(params.get("fieldSelector"))
        matches = lambda o: o is not None and label_pred(o["metadata"].get("labels")) and field_pred(o)
        bookmarks = parse_bool(params.get("allowWatchBookmarks"))
        timeout = float(params["timeoutSeconds"]) if params.get("timeoutSeconds") else 1800.0
        if app.watch_timeout_cap:
            timeout = min(timeout, app.watch_timeout_cap)
        rv_param = params.get("resourceVersion") or ""
        initial_end = parse_bool(params.get("sendInitialEvents"))
        fault = app.faults.take_watch(self.entry)
        pending, error = [], None
        with app.store.lock:
            if fault is not None and fault["type"] == "watch_410":
                error = ("too old resource version: %s (%d)" % (rv_param or "0", app.store.rv))
            elif rv_param in ("", "0"):
                pending = [("ADDED", o) for o in app.store.items(res.key, ns) if matches(o)]
            else:
                try:
                    since = int(rv_param)
                except ValueError:
                    raise ApiError(400, "BadRequest", f'invalid resource version: "{rv_param}"')
                try:
                    for ev in app.store.history_since(res.key, ns, since):
                        pending.extend(self.translate(ev, matches))
                except TooOld as e:
                    error = f"too old resource version: {since} ({e.oldest})"
            watcher = app.store.add_watcher(res.key, ns) if error is None else None
            start_rv = app.store.rv
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Cache-Control", "no-cache, private")
            self.end_headers()
            self.entry["status"] = 200
            if error is not None:
                status = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                          "message": error, "reason": "Expired", "code": 410}
                self.write_chunk(json.dumps({"type": "ERROR", "object": status}).encode() + b"\n")
                self.write_chunk(b"")
                return
            sent = 0

            def send(etype, obj):
                nonlocal sent
                obj = Api.as_version(obj, res, version)
                if metadata_only and etype != "BOOKMARK":
                    obj = Api.partial_metadata(obj)
                line = json.dumps({"type": etype, "object": obj}, separators=(",", ":")).encode() + b"\n"
                if fault is not None:
                    if fault["type"] == "watch_drop" and sent >= fault.get("afterEvents", 0):
                        raise _Abort()
                    if fault["type"] == "watch_truncate":
                        self.write_chunk(line[:len(line) // 2])
                        raise _Abort()
                    if fault["type"] == "watch_malformed" and not fault.get("_done"):
                        fault["_done"] = True
                        self.write_chunk(b'{"type":"ADDED","object":{"kind":"' + b"\n")
                self.write_chunk(line)
                sent += 1

            def bookmark(rv, annotations=None):
                m = {"resourceVersion": str(rv), "creationTimestamp": None}
                if annotations:
                    m["annotations"] = annotations
                send("BOOKMARK", {"kind": res.kind, "apiVersion": res.api_version(version), "metadata": m})

            if fault is not None and fault["type"] == "watch_drop" and fault.get("afterEvents", 0) == 0:
                raise _Abort()
            for etype, obj in pending:
                send(etype, obj)
            app.fire_watch_hooks(route)
            if initial_end and bookmarks and rv_param in ("", "0"):
                bookmark(start_rv, {"k8s.io/initial-events-end": "true"})
            deadline = time.monotonic() + timeout
            next_bookmark = time.monotonic() + app.bookmark_interval
            while True:
                now = time.monotonic()
                if now >= deadline:
                    break
                wait = min(deadline - now, 0.5)  # also notice a client that went away
                if bookmarks:
                    wait = min(wait, max(0.0, next_bookmark - now))
                try:
                    ev = watcher.queue.get(timeout=wait)
                except Exception:  # queue.Empty
                    if self.client_gone():
                        raise _Abort()
                    if bookmarks and time.monotonic() >= next_bookmark:
                        with app.store.lock:
                            rv = app.store.rv if watcher.queue.empty() else None
                        if rv is not None:
                            bookmark(rv)
                        next_bookmark = time.monotonic() + app.bookmark_interval
                    continue
                if ev is None or watcher.closed:
                    raise _Abort()
                for etype, obj in self.translate(ev, matches):
                    send(etype, obj)
            self.write_chunk(b"")  # end of stream at the deadline: a clean end, no ERROR event
        except _Abort:
            self.abort()
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            self.close_connection = True
        finally:
            if watcher is not None:
                with app.store.lock:
                    app.store.remove_watcher(watcher)

    @staticmethod
    def translate(ev, matches):
        """A stored event as seen through a selector: objects entering it are ADDED, leaving it DELETED."""
        if ev.type == "MODIFIED":
            now_in, was_in = matches(ev.obj), matches(ev.old)
            if now_in and was_in:
                return [("MODIFIED", ev.obj)]
            if now_in:
                return [("ADDED", ev.obj)]
            if was_in:
                return [("DELETED", ev.obj)]
            return []
        return [(ev.type, ev.obj)] if matches(ev.obj) else []


