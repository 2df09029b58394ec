"""A bare FastAPI app that echoes a JSON body: the yardstick for bench/bench_turns.py."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

app = FastAPI()


@app.post("/echo")
def echo(body: dict[str, Any]) -> dict[str, Any]:
    """The body back, through FastAPI's thread pool for plain `def` routes (as the issue's probe
    measured it, and as chat turns ran before they moved onto the event loop on SQLite)."""
    return {"reply": body}


@app.post("/echo-async")
async def echo_async(body: dict[str, Any]) -> dict[str, Any]:
    """The body back on the event loop: no thread hand-off, the stricter yardstick."""
    return {"reply": body}
