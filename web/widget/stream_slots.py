"""How many live streams (SSE) one client address may hold open in this server process.

A live stream stays open as long as the lead's page does, and each holds a socket, a file
descriptor and a subscription of this process. The widget's rate limit (calls per minute per
address) bounds how fast streams are opened, not how many stay open: without this cap one
address could open streams until the process runs out of file descriptors and every other
visitor's connection is refused. So each process counts the streams it serves per address and
refuses one more with 429, `Retry-After` and the usual error body; the widget then retries
with its back-off.

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
from web.errors import ApiError

RETRY_AFTER_S = 15  # seconds: a page left open elsewhere is not closed sooner than that


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

    def take(self, address: str) -> None:
        """One more stream for `address`; 429 `too_many_streams` when it holds the maximum."""
        if not self.enabled:
            return
        with self._lock:
            if self._open[address] >= self.per_address:
                raise ApiError(429, "too_many_streams",
                               f"{self.per_address} live chats are already open from this address; "
                               f"close one or try again in {RETRY_AFTER_S} s",
                               {"retry_after": RETRY_AFTER_S},
                               headers={"Retry-After": str(RETRY_AFTER_S)})
            self._open[address] += 1

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
