"""Step 1's questions: the goal, the slot still missing (asked three ways, so a question is
never repeated word for word), the yes/no questions about a goal that may not add up, and the
kind of goal. Pure; bot/builder/questions.py asks them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from bot.builder import goal_checks, goal_draft
from bot.domain.model import Direction, Strategy
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.text.user_text import escape, one_line


def ask_goal(strategy: Strategy, tr: Translator) -> str:
    return tr(
        "What should social media achieve for you? A goal needs a number, today's value and a "
        'date: "more followers" is a wish, "5000 Instagram followers by 30 June 2027, we have '
        '1200 today" is a goal. Goals come in five kinds: sales, leads, word of mouth, '
        "awareness and authority."
    )


def ask_goal_more(strategy: Strategy, tr: Translator) -> str:
    goals = "\n".join(
        f"{n}. {escape(fmt.goal_line(goal, tr))}" for n, goal in enumerate(strategy.goals, 1)
    )
    return tr(
        "Your goals so far:\n{goals}\nAdd another goal, or say *done*. (Wrong kind? Name the "
        "right one. To drop a goal: *remove 2*.)",
        goals=goals,
    )


def _metric(draft: dict) -> str:
    return escape(one_line(str(draft.get("metric") or draft.get("description") or "")))


def _amount(draft: dict, key: str, tr: Translator) -> str:
    return escape(fmt.amount(goal_draft.number(draft, key), str(draft.get("unit") or ""), tr))


def _change(draft: dict, tr: Translator) -> str:
    """The relative target as the user gave it: "+50 %", "double", "−500"."""
    change = goal_draft.relative(draft)
    if change is None:
        return ""
    if change.percent is not None:
        sign = "+" if change.percent > 0 else "−"
        return f"{sign}{fmt.number(abs(change.percent), tr)} %"
    if change.add:
        sign = "+" if change.add > 0 else "−"
        return sign + _amount({**draft, "baseline": str(abs(change.add))}, "baseline", tr)
    if change.factor == change.factor.to_integral():
        return f"× {fmt.number(change.factor, tr)}"
    share = ((change.factor - 1) * 100).quantize(Decimal("0.1")).normalize()
    return f"{'+' if share > 0 else '−'}{fmt.number(abs(share), tr)} %"


def _why(draft: dict, tr: Translator) -> str:
    """Why a slot is asked again after a check ("" when it is asked the first time)."""
    why = draft.get("why")
    if why == goal_checks.SAME:
        return tr(
            "The target can't be the same as today's value: there would be nothing to measure."
        )
    if why == goal_checks.PERCENT_BASELINE:
        return tr(
            "The target is a percentage, so today's value has to be one too (a rate, like "
            "2.5 %), not a count."
        )
    if why in (goal_checks.DIRECTION, goal_checks.RELATIVE):
        return tr("Then tell me the number you want to reach.")
    if why == goal_checks.FAR_DEADLINE:
        return tr("Then give me a nearer date.")
    if why == "needed":
        return tr(
            "The target and the deadline are what make it a goal, so they can't wait; a rough "
            "figure is fine, and you can change it with `/strategy edit goals`."
        )
    if why == "period":
        return tr(
            "The goal counts {period}, so I need today's value for the same period.",
            period=_period_words(draft, tr),
        )
    return ""


def _period_words(draft: dict, tr: Translator) -> str:
    return {
        "week": tr("per week"),
        "month": tr("per month"),
        "quarter": tr("per quarter"),
        "year": tr("per year"),
    }.get(str(draft.get("period")), tr("per month"))


def _first_ask(draft: dict, slot: str, tr: Translator) -> str:
    metric = _metric(draft)
    missing = goal_draft.missing(draft)
    if slot == "target" and "deadline" in missing:
        return tr(
            "Good start: {metric}. If you can put a number on it, even better: what number do "
            "you want to reach, and by when?",
            metric=metric,
        )
    if slot == "target":
        return tr("What number do you want to reach for {metric}?", metric=metric)
    if slot == "deadline":
        return tr(
            "By when should {metric} reach it? A date like 30 June 2027, or end of June.",
            metric=metric,
        )
    if goal_draft.relative(draft) is not None:
        return tr(
            "To work out {change}, I need today's value: what is {metric} now?",
            change=_change(draft, tr),
            metric=metric,
        )
    return tr(
        "What is today's value for {metric}? It is the starting point for measuring progress.",
        metric=metric,
    )


def _help(draft: dict, slot: str, tr: Translator) -> str:
    metric = _metric(draft)
    if slot == "target":
        return tr(
            "The target is the number {metric} should reach by the deadline: the finish line "
            "your progress is measured against. Not sure? Start from today's value and add what "
            "feels ambitious but possible; you can also say *grow by 20 %*. What number do you "
            "want to reach?",
            metric=metric,
        )
    if slot == "deadline":
        return tr(
            "The deadline is the date {metric} should reach the target by, so I can tell you "
            "whether you are on track. A realistic date is best, like 30 June 2027 or the end "
            "of the year. By when?",
            metric=metric,
        )
    return tr(
        "Today's value is where {metric} stands now, so progress can be measured from it. "
        "You find it in the statistics: Instagram, Facebook or LinkedIn Insights (followers, "
        "reach), Google Analytics (visits, sign-ups) or your shop's reports (orders, revenue). "
        "An estimate is fine. Or say *later*, and the first weekly number you report becomes "
        "today's value. What is it today?",
        metric=metric,
    )


def _again(draft: dict, slot: str, tr: Translator) -> str:
    """The third way to ask, so no question is repeated word for word."""
    metric = _metric(draft)
    if slot == "target":
        return tr(
            "Still missing: the target for {metric}. A number is enough, like 5000.", metric=metric
        )
    if slot == "deadline":
        return tr(
            "Still missing: the deadline for {metric}. A date is enough, like 31 December 2027.",
            metric=metric,
        )
    return tr(
        "Still missing: today's value for {metric}. A number is enough, like 1200, or say *later*.",
        metric=metric,
    )


def ask_goal_details(strategy: Strategy, tr: Translator) -> str:
    draft = strategy.conversation.draft
    missing = goal_draft.missing(draft)
    slot = draft.get("asked") if draft.get("asked") in missing else next(iter(missing), "target")
    times = int(draft.get("asked_times") or 0)
    if times % 2:
        ask = _help  # the last reply was no answer: explain what is asked and where to look
    elif times or draft.get("asked_again"):
        ask = _again
    else:
        ask = _first_ask
    why = _why(draft, tr)
    question = ask(draft, slot, tr)
    return f"{why} {question}" if why else question


def ask_goal_check(strategy: Strategy, tr: Translator) -> str:
    draft = strategy.conversation.draft
    check = draft.get("check")
    metric = _metric(draft)
    baseline, target = _amount(draft, "baseline", tr), _amount(draft, "target", tr)
    if check == goal_checks.DIRECTION:
        if goal_draft.words_direction(draft) is Direction.UP:
            question = tr(
                "That is a drop from {baseline} to {target}, but the goal reads like growth. "
                "Is {target} the right target for {metric}?",
                baseline=baseline,
                target=target,
                metric=metric,
            )
        else:
            question = tr(
                "That is a rise from {baseline} to {target}, but the goal reads like bringing "
                "{metric} down. Is {target} the right target?",
                baseline=baseline,
                target=target,
                metric=metric,
            )
    elif check == goal_checks.RELATIVE:
        when = goal_draft.deadline(draft)
        change = goal_draft.relative(draft)
        numbers = {
            "baseline": baseline,
            "target": target,
            "metric": metric,
            "deadline": fmt.date(when, tr) if when else "?",
        }
        if change is not None and change.factor == 2:
            question = tr(
                "Doubling today's {baseline} makes {target} for {metric} by {deadline}. Right?",
                **numbers,
            )
        elif change is not None and change.factor == 3:
            question = tr(
                "Tripling today's {baseline} makes {target} for {metric} by {deadline}. Right?",
                **numbers,
            )
        elif change is not None and change.factor == Decimal("0.5"):
            question = tr(
                "Halving today's {baseline} makes {target} for {metric} by {deadline}. Right?",
                **numbers,
            )
        else:
            question = tr(
                "{change} on today's {baseline} makes {target} for {metric} by {deadline}. Right?",
                change=_change(draft, tr),
                **numbers,
            )
    else:
        when = goal_draft.deadline(draft) or dt.date.max
        question = tr(
            "{deadline} is a long way off. Is that the date you mean?",
            deadline=fmt.date(when, tr),
        )
    if int(draft.get("asked_times") or 0) % 2:
        question += " " + tr("Reply *yes* or *no*, or send the right number or date.")
    return question


def ask_goal_type(strategy: Strategy, tr: Translator) -> str:
    draft = strategy.conversation.draft
    goal = goal_draft.goal_from_draft(draft)
    metric = escape(goal.metric or goal.description)
    times = int(draft.get("asked_times") or 0)
    if times % 2:
        return tr(
            "The kind says what the goal does for the business: 1 sales (orders, revenue), "
            "2 leads (sign-ups, enquiries), 3 word of mouth (shares, reviews, service), "
            "4 awareness (reach, followers) or 5 authority (links, downloads, expertise). "
            "Which fits {metric} best? A number is enough.",
            metric=metric,
        )
    if times:
        return tr("Still open: the kind of goal for {metric}, 1 to 5.", metric=metric)
    return tr(
        "What kind of goal is {metric}? Answer 1 sales, 2 leads, 3 word of mouth, "
        "4 awareness or 5 authority.",
        metric=metric,
    )


def _yes_no(strategy: Strategy, tr: Translator) -> list[tuple[str, str]]:
    return [(tr("Yes"), "yes"), (tr("No"), "no")]


ASKS: dict[str, Callable[[Strategy, Translator], str]] = {
    "goal": ask_goal,
    "goal_more": ask_goal_more,
    "goal_details": ask_goal_details,
    "goal_check": ask_goal_check,
    "goal_type": ask_goal_type,
}
CHOICES: dict[str, Callable[[Strategy, Translator], list[tuple[str, str]]]] = {
    "goal_check": _yes_no,
}
