"""lead_questions: the lead's own questions, answered from the knowledge file or open for a setter

Revision ID: 0005_lead_questions
Revises: 0004_widget
Create Date: 2026-12-01 21:00:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import bot.store.columns


revision = '0005_lead_questions'
down_revision = '0004_widget'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('lead_questions',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('lead_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('conversation_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('message_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('span_start', sa.Integer(), nullable=True),
    sa.Column('span_end', sa.Integer(), nullable=True),
    sa.Column('lang', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('answer_id', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('created_at', bot.store.columns.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], ),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], ),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('lead_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lead_questions_lead_id'), ['lead_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('lead_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lead_questions_lead_id'))
    op.drop_table('lead_questions')
