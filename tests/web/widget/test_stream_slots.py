"""Live streams one address holds open are capped (SETTER_WIDGET_STREAMS_PER_IP): one more gets
the transcript and a "busy" event, and ends; a closed stream frees its place. Against a real server:
a stream ends when the client goes away, which an in-process test client cannot show."""

from __future__ import annotations

import asyncio
import gc
import shutil
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from bot.sites import ensure_demo_site
from bot.store.db import make_engine
from tests.web.widget.servers import setter_server
from web.widget.stream_slots import StreamSlots

SITE = "/widget/v1/sites/demo"
CAP = 2


@pytest.fixture(scope="module")
def capped(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    workdir = tmp_path_factory.mktemp("streams")
    database = workdir / "setter.db"
    shutil.copy(sqlite_template, database)
    engine = make_engine(f"sqlite:///{database}")
    ensure_demo_site(engine)
    engine.dispose()
    with setter_server(f"sqlite:///{database}", workdir,
                       SETTER_WIDGET_STREAMS_PER_IP=str(CAP)) as base:
        yield base


def start(base: str) -> tuple[str, dict[str, str]]:
    convo = httpx.post(f"{base}{SITE}/conversations", json={"lang": "de"}, timeout=30).json()
    return (f"{base}{SITE}/conversations/{convo['conversation_id']}/stream",
            {"Authorization": f"Bearer {convo['token']}"})


def open_stream(stack: ExitStack, url: str, headers: dict[str, str]) -> Iterator[str]:
    """A stream held open until `stack` closes; its greeting frame read, so it is counted.
    The caller keeps the lines it returns: dropping them closes the connection."""
    client = stack.enter_context(httpx.Client(timeout=30))
    response = stack.enter_context(client.stream("GET", url, headers=headers))
    assert response.status_code == 200
    lines = response.iter_lines()
    assert next(lines).startswith("id: 1")
    return lines


def busy(url: str, headers: dict[str, str]) -> bool:
    """Whether the stream at `url` answered "busy" and ended (False: it stays open, live)."""
    lines = []
    try:
        with httpx.stream("GET", url, headers=headers, timeout=httpx.Timeout(30, read=3)) as answer:
            assert answer.status_code == 200
            lines = list(answer.iter_lines())
    except httpx.ReadTimeout:  # caught up and waiting for news: a live stream
        return False
    assert lines[0].startswith("id: 1")  # the transcript comes all the same
    assert "event: busy" in lines and 'data: {"retry_after": 15}' in lines
    return True


def test_one_stream_more_than_the_cap_gets_the_transcript_and_busy(capped: str) -> None:
    url, headers = start(capped)
    with ExitStack() as first:
        held = [open_stream(first, url, headers)]
        with ExitStack() as second:
            held.append(open_stream(second, *start(capped)))  # another conversation, same address
            assert busy(url, headers)
            held.pop()
        # the second stream's client has gone: its place is free again (the server notices
        # the disconnect at once; a few tries allow for the scheduling of a busy machine)
        tries = [busy(url, headers)]
        while tries[-1] and len(tries) < 20:
            time.sleep(0.1)
            tries.append(busy(url, headers))
        assert tries[-1] is False, tries


def test_other_widget_calls_are_not_counted(capped: str) -> None:
    url, headers = start(capped)
    with ExitStack() as streams:
        held = [open_stream(streams, url, headers), open_stream(streams, *start(capped))]
        posted = httpx.post(url.removesuffix("/stream") + "/messages", json={"text": "Hallo"},
                            headers=headers, timeout=30)
        assert posted.status_code == 200  # a message and its streamed reply are not live streams
        assert "event: done" in posted.text
        assert len(held) == CAP


def test_behind_a_proxy_on_this_host_each_visitor_has_their_own_count(capped: str) -> None:
    url, headers = start(capped)
    with ExitStack() as streams:
        held = [open_stream(streams, url, headers), open_stream(streams, *start(capped))]
        assert busy(url, headers)
        visitor = {**headers, "X-Forwarded-For": "203.0.113.5"}  # as a proxy on 127.0.0.1 sends
        held.append(open_stream(streams, url, visitor))
        held.append(open_stream(streams, url, visitor))
        assert busy(url, visitor)


def test_slots_are_given_back_however_the_stream_ends() -> None:
    slots = StreamSlots(1)

    async def frames() -> AsyncIterator[str]:
        yield "a"
        raise RuntimeError("the store went away")

    async def run() -> None:
        assert slots.take("10.0.0.1")
        assert not slots.take("10.0.0.1")
        assert slots.take("10.0.0.2")  # another address has its own count
        stream = slots.held("10.0.0.1", frames())
        assert await anext(stream) == "a"
        with pytest.raises(RuntimeError):
            await anext(stream)
        assert slots.open_from("10.0.0.1") == 0
        slots.take("10.0.0.1")
        left = slots.held("10.0.0.1", frames())
        await anext(left)
        await left.aclose()  # the client went away mid-stream
        assert slots.open_from("10.0.0.1") == 0

    asyncio.run(run())


def test_a_stream_that_never_starts_gives_its_slot_back_when_dropped() -> None:
    slots = StreamSlots(1)

    async def frames() -> AsyncIterator[str]:
        yield "a"

    slots.take("10.0.0.1")
    stream = slots.held("10.0.0.1", frames())  # the client left before the response began
    assert slots.open_from("10.0.0.1") == 1
    del stream
    gc.collect()
    assert slots.open_from("10.0.0.1") == 0
    assert slots.take("10.0.0.1")


def test_switched_off_with_the_rate_limits_or_zero() -> None:
    for slots in (StreamSlots(1, enabled=False), StreamSlots(0)):
        assert all(slots.take("10.0.0.1") for _ in range(5))
        assert slots.open_from("10.0.0.1") == 0
