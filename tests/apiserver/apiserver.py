#!/usr/bin/python3
"""Routemap test Kubernetes API server: a loopback-only kube-apiserver look-alike that the test suite
starts itself, good enough for the real kubectl (/usr/bin/kubectl, dispatched to kubectl 1.32) and
python3-kubernetes 22.6. Python standard library only; certificates come from the openssl command.

Start:  /usr/bin/python3 apiserver.py [--port 0] [--dir DIR] [--plain] [--gateway full|partial|none]
        [--strict-namespaces] [--bookmark-interval S] [--history N] [--lb-pending] [--nodes N]
        [--pod-grace-ms N] [--verbose]
It binds 127.0.0.1 only (--bind accepts nothing else), writes certificates and a kubeconfig into DIR
(a temporary directory removed at exit when not given) and prints ONE JSON line when ready:
  {"ready":true,"url":"https://127.0.0.1:PORT","port":PORT,"ca":PATH,"kubeconfig":PATH,"token":ADMIN_TOKEN,
   "restrictedToken":TOKEN,"clientCert":PATH,"clientKey":PATH,"dir":DIR,"pid":PID,
   "contexts":{"token":"admin","cert":"cert-admin","restricted":"restricted","bad-token":"-"}}
The kubeconfig's current context is "token"; "cert" authenticates by client certificate (user cert-admin),
"restricted" is a token user limited by RBAC (see rbac below), "bad-token" gets 401.

Control channel (not part of the Kubernetes API): one JSON object per line on stdin, each answered by
one JSON line on stdout ({"ok":true,...} or {"ok":false,"error":"..."}; an "id" member is echoed):
  {"cmd":"ping"}                                   -> {"ok":true,"rv":"<current resourceVersion>"}
  {"cmd":"log","since":SEQ,"clear":false}          -> {"entries":[{seq,method,path,query,params,user,userAgent,
                                                       accept,contentType,verb,group,resource,subresource,namespace,
                                                       name,watch,status,ms}]}   (every request, in order; ms =
                                                       time to answer, or to the end of a watch stream)
  {"cmd":"clear_log"}
  {"cmd":"fault","type":T,...}  inject a fault; optional "count" (default 1, -1 = until cleared) and "match":
       {"path":substring,"method":M,"verb":V,"resource":R,"user":U} restricting which requests it hits. Types:
       "http429" ("retryAfter" s, default 1: text/plain body as API Priority and Fairness sends),
       "http500" (Status InternalError), "http503", "delay" ("ms"), "watch_drop" (close the stream abruptly after
       "afterEvents" events, default 0), "watch_truncate" (send half of the next event then close),
       "watch_malformed" (send one line of broken JSON, then carry on), "watch_410" (one ERROR 410 event, end),
       "continue_expired" (410 Expired for the next list with continue), "clear" (remove every fault)
  {"cmd":"drop_watches","resource":R?}             close open watch streams now, mid-stream
  {"cmd":"expire_continue"}                        forget all continue tokens (their lists get 410)
  {"cmd":"compact"}                                forget the event history: watches from older RVs get 410
  {"cmd":"rbac","rules":[...],"mode":"replace"|"add"} | {"cmd":"rbac","reset":true} | {"cmd":"rbac"} (show)
       deny rules: {"user":U,"verbs":[...]|"*","resources":[...]|"*","groups":[...]?,"namespaces":[...]?,
       "clusterScope":true?}; a request matching any rule gets 403 with kube-apiserver's message.
       Default: user "restricted" may only get/list/watch, and nothing on secrets.
  {"cmd":"set_ready","namespace":NS,"name":POD|"selector":SEL,"ready":bool}   flip pod readiness
  {"cmd":"set_lb","namespace":NS,"name":SVC,"pending":bool}                     LoadBalancer address or none
  {"cmd":"config","bookmarkInterval":S,"watchTimeoutCap":S,"historySize":N,"lbPending":bool,"podGraceMs":N}
       watchTimeoutCap ends every watch after S s (0 = off); podGraceMs > 0 keeps deleted Pods terminating
       (deletionTimestamp set, EndpointSlice conditions terminating) that long before they go
  {"cmd":"apply","object":{...}}  create or replace as admin (no faults, no log); -> {"object":...}
  {"cmd":"apply","objects":[...]} the same for several objects              -> {"objects":[...]}
  {"cmd":"get"|"delete","apiVersion":AV,"kind":K,"namespace":NS?,"name":N}  ->  {"object":...}
  {"cmd":"list","apiVersion":AV,"kind":K,"namespace":NS?,"labelSelector":S?} -> {"items":[...]}
  {"cmd":"stop"} | {"cmd":"start"} | {"cmd":"restart"}  close / reopen the listener on the same port, state kept
       (stop also cuts open connections and watch streams)
  {"cmd":"quit"}
  {"cmd":"when_watched","resource":R,"namespace":NS?,"delayMs":N,"then":{command}}  run a command N ms
       (default 100) after the next watch of R has sent its initial events: a change a blocking watcher sees
Any other command with "delayMs":N is answered at once with {"ok":true,"scheduled":true} and run N ms later
(for changes made while a client sits in a blocking call such as kubectl get -w).

Controllers (run synchronously right after each write, so they act well under 100 ms): Deployment ->
ReplicaSet -> Pods, ReplicationController/StatefulSet/DaemonSet -> Pods, a scheduler+kubelet giving pods a
node, a podIP and the Ready condition (annotation routemap.test/ready: "false" on the pod or its template keeps
it not ready), EndpointSlices and Endpoints per Service, LoadBalancer addresses (annotation
routemap.test/lb-pending: "true", spec.loadBalancerClass or --lb-pending keeps them pending), garbage collection
by ownerReferences. Nodes node-1..N and namespaces default, kube-system, kube-public, kube-node-lease and the
"kubernetes" Service exist at start.

Deviations from a real kube-apiserver (deliberate, for simple tests):
- A namespaced object in a missing namespace creates the namespace (a real server answers 404);
  --strict-namespaces gives the real 404.
- kubectl apply/create validation: /openapi/v3 is served minimally so that kubectl sees server-side field
  validation support and sends fieldValidation=Strict; the server does not validate fields. /openapi/v2 is an
  empty protobuf document (for kind: List files kubectl validates client-side and then skips every kind).
- Strategic merge patch is a merge patch that merges lists of objects by a common key (name, port, ...).
  Server-side apply (application/apply-patch+yaml) accepts JSON bodies only and is treated as a merge patch.
- No admission, no field validation, no finalizers: deletes are immediate, except Pods when a grace period
  is configured (--pod-grace-ms / podGraceMs); the garbage collector deletes dependants at once.
- Table requests (Accept ...;as=Table) get the plain list; kubectl falls back to its own columns.
- BOOKMARKs come every --bookmark-interval seconds (default 1 s; kube-apiserver: about a minute); the
  initial-events-end bookmark of sendInitialEvents is sent only when the client asks for sendInitialEvents.
- Requests without credentials over TLS get 401 except /version, /healthz, /livez, /readyz (anonymous auth
  limited to public info); with --plain, requests without credentials act as the admin user.
- Protobuf request bodies (kubectl's typed "create secret|configmap|namespace|serviceaccount") are decoded
  for those kinds only; other protobuf bodies (kubectl create deployment|service|ingress ...) get 415: use
  kubectl create/apply -f, which send JSON. Responses are always JSON.
- EndpointSlices hold at most 100 endpoints each, like the controller's default; core Endpoints are not
  truncated at 1000 addresses (no over-capacity annotation).
- Controllers rescan the written object's namespace: a write costs ~5 ms in a namespace of a few dozen objects
  and ~150 ms next to 1000 pods.
- Only built-in kinds plus Gateway API (no CRD-defined kinds); Secret data is stored and returned as sent.
"""

