"""The live bus wakes a stream in another worker: two buses stand for two worker processes,
each with its own listening connection (PostgreSQL LISTEN/NOTIFY, Redis pub/sub)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
from sqlalchemy import Engine

from bot.live.bus import Bus, PostgresBus, RedisBus, make_bus

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
    try:
        async with receiver.subscribe("c1") as mine, receiver.subscribe("c2") as other:
            await asyncio.to_thread(sender.publish, "c1")
            return await mine.wait(5.0), await other.wait(0.3)
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


def test_postgres_notify_reaches_another_worker(db_engine: Engine) -> None:
    if db_engine.url.get_backend_name() != "postgresql":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's")
    sender, receiver = make_bus(db_engine), make_bus(db_engine)
    assert isinstance(receiver, PostgresBus)
    assert run(crossing(sender, receiver)) == (True, False)


def test_redis_pubsub_reaches_another_worker(sqlite_engine: Engine) -> None:
    url = redis_or_skip()
    sender, receiver = make_bus(sqlite_engine, redis_url=url), make_bus(sqlite_engine, redis_url=url)
    assert isinstance(receiver, RedisBus)
    assert run(crossing(sender, receiver)) == (True, False)
