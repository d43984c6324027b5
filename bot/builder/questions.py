"""The open question of the dialogue, with a short bit of coaching and an example."""

from __future__ import annotations

from collections.abc import Callable

from bot.builder import goal_questions, removals, responsibility_questions
from bot.builder.metric_suggestions import suggested_metrics
from bot.domain.model import STEPS, Strategy
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.text.user_text import escape


def open_question(strategy: Strategy, tr: Translator) -> str | None:
    conversation = strategy.conversation
    step = conversation.step
    if step is None:
        return None
    heading = tr(
        "*Step {n} of 5: {title}*", n=STEPS.index(step) + 1, title=fmt.step_title(step, tr)
    )
    body = _ASK[conversation.awaiting](strategy, tr) if conversation.awaiting in _ASK else ""
    return f"{heading}\n{body}" if body else heading


def answer_choices(strategy: Strategy, tr: Translator) -> list[tuple[str, str]]:
    """Ready-made answers to the open question, as (button label, the reply it stands for)."""
    choices = _CHOICES.get(strategy.conversation.awaiting)
    return choices(strategy, tr) if choices else []


def _ask_mission(strategy: Strategy, tr: Translator) -> str:
    return tr(
        "Why are you in social media? Say it in one or two sentences. Ford put it as making the "
        "brand human and connecting people with the people who work at Ford. Another company "
        "says: everything that creates positive, lasting memories is customer service."
    )


def _ask_mission_shorter(strategy: Strategy, tr: Translator) -> str:
    return tr("Send a shorter mission, or say keep.")


def _ask_metrics(strategy: Strategy, tr: Translator) -> str:
    index = int(strategy.conversation.draft.get("goal_index", 0))
    if index >= len(strategy.goals):
        return ""
    goal = strategy.goals[index]
    suggestions = suggested_metrics(goal.goal_type, tr)
    default = escape(goal.metric or suggestions[0])
    # Numbered, so "1, 3" picks them (bot/builder/steps.py reads the numbers).
    numbered = ", ".join(f"{n}. {escape(name)}" for n, name in enumerate(suggestions, start=1))
    return tr(
        "Goal {n}, {goal}: what will you report every week? Suggested for this kind of goal: "
        "{suggestions}. Reply *ok* to report {default}, the numbers of the suggestions you want "
        "(like 1, 3), *all of them*, or list your own, separated by commas, with the unit in "
        "brackets, like reach (accounts).",
        n=index + 1,
        goal=escape(fmt.goal_line(goal, tr)),
        suggestions=numbered,
        default=default,
    )


def _ask_benefits(strategy: Strategy, tr: Translator) -> str:
    return tr(
        "What does your audience get from following you? Think of concrete content: insight, "
        "a look behind the scenes, offers, useful tips. List a few ideas, one per line."
    )


def _ask_benefits_concrete(strategy: Strategy, tr: Translator) -> str:
    return tr("Send concrete content ideas, or say keep.")


_ASK = {
    **goal_questions.ASKS,
    "mission": _ask_mission,
    "mission_shorten": _ask_mission_shorter,
    "metrics": _ask_metrics,
    **responsibility_questions.ASKS,
    "benefits": _ask_benefits,
    "benefits_concrete": _ask_benefits_concrete,
    **removals.ASKS,
}


_CHOICES: dict[str, Callable[[Strategy, Translator], list[tuple[str, str]]]] = {
    **goal_questions.CHOICES,
    **responsibility_questions.CHOICES,
    **removals.CHOICES,
}
