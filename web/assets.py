"""Setter's own stylesheets (web/static/*.css) for the HTML pages it serves: the CSP allows
styles from 'self' only, so no page carries inline styles."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import Response

from web.errors import ApiError

STATIC = Path(__file__).parent / "static"
SHEETS = {path.name: path.read_bytes() for path in STATIC.glob("*.css")}
router = APIRouter(prefix="/assets", include_in_schema=False)


@router.get("/{name}")
def stylesheet(name: str) -> Response:
    """One of the stylesheets, by file name."""
    body = SHEETS.get(name)
    if body is None:
        raise ApiError(404, "not_found", "no such stylesheet")
    return Response(body, media_type="text/css; charset=utf-8",
                    headers={"Cache-Control": "public, max-age=300"})
