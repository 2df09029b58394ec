"""follow-up due: leads.reactivate_on holds every planned reactivation (the scoring's
`reactivate` next action, a setter's date, an auto reply's return day), backfilled here;
conversations.held_by indexed for the console's "taken over by me"

Revision ID: 0008_follow_up_due
Revises: 0007_console
Create Date: 2026-12-02 09:00:00
"""
import json
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa

import bot.store.columns


revision = '0008_follow_up_due'
down_revision = '0007_console'
branch_labels = None
depends_on = None
CHUNK = 2000


def _json(value: object) -> dict:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


def _instant(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _due(action: dict, context: dict) -> datetime | None:
    """As `bot.store.models.follow_up_due` computes it at this revision."""
    back = _instant(context.get("reactivate_on"))
    if back is not None:
        return back
    return _instant(action.get("due")) if action.get("kind") == "reactivate" else None


def _backfill() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT id, next_action, context FROM leads WHERE reactivate_on IS NOT NULL "
        "OR CAST(next_action AS TEXT) LIKE '%reactivate%' "
        "OR CAST(context AS TEXT) LIKE '%reactivate_on%'")).fetchall()
    changes = [{"i": lead_id, "d": _due(_json(action), _json(context))}
               for lead_id, action, context in rows]
    update = sa.text("UPDATE leads SET reactivate_on = :d WHERE id = :i").bindparams(
        sa.bindparam("d", type_=bot.store.columns.UTCDateTime(timezone=True)))
    for start in range(0, len(changes), CHUNK):
        bind.execute(update, changes[start:start + CHUNK])


def upgrade() -> None:
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversations_held_by'), ['held_by'], unique=False)
    _backfill()


def downgrade() -> None:
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversations_held_by'))
