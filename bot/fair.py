"""A semaphore handed to its waiters in arrival order.

`threading.Semaphore` and `threading.Lock` let any waiter win, so under load one thread can
lose every race for a long time. Here the longest waiter gets the next free permit."""

from __future__ import annotations

import threading
from collections import deque
from types import TracebackType


class FairSemaphore:
    """Up to `permits` holders at once; waiters are served first come, first served."""

    def __init__(self, permits: int = 1, *, timeout: float = 30.0) -> None:
        if permits < 1:
            raise ValueError("permits must be at least 1")
        self.timeout = timeout  # for `with`: after that long the caller goes ahead anyway
        self._mutex = threading.Lock()
        self._free = self._permits = permits
        self._waiters: deque[threading.Lock] = deque()
        self._local = threading.local()  # whether `with` got a permit, per thread

    def acquire(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for a permit; False if none came."""
        with self._mutex:
            if self._free and not self._waiters:
                self._free -= 1
                return True
            waiter = threading.Lock()
            waiter.acquire()
            self._waiters.append(waiter)
        if waiter.acquire(timeout=timeout):
            return True  # handed over by release(): the permit passes straight to us
        with self._mutex:
            try:
                self._waiters.remove(waiter)
            except ValueError:  # handed over just as the wait ran out
                return True
            return False

    def idle(self) -> bool:
        """Whether nobody holds a permit or waits for one (a moment later another thread may
        have taken one: callers use this as a hint, not a promise)."""
        return self._free == self._permits and not self._waiters

    def release(self) -> None:
        """Pass the permit to the longest waiter, or free it."""
        with self._mutex:
            if self._waiters:
                self._waiters.popleft().release()
            else:
                self._free += 1

    def __enter__(self) -> FairSemaphore:
        held = getattr(self._local, "held", [])
        held.append(self.acquire(self.timeout))
        self._local.held = held
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self._local.held.pop():
            self.release()
