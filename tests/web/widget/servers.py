"""Real servers for the browser tests: Setter under uvicorn (a subprocess, as in production)
and a foreign host page on another origin."""

from __future__ import annotations

import http.server
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.conftest import API_KEY

ROOT = Path(__file__).resolve().parents[3]


# uvicorn serving the app factory on a socket bound by the test (its file descriptor is argv[1]),
# with the CLI's defaults otherwise
SERVE = """import socket, sys, uvicorn
sock = socket.socket(fileno=int(sys.argv[1]))
config = uvicorn.Config("web.app:create_app", factory=True, log_level="warning", timeout_graceful_shutdown=2)
uvicorn.Server(config).run(sockets=[sock])
"""
START_SECONDS = 180  # only bounds a server that never comes up; under load importing the app is slow


@contextmanager
def setter_server(database_url: str, workdir: Path, **env: str) -> Iterator[str]:
    """Setter under uvicorn in a subprocess; yields its base URL once /healthz answers.

    The listening socket is bound here and handed to the server, so no other process (another
    test run on the same machine) can take the port between choosing and binding it, and
    requests sent before the server is up wait in the socket's backlog instead of failing."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    port = int(listener.getsockname()[1])
    settings = {"SETTER_DATABASE_URL": database_url, "SETTER_API_KEYS": API_KEY,
                "SETTER_WIDGET_IP_LIMIT": "1000/minute", "PYTHONPATH": str(ROOT), **env}
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("SETTER_", "OPENAI_", "AZURE_OPENAI_"))}
    log_path = workdir / f"server-{port}.log"
    log = log_path.open("w")
    try:
        proc = subprocess.Popen([sys.executable, "-c", SERVE, str(listener.fileno())],
                                cwd=workdir, env={**clean, **settings}, stdout=log,
                                stderr=subprocess.STDOUT, pass_fds=[listener.fileno()])
    finally:
        listener.close()  # the server holds the socket now
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Setter did not start: {log_path.read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


HOST_PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Host page</title>
<link rel="stylesheet" href="/reset.css"></head>
<body><h1>Eine fremde Seite</h1><p>Mit eigenem CSS-Reset und strenger Content-Security-Policy.</p>
<script src="{setter}/widget.js" data-site="{site}" async></script></body></html>"""
# a hostile reset: everything hidden, unset and re-fonted, the widget must still show
RESET_CSS = """* { all: unset !important; } html, body, h1, p { display: block !important; }
div, section, button, form { display: none !important; color: red !important; }"""


@contextmanager
def host_page(setter: str, site: str | Callable[[], str], *, lang: str = "de") -> Iterator[str]:
    """A page on its own origin (a free port) embedding the widget, served with a strict CSP.
    `site` is the site key, or a function giving it when the page is requested (a site whose
    allowed origin is this page can only be made once the page's port is known)."""
    def page() -> bytes:
        key = site() if callable(site) else site
        return HOST_PAGE.format(lang=lang, setter=setter, site=key).encode()
    csp = (f"default-src 'none'; script-src {setter}; connect-src {setter}; style-src 'self'; "
           "img-src 'none'; base-uri 'none'; form-action 'none'")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            css = self.path == "/reset.css"
            body, kind = (RESET_CSS.encode(), "text/css") if css else (page(), "text/html")
            self.send_response(200)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Security-Policy", csp)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
