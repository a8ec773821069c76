"""ix_voters_last_name and ix_voters_email dropped: no query reads them

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 19:20:00.000000

Since revision 0002 the kiosk's search matches the folded ``search_key`` (and since 0004 walks
its index); the centre looks voters up by NUMEN hash, establishment and change sequence. The
two indexes on the raw name and e-mail were only written: by every voter of a register import
(two more B-trees of a million text keys) and of every pull at the kiosks.
"""

from __future__ import annotations

from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('voters', schema=None) as batch_op:
        batch_op.drop_index('ix_voters_last_name')
        batch_op.drop_index('ix_voters_email')


def downgrade() -> None:
    with op.batch_alter_table('voters', schema=None) as batch_op:
        batch_op.create_index('ix_voters_email', ['email'], unique=False)
        batch_op.create_index('ix_voters_last_name', ['last_name'], unique=False)
