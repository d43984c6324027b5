"""Changing one's mind about a goal: "actually 6000", "no, I meant 2028", "sorry, December 2027
rather", while the goal is being built or just after it was saved. The correction replaces what
it names (a date the deadline, a number the target, "today…" today's value) and the goal is
checked again before it is saved. Pure.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.builder import goal_draft
from bot.domain.model import Goal
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.text.goal_text import parse_followup
from bot.text.hesitation import without_answer_word
from bot.text.user_text import escape

_TODAY_WORDS = re.compile(
    r"(?<![\w])(?:today|now|currently|we\s+have|i\s+dag|nå|vi\s+har|dagens)(?![\w])", re.I
)
_BARE_YEAR = re.compile(r"^\s*((?:19|20)[0-9]{2})\s*[.!]*\s*$")


def correct(draft: dict, text: str, today: dt.date, tr: Translator) -> list[str] | None:
    """Apply a correction to the draft; the lines that say what changed, or None when nothing
    in the reply could be placed (the caller asks again)."""
    rest = without_answer_word(text)
    rest = re.sub(r"(?:\s+(?:rather|instead|i\s+stedet|heller))+[.!]*\s*$", "", rest, flags=re.I)
    year = _BARE_YEAR.match(rest)
    current = goal_draft.deadline(draft)
    if year and current is not None:
        # "I meant 2028" after "by June 2027": the same day of that year.
        try:
            moved = current.replace(year=int(year.group(1)))
        except ValueError:  # 29 February
            moved = dt.date(int(year.group(1)), current.month, 28)
        return _set_deadline(draft, moved, today, tr)
    parsed = parse_followup(rest, today, ["deadline", "target", "baseline"])
    if parsed.deadline is not None or parsed.past_deadline:
        if parsed.deadline is None:
            return [tr("That date has passed; I need a deadline in the future.")]
        return _set_deadline(draft, parsed.deadline, today, tr)
    value = parsed.target if parsed.target is not None else parsed.baseline
    if value is None or goal_draft.drop_oversized(parsed):
        return None
    slot = "baseline" if _TODAY_WORDS.search(rest) or parsed.baseline is not None else "target"
    draft[slot] = str(value)
    draft[f"{slot}_percent"] = bool(parsed.target_percent or parsed.baseline_percent)
    if slot == "target":
        draft["relative"] = None
        draft["relative_applied"] = False
    # The numbers changed: the questions about them may be asked again.
    draft["confirmed"] = []
    amount = escape(fmt.amount(value, str(draft.get("unit") or ""), tr))
    if slot == "target":
        return [tr("Changed the target to {amount}.", amount=amount)]
    return [tr("Changed today's value to {amount}.", amount=amount)]


def _set_deadline(draft: dict, when: dt.date, today: dt.date, tr: Translator) -> list[str]:
    if when <= today:
        return [tr("That date has passed; I need a deadline in the future.")]
    draft["deadline"] = when.isoformat()
    draft["confirmed"] = [c for c in draft.get("confirmed") or [] if c != "far_deadline"]
    return [tr("Changed the deadline to {date}.", date=fmt.date(when, tr))]


def draft_of(goal: Goal) -> dict:
    """A saved goal back as a draft, to correct it and check it again before saving."""
    return {
        "description": goal.description,
        "metric": goal.metric,
        "unit": goal.unit,
        "baseline": None if goal.baseline is None else str(goal.baseline),
        "target": None if goal.target is None else str(goal.target),
        "deadline": goal.deadline.isoformat() if goal.deadline else None,
        "direction": None,
        "period": goal.period.value if goal.period else None,
        "relative": None,
        "target_percent": goal.unit == "%",
        "baseline_percent": goal.unit == "%",
        "baseline_later": goal.baseline is None,
        "kind": goal.goal_type.value if goal.goal_type else None,
    }
