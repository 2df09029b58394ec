"""The circuit breaker's states, driven by a fake clock."""

from __future__ import annotations

from bot.llm.breaker import CircuitBreaker, breaker_for, reset_breakers


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_opens_after_the_threshold_and_half_opens_after_the_cooldown() -> None:
    clock = Clock()
    breaker = CircuitBreaker(threshold=2, cooldown=30, clock=clock)
    breaker.record_failure()
    assert breaker.allow()
    breaker.record_failure()
    assert not breaker.allow()
    clock.now = 29.9
    assert not breaker.allow()
    clock.now = 30.0
    assert breaker.allow()  # one trial turn
    breaker.record_failure()  # the trial failed: open again at once
    assert not breaker.allow()
    clock.now = 60.0
    breaker.record_success()
    assert breaker.allow() and breaker.failures == 0


def test_breakers_are_shared_per_configuration() -> None:
    reset_breakers()
    a = breaker_for(("openai_compatible", "http://127.0.0.1:8080/v1", "m"))
    b = breaker_for(("openai_compatible", "http://127.0.0.1:8080/v1", "m"))
    c = breaker_for(("openai", None, "m"))
    assert a is b and a is not c
