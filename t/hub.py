#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A stand-in WebSub hub for the tests, on 127.0.0.1 only.

hub.py DIR [--port N] [--mode ok|slow|status:CODE] [--lifetime SECONDS]

Listens on 127.0.0.1 (port N, or one the system picks), writes the port
to DIR/port and its pid to DIR/pid, and appends one line per request to
DIR/requests: "METHOD PATH CONTENT-TYPE hub.mode hub.url hub.topic RAW-BODY"
(fields apart by tabs, "-" for none). The mode (DIR/mode, read at each
request, else --mode) decides the answer: ok is 204 No Content, slow
records the request and never answers, status:CODE answers CODE. It stops
on SIGTERM, and by itself after --lifetime seconds (default 300), so that
a test that dies leaves nothing running for long.
"""
import argparse
import os
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--mode", default="ok")
    ap.add_argument("--lifetime", type=float, default=300)
    args = ap.parse_args()
    lock = threading.Lock()
    stop = threading.Event()

    def mode():
        try:
            with open(os.path.join(args.dir, "mode")) as f:
                return f.read().strip() or args.mode
        except OSError:
            return args.mode

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *a):
            pass

        def record(self, body):
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
            fields = [self.command, self.path,
                      self.headers.get("Content-Type", "-")]
            for key in ("hub.mode", "hub.url", "hub.topic"):
                fields.append(",".join(form.get(key, ["-"])))
            fields.append(body.decode("utf-8", "replace") or "-")
            with lock, open(os.path.join(args.dir, "requests"), "a") as f:
                f.write("\t".join(fields) + "\n")

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            m = mode()
            self.record(body)
            if m == "slow":
                stop.wait()
                return
            code = 204 if m == "ok" else int(m.split(":", 1)[1])
            self.send_response(code)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True

    def shut(*_):
        stop.set()
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, shut)
    timer = threading.Timer(args.lifetime, shut)
    timer.daemon = True
    timer.start()
    for name, value in (("pid", os.getpid()),
                        ("port", server.server_address[1])):
        with open(os.path.join(args.dir, name + ".new"), "w") as f:
            f.write("%d\n" % value)
        os.rename(os.path.join(args.dir, name + ".new"),
                  os.path.join(args.dir, name))
    server.serve_forever(poll_interval=0.1)
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
