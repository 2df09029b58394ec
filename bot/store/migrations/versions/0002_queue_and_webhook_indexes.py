"""queue and webhook indexes: the hot/all-leads queue sorted by score, due webhook deliveries

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 00:27:31.617823
"""
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.create_index('ix_leads_band_score', ['score_band', 'score_total', 'id'], unique=False)
        batch_op.create_index('ix_leads_score_id', ['score_total', 'id'], unique=False)

    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_webhook_deliveries_due', ['status', 'next_attempt_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.drop_index('ix_webhook_deliveries_due')

    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.drop_index('ix_leads_score_id')
        batch_op.drop_index('ix_leads_band_score')

