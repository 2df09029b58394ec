"""The blacklist: rules on email domain, company or segment (industry, source), each with a
reason. A new rule disqualifies the open leads it matches; new leads are checked on creation."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StrictStr

from bot.leads import blacklist
from bot.store.db import session_scope
from bot.store.models import BlacklistRuleRow
from web.deps import ApiKeyDep, ServicesDep
from web.errors import ApiError
from web.schemas import RowId

router = APIRouter(prefix="/api/v1/blacklist", tags=["blacklist"])


class RuleIn(BaseModel):
    """A pattern of leads that never fit, and why."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    kind: Literal["email_domain", "company", "industry", "source"]
    pattern: StrictStr = Field(min_length=1, max_length=320,
                               description="e.g. example.com, *.edu, Acme GmbH, Student*")
    reason: StrictStr = Field(min_length=1, max_length=1000)


def rule_view(row: BlacklistRuleRow, disqualified: int) -> dict[str, Any]:
    """A rule as the API shows it, with how many leads it has disqualified."""
    return {"id": row.id, "kind": row.kind, "pattern": row.pattern, "reason": row.reason,
            "created_at": row.created_at.isoformat(), "disqualified": disqualified}


@router.get("", summary="Every blacklist rule with how many leads it disqualified")
def list_rules(_: ApiKeyDep, services: ServicesDep) -> dict[str, Any]:
    """The rules, oldest first (the first matching rule gives the reason)."""
    with session_scope(services.db) as session:
        return {"rules": [rule_view(row, blacklist.disqualified_count(session, row))
                          for row in blacklist.rules(session)]}


@router.post("", status_code=201, summary="Add a rule and disqualify the leads it matches")
def add_rule(body: RuleIn, _: ApiKeyDep, services: ServicesDep) -> dict[str, Any]:
    """Store the rule; every open lead it matches is disqualified with its reason."""
    with session_scope(services.db) as session:
        try:
            row = blacklist.add_rule(session, kind=body.kind, pattern=body.pattern,
                                     reason=body.reason)
        except blacklist.DuplicateRule as exc:
            raise ApiError(409, "duplicate_rule", str(exc), {"id": exc.existing.id}) from None
        except blacklist.RuleError as exc:
            raise ApiError(422, "invalid_rule", str(exc)) from None
        return rule_view(row, blacklist.sweep(session, row))


@router.delete("/{rule_id}", summary="Remove a rule (leads it disqualified stay disqualified)")
def delete_rule(rule_id: RowId, _: ApiKeyDep, services: ServicesDep) -> dict[str, Any]:
    """Stop matching new leads; the history of leads it disqualified is kept."""
    with session_scope(services.db) as session:
        row = blacklist.delete_rule(session, rule_id)
        if row is None:
            raise ApiError(404, "not_found", f"no blacklist rule {rule_id}")
        return {"deleted": rule_id}
