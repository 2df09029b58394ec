"""The FastAPI application factory (run with `setter serve`)."""

from __future__ import annotations

import functools
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI
from starlette.types import ASGIApp

from bot import live
from bot import privacy as privacy_rules
from bot.conversation import turn as engine
from bot.conversation import warmup
from bot.conversation.wiring import Services, build_services, describe_engine
from bot.email import reactivation
from bot.outbound import webhooks
from bot.outbound.email import Outbox
from bot.settings import Settings, get_settings
from bot.store import checkpoints
from bot.store.db import session_scope
from web import assets, errors, ratelimit, unsubscribe
from web.api import blacklist, conversations, email_drafts, email_inbound, events, leads, privacy, stage
from web.api import live as live_api
from web.api import webhooks as webhooks_api
from web.body_guard import BodyGuard
from web.console import app as console
from web.idempotency import Idempotency
from web.security import SecurityHeaders
from web.widget import api as widget_api
from web.widget import pages as widget_pages
from web.widget import stream_slots
from web.widget.cors import WidgetCors


class SetterApp(FastAPI):
    """FastAPI with the security headers outside everything, Starlette's error middleware
    included: a 500 carries nosniff and the CSP like every other response."""

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack())


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    """An app bound to these settings (default: the environment) and services."""
    settings = settings or get_settings()
    services = services or build_services(settings)
    hooks = webhooks.WebhookConfig.from_settings(settings)
    webhooks.configure(services.db, hooks)
    docs = settings.docs == "on"
    bus = live.configure(services.db, redis_url=settings.redis_url)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await anyio.to_thread.run_sync(_warm_up, services)  # (before the freeze: kept for good)
        # lead messages a crash left unanswered get their reply before anything new
        await anyio.to_thread.run_sync(lambda: engine.recover_unanswered(services))
        freeze_startup_objects()
        async with anyio.create_task_group() as tasks:
            if settings.retention_days:
                tasks.start_soon(_retention, services, settings)
            with checkpoints.running_checkpoints(services.db), \
                    webhooks.running_worker(services.db, hooks), \
                    reactivation.running_schedule(services.db, settings.reactivation_interval):
                yield
            tasks.cancel_scope.cancel()
        await bus.stop()

    app = SetterApp(
        lifespan=lifespan,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
        title="Setter",
        version="0.1.0",
        description="Conversational BANT lead qualification with grounded facts and "
        "transparent scoring.",
    )
    app.state.settings = settings
    app.state.services = services
    app.state.live_bus = bus
    app.state.outbox = Outbox.from_settings(settings)
    errors.install(app)
    ratelimit.install(app, settings)
    stream_slots.install(app, settings)
    app.include_router(conversations.router)
    app.include_router(leads.router)
    for router in (stage.router, events.router, blacklist.router, webhooks_api.router,
                   email_drafts.router, email_inbound.router, unsubscribe.router, live_api.router,
                   widget_api.router, widget_pages.router, privacy.router, assets.router):
        app.include_router(router)

    console.install(app, settings)

    @app.get("/healthz", tags=["meta"], summary="Liveness and which engine runs")
    def health() -> dict[str, str]:
        return {"status": "ok", "engine": describe_engine(settings),
                "database": app.state.services.db.url.get_backend_name()}

    app.add_middleware(Idempotency)  # inside the body guard: sees checked, buffered bodies
    app.add_middleware(BodyGuard)  # how large a body may be: web.body_guard.body_limit
    app.add_middleware(WidgetCors)  # (SecurityHeaders wraps the whole stack: SetterApp)
    logging.getLogger("bot").setLevel(logging.INFO)
    return app


def _warm_up(services: Services) -> None:
    """Load what a first turn would (bot.conversation.warmup); a failure is logged, and the
    first turn then loads it, as without the warm-up."""
    try:
        warmup.warm_up(services)
    except Exception:  # noqa: BLE001 - start-up goes on: turns handle their own failures
        logging.getLogger(__name__).exception("warm-up failed; the first turn loads what it needs")


@functools.cache
def freeze_startup_objects() -> None:
    """Move what exists after the first start-up of this process (modules, compiled patterns,
    the scoring and extraction models: about 200,000 objects) out of the garbage collector's
    reach, once per process. They live as long as the process, yet each full collection walked
    them all: 170 ms with the server stalled, twice in a load of 1,000 turns (measured in
    process with gc.callbacks); bench/bench_turns.py's p95 fell from 493 to 323 ms (medians of
    four runs). Objects made later are collected as before."""
    gc.collect()
    gc.freeze()


async def _retention(services: Services, settings: Settings) -> None:
    """Erase leads inactive for longer than SETTER_RETENTION_DAYS, at start and then regularly."""
    days = settings.retention_days or 0

    def sweep() -> None:
        with session_scope(services.db) as session:
            erased = privacy_rules.erase_inactive(session, days=days)
        if erased:
            logging.getLogger(__name__).info("retention: erased %d leads inactive > %d days",
                                             len(erased), days)

    while True:
        try:
            await anyio.to_thread.run_sync(sweep)
        except Exception:  # noqa: BLE001 - a failed sweep is retried at the next interval
            logging.getLogger(__name__).exception("retention sweep failed")
        await anyio.sleep(settings.retention_interval)
