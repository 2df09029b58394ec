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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import API_KEY

ROOT = Path(__file__).resolve().parents[3]


# uvicorn serving the app factory on a socket bound by the test (its file descriptor is argv[1]),
# with argv[2] worker processes, as `uvicorn web.app:create_app --factory --workers N` would
SERVE = """import socket, sys, uvicorn
from uvicorn.supervisors import Multiprocess
sock = socket.socket(fileno=int(sys.argv[1]))
workers = int(sys.argv[2])
config = uvicorn.Config("web.app:create_app", factory=True, log_level="warning",
                        timeout_graceful_shutdown=2, workers=workers)
if workers > 1:
    Multiprocess(config, sockets=[sock]).run()
else:
    uvicorn.Server(config).run(sockets=[sock])
"""
START_SECONDS = 180  # only bounds a server that never comes up; under load importing the app is slow


@dataclass
class Spawned:
    """A Setter server process, its base URL and its log file."""

    proc: subprocess.Popen[bytes]
    base: str
    log: Path


def spawn_setter(env: dict[str, str], workdir: Path, *, workers: int = 1, **popen: Any) -> Spawned:
    """Start Setter under uvicorn in a subprocess with `env` (SETTER_* settings) added to a
    clean environment; does not wait for it (see `wait_healthy`).

    The listening socket is bound here and handed to the server, so no other process (another
    test run on the same machine) can take the port between choosing and binding it, and
    requests sent before the server is up wait in the socket's backlog instead of failing."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    port = int(listener.getsockname()[1])
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("SETTER_", "OPENAI_", "AZURE_OPENAI_"))}
    log_path = workdir / f"server-{port}.log"
    try:
        with log_path.open("w") as log:
            proc = subprocess.Popen([sys.executable, "-c", SERVE, str(listener.fileno()), str(workers)],
                                    cwd=workdir, env={**clean, "PYTHONPATH": str(ROOT), **env},
                                    stdout=log, stderr=subprocess.STDOUT,
                                    pass_fds=[listener.fileno()], **popen)
    finally:
        listener.close()  # the server holds the socket now
    return Spawned(proc, f"http://127.0.0.1:{port}", log_path)


def wait_healthy(server: Spawned, seconds: float = START_SECONDS) -> None:
    """Wait until /healthz answers 200; RuntimeError with the log if the server exits first."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(f"{server.base}/healthz", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if server.proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"Setter did not start: {server.log.read_text()}")
        time.sleep(0.2)


@contextmanager
def setter_server(database_url: str, workdir: Path, **env: str) -> Iterator[str]:
    """Setter under uvicorn in a subprocess; yields its base URL once /healthz answers."""
    settings = {"SETTER_DATABASE_URL": database_url, "SETTER_API_KEYS": API_KEY,
                "SETTER_WIDGET_IP_LIMIT": "1000/minute", **env}
    server = spawn_setter(settings, workdir)
    try:
        wait_healthy(server)
        yield server.base
    finally:
        server.proc.terminate()
        try:
            server.proc.wait(30)
        except subprocess.TimeoutExpired:
            server.proc.kill()
            server.proc.wait()


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
