"""Goals know which way they go (up or down) and the period their number counts (per month…).

Existing goals get the direction their numbers show (target above today's value: up); goals
without both numbers, or with equal ones, are left without one. No goal had a period before.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("goals") as batch_op:
        batch_op.add_column(sa.Column("direction", sa.String(length=4), nullable=True))
        batch_op.add_column(sa.Column("period", sa.String(length=8), nullable=True))
    op.execute("UPDATE goals SET direction = 'up' WHERE target > baseline")
    op.execute("UPDATE goals SET direction = 'down' WHERE target < baseline")


def downgrade() -> None:
    with op.batch_alter_table("goals") as batch_op:
        batch_op.drop_column("period")
        batch_op.drop_column("direction")
