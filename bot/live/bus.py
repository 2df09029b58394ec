"""The live message bus: "something new in conversation X", delivered to every worker.

A notification carries only the conversation id; a woken stream reads what is new from the
database, so a lost notification loses nothing (the next one, or a reconnect, catches up).

- PostgreSQL (no Redis configured): `pg_notify('setter_live', id)` out, one `LISTEN`
  connection per worker in.
- Redis (`SETTER_REDIS_URL`): `PUBLISH setter:live id` out, one pub/sub connection per worker in.
- SQLite without Redis: in-process only (one worker; several workers need PostgreSQL or Redis).

API (used by `bot.live.takeover`, the widget streams and the console):

    bus = bus_for(db)                      # the bus configured for this engine (or the default)
    bus.publish(conversation_id)           # sync, from any thread, after the commit
    await bus.listening(timeout=5.0)       # True once this worker's listener is connected
    async with bus.subscribe(conversation_id) as sub:
        woken = await sub.wait(timeout=15.0)   # True when something happened, False on timeout
    configure(db, redis_url=...)           # done once by the app factory
    await bus.stop()                       # app shutdown: ends the listener task
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import Engine, text

log = logging.getLogger(__name__)
PG_CHANNEL = "setter_live"
REDIS_CHANNEL = "setter:live"
READY_TIMEOUT = 5.0


class Subscription:
    """One waiting stream; woken (thread-safely) when its conversation changes."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._event = asyncio.Event()

    def wake(self) -> None:
        """Wake the waiter from any thread."""
        with contextlib.suppress(RuntimeError):  # its loop is gone: nobody waits any more
            self._loop.call_soon_threadsafe(self._event.set)

    async def wait(self, timeout: float) -> bool:
        """Wait for a wake-up; False when `timeout` seconds passed without one."""
        try:
            await asyncio.wait_for(self._event.wait(), timeout)
        except TimeoutError:
            return False
        self._event.clear()
        return True


class Bus:
    """Local subscribers plus a transport that reaches the other workers (subclasses)."""

    kind = "memory"

    def __init__(self) -> None:
        self._subs: dict[str, set[Subscription]] = {}
        self._lock = threading.Lock()
        self._task: asyncio.Task[None] | None = None
        self._ready: asyncio.Event | None = None

    def publish(self, conversation_id: str) -> None:
        """Tell every worker that the conversation has something new (call after commit)."""
        self.deliver(conversation_id)

    def deliver(self, conversation_id: str) -> None:
        """Wake this process's subscribers of the conversation."""
        with self._lock:
            subs = list(self._subs.get(conversation_id, ()))
        for sub in subs:
            sub.wake()

    def deliver_all(self) -> None:
        """Wake every subscriber (after a reconnect, notifications may have been missed)."""
        with self._lock:
            subs = [s for group in self._subs.values() for s in group]
        for sub in subs:
            sub.wake()

    @property
    def subscribers(self) -> int:
        """How many streams wait in this process."""
        with self._lock:
            return sum(len(group) for group in self._subs.values())

    @asynccontextmanager
    async def subscribe(self, conversation_id: str) -> AsyncIterator[Subscription]:
        """Wait for news of one conversation while the context is open."""
        await self._ensure_listening()
        sub = Subscription(asyncio.get_running_loop())
        with self._lock:
            self._subs.setdefault(conversation_id, set()).add(sub)
        try:
            yield sub
        finally:
            with self._lock:
                group = self._subs.get(conversation_id, set())
                group.discard(sub)
                if not group:
                    self._subs.pop(conversation_id, None)

    async def listening(self, timeout: float) -> bool:
        """Start this worker's listener if needed; True once it receives other workers' news,
        False if it did not connect within `timeout` seconds (it keeps trying; when it connects,
        every subscriber is woken, so news published meanwhile is read from the store then)."""
        if self.kind == "memory":
            return True
        if self._task is None or self._task.done():
            self._ready = asyncio.Event()
            self._task = asyncio.get_running_loop().create_task(self._run(), name=f"live-{self.kind}")
        assert self._ready is not None
        try:
            await asyncio.wait_for(self._ready.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def _ensure_listening(self) -> None:
        await self.listening(READY_TIMEOUT)

    async def _run(self) -> None:
        delay = 0.5
        while True:
            try:
                await self._listen()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - reconnect on any transport failure
                log.warning("live bus (%s) lost its connection: %s; reconnecting", self.kind, exc)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10.0)

    def _connected(self) -> None:
        assert self._ready is not None
        self._ready.set()
        self.deliver_all()

    async def _listen(self) -> None:
        """Receive notifications until the connection fails (transports override)."""
        raise NotImplementedError

    async def stop(self) -> None:
        """End the listener task (app shutdown)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None


class PostgresBus(Bus):
    """NOTIFY out through the engine, LISTEN in on one connection per worker."""

    kind = "postgres"

    def __init__(self, db: Engine) -> None:
        super().__init__()
        self.db = db
        self.dsn = db.url.set(drivername="postgresql").render_as_string(hide_password=False)

    def publish(self, conversation_id: str) -> None:
        """pg_notify, delivered to every listening worker (this one included)."""
        with self.db.begin() as conn:
            conn.execute(text("SELECT pg_notify(:channel, :id)"),
                         {"channel": PG_CHANNEL, "id": conversation_id})

    async def _listen(self) -> None:
        import psycopg

        async with await psycopg.AsyncConnection.connect(self.dsn, autocommit=True) as conn:
            await conn.execute(f"LISTEN {PG_CHANNEL}")
            self._connected()
            async for note in conn.notifies():
                self.deliver(note.payload)


class RedisBus(Bus):
    """PUBLISH out, one pub/sub subscription in per worker."""

    kind = "redis"

    def __init__(self, url: str) -> None:
        super().__init__()
        import redis

        self.url = url
        self._client = redis.Redis.from_url(url)

    def publish(self, conversation_id: str) -> None:
        """PUBLISH to every subscribed worker (this one included)."""
        self._client.publish(REDIS_CHANNEL, conversation_id)

    async def _listen(self) -> None:
        from redis import asyncio as aioredis

        client = aioredis.Redis.from_url(self.url)
        try:
            async with client.pubsub() as pubsub:
                await pubsub.subscribe(REDIS_CHANNEL)
                self._connected()
                async for message in pubsub.listen():
                    if message.get("type") == "message":
                        data = message["data"]
                        self.deliver(data.decode() if isinstance(data, bytes) else str(data))
        finally:
            await client.aclose()


_buses: weakref.WeakKeyDictionary[Engine, Bus] = weakref.WeakKeyDictionary()


def make_bus(db: Engine, *, redis_url: str | None = None) -> Bus:
    """Redis when configured, else PostgreSQL's NOTIFY on PostgreSQL, else in-process."""
    if redis_url:
        return RedisBus(redis_url)
    if db.url.get_backend_name() == "postgresql":
        return PostgresBus(db)
    return Bus()


def configure(db: Engine, *, redis_url: str | None = None) -> Bus:
    """The bus for this engine's conversations in this process (the app factory calls it)."""
    bus = make_bus(db, redis_url=redis_url)
    _buses[db] = bus
    return bus


def bus_for(db: Engine) -> Bus:
    """The configured bus for the engine, or the default one for its backend."""
    if db not in _buses:
        _buses[db] = make_bus(db)
    return _buses[db]
