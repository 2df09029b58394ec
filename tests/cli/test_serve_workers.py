"""`setter serve --workers 2`: a burst of new connections is spread over both workers (each
listens on its own SO_REUSEPORT socket); uvicorn's shared socket gave one worker all 50."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
import uvicorn

from bot.cli.workers import SpreadWorkers, listening_sockets, spread_supported

pytestmark = pytest.mark.skipif(not spread_supported(), reason="needs SO_REUSEPORT")
CONNECTIONS = 40


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            if ppid == parent:
                found.append(int(entry.name))
    return found


def _server_side_inodes(port: int) -> set[str]:
    """Socket inodes of established connections whose local port is `port` (the server's)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port and fields[3] == "01":
            inodes.add(fields[9])
    return inodes


def _owner_counts(pids: list[int], inodes: set[str]) -> Counter[int]:
    counts: Counter[int] = Counter()
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in inodes:
                counts[pid] += 1
    return counts


def test_a_burst_of_connections_reaches_both_workers(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "SETTER_DATABASE_URL": f"sqlite:///{tmp_path}/serve.db",
           "SETTER_API_KEYS": "test-key-0123456789", "SETTER_SESSION_SECRET": "s" * 32,
           "SETTER_REACTIVATION_INTERVAL": "0"}
    server = subprocess.Popen(
        [sys.executable, "-c", "from bot.cli.main import main; main()", "serve", "--workers", "2",
         "--port", str(port)], env=env, cwd=tmp_path, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    clients: list[socket.socket] = []
    try:
        deadline = time.monotonic() + 180
        while len(_children(server.pid)) < 2 or not _healthy(port):
            assert time.monotonic() < deadline and server.poll() is None, "server did not start"
            time.sleep(0.2)
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(CONNECTIONS)]
        for client in clients:  # each connection is accepted and answered by its worker
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        for client in clients:
            assert client.recv(65536).startswith(b"HTTP/1.1 200")
        counts = _owner_counts(_children(server.pid), _server_side_inodes(port))
        assert sum(counts.values()) == CONNECTIONS
        assert len(counts) == 2 and min(counts.values()) >= CONNECTIONS // 5, counts
    finally:
        for client in clients:
            client.close()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def _healthy(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


class _Worker:
    def __init__(self, exitcode: int | None) -> None:
        self.exitcode = exitcode


def test_each_worker_gets_its_own_socket_on_the_same_port() -> None:
    sockets = listening_sockets("127.0.0.1", 0, 1)
    port = sockets[0].getsockname()[1]
    sockets += listening_sockets("127.0.0.1", port, 2)  # same port: SO_REUSEPORT on each
    try:
        assert {s.getsockname()[1] for s in sockets} == {port}
        assert len({s.fileno() for s in sockets}) == 3
    finally:
        for sock in sockets:
            sock.close()


def test_every_socket_keeps_a_worker_when_workers_start_die_and_restart() -> None:
    sockets = [socket.socket() for _ in range(3)]
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        supervisor = SpreadWorkers(uvicorn.Config("web.app:create_app", workers=3), sockets)
        handed = []
        for _ in range(3):  # start: in order
            handed.append(supervisor.sockets[0])
            supervisor.processes.append(_Worker(None))  # type: ignore[arg-type]
        assert handed == sockets
        supervisor.processes[1] = _Worker(-9)  # type: ignore[call-overload]
        assert supervisor.sockets == [sockets[1]]  # the dead worker's socket
        supervisor.processes[1] = _Worker(None)  # type: ignore[call-overload]
        supervisor._restarting = 0  # SIGHUP: each replaced in order
        assert [supervisor.sockets[0] for _ in range(3)] == sockets
    finally:
        for sig, handler in handlers.items():  # the supervisor took the process's signals
            signal.signal(sig, handler)
        for sock in sockets:
            sock.close()
