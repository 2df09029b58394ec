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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.conftest import API_KEY

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def setter_server(database_url: str, workdir: Path, **env: str) -> Iterator[str]:
    """`uvicorn web.app:create_app` on a free port; yields its base URL."""
    port = free_port()
    settings = {"SETTER_DATABASE_URL": database_url, "SETTER_API_KEYS": API_KEY,
                "SETTER_WIDGET_IP_LIMIT": "1000/minute", "PYTHONPATH": str(ROOT), **env}
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("SETTER_", "OPENAI_", "AZURE_OPENAI_"))}
    log = (workdir / f"server-{port}.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "web.app:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--timeout-graceful-shutdown", "2"],
        cwd=workdir, env={**clean, **settings}, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Setter did not start: {(workdir / f'server-{port}.log').read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
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
def host_page(setter: str, site: str, *, lang: str = "de", port: int | None = None) -> Iterator[str]:
    """A page on its own origin embedding the widget, served with a strict CSP."""
    page = HOST_PAGE.format(lang=lang, setter=setter, site=site).encode()
    csp = (f"default-src 'none'; script-src {setter}; connect-src {setter}; style-src 'self'; "
           "img-src 'none'; base-uri 'none'; form-action 'none'")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            css = self.path == "/reset.css"
            body, kind = (RESET_CSS.encode(), "text/css") if css else (page, "text/html")
            self.send_response(200)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Security-Policy", csp)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port or free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
