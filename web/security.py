"""ASGI middleware: security headers on every response Setter serves.

Every response gets `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer` and a
Content-Security-Policy unless the route set its own: JSON and everything else get
`default-src 'none'` (nothing may load), HTML pages may load only their own scripts, styles
and images, and the API docs may also load Swagger UI from its CDN.
"""

from __future__ import annotations

from web.body_guard import ASGIApp, Message, Receive, Scope, Send

API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
HTML_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
               "form-action 'self'; object-src 'none'")
# FastAPI's Swagger UI and ReDoc pages load their bundles from jsDelivr and start them with one
# inline script; nothing else may load there either.
DOCS_POLICY = ("default-src 'none'; script-src 'self' https://cdn.jsdelivr.net 'unsafe-inline'; "
               "style-src 'self' https://cdn.jsdelivr.net https://fonts.googleapis.com 'unsafe-inline'; "
               "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; "
               "font-src https://fonts.gstatic.com; connect-src 'self'; worker-src blob:; "
               "frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'")
DOCS_PATHS = frozenset({"/docs", "/redoc", "/docs/oauth2-redirect"})


def policy_for(path: str, content_type: bytes) -> str:
    """The Content-Security-Policy for a response."""
    if path in DOCS_PATHS:
        return DOCS_POLICY
    return HTML_POLICY if content_type.startswith(b"text/html") else API_POLICY


class SecurityHeaders:
    """Adds nosniff, a referrer policy and a restrictive CSP (unless the route set one)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                content_type = next((v.lower() for n, v in headers if n.lower() == b"content-type"), b"")
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", policy_for(path, content_type).encode()))
                if b"x-content-type-options" not in names:
                    headers.append((b"x-content-type-options", b"nosniff"))
                if b"referrer-policy" not in names:
                    headers.append((b"referrer-policy", b"no-referrer"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
