"""A goal being built over several replies, kept as JSON in the conversation until it is whole.

The draft holds the goal's slots (metric and unit, today's value, target, deadline, the way the
words say it goes, the period, a target relative to today's value) and the dialogue's memory of
them: which slot was asked (`asked`, and how often in a row: `asked_times`), a sanity question
waiting for yes or no (`check`) and those already answered (`confirmed`), today's value left for
the first report (`baseline_later`), and goals from the same message still to come (`queue`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from bot.domain.limits import MAX_DESCRIPTION, MAX_METRIC_NAME, MAX_UNIT, fits_amount
from bot.domain.model import Direction, Goal, GoalType, Period
from bot.text.goal_text import GoalParse
from bot.text.goal_words import Relative
from bot.text.user_text import clip

SLOTS = ("target", "deadline", "baseline")  # the order the coach asks for what is missing


def new_draft(text: str, parsed: GoalParse) -> dict:
    draft = {
        "description": clip(text, MAX_DESCRIPTION),
        "metric": clip(parsed.metric or "", MAX_METRIC_NAME),
        "unit": clip(parsed.unit or "", MAX_UNIT),
        "baseline": _json_number(parsed.baseline),
        "target": _json_number(parsed.target),
        "deadline": parsed.deadline.isoformat() if parsed.deadline else None,
        "direction": parsed.direction.value if parsed.direction else None,
        "period": parsed.period.value if parsed.period else None,
        "relative": _json_relative(parsed.relative),
        "target_percent": parsed.target_percent,
        "baseline_percent": parsed.baseline_percent,
    }
    if parsed.relative is not None and parsed.target is not None:
        draft["target"] = None  # a level and a change both given: the change wins, confirmed
    return draft


def merge_followup(draft: dict, parsed: GoalParse) -> bool:
    """Fill what the draft still lacks from a follow-up answer; True if a number or date came.

    The metric the goal started with stays: "5000 followers" answering "what number for
    Instagram followers?" gives the number, and "followers" is already known.
    """
    changed = False
    for name in ("target", "baseline"):
        value = getattr(parsed, name)
        if value is not None and draft.get(name) is None:
            if name == "target" and draft.get("relative"):
                continue  # the target comes from the change once today's value is known
            draft[name] = _json_number(value)
            draft[f"{name}_percent"] = getattr(parsed, f"{name}_percent")
            changed = True
    if parsed.deadline is not None and not draft.get("deadline"):
        draft["deadline"] = parsed.deadline.isoformat()
        changed = True
    if parsed.relative is not None and draft.get("target") is None and not draft.get("relative"):
        draft["relative"] = _json_relative(parsed.relative)
        changed = True
    if parsed.unit and not draft.get("unit"):
        draft["unit"] = clip(parsed.unit, MAX_UNIT)
    if parsed.metric and not draft.get("metric"):
        draft["metric"] = clip(parsed.metric, MAX_METRIC_NAME)
    for name, value in (("direction", parsed.direction), ("period", parsed.period)):
        if value is not None and not draft.get(name):
            draft[name] = value.value
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


def number(draft: dict, key: str) -> Decimal | None:
    """A number slot of the draft; anything unreadable (an older version's draft) is missing."""
    try:
        return Decimal(draft[key]) if draft.get(key) is not None else None
    except (InvalidOperation, TypeError, ValueError):
        return None


def deadline(draft: dict) -> dt.date | None:
    try:
        return dt.date.fromisoformat(draft["deadline"]) if draft.get("deadline") else None
    except (TypeError, ValueError):
        return None


def words_direction(draft: dict) -> Direction | None:
    try:
        return Direction(draft["direction"]) if draft.get("direction") else None
    except ValueError:
        return None


def numbers_direction(baseline: Decimal | None, target: Decimal | None) -> Direction | None:
    if baseline is None or target is None or baseline == target:
        return None
    return Direction.UP if target > baseline else Direction.DOWN


def relative(draft: dict) -> Relative | None:
    raw = draft.get("relative")
    if not isinstance(raw, dict):
        return None
    try:
        percent = raw.get("percent")
        return Relative(
            factor=Decimal(raw.get("factor", "1")),
            add=Decimal(raw.get("add", "0")),
            percent=Decimal(percent) if percent is not None else None,
        )
    except (InvalidOperation, TypeError, ValueError):
        return None


def apply_relative(draft: dict) -> bool:
    """Work out a relative target once today's value is known; True if it was worked out now.

    The result keeps at most two decimals more than needed (1,200 × 1.5 is 1,800, 2 % × 1.1 is
    2.2 %, 250 × ⅔ is 166.67), and is refused, like any number, when it is too large to store.
    """
    change, baseline = relative(draft), number(draft, "baseline")
    if change is None or baseline is None or draft.get("target") is not None:
        return False
    target = change.target(baseline)
    if fits_amount(target):
        target = target.quantize(Decimal("0.01"))
        target = (
            target.quantize(Decimal(1)) if target == target.to_integral() else target.normalize()
        )
    if not fits_amount(target):
        draft["relative"] = None
        return False
    draft["target"] = _json_number(target)
    draft["target_percent"] = bool(draft.get("baseline_percent"))
    draft["relative_applied"] = True
    return True


def missing(draft: dict) -> list[str]:
    """The slots still to ask for, in order; today's value left for the first report is not."""
    gaps = [slot for slot in SLOTS if draft.get(slot) in (None, "")]
    if draft.get("relative") and "target" in gaps:
        gaps.remove("target")  # worked out from today's value, which stays in the gaps if missing
    if draft.get("baseline_later") and "baseline" in gaps and not draft.get("relative"):
        gaps.remove("baseline")
    return gaps


def kind(draft: dict) -> GoalType | None:
    """The kind already settled for the goal (a saved goal being corrected), else None."""
    try:
        return GoalType(draft["kind"]) if draft.get("kind") else None
    except ValueError:
        return None


def goal_from_draft(draft: dict) -> Goal:
    """The draft as a Goal; anything unreadable (a draft from an older version) is just missing.

    Its direction is what the numbers show; the words' say only while a number is missing.
    """
    baseline, target = number(draft, "baseline"), number(draft, "target")
    try:
        period = Period(draft["period"]) if draft.get("period") else None
    except ValueError:
        period = None
    return Goal(
        description=str(draft.get("description") or draft.get("metric") or ""),
        metric=str(draft.get("metric") or ""),
        unit=str(draft.get("unit") or ""),
        baseline=baseline,
        target=target,
        deadline=deadline(draft),
        direction=numbers_direction(baseline, target) or words_direction(draft),
        period=period,
    )


def _json_number(value: Decimal | None) -> str | None:
    """Decimals go into the JSON draft as strings, so nothing is rounded through a float."""
    return None if value is None else str(value)


def _json_relative(change: Relative | None) -> dict | None:
    if change is None:
        return None
    return {
        "factor": str(change.factor),
        "add": str(change.add),
        "percent": str(change.percent) if change.percent is not None else None,
    }
