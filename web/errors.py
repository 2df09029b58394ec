"""Every error leaves as JSON `{"error": {"code", "message", "details"?}}`; never a stack trace."""

from __future__ import annotations

import logging
import re
from collections import Counter
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)
MAX_MESSAGE = 300  # characters of an error message; an echoed value never makes it longer
MAX_FIELD = 100  # characters of a field path (a client's own key names are echoed in it)
MAX_DETAILS = 20  # problems listed; the message says how many there were
SUMMARY_DETAILS = 3  # problems named in the message
# pydantic names a union's alternatives and validators in a location ("constrained-int",
# "function-after[storable(), str]", or "int", "str" after the field): internals, not fields
_TAG = re.compile(r"^[a-z]+(?:-[a-z]+)*\[.*\]$|^(?:constrained|strict|lax)-[a-z]+$", re.DOTALL)
_PLAIN_TYPES = frozenset({"int", "str", "float", "bool", "bytes", "none", "list", "dict", "decimal",
                          "datetime", "date", "time"})
_INSTANCE = re.compile(r" or instance of \w+|an instance of \w+")


def bounded(text: str, limit: int = MAX_MESSAGE) -> str:
    """The text, cut to `limit` characters with an ellipsis and the full length."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def _is_tag(part: Any) -> bool:
    return isinstance(part, str) and _TAG.match(part) is not None


def _field(loc: tuple[Any, ...] | list[Any], union: bool) -> str:
    """The field path the client sent; `union`: the last part names a union's alternative."""
    if union and loc and loc[-1] in _PLAIN_TYPES:
        loc = loc[:-1]
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header") and not _is_tag(p)]
    return bounded(".".join(parts), MAX_FIELD) or "body"


def _message(err: dict[str, Any]) -> str:
    """pydantic's message in plain words: no class names, strings measured in characters."""
    message = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
    ctx = err.get("ctx") or {}
    if err.get("type") == "json_invalid":
        return bounded(f"{message} at character {(err.get('loc') or ('', '?'))[-1]}: {ctx.get('error', '')}")
    if err.get("type") == "too_long" and isinstance(err.get("input"), str):
        message = f"should have at most {ctx.get('max_length')} characters, not {ctx.get('actual_length')}"
    elif err.get("type") == "too_short" and isinstance(err.get("input"), str):
        message = f"should have at least {ctx.get('min_length')} characters"
    message = _INSTANCE.sub(lambda m: "" if m.group(0).startswith(" or") else "an object", message)
    return bounded(message.removeprefix("Input ").removeprefix("Value "), 300)


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    """One entry per field, a union's alternatives joined with "or"."""
    errors = exc.errors()

    def alternative(loc: tuple[Any, ...]) -> tuple[Any, ...] | None:
        return tuple(loc[:-1]) if loc and (loc[-1] in _PLAIN_TYPES or _is_tag(loc[-1])) else None

    unions = Counter(alternative(tuple(err.get("loc", ()))) for err in errors)
    by_field: dict[str, list[str]] = {}
    for err in errors:
        loc = tuple(err.get("loc", ()))
        prefix = alternative(loc)
        field = "body" if err.get("type") == "json_invalid" else \
            _field(loc, prefix is not None and unions[prefix] > 1)
        messages = by_field.setdefault(field, [])
        message = _message(err)
        if message not in messages:
            messages.append(message)
    return [{"field": field, "message": " or ".join(messages)} for field, messages in by_field.items()]


