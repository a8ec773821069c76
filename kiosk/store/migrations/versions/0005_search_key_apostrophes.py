"""voters.search_key without apostrophes: the keys that held one are folded again

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 18:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# kiosk.services.local_store.APOSTROPHES, spelled out: a revision must not change when the code
# it served does.
APOSTROPHES = ("'", "\u2019", "\u02bc", "\u2018")


def upgrade() -> None:
    # Emptied, and the kiosk folds them again when it opens its store (LocalStore), as it does
    # for rows pulled before revision 0002. The centre's rows have no key: nothing to do there.
    held = " OR ".join(f"search_key LIKE :mark{n}" for n in range(len(APOSTROPHES)))
    op.execute(sa.text(f"UPDATE voters SET search_key = NULL WHERE search_key IS NOT NULL "
                       f"AND ({held})").bindparams(
        **{f"mark{n}": f"%{mark}%" for n, mark in enumerate(APOSTROPHES)}))


def downgrade() -> None:
    # Which keys lost an apostrophe is no longer known: all are folded again, the old way.
    op.execute("UPDATE voters SET search_key = NULL WHERE search_key IS NOT NULL")
