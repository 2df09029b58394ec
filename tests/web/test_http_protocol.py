"""What `setter serve` lets a client hold and send before a request reaches the app
(web/http_protocol.py), against the real server with SETTER_REQUEST_TIMEOUT=1.5:

- a request that does not arrive in time (slowloris: half a header, a trickled body, nothing
  at all) gets 408 and its connection closed; one that arrived is never cut (a live stream
  outlasts the deadline);
- a request line and headers over 64 KB get 431; bytes that are no HTTP request get 400;
  these answers are the API's JSON error with its headers."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.sites import ensure_demo_site
from bot.store.db import make_engine
from tests.web.widget.servers import ROOT, Spawned, wait_healthy

DEADLINE = 1.5
DATABASES: dict[int, Path] = {}
REQUEST = b"POST /api/v1/conversations HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"


@pytest.fixture(scope="module")
def served(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """`setter serve` on a free port; yields the port (its database file: DATABASES[port])."""
    workdir = tmp_path_factory.mktemp("deadline")
    shutil.copy(sqlite_template, workdir / "setter.db")
    engine = make_engine(f"sqlite:///{workdir / 'setter.db'}")
    ensure_demo_site(engine)
    engine.dispose()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SETTER_", "OPENAI_", "AZURE_"))}
    env |= {"PYTHONPATH": str(ROOT), "SETTER_DATABASE_URL": f"sqlite:///{workdir / 'setter.db'}",
            "SETTER_REQUEST_TIMEOUT": str(DEADLINE)}
    log_path = workdir / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen([sys.executable, "-c", "from bot.cli.main import main; main()",
                                   "serve", "--port", str(port)], cwd=workdir, env=env,
                                  stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_healthy(Spawned(server, f"http://127.0.0.1:{port}", log_path))
        DATABASES[port] = workdir / "setter.db"
        yield port
    finally:
        server.terminate()
        server.wait(30)


def connect(port: int, sent: bytes = b"") -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(sent)
    return sock


def answer(sock: socket.socket) -> tuple[bytes, float]:
    """Everything the server sends until it closes the connection, and how long that took."""
    started, data = time.monotonic(), b""
    while chunk := sock.recv(4096):
        data += chunk
    return data, time.monotonic() - started


def test_half_a_header_gets_408_and_the_connection_closed(served: int) -> None:
    data, waited = answer(connect(served, REQUEST))
    assert data.startswith(b"HTTP/1.1 408 ")
    assert_api_error(data, "request_timeout")
    assert "within 1.5 seconds" in json.loads(data.split(b"\r\n\r\n", 1)[1])["error"]["message"]
    assert waited < DEADLINE + 5


def assert_api_error(data: bytes, code: str) -> None:
    """An answer the protocol gave itself looks like the app's: its JSON error, its headers."""
    head, body = data.split(b"\r\n\r\n", 1)
    headers = dict(line.lower().split(b": ", 1) for line in head.split(b"\r\n")[1:])
    assert json.loads(body)["error"]["code"] == code
    assert headers[b"content-type"] == b"application/json"
    assert int(headers[b"content-length"]) == len(body)
    assert headers[b"x-content-type-options"] == b"nosniff"
    assert headers[b"content-security-policy"].startswith(b"default-src 'none'")


@pytest.mark.parametrize("broken", [
    b"POST /api/v1/conversations HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
    b"zz\r\n{}\r\n0\r\n\r\n",
    b"POST /api/v1/conversations HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n"
    b"Content-Length: 3\r\n\r\n{}",
    b"GET /healthz HTTP/1.1\r\nHo st: t\r\n\r\n",
], ids=["broken-chunk", "two-lengths", "space-in-header-name"])
def test_bytes_that_are_no_http_request_get_the_apis_400(served: int, broken: bytes) -> None:
    data, _ = answer(connect(served, broken))
    assert data.startswith(b"HTTP/1.1 400 ")
    assert_api_error(data, "bad_request")


def test_half_a_request_pipelined_behind_a_whole_one_gets_408_in_time(served: int) -> None:
    """Both come in one packet: the first is answered, the second must arrive in time too
    (not only be closed later by the idle connection's keep-alive timeout, without an answer)."""
    whole = b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n"
    data, waited = answer(connect(served, whole + REQUEST))
    first, rest = data.split(b"\r\n\r\n", 1)
    assert first.startswith(b"HTTP/1.1 200 ")
    assert b"HTTP/1.1 408 " in rest
    assert waited < DEADLINE + 2  # uvicorn's keep-alive would have closed it after 5 s


def test_a_trickled_body_is_cut_off_and_nothing_is_stored(served: int) -> None:
    body = b'{"lang": "de", "lead": {"name": "Langsam"}}'
    sock = connect(served, REQUEST + f"Content-Length: {len(body)}\r\n\r\n".encode())

    def trickle() -> None:
        for byte in body:
            time.sleep(0.2)
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                return

    threading.Thread(target=trickle, daemon=True).start()
    data, _ = answer(sock)
    assert data.startswith(b"HTTP/1.1 408 ")
    assert stored_named("Langsam", served) == 0
    sent = httpx.post(f"http://127.0.0.1:{served}/api/v1/conversations", content=body,
                      headers={"Content-Type": "application/json"})
    assert sent.status_code == 201  # the same request sent at once is stored
    assert stored_named("Langsam", served) == 1


