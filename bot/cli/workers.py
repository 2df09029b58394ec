"""`setter serve --workers N`: each worker process listens on its own socket of the port.

uvicorn's workers share one listening socket, and a worker that wakes up accepts every
connection waiting in its queue. A burst of new keep-alive connections (a proxy opening its
pool, a load test) then lands on one worker while the others idle, for as long as those
connections live: measured with 50 connections opened at once, all 50 went to one of two
workers. With one SO_REUSEPORT socket per worker, the kernel spreads new connections over
the workers' sockets by address and port. Where the platform has no SO_REUSEPORT, the shared
socket is used as before.
"""

from __future__ import annotations

import socket

import uvicorn
from uvicorn.supervisors import Multiprocess

BACKLOG = 2048  # uvicorn's default


def spread_supported() -> bool:
    """Whether this platform can give each worker its own socket on one port."""
    return hasattr(socket, "SO_REUSEPORT")


def listening_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """`count` sockets listening on the same host and port, SO_REUSEPORT set on each."""
    family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    sockets = []
    for _ in range(count):
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        sock.listen(BACKLOG)
        sock.set_inheritable(True)
        sockets.append(sock)
    return sockets


class SpreadWorkers(Multiprocess):
    """uvicorn's supervisor (health checks, restarts, signals), with one socket per worker.

    uvicorn starts a worker with `Process(config, self.sockets)` in three places: at start,
    in order; when replacing a dead worker, whose entry in `processes` is the dead one; and on
    SIGHUP, replacing each worker in order. `sockets` hands each of them that worker's socket,
    so that every socket always has a worker accepting on it."""

    def __init__(self, config: uvicorn.Config, sockets: list[socket.socket]) -> None:
        self.slots = sockets  # (read by the `sockets` property below)
        self._restarting: int | None = None
        super().__init__(config, sockets)

    @property  # type: ignore[override]
    def sockets(self) -> list[socket.socket]:
        """The socket of the worker about to be started."""
        if self._restarting is not None:
            index, self._restarting = self._restarting, self._restarting + 1
        elif len(self.processes) < len(self.slots):
            index = len(self.processes)
        else:
            index = next((i for i, worker in enumerate(self.processes)
                          if worker.exitcode is not None), 0)
        return [self.slots[index % len(self.slots)]]

    @sockets.setter
    def sockets(self, value: list[socket.socket]) -> None:
        self.slots = value

    def restart_all(self) -> None:
        """Replace each worker in turn, each on its own socket again (SIGHUP)."""
        self._restarting = 0
        try:
            super().restart_all()
        finally:
            self._restarting = None


def run_workers(config: uvicorn.Config) -> None:
    """Serve with `config.workers` processes, each on its own socket where possible."""
    if spread_supported():
        SpreadWorkers(config, listening_sockets(config.host, config.port, config.workers)).run()
    else:
        Multiprocess(config, sockets=[config.bind_socket()]).run()