class ApiError(Exception):
    """An error with its HTTP status and a message that says what is wrong."""

    def __init__(self, status: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    """The JSON body of an error response."""
    error: dict[str, Any] = {"code": code, "message": bounded(message)}
    if details is not None:
        error["details"] = details
    return {"error": error}


async def _api_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return JSONResponse(error_body(exc.code, exc.message, exc.details), status_code=exc.status)


NOT_AN_OBJECT = frozenset({"model_attributes_type", "dict_type", "model_type"})


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = _validation_details(exc)
    if any(err.get("type") == "json_invalid" for err in exc.errors()):
        return JSONResponse(error_body("invalid_json", "the body is not valid JSON",
                                       details[:MAX_DETAILS]), 400)
    if any(tuple(err.get("loc", ())) == ("body",) and err.get("type") in NOT_AN_OBJECT
           for err in exc.errors()):
        return JSONResponse(error_body("invalid_request", _not_an_object(request)), 422)
    summary = "; ".join(f"{d['field']}: {d['message']}" for d in details[:SUMMARY_DETAILS])
    if len(details) > SUMMARY_DETAILS:
        summary += f" (and {len(details) - SUMMARY_DETAILS:,} more problems)"
    return JSONResponse(error_body("invalid_request", summary or "invalid request",
                                   details[:MAX_DETAILS]), 422)


def _not_an_object(request: Request) -> str:
    """What to send instead of a body that is not a JSON object (an array, a string, a form)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip()
    if kind and "json" not in kind.lower():
        return f"the body should be a JSON object sent as application/json, not {bounded(kind, 60)}"
    return "the body should be a JSON object ({...})"


UNPARSABLE = "There was an error parsing the body"  # FastAPI's words when reading the body fails


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}.get(
        exc.status_code, "http_error")
    message = str(exc.detail)
    if exc.status_code == 400 and message == UNPARSABLE:  # e.g. JSON nested thousands deep
        code, message = "invalid_json", "the body could not be read as JSON (nested too deeply?)"
    return JSONResponse(error_body(code, message), status_code=exc.status_code,
                        headers=getattr(exc, "headers", None))


async def _bad_value(request: Request, exc: Exception) -> JSONResponse:
    """A value the database cannot hold (too large a number, a character it refuses) is the
    client's mistake, not ours: 422, logged as a warning so that missing validation shows."""
    log.warning("value refused by the store on %s %s: %s", request.method, request.url.path,
                str(exc).splitlines()[0][:200])
    return JSONResponse(error_body("invalid_value", "a value is out of range or contains "
                                   "characters that cannot be stored"), status_code=422)


# PostgreSQL's deadlock, serialization failure and lock-not-available: the transaction was
# rolled back because of another one at the same moment, and the same request can succeed now
_CONFLICTS = frozenset({"40P01", "40001", "55P03"})


def _conflict(exc: OperationalError) -> bool:
    return (getattr(exc.orig, "sqlstate", None) in _CONFLICTS
            or "database is locked" in str(exc.orig))  # SQLite: its busy timeout ran out


async def _store_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """The database could not do it now (a conflict with another transaction, or it cannot be
    reached): 503 with Retry-After, so that a client sends the request again, not a 500."""
    assert isinstance(exc, OperationalError)
    if _conflict(exc):
        log.warning("store conflict on %s %s, answered 503: %s", request.method,
                    request.url.path, str(exc.orig).splitlines()[0][:200])
        body, wait = error_body("busy", "the database was busy with a conflicting change; "
                                "send the request again"), 1
    else:
        log.exception("store unavailable on %s %s", request.method, request.url.path,
                      exc_info=exc)
        body, wait = error_body("store_unavailable", "the database cannot be reached right "
                                "now; send the request again in a few seconds"), 5
    return JSONResponse(body, status_code=503, headers={"Retry-After": str(wait)})


def _duplicate(exc: IntegrityError) -> bool:
    return (getattr(exc.orig, "sqlstate", None) == "23505"  # PostgreSQL's unique violation
            or "UNIQUE constraint failed" in str(exc.orig))


async def _stored_meanwhile(request: Request, exc: Exception) -> JSONResponse:
    """A unique key another request stored a moment before (two requests with the same event
    id at once, say): 409, and sent again the request sees what the other one stored. Any
    other integrity error is a bug: 500, logged."""
    assert isinstance(exc, IntegrityError)
    if not _duplicate(exc):
        return await _unexpected(request, exc)
    log.warning("unique key stored meanwhile on %s %s, answered 409: %s", request.method,
                request.url.path, str(exc.orig).splitlines()[0][:200])
    return JSONResponse(error_body("conflict", "another request stored the same thing at the "
                                   "same moment; send this one again"), status_code=409,
                        headers={"Retry-After": "1"})


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse(error_body("internal_error", "something went wrong on our side; "
                                   "nothing you sent was lost"), status_code=500)


def install(app: FastAPI) -> None:
    """Register the JSON error handlers."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(DataError, _bad_value)
    app.add_exception_handler(OverflowError, _bad_value)
    app.add_exception_handler(OperationalError, _store_unavailable)
    app.add_exception_handler(IntegrityError, _stored_meanwhile)
    app.add_exception_handler(Exception, _unexpected)
