"""Smaller reliability changes of issue 10 (pruning, reconciled posts).

No schema change was needed: posts are reconciled by a marker in Slack's own message metadata,
the re-asked question is rationed by a key in `processed_messages` (its `processed_at` is the
window), and pruning uses `processed_messages.processed_at`. Kept as a no-op revision.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
