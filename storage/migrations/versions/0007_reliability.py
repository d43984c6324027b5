"""Smaller reliability changes of issue 10 (pruning, reconciled posts).

Posts are reconciled by a marker in Slack's own message metadata, and the re-asked question is
rationed by a key in `processed_messages` (its `processed_at` is the window): no new columns.
The tick prunes `processed_messages` oldest first, in batches: an index on `processed_at`.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_processed_messages_processed_at", "processed_messages", ["processed_at"])


def downgrade() -> None:
    op.drop_index("ix_processed_messages_processed_at", table_name="processed_messages")
