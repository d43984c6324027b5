"""How much the coach keeps: one place for the caps every reader, form and message relies on.

The caps keep every message, form and Home tab inside Slack's block limits however much a user
types, and every number inside what the database stores.
"""

from __future__ import annotations

from decimal import Decimal

MAX_GOALS = 10
MAX_METRICS_PER_GOAL = 5
# The most metric fields one check-in (and its report form) can list.
MAX_METRICS = MAX_GOALS * MAX_METRICS_PER_GOAL
MAX_DESCRIPTION = 300  # a goal as the user typed it
MAX_METRIC_NAME = 80
MAX_UNIT = 20
MAX_MISSION = 1500
MAX_BENEFITS = 10
MAX_BENEFIT = 300

# Values are stored as NUMERIC(20, 4): anything this large or larger is refused, not truncated.
AMOUNT_LIMIT = Decimal(10) ** 15


def fits_amount(value: Decimal) -> bool:
    return value.is_finite() and abs(value) < AMOUNT_LIMIT
