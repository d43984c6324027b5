"""What the coach says about a goal between its questions: numbers and dates noted, problems
with a reply, a half-built goal set aside, a part of a message it could not use. Pure."""

from __future__ import annotations

from bot.builder import goal_draft
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.text.goal_text import GoalParse
from bot.text.user_text import clip, escape, one_line

_QUOTED_CHARS = 80


def noted(before: dict, after: dict, tr: Translator) -> list[str]:
    unit = str(after.get("unit") or "")
    lines = []
    for slot in ("target", "baseline"):
        if before.get(slot) is None and after.get(slot) is not None:
            amount = escape(fmt.amount(goal_draft.number(after, slot), unit, tr))
            lines.append(
                tr("Noted the target: {amount}.", amount=amount)
                if slot == "target"
                else tr("Noted today's value: {amount}.", amount=amount)
            )
    when = goal_draft.deadline(after)
    if not before.get("deadline") and when is not None:
        lines.append(tr("Noted the deadline: {date}.", date=fmt.date(when, tr)))
    return lines


def problems(parsed: GoalParse, too_large: bool, tr: Translator) -> list[str]:
    said = []
    if parsed.past_deadline:
        said.append(tr("That date has passed; I need a deadline in the future."))
    if too_large:
        said.append(tr("That number is too large for me."))
    return said


def set_aside_line(draft: dict, tr: Translator) -> str:
    gaps = {"target": tr("target"), "deadline": tr("deadline"), "baseline": tr("baseline")}
    missing = ", ".join(gaps[slot] for slot in goal_draft.missing(draft) if slot in gaps)
    name = escape(one_line(str(draft.get("metric") or draft.get("description") or "")))
    if not missing:
        return tr("I set {goal} aside; send it again when you want it.", goal=name)
    return tr(
        "I set {goal} aside (it still needed: {missing}); send it again when you want it.",
        goal=name,
        missing=missing,
    )


def quoted(text: str) -> str:
    return escape(clip(one_line(text), _QUOTED_CHARS))