import argparse
import gzip
import json
import os
import shutil
import socket
import ssl
import sys
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.dont_write_bytecode = True  # keep the source tree clean of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import kcerts  # noqa: E402
import kproto  # noqa: E402
from kapi import Api, VERSION_INFO  # noqa: E402
from kcontrollers import Controllers  # noqa: E402
from kresources import Registry  # noqa: E402
from kstore import ApiError, Store  # noqa: E402
from kserver_state import Faults, Rbac, RequestLog, openapi_v3_doc, openapi_v3_index  # noqa: E402
from kwatch import WatchMixin, parse_bool  # noqa: E402

ADMIN_TOKEN = "routemap-admin-token"
RESTRICTED_TOKEN = "routemap-restricted-token"
CERT_USER = ("cert-admin", "system:masters")
PUBLIC_PATHS = ("/version", "/healthz", "/livez", "/readyz")


class Server:
    def __init__(self, args):
        self.args = args
        self.registry = Registry(args.gateway)
        self.store = Store(args.history)
        self.api = Api(self.registry, self.store, implicit_namespaces=not args.strict_namespaces)
        self.controllers = Controllers(self.api, nodes=args.nodes, lb_pending=args.lb_pending)
        self.api.controllers = self.controllers
        self.api.pod_grace_ms = args.pod_grace_ms
        self.faults = Faults()
        self.rbac = Rbac()
        self.log = RequestLog()
        self.bookmark_interval = args.bookmark_interval
        self.watch_timeout_cap = None
        self.watch_hooks = []
        self.tokens = {ADMIN_TOKEN: "admin", RESTRICTED_TOKEN: "restricted"}
        self.httpd = None
        self.thread = None
        self.port = args.port
        self.connections = set()
        self.conn_lock = threading.Lock()
        self.out_lock = threading.Lock()
        self.ssl_context = None
        with self.store.lock:
            self.controllers.bootstrap()

    # -- listener -------------------------------------------------------------------------------
    def start(self):
        server = self

        class Httpd(ThreadingHTTPServer):
            daemon_threads = True
            allow_reuse_address = True
            request_queue_size = 64

            def finish_request(self, request, client_address):
                # Headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm and the
                # client's delayed ACK stall every response by ~40 ms.
                request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                if server.ssl_context is not None:
                    try:
                        request.settimeout(10)
                        request = server.ssl_context.wrap_socket(request, server_side=True)
                        request.settimeout(None)
                    except (ssl.SSLError, OSError):
                        return
                with server.conn_lock:
                    server.connections.add(request)
                try:
                    super().finish_request(request, client_address)
                finally:
                    with server.conn_lock:
                        server.connections.discard(request)

            def handle_error(self, request, client_address):
                if server.args.verbose:
                    super().handle_error(request, client_address)

        self.httpd = Httpd(("127.0.0.1", self.port), Handler)
        self.httpd.app = self
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def stop(self):
        if self.httpd is None:
            return
        self.httpd.shutdown()
        self.httpd.server_close()
        self.httpd = None
        self.store.close_watchers()
        with self.conn_lock:
            conns = list(self.connections)
        for c in conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    @property
    def url(self):
        return f"{'http' if self.args.plain else 'https'}://127.0.0.1:{self.port}"

    # -- set-up ---------------------------------------------------------------------------------
    def setup_files(self, d):
        info = {"dir": d}
        if not self.args.plain:
            paths = kcerts.generate(d, [CERT_USER])
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(paths["server.crt"], paths["server.key"])
            ctx.load_verify_locations(paths["ca.crt"])
            ctx.verify_mode = ssl.CERT_OPTIONAL
            ctx.set_alpn_protocols(["http/1.1"])
            self.ssl_context = ctx
            info.update(ca=paths["ca.crt"], clientCert=paths["cert-admin.crt"], clientKey=paths["cert-admin.key"])
        cluster = {"server": self.url}
        if not self.args.plain:
            cluster["certificate-authority"] = info["ca"]
        users = [{"name": "admin", "user": {"token": ADMIN_TOKEN}},
                 {"name": "restricted", "user": {"token": RESTRICTED_TOKEN}},
                 {"name": "bad-token", "user": {"token": "not-a-valid-token"}}]
        if not self.args.plain:
            users.append({"name": "cert-admin", "user": {"client-certificate": info["clientCert"],
                                                         "client-key": info["clientKey"]}})
        contexts = [{"name": "token", "context": {"cluster": "routemap-test", "user": "admin"}},
                    {"name": "restricted", "context": {"cluster": "routemap-test", "user": "restricted"}},
                    {"name": "bad-token", "context": {"cluster": "routemap-test", "user": "bad-token"}}]
        if not self.args.plain:
            contexts.append({"name": "cert", "context": {"cluster": "routemap-test", "user": "cert-admin"}})
        kubeconfig = {"apiVersion": "v1", "kind": "Config", "current-context": "token", "preferences": {},
                      "clusters": [{"name": "routemap-test", "cluster": cluster}], "users": users,
                      "contexts": contexts}
        info["kubeconfig"] = os.path.join(d, "kubeconfig")
        with open(info["kubeconfig"], "w") as f:
            json.dump(kubeconfig, f, indent=2)  # JSON is YAML: kubectl and python3-kubernetes read it
        return info

    # -- control channel ------------------------------------------------------------------------
    def emit(self, obj):
        with self.out_lock:
            sys.stdout.write(json.dumps(obj) + "\n")
            sys.stdout.flush()

    def fire_watch_hooks(self, route):
        """Runs the commands waiting for a watch on this resource (when_watched), once it has started."""
        with self.out_lock:
            due = [h for h in self.watch_hooks if h["resource"] == route["resource"]
                   and h.get("namespace") in (None, route["namespace"])]
            self.watch_hooks = [h for h in self.watch_hooks if h not in due]
        for h in due:
            threading.Timer(float(h.get("delayMs", 100)) / 1000.0, self.run_quietly, (h["then"],)).start()

    def run_quietly(self, cmd):
        from kcontrol import handle_command
        try:
            handle_command(self, cmd)
        except Exception as e:
            sys.stderr.write(f"apiserver: delayed command {cmd.get('cmd')} failed: {e}\n")

    def control_loop(self):
        from kcontrol import handle_command
        for line in sys.stdin:
            line = line.strip()
            if not line:
                continue
            try:
                cmd = json.loads(line)
                if isinstance(cmd, dict) and cmd.get("delayMs") and cmd.get("cmd") != "when_watched":
                    # Runs later, e.g. a change made while a client is in a blocking watch.
                    later = {k: v for k, v in cmd.items() if k not in ("delayMs", "id")}
                    threading.Timer(float(cmd["delayMs"]) / 1000.0, self.run_quietly, (later,)).start()
                    reply = {"ok": True, "scheduled": True}
                else:
                    reply = handle_command(self, cmd)
            except ApiError as e:
                cmd = cmd if isinstance(cmd, dict) else {}
                reply = {"ok": False, "error": e.message, "code": e.code}
            except Exception as e:  # the channel must answer every line
                cmd = cmd if isinstance(cmd, dict) else {}
                reply = {"ok": False, "error": f"{type(e).__name__}: {e}"}
            if isinstance(cmd, dict) and "id" in cmd:
                reply["id"] = cmd["id"]
            self.emit(reply)
            if reply.get("quit"):
                break


