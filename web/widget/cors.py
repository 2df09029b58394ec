"""CORS for the widget's API: any page may ask (preflight), only the site's origins are served.

The origin check itself is in the routes (403 `origin_not_allowed`, per site key); this
middleware only makes every answer readable by the widget, errors included, so that the
widget can say why it is refused instead of failing silently. No cookies are used, so no
credentials are allowed.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PREFIX = "/widget/v1/"
ALLOW_HEADERS = b"Authorization, Content-Type, Idempotency-Key, X-Conversation-Token"


def _header(scope: Scope, name: bytes) -> bytes | None:
    return next((v for k, v in scope["headers"] if k == name), None)


class WidgetCors:
    """Answers preflights and adds Access-Control-Allow-Origin to the widget API's responses."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        origin = _header(scope, b"origin")
        if scope["method"] == "OPTIONS" and origin and _header(scope, b"access-control-request-method"):
            await send({"type": "http.response.start", "status": 204, "headers": [
                (b"access-control-allow-origin", origin), (b"vary", b"Origin"),
                (b"access-control-allow-methods", b"GET, POST"),
                (b"access-control-allow-headers", ALLOW_HEADERS),
                (b"access-control-max-age", b"600")]})
            await send({"type": "http.response.body", "body": b""})
            return

        async def with_cors(message: Message) -> None:
            if message["type"] == "http.response.start" and origin:
                message["headers"] = [*message.get("headers", []),
                                      (b"access-control-allow-origin", origin), (b"vary", b"Origin"),
                                      (b"access-control-expose-headers", b"Retry-After, Idempotent-Replayed")]
            await send(message)

        await self.app(scope, receive, with_cors)
