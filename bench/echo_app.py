"""A bare FastAPI app that echoes a JSON body: the yardstick for bench/bench_turns.py."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

app = FastAPI()


@app.post("/echo")
def echo(body: dict[str, Any]) -> dict[str, Any]:
    """The body back, through the same sync-route thread pool a chat turn uses."""
    return {"reply": body}