class Handler(WatchMixin, BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "routemap-test-apiserver"
    sys_version = ""

    def log_message(self, fmt, *args):
        if self.server.app.args.verbose:
            sys.stderr.write("apiserver: " + (fmt % args) + "\n")

    def do_GET(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def do_PUT(self):
        self.dispatch("PUT")

    def do_PATCH(self):
        self.dispatch("PATCH")

    def do_DELETE(self):
        self.dispatch("DELETE")

    # -- responses ------------------------------------------------------------------------------
    def send_json(self, code, body, headers=None):
        data = json.dumps(body, separators=(",", ":")).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        # kube-apiserver gzips a response whose first write is at least 128 KiB when the client accepts it.
        if len(data) >= 128 * 1024 and "gzip" in (self.headers.get("Accept-Encoding") or ""):
            data = gzip.compress(data, compresslevel=4)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-cache, private")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        self.entry["status"] = code

    def send_bytes(self, code, data, content_type):
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self.entry["status"] = code

    def send_text(self, code, text, headers=None):
        data = text.encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)
        self.entry["status"] = code

    def send_error_status(self, err):
        self.send_json(err.code, err.status(), err.headers)

    # -- request handling -----------------------------------------------------------------------
    def dispatch(self, method):
        app = self.server.app
        split = urllib.parse.urlsplit(self.path)
        path = split.path.rstrip("/") or "/"
        params = {k: v[-1] for k, v in urllib.parse.parse_qs(split.query, keep_blank_values=True).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.entry = app.log.add(method, path, split.query, params, self.headers)
        started = time.monotonic()
        try:
            user = self.authenticate()
            self.entry["user"] = user
            route = self.route(method, path, params)
            self.entry.update({k: v for k, v in route.items() if k not in ("res", "kind")})
            fault = app.faults.take_http(self.entry)
            if fault is not None:
                if fault["type"] == "delay":
                    time.sleep(fault.get("ms", 100) / 1000.0)
                elif fault["type"] == "http429":
                    retry = str(fault.get("retryAfter", 1))
                    return self.send_text(429, "Too many requests, please try again later.\n",
                                          {"Retry-After": retry})
                elif fault["type"] == "http500":
                    raise ApiError(500, "InternalError", "Internal error occurred: injected fault",
                                   {"causes": [{"message": "injected fault"}]})
                elif fault["type"] == "http503":
                    raise ApiError(503, "ServiceUnavailable", "the server is currently unable to handle the request",
                                   {"retryAfterSeconds": 1}, {"Retry-After": "1"})
            if route["kind"] == "resource":
                if user is None:
                    raise ApiError(401, "Unauthorized", "Unauthorized")
                app.rbac.check(user, route)
                return self.handle_resource(method, route, params, body)
            return self.handle_nonresource(path, user)
        except ApiError as e:
            self.send_error_status(e)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            self.close_connection = True
        except Exception as e:  # a bug in the test server must still answer like a server
            if app.args.verbose:
                import traceback
                traceback.print_exc()
            try:
                self.send_error_status(ApiError(500, "InternalError", f"Internal error occurred: {e}"))
            except OSError:
                self.close_connection = True
        finally:
            self.entry["ms"] = round((time.monotonic() - started) * 1000.0, 1)

    def authenticate(self):
        app = self.server.app
        auth = self.headers.get("Authorization") or ""
        if auth.lower().startswith("bearer "):
            user = app.tokens.get(auth[7:].strip())
            if user is None:
                raise ApiError(401, "Unauthorized", "Unauthorized")
            return user
        if app.ssl_context is not None:
            cert = self.connection.getpeercert()
            if cert:
                for rdn in cert.get("subject", ()):
                    for k, v in rdn:
                        if k == "commonName":
                            return v
            return None
        return "admin"  # --plain: no credentials needed

    def route(self, method, path, params):
        """Splits a path into group/version/resource/namespace/name/subresource and the verb."""
        app = self.server.app
        parts = path.strip("/").split("/")
        if parts[0] == "api" and len(parts) >= 3:
            group, version, rest = "", parts[1], parts[2:]
        elif parts[0] == "apis" and len(parts) >= 4:
            group, version, rest = parts[1], parts[2], parts[3:]
        else:
            return {"kind": "nonresource"}
        watch = False
        if rest and rest[0] == "watch":  # deprecated /watch/ prefix
            watch, rest = True, rest[1:]
        ns = ""
        if len(rest) >= 3 and rest[0] == "namespaces":
            candidate = app.registry.find(group, version, rest[2])
            if candidate is not None and candidate.namespaced:
                ns, rest = rest[1], rest[2:]
        if not rest or len(rest) > 3:
            return {"kind": "nonresource"}
        res = app.registry.find(group, version, rest[0])
        if res is None:
            return {"kind": "nonresource"}
        name = rest[1] if len(rest) > 1 else ""
        sub = rest[2] if len(rest) > 2 else ""
        if sub and sub not in res.subresources:
            return {"kind": "nonresource"}
        watch = watch or parse_bool(params.get("watch"))
        if name:
            verb = {"GET": "get", "PUT": "update", "PATCH": "patch", "DELETE": "delete", "POST": "create"}[method]
            if watch:
                verb = "watch"
        else:
            verb = {"GET": "watch" if watch else "list", "POST": "create", "DELETE": "deletecollection"}.get(method)
            if verb is None:
                raise ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource")
        return {"kind": "resource", "res": res, "group": group, "version": version, "resource": res.plural,
                "namespace": ns, "name": name, "subresource": sub, "verb": verb, "watch": verb == "watch"}

    def handle_nonresource(self, path, user):
        app = self.server.app
        if user is None and path not in PUBLIC_PATHS:
            raise ApiError(401, "Unauthorized", "Unauthorized")
        body = None
        parts = path.strip("/").split("/")
        if path == "/version":
            body = VERSION_INFO
        elif path in ("/healthz", "/livez", "/readyz"):
            return self.send_text(200, "ok")
        elif path == "/api":
            body = app.api.discovery_versions()
        elif path == "/apis":
            body = app.api.discovery_groups()
        elif parts[0] == "api" and len(parts) == 2:
            body = app.api.discovery_resources("", parts[1])
        elif parts[0] == "apis" and len(parts) == 2:
            body = app.api.discovery_group(parts[1])
        elif parts[0] == "apis" and len(parts) == 3:
            body = app.api.discovery_resources(parts[1], parts[2])
        elif path == "/openapi/v2":
            # kubectl validates kind: List files client-side against OpenAPI v2, which it reads as protobuf only.
            # A document without definitions (swagger "2.0" alone) makes it skip validation of every kind.
            return self.send_bytes(200, b"\x0a\x032.0", "application/com.github.proto-openapi.spec.v2.v1.0+protobuf")
        elif path == "/openapi/v3":
            body = openapi_v3_index(app.registry)
        elif parts[0] == "openapi" and len(parts) >= 3 and parts[1] == "v3":
            body = openapi_v3_doc(app.registry, "/".join(parts[2:]))
        if body is None:
            return self.send_text(404, "404 page not found\n")
        self.send_json(200, body)

    def handle_resource(self, method, route, params, body):
        app = self.server.app
        res, ns, name, sub = route["res"], route["namespace"], route["name"], route["subresource"]
        accept = self.headers.get("Accept") or ""
        metadata_only = "as=PartialObjectMetadata" in accept
        dry_run = bool(params.get("dryRun"))
        if route["verb"] == "watch":
            return self.serve_watch(route, params, metadata_only)
        version = route["version"]

        def out(obj):
            obj = Api.as_version(obj, res, version)
            return Api.partial_metadata(obj) if metadata_only else obj

        with app.store.lock:
            if route["verb"] == "list":
                result = app.api.list(res, version, (ns or None) if res.namespaced else None,
                                      params, metadata_only)
                return self.send_json(200, result)
            if sub == "scale":
                return self.send_json(200, app.controllers.scale(res, ns, name, method, body,
                                                                 self.headers.get("Content-Type"), dry_run))
            payload = self.parse_body(body, method, self.headers.get("Content-Type") or "")
            if route["verb"] == "get":
                return self.send_json(200, out(app.api.get(res, ns, name)))
            if route["verb"] == "create":
                return self.send_json(201, out(app.api.create(res, ns, payload, dry_run)))
            if route["verb"] == "update":
                return self.send_json(200, out(app.api.update(res, ns, name, payload, sub or None, dry_run)))
            if route["verb"] == "patch":
                ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip()
                return self.send_json(200, out(app.api.patch(res, ns, name, ctype, body, sub or None, dry_run)))
            if route["verb"] == "delete":
                return self.send_json(200, out(app.api.delete(res, ns, name, payload, dry_run)))
            if route["verb"] == "deletecollection":
                return self.send_json(200, app.api.delete_collection(res, ns, params))
        raise ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource")

    def parse_body(self, body, method, content_type):
        if method in ("GET", "PATCH") or not body:
            return None
        if content_type.startswith("application/vnd.kubernetes.protobuf"):
            obj = kproto.decode(body)
            if obj is not None:
                return obj
        try:
            return json.loads(body)
        except ValueError:
            raise ApiError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted "
                           "media types include: application/json, application/yaml, application/vnd.kubernetes."
                           "protobuf")


def main():
    parser = argparse.ArgumentParser(description="Routemap test Kubernetes API server (loopback only)")
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--dir")
    parser.add_argument("--plain", action="store_true", help="plain HTTP instead of TLS")
    parser.add_argument("--gateway", choices=["full", "partial", "none"], default="full")
    parser.add_argument("--strict-namespaces", action="store_true")
    parser.add_argument("--bookmark-interval", type=float, default=1.0)
    parser.add_argument("--history", type=int, default=1000)
    parser.add_argument("--lb-pending", action="store_true")
    parser.add_argument("--nodes", type=int, default=3)
    parser.add_argument("--pod-grace-ms", type=int, default=0)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    if args.bind not in ("127.0.0.1", "localhost"):
        sys.stderr.write(f"apiserver: refusing to bind {args.bind}: loopback (127.0.0.1) only\n")
        return 2
    own_dir = args.dir is None
    d = tempfile.mkdtemp(prefix="routemap-apiserver-") if own_dir else args.dir
    server = Server(args)
    try:
        # Bind first so the kubeconfig names the real port.
        server.start()
        info = server.setup_files(d)
        info.update(ready=True, url=server.url, port=server.port, token=ADMIN_TOKEN,
                    restrictedToken=RESTRICTED_TOKEN, pid=os.getpid(),
                    contexts={"token": "admin", "cert": "cert-admin", "restricted": "restricted",
                              "bad-token": "-"})
        server.emit(info)
        server.control_loop()
    except kcerts.CertError as e:
        server.emit({"ready": False, "error": str(e)})
        return 3
    finally:
        server.stop()
        if own_dir:
            shutil.rmtree(d, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
