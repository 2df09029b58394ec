"""Where a chat turn is computed: on the event loop when it cannot wait, else in a worker thread.

A turn is CPU work plus SQLite calls. Handed to a worker thread (as FastAPI does with a plain
`def` route) it pays two thread hand-offs, and every SQLite call releases the GIL, which the
event loop then takes to parse other requests, so the turn waits to get it back. Under load
on two cores these switches cost a quarter to a third of the server's CPU per turn. A turn
that would not wait (`Services.turn_would_not_wait`: templates reply, SQLite in this process,
nobody else writing or computing a turn) is therefore computed right on the loop, like the
echo of a bare app. Anything that may wait (a model, PostgreSQL round trips, another writer holding SQLite's
gate, rate limits counted in Redis) still goes to a worker thread, so the loop is never held
up by I/O or by another thread's transaction.

A turn on PostgreSQL waits for its round trips. With the database on this host (a Unix socket
or a loopback address: `bot.store.db.on_this_host`) those waits cost less than the thread
hand-offs (bench/bench_turns.py measures both), so the default computes such turns on the loop
too; with a database across a network it keeps a worker serving other requests while its turns
wait. Rate limits counted in Redis keep a turn in a thread (a Redis that stops answering must
not hold up the loop). SETTER_TURNS_ON_LOOP=always computes every template turn on the loop,
whatever the store and limits; `never` none.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import anyio
from fastapi import Request

from bot.conversation.wiring import Services
from bot.store.db import on_this_host
from web.ratelimit import limiter_of

T = TypeVar("T")


def on_loop(request: Request, services: Services) -> bool:
    """Whether a turn for this request may run on the event loop now (SETTER_TURNS_ON_LOOP)."""
    mode = request.app.state.settings.turns_on_loop
    if mode == "never":
        return False
    if mode == "always":  # round trips to a database and Redis on the same host cost less
        return services.turn_would_not_wait(round_trips=True)  # than thread hand-offs
    return limiter_of(request).in_process and services.turn_would_not_wait(
        round_trips=on_this_host(services.db))


async def compute(request: Request, services: Services, work: Callable[[], T]) -> T:
    """`work()` (a turn and what goes with it: rate limits, the reply), where it costs least."""
    if on_loop(request, services):
        return work()
    return await anyio.to_thread.run_sync(work)
