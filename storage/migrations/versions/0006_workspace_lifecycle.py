"""Workspaces know when the app was uninstalled or its token revoked.

`uninstalled_at` (NULL while installed) stops every scheduled Slack call for the team and starts
the grace period after which its data is deleted; `uninstall_reason` says what Slack told us.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "workspaces", sa.Column("uninstalled_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("workspaces", sa.Column("uninstall_reason", sa.String(32), nullable=True))
    op.create_index("ix_workspaces_uninstalled_at", "workspaces", ["uninstalled_at"])


def downgrade() -> None:
    op.drop_index("ix_workspaces_uninstalled_at", table_name="workspaces")
    with op.batch_alter_table("workspaces") as batch:
        batch.drop_column("uninstall_reason")
        batch.drop_column("uninstalled_at")
