"""A started server keeps what it built at start-up out of the garbage collector's full
collections (gc.freeze), so that a full collection no longer stalls every request for as long
as it takes to walk the process's ~200,000 long-lived objects."""

from __future__ import annotations

import gc

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.conftest import make_services, make_settings
from web.app import create_app, freeze_startup_objects


def test_start_up_objects_are_out_of_the_collectors_reach(sqlite_engine: Engine) -> None:
    app = create_app(make_settings(reactivation_interval=0), make_services(sqlite_engine))
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        frozen = gc.get_freeze_count()
    assert frozen > 50_000  # the modules, patterns and models a server loads


def test_freezing_happens_once_per_process() -> None:
    freeze_startup_objects()
    before = gc.get_freeze_count()
    made_later = [[] for _ in range(1000)]  # objects the collector tracks: a freeze would count them
    freeze_startup_objects()  # a second app in the same process (the tests) freezes nothing more
    assert gc.get_freeze_count() == before
    del made_later
