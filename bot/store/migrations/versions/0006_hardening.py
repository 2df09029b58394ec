"""hardening: per-conversation order counter, unique (conversation, seq), one reply per lead
message, the sender's own event ids, and stored first responses for Idempotency-Key

Revision ID: 0006_hardening
Revises: 0005_lead_questions
Create Date: 2026-12-01 21:00:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import bot.store.columns


revision = '0006_hardening'
down_revision = '0005_lead_questions'
branch_labels = None
depends_on = None


def _renumber_duplicates() -> None:
    """Concurrent posts could share an order number before; renumber those conversations
    by (seq, time, id) so that the unique index can be built."""
    bind = op.get_bind()
    duplicated = [row[0] for row in bind.execute(sa.text(
        "SELECT conversation_id FROM messages GROUP BY conversation_id, seq HAVING COUNT(*) > 1"))]
    for conversation_id in sorted(set(duplicated)):
        rows = bind.execute(sa.text(
            "SELECT id FROM messages WHERE conversation_id = :c ORDER BY seq, created_at, id"),
            {"c": conversation_id}).fetchall()
        for seq, (message_id,) in enumerate(rows, start=1):
            bind.execute(sa.text("UPDATE messages SET seq = :s WHERE id = :i"),
                         {"s": -seq, "i": message_id})
        bind.execute(sa.text("UPDATE messages SET seq = -seq WHERE conversation_id = :c"),
                     {"c": conversation_id})


def _link_replies() -> None:
    """Existing history counts as answered: each bot message answers the oldest lead
    message before it that has no reply yet (greetings answer nothing)."""
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT conversation_id, id, role FROM messages ORDER BY conversation_id, seq")).fetchall()
    links: list[dict[str, str]] = []
    pending: list[str] = []
    current = None
    for conversation_id, message_id, role in rows:
        if conversation_id != current:
            current, pending = conversation_id, []
        if role == "lead":
            pending.append(message_id)
        elif pending:
            links.append({"r": pending.pop(0), "i": message_id})
    if links:
        bind.execute(sa.text("UPDATE messages SET reply_to = :r WHERE id = :i"), links)
        bind.execute(sa.text("UPDATE messages SET handled_at = created_at WHERE id = :r"), links)


def upgrade() -> None:
    op.add_column('conversations', sa.Column('last_seq', sa.Integer(), nullable=False,
                                             server_default='0'))
    op.add_column('messages', sa.Column('reply_to', sqlmodel.sql.sqltypes.AutoString(length=32),
                                        nullable=True))
    op.add_column('messages', sa.Column('handled_at', bot.store.columns.UTCDateTime(timezone=True),
                                        nullable=True))
    op.add_column('events', sa.Column('external_id', sqlmodel.sql.sqltypes.AutoString(length=200),
                                      nullable=True))
    _renumber_duplicates()
    op.execute("UPDATE conversations SET last_seq = COALESCE((SELECT MAX(seq) FROM messages "
               "WHERE messages.conversation_id = conversations.id), 0)")
    _link_replies()
    op.create_index('uq_messages_conversation_seq', 'messages', ['conversation_id', 'seq'],
                    unique=True)
    op.create_index(op.f('ix_messages_handled_at'), 'messages', ['handled_at'], unique=False)
    op.create_index('ux_messages_reply_to', 'messages', ['reply_to'], unique=True)
    op.create_index('ux_events_external_id', 'events', ['external_id'], unique=True)
    op.create_table('idempotency_keys',
    sa.Column('scope', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('path', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('body_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('response', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', bot.store.columns.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('scope', 'key')
    )
    op.create_index(op.f('ix_idempotency_keys_created_at'), 'idempotency_keys', ['created_at'],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_idempotency_keys_created_at'), table_name='idempotency_keys')
    op.drop_table('idempotency_keys')
    op.drop_index('ux_events_external_id', table_name='events')
    op.drop_index('ux_messages_reply_to', table_name='messages')
    op.drop_index(op.f('ix_messages_handled_at'), table_name='messages')
    op.drop_index('uq_messages_conversation_seq', table_name='messages')
    with op.batch_alter_table('events') as batch:
        batch.drop_column('external_id')
    with op.batch_alter_table('messages') as batch:
        batch.drop_column('reply_to')
        batch.drop_column('handled_at')
    with op.batch_alter_table('conversations') as batch:
        batch.drop_column('last_seq')
