"""The open question of the dialogue, with a short bit of coaching and an example."""

from __future__ import annotations

from collections.abc import Callable

from bot.builder import responsibility_questions
from bot.builder.goal_draft import goal_from_draft
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


def _ask_goal(strategy: Strategy, tr: Translator) -> str:
    return tr(
        "What should social media achieve for you? A goal needs a number, today's value and a "
        'date: "more followers" is a wish, "5000 Instagram followers by 30 June 2027, we have '
        '1200 today" is a goal. Goals come in five kinds: sales, leads, word of mouth, '
        "awareness and authority."
    )


def _ask_goal_more(strategy: Strategy, tr: Translator) -> str:
    goals = "\n".join(
        f"{n}. {escape(fmt.goal_line(goal, tr))}" for n, goal in enumerate(strategy.goals, 1)
    )
    return tr(
        "Your goals so far:\n{goals}\nAdd another goal, or say *done*. (Wrong kind? Name the "
        "right one. To drop a goal: *remove 2*.)",
        goals=goals,
    )


def _ask_goal_details(strategy: Strategy, tr: Translator) -> str:
    goal = goal_from_draft(strategy.conversation.draft)
    missing = goal.missing()
    metric = escape(goal.metric or goal.description)
    if "target" in missing and "deadline" in missing:
        return tr(
            "Good start: {metric}. If you can put a number on it, even better: what number do "
            "you want to reach, and by when?",
            metric=metric,
        )
    if "target" in missing:
        return tr("What number do you want to reach for {metric}?", metric=metric)
    if "deadline" in missing:
        return tr(
            "By when should {metric} reach it? A date like 30 June 2027, or end of June.",
            metric=metric,
        )
    return tr(
        "What is today's value for {metric}? It is the starting point for measuring progress.",
        metric=metric,
    )


def _ask_goal_type(strategy: Strategy, tr: Translator) -> str:
    goal = goal_from_draft(strategy.conversation.draft)
    return tr(
        "What kind of goal is {metric}? Answer 1 sales, 2 leads, 3 word of mouth, "
        "4 awareness or 5 authority.",
        metric=escape(goal.metric or goal.description),
    )


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
    default = escape(goal.metric or suggested_metrics(goal.goal_type, tr)[0])
    return tr(
        "Goal {n}, {goal}: what will you report every week? Reply *ok* to report {default}, "
        "or list your own, separated by commas, with the unit in brackets, like reach "
        "(accounts). Suggested for this kind of goal: {suggestions}.",
        n=index + 1,
        goal=escape(fmt.goal_line(goal, tr)),
        suggestions=", ".join(suggested_metrics(goal.goal_type, tr)),
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
    "goal": _ask_goal,
    "goal_more": _ask_goal_more,
    "goal_details": _ask_goal_details,
    "goal_type": _ask_goal_type,
    "mission": _ask_mission,
    "mission_shorten": _ask_mission_shorter,
    "metrics": _ask_metrics,
    **responsibility_questions.ASKS,
    "benefits": _ask_benefits,
    "benefits_concrete": _ask_benefits_concrete,
}


def _yes_no(strategy: Strategy, tr: Translator) -> list[tuple[str, str]]:
    return [(tr("Yes"), "yes"), (tr("No"), "no")]


_CHOICES: dict[str, Callable[[Strategy, Translator], list[tuple[str, str]]]] = {
    **responsibility_questions.CHOICES,
}
