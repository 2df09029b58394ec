"""Setters take a live conversation over, write in it, and hand it back (API key)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StrictStr

from bot import live
from web.deps import ApiKeyDep, ServicesDep
from web.errors import ApiError
from web.schemas import MAX_TEXT, Text

router = APIRouter(prefix="/api/v1/conversations", tags=["live take-over"])


class WhoIn(BaseModel):
    """The setter taking the conversation over."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    who: Text = Field(min_length=1, max_length=live.takeover.MAX_WHO)


class HandBackIn(BaseModel):
    """Optionally, who hands back (refused when someone else holds it)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    who: Text | None = Field(default=None, min_length=1, max_length=live.takeover.MAX_WHO)


class HumanMessageIn(BaseModel):
    """The setter's message to the lead."""

    model_config = ConfigDict(extra="forbid")
    text: StrictStr = Field(min_length=1, max_length=MAX_TEXT)
    who: StrictStr | None = Field(default=None, min_length=1, max_length=live.takeover.MAX_WHO)


@contextmanager
def _mapped() -> Iterator[None]:
    """bot.live's refusals as HTTP errors: 404 unknown, 409 held by someone else / not held."""
    try:
        yield
    except live.NotFound as exc:
        raise ApiError(404, exc.code, str(exc)) from None
    except live.HeldByOther as exc:
        raise ApiError(409, exc.code, str(exc), {"held_by": exc.holder}) from None
    except live.NotHeld as exc:
        raise ApiError(409, exc.code, str(exc)) from None
    except live.BadInput as exc:
        raise ApiError(422, exc.code, str(exc)) from None


@router.post("/{conversation_id}/takeover", summary="A setter takes the conversation over")
def takeover(conversation_id: str, body: WhoIn, _: ApiKeyDep, services: ServicesDep) -> dict[str, Any]:
    """The bot falls silent; 409 when another setter holds the conversation."""
    with _mapped():
        return live.take_over(services.db, conversation_id=conversation_id, who=body.who).as_dict()


@router.post("/{conversation_id}/human-messages", status_code=201,
             summary="The setter's message, delivered live to the lead's widget")
def human_message(conversation_id: str, body: HumanMessageIn, _: ApiKeyDep,
                  services: ServicesDep) -> dict[str, Any]:
    """Stored with role "human"; 409 unless the conversation is held (by `who`, when given)."""
    with _mapped():
        return live.send_human_message(services.db, conversation_id=conversation_id,
                                       text=body.text, who=body.who).as_dict()


@router.post("/{conversation_id}/handback", summary="Hand the conversation back to the bot")
def handback(conversation_id: str, _: ApiKeyDep, services: ServicesDep,
             body: HandBackIn | None = None) -> dict[str, Any]:
    """The lead's next message gets a bot reply again, from the record as it stands."""
    with _mapped():
        return live.hand_back(services.db, conversation_id=conversation_id,
                              who=body.who if body else None).as_dict()