def stored_named(name: str, port: int) -> int:
    with sqlite3.connect(DATABASES[port]) as db:
        return int(db.execute("select count(*) from leads where name = ?", (name,)).fetchone()[0])


def test_a_connection_that_sends_nothing_is_closed_without_an_answer(served: int) -> None:
    data, waited = answer(connect(served))
    assert data == b""
    assert DEADLINE - 0.5 < waited < DEADLINE + 5


def test_requests_that_arrive_are_answered_and_a_stream_outlasts_the_deadline(served: int) -> None:
    base = f"http://127.0.0.1:{served}"
    with httpx.Client(timeout=10) as client:  # one kept-alive connection for all three
        for _ in range(3):
            assert client.post(f"{base}/api/v1/conversations", json={"lang": "de"}).status_code == 201
            time.sleep(DEADLINE / 2)
    site = f"{base}/widget/v1/sites/demo"
    convo = httpx.post(f"{site}/conversations", json={"lang": "de"}).json()
    url = f"{site}/conversations/{convo['conversation_id']}/stream"
    with httpx.stream("GET", url, headers={"Authorization": f"Bearer {convo['token']}"},
                      timeout=10) as stream:
        lines = stream.iter_lines()
        assert next(lines).startswith("id: 1")
        time.sleep(DEADLINE * 2)  # the stream has been open longer than the deadline
        sent = httpx.post(f"{site}/conversations/{convo['conversation_id']}/messages",
                          json={"text": "Hallo, sind Sie noch da?"},
                          headers={"Authorization": f"Bearer {convo['token']}"})
        assert sent.status_code == 200
        seen = []
        while not any("noch da" in line for line in seen):
            seen.append(next(lines))  # the stream still delivers


def test_half_a_request_pipelined_behind_a_stream_does_not_cut_the_stream(served: int) -> None:
    """The late request's 408 may only follow the answer before it: a live stream goes on."""
    site = f"http://127.0.0.1:{served}/widget/v1/sites/demo"
    convo = httpx.post(f"{site}/conversations", json={"lang": "de"}).json()
    path = f"/widget/v1/sites/demo/conversations/{convo['conversation_id']}/stream"
    stream = (f"GET {path} HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer {convo['token']}\r\n"
              f"\r\n").encode()
    sock = connect(served, stream + REQUEST)
    time.sleep(DEADLINE * 2)  # the pipelined request is overdue
    sent = httpx.post(f"{site}/conversations/{convo['conversation_id']}/messages",
                      json={"text": "Hallo, sind Sie noch da?"},
                      headers={"Authorization": f"Bearer {convo['token']}"})
    assert sent.status_code == 200
    data, deadline = b"", time.monotonic() + 10
    while b"noch da" not in data and time.monotonic() < deadline:
        chunk = sock.recv(4096)
        assert chunk, f"the stream was cut: {data[-300:]!r}"
        data += chunk
    assert b"noch da" in data
    # only the status line says 408: ids and timestamps in the events may hold those digits
    assert b"HTTP/1.1 408" not in data and b"request_timeout" not in data
    sock.close()


def test_headers_over_64_kb_get_431_and_the_server_goes_on(served: int) -> None:
    head = b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Filler: " + b"a" * (100 * 1024) + b"\r\n\r\n"
    data, waited = answer(connect(served, head))
    assert data.startswith(b"HTTP/1.1 431 ")
    assert_api_error(data, "headers_too_large")
    assert waited < DEADLINE  # refused as it came, not when the deadline ran out
    assert httpx.get(f"http://127.0.0.1:{served}/healthz").status_code == 200


def test_a_header_sent_without_end_is_cut_off_at_64_kb_not_read_on(served: int) -> None:
    sock = connect(served, b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Filler: ")
    sent = 0
    with pytest.raises(OSError):  # the server closes the connection; sending then fails
        while sent < 64 * 1024 * 1024:
            sock.sendall(b"a" * 65536)
            sent += 65536
    assert sent < 8 * 1024 * 1024  # before: all 64 MB were read, and answered 200


def test_large_headers_and_a_body_in_one_packet_are_read_as_usual(served: int) -> None:
    """A head within the bound followed by a large body in the same write is not refused."""
    body = json.dumps({"lang": "de", "context": {"note": "x" * 300_000}}).encode()
    request = (REQUEST + b"Cookie: " + b"c" * 30_000 + b"\r\n"
               + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
    sock = connect(served, request)
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(4096)
    sock.close()
    status = data.split(b"\r\n", 1)[0]
    assert b" 431 " not in status and b" 400 " not in status, status
