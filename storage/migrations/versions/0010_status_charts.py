"""The status chart last uploaded for each strategy (issue 13).

`status_charts` holds, per (team, strategy), the key of the chart last uploaded to Slack (a
digest of everything it shows: bot/insights/chart.py `chart_key`) and the id Slack gave the
file. A status whose chart has the same key shows that file by id in an image block instead of
drawing and uploading it again. It has a `team_id`, so a team's export and deletion
(storage/team_data.py) include it; a strategy deleted takes its row with it.

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "status_charts",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("strategy_id", sa.Integer(), nullable=False),
        sa.Column("chart_key", sa.String(length=64), nullable=False),
        sa.Column("file_id", sa.String(length=32), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["workspaces.team_id"]),
        sa.ForeignKeyConstraint(["strategy_id"], ["strategies.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("team_id", "strategy_id"),
    )


def downgrade() -> None:
    op.drop_table("status_charts")
