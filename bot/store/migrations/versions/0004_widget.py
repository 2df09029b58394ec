"""widget: sites, take-over of conversations, human messages' author, lead's contact channel

Revision ID: 0004_widget
Revises: 0003_email
Create Date: 2026-12-01 20:50:00
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.store.columns


revision = '0004_widget'
down_revision = '0003_email'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sites',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('origins', sa.JSON(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('created_at', bot.store.columns.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('site_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
        batch_op.add_column(sa.Column('held_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column('held_since', bot.store.columns.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('author', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_channel', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.drop_column('contact_channel')
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_column('author')
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.drop_column('held_since')
        batch_op.drop_column('held_by')
        batch_op.drop_column('site_id')
    op.drop_table('sites')
