"""A goal being built over several replies, kept as JSON in the conversation until it is whole."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from bot.domain.limits import MAX_DESCRIPTION, MAX_METRIC_NAME, MAX_UNIT, fits_amount
from bot.domain.model import Goal
from bot.text.goal_text import GoalParse
from bot.text.user_text import clip


def new_draft(text: str, parsed: GoalParse) -> dict:
    return {
        "description": clip(text, MAX_DESCRIPTION),
        "metric": clip(parsed.metric or "", MAX_METRIC_NAME),
        "unit": clip(parsed.unit or "", MAX_UNIT),
        "baseline": _json_number(parsed.baseline),
        "target": _json_number(parsed.target),
        "deadline": parsed.deadline.isoformat() if parsed.deadline else None,
    }


def merge_followup(draft: dict, parsed: GoalParse) -> bool:
    """Fill what the draft still lacks from a follow-up answer; True if a number or date came."""
    changed = False
    for name in ("target", "baseline"):
        value = getattr(parsed, name)
        if value is not None and draft.get(name) is None:
            draft[name] = _json_number(value)
            changed = True
    if parsed.deadline is not None and not draft.get("deadline"):
        draft["deadline"] = parsed.deadline.isoformat()
        changed = True
    if parsed.unit and not draft.get("unit"):
        draft["unit"] = clip(parsed.unit, MAX_UNIT)
    if parsed.metric and not draft.get("metric"):
        draft["metric"] = clip(parsed.metric, MAX_METRIC_NAME)
    return changed


def drop_oversized(parsed: GoalParse) -> bool:
    """Forget numbers too large to store; True if there were any."""
    dropped = False
    for name in ("target", "baseline"):
        value = getattr(parsed, name)
        if value is not None and not fits_amount(value):
            setattr(parsed, name, None)
            dropped = True
    return dropped


def goal_from_draft(draft: dict) -> Goal:
    """The draft as a Goal; anything unreadable (a draft from an older version) is just missing."""

    def number(key: str) -> Decimal | None:
        try:
            return Decimal(draft[key]) if draft.get(key) is not None else None
        except (InvalidOperation, TypeError, ValueError):
            return None

    try:
        deadline = dt.date.fromisoformat(draft["deadline"]) if draft.get("deadline") else None
    except (TypeError, ValueError):
        deadline = None
    return Goal(
        description=str(draft.get("description") or draft.get("metric") or ""),
        metric=str(draft.get("metric") or ""),
        unit=str(draft.get("unit") or ""),
        baseline=number("baseline"),
        target=number("target"),
        deadline=deadline,
    )


def _json_number(value: Decimal | None) -> str | None:
    """Decimals go into the JSON draft as strings, so nothing is rounded through a float."""
    return None if value is None else str(value)
