"""Edits keep history: goals and metrics are archived, never deleted with their reports.

Goals and metrics get `archived_at` (NULL for every existing row: all of them are active). The
reports' foreign keys to goals and metrics stop cascading: a goal or metric that holds reports
can no longer be deleted, only archived. SQLite cannot change a foreign key in place, so the
reports table is copied (batch mode); its rows, ids and correction chains are kept.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite's foreign keys have no names; batch mode names them by this pattern so they can be
# dropped. PostgreSQL named them itself when 0002 created the table.
_SQLITE_NAMES = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}
_POSTGRES_NAMES = {"goal_id": "reports_goal_id_fkey", "metric_id": "reports_metric_id_fkey"}


def _change_report_keys(ondelete: str) -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    names = (
        {column: f"fk_reports_{column}_{column[:-3]}s" for column in ("goal_id", "metric_id")}
        if sqlite
        else _POSTGRES_NAMES
    )
    if sqlite:
        # Copying the table drops the old one; its self-reference (correction_of, ON DELETE SET
        # NULL) would then empty the copy's correction chains. Keep them aside and put them back.
        op.execute("CREATE TEMPORARY TABLE _report_chains AS SELECT id, correction_of FROM reports")
    with op.batch_alter_table(
        "reports", naming_convention=_SQLITE_NAMES if sqlite else None
    ) as batch_op:
        for column, name in names.items():
            batch_op.drop_constraint(name, type_="foreignkey")
            batch_op.create_foreign_key(
                name, column[:-3] + "s", [column], ["id"], ondelete=ondelete
            )
    if sqlite:
        op.execute(
            "UPDATE reports SET correction_of = (SELECT correction_of FROM _report_chains"
            " WHERE _report_chains.id = reports.id)"
        )
        op.execute("DROP TABLE _report_chains")


def upgrade() -> None:
    for table in ("goals", "metrics"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))
    _change_report_keys("RESTRICT")


def downgrade() -> None:
    # Archived goals and metrics become ordinary ones again: nothing is deleted on the way down.
    _change_report_keys("CASCADE")
    for table in ("metrics", "goals"):
        # Not batch mode: copying goals or metrics on SQLite would drop the old table, and its
        # implicit DELETE would cascade into the reports. Both databases drop a column in place.
        op.execute(f"ALTER TABLE {table} DROP COLUMN archived_at")
