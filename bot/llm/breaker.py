"""A process-wide circuit breaker per LLM configuration.

After `threshold` failed turns in a row the breaker opens and turns go straight to the
deterministic engine for `cooldown` seconds; then one trial turn is let through (half
open). A success closes it again. The state lives in the process on purpose: application
servers keep no other state, and a restarted worker simply probes the model again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field


@dataclass
class CircuitBreaker:
    """Counts consecutive failures and says whether a call may be made now."""

    threshold: int = 3
    cooldown: float = 60.0
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    opened_at: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def allow(self) -> bool:
        """Whether a call may go to the model now (closed, or half open after the cooldown)."""
        with self._lock:
            if self.opened_at is None:
                return True
            return self.clock() - self.opened_at >= self.cooldown

    def record_success(self) -> None:
        """A turn got a usable answer: close the breaker."""
        with self._lock:
            self.failures = 0
            self.opened_at = None

    def record_failure(self) -> None:
        """A turn fell back; open after `threshold` in a row (or at once when half open)."""
        with self._lock:
            self.failures += 1
            if self.failures >= self.threshold:
                self.opened_at = self.clock()

    @property
    def is_open(self) -> bool:
        """Whether turns are currently short-circuited."""
        return not self.allow()


_BREAKERS: dict[Hashable, CircuitBreaker] = {}
_REGISTRY_LOCK = threading.Lock()


def breaker_for(key: Hashable, *, threshold: int = 3, cooldown: float = 60.0) -> CircuitBreaker:
    """The breaker shared by every responder with this configuration key."""
    with _REGISTRY_LOCK:
        if key not in _BREAKERS:
            _BREAKERS[key] = CircuitBreaker(threshold=threshold, cooldown=cooldown)
        return _BREAKERS[key]


def reset_breakers() -> None:
    """Forget all breaker state (a fresh process, e.g. between test cases)."""
    with _REGISTRY_LOCK:
        _BREAKERS.clear()
