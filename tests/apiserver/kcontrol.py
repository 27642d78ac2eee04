"""Commands of the test API server's control channel (JSON lines on stdin); documented in apiserver.py."""

from kstore import ApiError


def _resource(server, cmd):
    api_version, kind = cmd.get("apiVersion"), cmd.get("kind")
    if "object" in cmd:
        api_version = api_version or cmd["object"].get("apiVersion")
        kind = kind or cmd["object"].get("kind")
    res = server.registry.for_kind(api_version or "", kind or "")
    if res is None:
        raise ApiError(404, "NotFound", f"no resource for {api_version} {kind}")
    return res


def handle_command(server, cmd):
    name = cmd.get("cmd")
    store, api = server.store, server.api
    if name == "ping":
        with store.lock:
            return {"ok": True, "rv": str(store.rv)}
    if name == "log":
        return {"ok": True, "entries": server.log.snapshot(int(cmd.get("since", 0)), bool(cmd.get("clear")))}
    if name == "clear_log":
        server.log.clear()
        return {"ok": True}
    if name == "fault":
        server.faults.add(cmd)
        return {"ok": True, "faults": server.faults.describe()}
    if name == "drop_watches":
        resource = cmd.get("resource")
        store.close_watchers(lambda w: resource is None or w.key[1] == resource)
        return {"ok": True}
    if name == "expire_continue":
        with store.lock:
            api.expire_continues()
        return {"ok": True}
    if name == "compact":
        with store.lock:
            if store.history:
                store.compacted_rv = store.history[-1].rv
            store.history.clear()
            return {"ok": True, "rv": str(store.rv)}
    if name == "rbac":
        if cmd.get("reset"):
            server.rbac.reset()
        elif "rules" in cmd:
            server.rbac.set(cmd["rules"], cmd.get("mode", "replace"))
        return {"ok": True, "rules": server.rbac.rules}
    if name == "set_ready":
        with store.lock:
            pods = server.controllers.set_ready(cmd.get("namespace", "default"), cmd.get("name"),
                                                cmd.get("selector"), bool(cmd.get("ready", True)))
            return {"ok": True, "pods": pods, "rv": str(store.rv)}
    if name == "set_lb":
        res = server.registry.get("", "services")
        with store.lock:
            svc = api.get(res, cmd.get("namespace", "default"), cmd["name"])
            svc = dict(svc, metadata=dict(svc["metadata"]))
            annotations = dict(svc["metadata"].get("annotations") or {})
            if cmd.get("pending", True):
                annotations["routemap.test/lb-pending"] = "true"
            else:
                annotations.pop("routemap.test/lb-pending", None)
            svc["metadata"]["annotations"] = annotations
            obj = api.update(res, svc["metadata"]["namespace"], cmd["name"], svc)
            return {"ok": True, "object": obj}
    if name == "config":
        if "bookmarkInterval" in cmd:
            server.bookmark_interval = float(cmd["bookmarkInterval"])
        if "watchTimeoutCap" in cmd:
            server.watch_timeout_cap = float(cmd["watchTimeoutCap"]) if cmd["watchTimeoutCap"] else None
        with store.lock:
            if "podGraceMs" in cmd:
                api.pod_grace_ms = int(cmd["podGraceMs"])
            if "historySize" in cmd:
                store.history_size = int(cmd["historySize"])
            if "lbPending" in cmd:
                server.controllers.lb_pending = bool(cmd["lbPending"])
                for ns in {s["metadata"]["namespace"] for s in store.items(("", "services"))}:
                    store.dirty_namespaces.add(ns)
                server.controllers.run()
        return {"ok": True}
    if name == "apply" and "objects" in cmd:
        with store.lock:
            api.batch = True  # controllers once at the end, not after each object
            try:
                out = [handle_command(server, {"cmd": "apply", "object": o})["object"] for o in cmd["objects"]]
            finally:
                api.batch = False
            api.reconcile()
            # Return the objects as the controllers left them (statuses, LoadBalancer addresses).
            out = [store.get(_resource(server, {"object": o}).key, o["metadata"].get("namespace", ""),
                             o["metadata"]["name"]) or o for o in out]
        return {"ok": True, "objects": out}
    if name == "apply":
        obj = cmd["object"]
        res = _resource(server, cmd)
        meta = obj.get("metadata") or {}
        ns = meta.get("namespace", "default") if res.namespaced else ""
        with store.lock:
            current = store.get(res.key, ns, meta.get("name", ""))
            if current is None:
                out = api.create(res, ns, obj)
            else:
                obj = dict(obj, metadata=dict(meta, resourceVersion=current["metadata"]["resourceVersion"]))
                out = api.update(res, ns, meta["name"], obj)
                if "status" in obj and "status" in res.subresources:
                    out = api.update(res, ns, meta["name"], dict(out, status=obj["status"]), "status")
            return {"ok": True, "object": out}
    if name in ("get", "delete"):
        res = _resource(server, cmd)
        ns = cmd.get("namespace", "default") if res.namespaced else ""
        with store.lock:
            if name == "get":
                return {"ok": True, "object": api.get(res, ns, cmd["name"])}
            return {"ok": True, "object": api.delete(res, ns, cmd["name"], cmd.get("options"))}
    if name == "list":
        res = _resource(server, cmd)
        with store.lock:
            out = api.list(res, res.versions[0], cmd.get("namespace") if res.namespaced else None,
                           {k: cmd[k] for k in ("labelSelector", "fieldSelector") if k in cmd})
            return {"ok": True, "items": out["items"], "rv": out["metadata"]["resourceVersion"]}
    if name == "stop":
        server.stop()
        return {"ok": True}
    if name == "start":
        if server.httpd is None:
            server.start()
        return {"ok": True, "port": server.port}
    if name == "restart":
        server.stop()
        server.start()
        return {"ok": True, "port": server.port}
    if name == "when_watched":
        if not isinstance(cmd.get("then"), dict) or not cmd.get("resource"):
            raise ApiError(400, "BadRequest", "when_watched needs resource and then")
        with server.out_lock:
            server.watch_hooks.append({k: cmd[k] for k in ("resource", "namespace", "delayMs", "then") if k in cmd})
        return {"ok": True}
    if name == "quit":
        return {"ok": True, "quit": True}
    raise ApiError(400, "BadRequest", f"unknown command {name!r}")
