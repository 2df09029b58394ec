"""lean indexes: fewer index pages written per chat turn

A turn wrote 32 pages to SQLite's log (bench/bench_turn_pages.py), a third of them in indexes
that nothing needs in full: messages by conversation (the unique (conversation, seq) index
serves every such read), leads by score and by band alone (the queue's (score, id) and
(band, score, id) indexes serve those), every message by `handled_at` (only unanswered lead
messages are ever looked up: the crash recovery), and the NULLs of `reply_to` and of the
events' `external_id` (looked up only by a value). Those become partial indexes or go.

Revision ID: 0010_lean_indexes
Revises: 0009_message_extraction
Create Date: 2026-12-05 23:45:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0010_lean_indexes'
down_revision = '0009_message_extraction'
branch_labels = None
depends_on = None

UNHANDLED = "handled_at IS NULL AND role = 'lead'"


def _where(condition: str) -> dict[str, object]:
    return {"sqlite_where": sa.text(condition), "postgresql_where": sa.text(condition)}


def upgrade() -> None:
    op.drop_index('ix_messages_conversation_id', table_name='messages')
    op.drop_index('ix_messages_handled_at', table_name='messages')
    op.create_index('ix_messages_unhandled', 'messages', ['created_at', 'seq'],
                    **_where(UNHANDLED))
    op.drop_index('ux_messages_reply_to', table_name='messages')
    op.create_index('ux_messages_reply_to', 'messages', ['reply_to'], unique=True,
                    **_where("reply_to IS NOT NULL"))
    op.drop_index('ux_events_external_id', table_name='events')
    op.create_index('ux_events_external_id', 'events', ['external_id'], unique=True,
                    **_where("external_id IS NOT NULL"))
    op.drop_index('ix_leads_score_total', table_name='leads')
    op.drop_index('ix_leads_score_band', table_name='leads')


def downgrade() -> None:
    op.create_index('ix_leads_score_band', 'leads', ['score_band'], unique=False)
    op.create_index('ix_leads_score_total', 'leads', ['score_total'], unique=False)
    op.drop_index('ux_events_external_id', table_name='events')
    op.create_index('ux_events_external_id', 'events', ['external_id'], unique=True)
    op.drop_index('ux_messages_reply_to', table_name='messages')
    op.create_index('ux_messages_reply_to', 'messages', ['reply_to'], unique=True)
    op.drop_index('ix_messages_unhandled', table_name='messages')
    op.create_index('ix_messages_handled_at', 'messages', ['handled_at'], unique=False)
    op.create_index('ix_messages_conversation_id', 'messages', ['conversation_id'], unique=False)
