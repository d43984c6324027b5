"""Does a goal add up? The checks the coach makes before it saves one: every later number
(progress, plan, pace, forecast, chart) is computed from what is saved, so a goal it might have
misread is asked about, never saved silently. Pure.

Two kinds: a slot to ask for again, with the reason (`REASK`: the target equals today's value;
a percentage target with today's value not a percentage), and a yes/no question (`CONFIRM`:
numbers that go the other way than the words; a target worked out from "by 50 %"; a deadline
years away). A yes is remembered in the draft, so the same question is not asked twice.
"""

from __future__ import annotations

import datetime as dt

from bot.builder import goal_draft

# A deadline further away than this is asked about: a typo ("2037") more often than a plan.
FAR_AWAY = dt.timedelta(days=5 * 365)
# A percentage can't be this large as today's value: it must be a count (visitors, not a rate).
PERCENT_LIMIT = 100

SAME = "same"
PERCENT_BASELINE = "percent_baseline"
DIRECTION = "direction"
RELATIVE = "relative"
FAR_DEADLINE = "far_deadline"
REASK = {SAME: "target", PERCENT_BASELINE: "baseline"}  # the slot each one asks for again
CONFIRM = (DIRECTION, RELATIVE, FAR_DEADLINE)
# What "no" means for a yes/no question: the slot asked for instead.
INSTEAD = {DIRECTION: "target", RELATIVE: "target", FAR_DEADLINE: "deadline"}


def next_check(draft: dict, today: dt.date) -> str | None:
    """The first check a complete draft fails, or None when it adds up."""
    confirmed = set(draft.get("confirmed") or [])
    baseline = goal_draft.number(draft, "baseline")
    target = goal_draft.number(draft, "target")
    if baseline is not None and target is not None and baseline == target:
        return SAME
    if (
        draft.get("target_percent")
        and baseline is not None
        and not draft.get("baseline_percent")
        and abs(baseline) > PERCENT_LIMIT
    ):
        return PERCENT_BASELINE
    words = goal_draft.words_direction(draft)
    numbers = goal_draft.numbers_direction(baseline, target)
    if DIRECTION not in confirmed and words and numbers and words is not numbers:
        return DIRECTION
    if RELATIVE not in confirmed and draft.get("relative_applied"):
        return RELATIVE
    deadline = goal_draft.deadline(draft)
    if FAR_DEADLINE not in confirmed and deadline is not None and deadline - today > FAR_AWAY:
        return FAR_DEADLINE
    return None


def reask(draft: dict, check: str) -> None:
    """Clear the slot a failed check asks for again, and say why in the question."""
    slot = REASK[check]
    draft[slot] = None
    draft[f"{slot}_percent"] = False
    draft["asked"] = slot
    draft["asked_times"] = 0
    draft["why"] = check


def refuse(draft: dict, check: str) -> None:
    """A "no" to a yes/no check: forget what it was about and ask for that slot instead."""
    slot = INSTEAD[check]
    draft[slot] = None
    if check == RELATIVE:
        draft["relative"] = None
        draft["relative_applied"] = False
    if check == DIRECTION:
        draft["direction"] = None  # the numbers the user gives next decide the way
    draft["check"] = None
    draft["asked"] = slot
    draft["asked_times"] = 0
    draft["why"] = check


def confirm(draft: dict, check: str) -> None:
    draft["confirmed"] = [*(draft.get("confirmed") or []), check]
    draft["check"] = None
    if check == DIRECTION:
        draft["direction"] = None  # the numbers stand: they decide the way
