"""The live bus wakes a stream in another worker: two buses stand for two worker processes,
each with its own listening connection (PostgreSQL LISTEN/NOTIFY, Redis pub/sub)."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
from sqlalchemy import Engine

from bot.live.bus import Bus, PostgresBus, RedisBus, make_bus
from bot.store.db import make_engine

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    """asyncio.run in a thread of its own (the browser tests' driver keeps a loop in the main one)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


REDIS_URL = os.environ.get("SETTER_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_or_skip() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but Redis at {REDIS_URL} is unreachable: {exc}")
        pytest.skip(f"Redis not reachable at {REDIS_URL}")
    return REDIS_URL


async def crossing(sender: Bus, receiver: Bus) -> tuple[bool, bool]:
    """Publish on one bus; does the other wake its subscriber of that conversation only?"""
    # unique names: Redis's channel is shared by every run on this server
    one, two = f"c1-{uuid.uuid4().hex}", f"c2-{uuid.uuid4().hex}"
    try:
        # connected first: a listener that connects wakes every subscriber (news may have been missed)
        assert await receiver.listening(timeout=60)
        async with receiver.subscribe(one) as mine, receiver.subscribe(two) as other:
            await asyncio.to_thread(sender.publish, one)
            return await mine.wait(60), await other.wait(0.3)
    finally:
        await receiver.stop()
        await sender.stop()


def test_memory_bus_wakes_only_the_conversation_it_names() -> None:
    bus = Bus()
    assert run(crossing(bus, bus)) == (True, False)


def test_a_wait_times_out_without_news() -> None:
    async def wait() -> bool:
        async with Bus().subscribe("c1") as sub:
            return await sub.wait(0.05)

    assert run(wait()) is False


class LateBus(Bus):
    """A transport whose connection comes up only when the test opens the gate."""

    kind = "late"

    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()

    async def _listen(self) -> None:
        await self.gate.wait()
        self._connected()
        await asyncio.Event().wait()  # connected until stopped


def test_news_published_before_the_listener_connects_is_not_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.live.bus.READY_TIMEOUT", 0.01)  # a stream does not wait for a slow listener

    async def late() -> tuple[bool, bool]:
        bus = LateBus()
        try:
            async with bus.subscribe("c1") as sub:
                assert not await bus.listening(timeout=0.01)
                # another worker's notification now reaches nobody: it is lost in transit
                bus.gate.set()  # connected: every stream is woken to read what it missed
                return await sub.wait(60), await bus.listening(timeout=60)
        finally:
            await bus.stop()

    assert run(late()) == (True, True)


@pytest.mark.postgres
def test_postgres_notify_reaches_another_worker(pg_database: str) -> None:
    engine = make_engine(pg_database)  # LISTEN/NOTIFY is PostgreSQL's: no SQLite variant
    sender, receiver = make_bus(engine), make_bus(engine)
    assert isinstance(receiver, PostgresBus)
    try:
        assert run(crossing(sender, receiver)) == (True, False)
    finally:
        engine.dispose()


def test_redis_pubsub_reaches_another_worker(sqlite_engine: Engine) -> None:
    url = redis_or_skip()
    sender, receiver = make_bus(sqlite_engine, redis_url=url), make_bus(sqlite_engine, redis_url=url)
    assert isinstance(receiver, RedisBus)
    assert run(crossing(sender, receiver)) == (True, False)
