#!/usr/bin/python3
"""Raw HTTP(S) requests to the test API server for the live tests (standard library only).

  probe.py --url URL [--ca CA] [--token T] [--accept A] [--method M] [--body JSON] [--timeout S] PATH [PATH...]
  probe.py --url URL [--ca CA] --serve

The first form prints one JSON line per PATH. With --serve it reads requests as JSON lines on stdin,
{"path","method","accept","token","anonymous","body","contentType","timeout","gzip"}, and answers each with one line.
A reply is {"status":N,"contentType":...,"retryAfter":...,"lines":[each body line],
"json":<body if it is one JSON document>,"complete":<false when the stream broke off mid-body>,
"trailingNewline":<body ends with a newline>,"contentEncoding":...,"bytes":<size on the wire>}.
"""

import argparse
import gzip
import http.client
import json
import ssl
import sys
import urllib.parse


def request(args, path):
    url = urllib.parse.urlsplit(args.url)
    if url.scheme == "https":
        ctx = ssl.create_default_context(cafile=args.ca)
        conn = http.client.HTTPSConnection(url.hostname, url.port, context=ctx, timeout=args.timeout)
    else:
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=args.timeout)
    headers = {"Accept": args.accept, "User-Agent": "routemap-probe/1.0"}
    if args.gzip:
        headers["Accept-Encoding"] = "gzip"
    if args.token:
        headers["Authorization"] = f"Bearer {args.token}"
    body = args.body.encode() if args.body else None
    if body:
        headers["Content-Type"] = args.content_type
    out = {"path": path}
    try:
        conn.request(args.method, path, body=body, headers=headers)
        resp = conn.getresponse()
        out.update(status=resp.status, contentType=resp.getheader("Content-Type"),
                   contentEncoding=resp.getheader("Content-Encoding"),
                   retryAfter=resp.getheader("Retry-After"),
                   chunked=resp.getheader("Transfer-Encoding") == "chunked")
        data, complete = b"", True
        try:
            while True:
                chunk = resp.read1(65536) if hasattr(resp, "read1") else resp.read(65536)
                if not chunk:
                    break
                data += chunk
        except (http.client.IncompleteRead, ConnectionError, ssl.SSLError, OSError) as e:
            if isinstance(e, http.client.IncompleteRead):
                data += e.partial
            complete = False
        out["bytes"] = len(data)
        if resp.getheader("Content-Encoding") == "gzip" and complete:
            data = gzip.decompress(data)
        text = data.decode("utf-8", "replace")
        out["complete"] = complete
        out["trailingNewline"] = text.endswith("\n")
        out["lines"] = [line for line in text.split("\n") if line]
        try:
            out["json"] = json.loads(text)
        except ValueError:
            pass
    except (ConnectionError, OSError) as e:
        out.update(status=0, error=str(e), complete=False, lines=[])
    finally:
        conn.close()
    return out


def serve(args):
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        one = argparse.Namespace(**vars(args))
        one.method = req.get("method", "GET")
        one.accept = req.get("accept", "application/json")
        one.token = None if req.get("anonymous") else req.get("token") or args.token
        one.body = req.get("body")
        one.content_type = req.get("contentType", "application/json")
        one.timeout = float(req.get("timeout", args.timeout))
        one.gzip = bool(req.get("gzip"))
        sys.stdout.write(json.dumps(request(one, req["path"])) + "\n")
        sys.stdout.flush()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--ca")
    p.add_argument("--token")
    p.add_argument("--accept", default="application/json")
    p.add_argument("--method", default="GET")
    p.add_argument("--body")
    p.add_argument("--content-type", default="application/json")
    p.add_argument("--timeout", type=float, default=20)
    p.add_argument("--gzip", action="store_true", help="send Accept-Encoding: gzip")
    p.add_argument("--serve", action="store_true")
    p.add_argument("paths", nargs="*")
    args = p.parse_args()
    if args.serve:
        return serve(args)
    for path in args.paths:
        sys.stdout.write(json.dumps(request(args, path)) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
