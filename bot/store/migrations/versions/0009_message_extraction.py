"""message extraction: messages.extracted keeps what extraction found in a lead message, so
that a later turn, on any worker, reads only the newest message

Revision ID: 0009_message_extraction
Revises: 0008_follow_up_due
Create Date: 2026-12-02 08:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009_message_extraction'
down_revision = '0008_follow_up_due'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('extracted', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_column('extracted')
