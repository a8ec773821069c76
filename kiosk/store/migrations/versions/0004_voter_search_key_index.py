"""ix_voters_search_key: the kiosk's search reads a page of matches from an index in order

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 17:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Partial: only the kiosk fills search_key, so at the centre the index stays empty.
    op.create_index('ix_voters_search_key', 'voters', ['search_key'], unique=False,
                    sqlite_where=sa.text('search_key IS NOT NULL'),
                    postgresql_where=sa.text('search_key IS NOT NULL'))


def downgrade() -> None:
    op.drop_index('ix_voters_search_key', table_name='voters')
