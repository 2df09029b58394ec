"""How many live streams (SSE) one client address may hold open in this server process.

A live stream stays open as long as the lead's page does, and each holds a socket, a file
descriptor and a subscription of this process. The widget's rate limit (calls per minute per
address) bounds how fast streams are opened, not how many stay open: without this cap one
address could open streams until the process runs out of file descriptors and every other
visitor's connection is refused. So each process counts the streams it serves per address. One
more is not held open: it gets the transcript and the conversation's state, then a `busy`
event with `retry_after` (seconds) and its end. The widget shows the transcript and asks again
after that time, so a lead whose address holds many chats open still sees the conversation and,
a little later, a setter's messages.

The count is this process's own, like its file descriptors: what it protects cannot be shared
between workers, so it is not kept in Redis. `SETTER_RATE_LIMITS=off` switches it off with the
rate limits (load benchmarks), and 0 in `SETTER_WIDGET_STREAMS_PER_IP` does too.
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter
from collections.abc import AsyncIterator

from fastapi import FastAPI, Request

from bot.settings import Settings

RETRY_AFTER_S = 15  # seconds until a client over the cap asks again


class StreamSlots:
    """Open live streams per client address in this process, at most `per_address` each."""

    def __init__(self, per_address: int, *, enabled: bool = True) -> None:
        self.per_address = per_address
        self.enabled = enabled and per_address > 0
        self._open: Counter[str] = Counter()
        self._lock = threading.Lock()  # plain `def` routes take slots from worker threads

    def open_from(self, address: str) -> int:
        """How many streams `address` holds open now."""
        with self._lock:
            return self._open[address]

    def take(self, address: str) -> bool:
        """One more stream for `address`, unless it holds the maximum (then False)."""
        if not self.enabled:
            return True
        with self._lock:
            if self._open[address] >= self.per_address:
                return False
            self._open[address] += 1
            return True

    def give_back(self, address: str) -> None:
        """The stream of `address` has ended."""
        if not self.enabled:
            return
        with self._lock:
            self._open[address] -= 1
            if self._open[address] <= 0:
                del self._open[address]

    def held(self, address: str, frames: AsyncIterator[str]) -> AsyncIterator[str]:
        """`frames` for a stream taken with `take(address)`; the slot is given back when the
        stream ends, however it ends (the client leaves, the server stops, an error), and also
        when it never starts: a client gone before the response began leaves the stream
        unread, and it is given back when the stream is dropped."""
        release: list[weakref.finalize] = []  # (the stream's own, made once it exists)

        async def stream() -> AsyncIterator[str]:
            try:
                async for frame in frames:
                    yield frame
            finally:
                release[0]()  # at most once, whichever comes first
                await frames.aclose()  # type: ignore[attr-defined]  # an async generator

        iterator = stream()
        release.append(weakref.finalize(iterator, self.give_back, address))
        return iterator


def install(app: FastAPI, settings: Settings) -> StreamSlots:
    """The app's stream counter, on `app.state.stream_slots`."""
    slots = StreamSlots(settings.widget_streams_per_ip, enabled=settings.rate_limits != "off")
    app.state.stream_slots = slots
    return slots


def slots_of(request: Request) -> StreamSlots:
    """The app's stream counter."""
    slots: StreamSlots = request.app.state.stream_slots
    return slots
