"""The FastAPI application factory (run with `setter serve`)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from bot import live
from bot.conversation.wiring import Services, build_services, describe_engine
from bot.outbound import webhooks
from bot.outbound.email import Outbox
from bot.settings import Settings, get_settings
from web import errors, ratelimit, unsubscribe
from web.api import blacklist, conversations, email_drafts, events, leads, stage
from web.api import live as live_api
from web.api import webhooks as webhooks_api
from web.body_guard import BodyGuard
from web.widget import api as widget_api
from web.widget import pages as widget_pages
from web.widget.cors import WidgetCors

MAX_BODY_BYTES = 20 * 1024 * 1024


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    """An app bound to these settings (default: the environment) and services."""
    settings = settings or get_settings()
    services = services or build_services(settings)
    hooks = webhooks.WebhookConfig.from_settings(settings)
    webhooks.configure(services.db, hooks)
    bus = live.configure(services.db, redis_url=settings.redis_url)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        with webhooks.running_worker(services.db, hooks):  # delivers outside request threads
            yield
        await bus.stop()

    app = FastAPI(
        lifespan=lifespan,
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
    app.include_router(conversations.router)
    app.include_router(leads.router)
    for router in (stage.router, events.router, blacklist.router, webhooks_api.router,
                   email_drafts.router, unsubscribe.router, live_api.router, widget_api.router,
                   widget_pages.router):
        app.include_router(router)

    @app.get("/healthz", tags=["meta"], summary="Liveness and which engine runs")
    def health() -> dict[str, str]:
        return {"status": "ok", "engine": describe_engine(settings),
                "database": app.state.services.db.url.get_backend_name()}

    app.add_middleware(BodyGuard, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(WidgetCors)
    logging.getLogger("bot").setLevel(logging.INFO)
    return app
