"""voters.search_key: the kiosk's folded name and e-mail, searched without a Python call per row

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 12:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable and not filled here: the centre never searches it, and the kiosk fills the rows
    # it pulled before this revision when it opens its store (LocalStore).
    with op.batch_alter_table('voters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_key', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('voters', schema=None) as batch_op:
        batch_op.drop_column('search_key')
