"""What an edit takes away, when it holds history: goals and metrics keep their identity through
an edit (`carry_ids`), and removing one that holds weekly numbers is asked about first, saying how
many it holds. Yes takes it out of check-ins and status (storage archives it: its numbers stay in
the export); Keep leaves it. Whoever may answer the thread may answer this. Pure: the counts come
with the strategy (`Strategy.held`, counted by storage); the caller saves what this changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.builder.moves import Outcome
from bot.domain.model import Goal, Metric, Strategy, same_name
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.text.hesitation import is_no
from bot.text.reply_text import is_keep, is_yes
from bot.text.user_text import escape

GOAL_REMOVE = "goal_remove"
METRICS_REMOVE = "metrics_remove"


def carry_ids(old: list[Metric], new: list[Metric], renames: bool = False) -> list[Metric]:
    """`new` with the ids of the `old` metrics they are: the same name (case and spaces aside),
    or, with `renames` (the form, where each line is edited in place), the metric that stood on
    the same line when that one is not named any more."""
    taken: set[int] = set()
    ids: list[int | None] = []
    for metric in new:
        match = next(
            (
                m
                for m in old
                if m.id is not None and m.id not in taken and same_name(m.name, metric.name)
            ),
            None,
        )
        ids.append(match.id if match else None)
        if match and match.id is not None:
            taken.add(match.id)
    if renames:
        for n, found in enumerate(ids):
            if found is None and n < len(old):
                previous = old[n].id
                if (
                    previous is not None
                    and previous not in taken
                    and not any(same_name(old[n].name, m.name) for m in new)
                ):
                    ids[n] = previous
                    taken.add(previous)
    return [Metric(m.name, m.unit, id=found) for m, found in zip(new, ids, strict=True)]


def dropped_with_history(strategy: Strategy, goal: Goal, chosen: list[Metric]) -> list[Metric]:
    """The goal's metrics that hold reports and are not among `chosen`."""
    kept = {m.id for m in chosen if m.id is not None}
    return [m for m in goal.metrics if m.id not in kept and strategy.held.of_metric(m)]


# --- a goal ----------------------------------------------------------------------------------


def ask_remove_goal(strategy: Strategy, number: int) -> Outcome | None:
    """`remove 2` for a goal that holds reports: ask first (None: nothing to ask)."""
    goal = strategy.goals[number - 1]
    if not strategy.held.of_goal(goal):
        return None
    strategy.conversation.awaiting = GOAL_REMOVE
    strategy.conversation.draft = {"goal_id": goal.id}
    return Outcome()


def on_goal_remove(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    """Yes removes the goal (archived with its numbers); Keep or No leaves it."""
    found = _goal_asked_about(strategy)
    if found is None:  # gone meanwhile: back to the goals
        strategy.conversation.awaiting, strategy.conversation.draft = "goal_more", {}
        return Outcome()
    number, goal = found
    if is_yes(text):
        count = strategy.held.of_goal(goal)
        strategy.goals.remove(goal)
        strategy.conversation.awaiting = "goal_more" if strategy.goals else "goal"
        strategy.conversation.draft = {}
        line = escape(fmt.goal_line(goal, tr))
        return Outcome(
            said=[
                tr("Removed goal {n}: {goal}.", n=number, goal=line),
                _numbers_stay(count, tr),
            ]
        )
    if is_no(text) or is_keep(text):
        strategy.conversation.awaiting, strategy.conversation.draft = "goal_more", {}
        line = escape(fmt.goal_line(goal, tr))
        return Outcome(said=[tr("Kept goal {n}: {goal}.", n=number, goal=line)])
    return Outcome()  # the question again


def _goal_asked_about(strategy: Strategy) -> tuple[int, Goal] | None:
    goal_id = strategy.conversation.draft.get("goal_id")
    return next(
        ((n, goal) for n, goal in enumerate(strategy.goals, start=1) if goal.id == goal_id), None
    )


def _ask_goal_remove(strategy: Strategy, tr: Translator) -> str:
    found = _goal_asked_about(strategy)
    if found is None:
        return ""
    number, goal = found
    return tr(
        "Goal {n} *{goal}* has {numbers}. Remove it from check-ins and status? "
        "Its numbers stay in the export.",
        n=number,
        goal=escape(goal.metric or goal.description),
        numbers=weekly_numbers(strategy.held.of_goal(goal), tr),
    )


def _numbers_stay(count: int, tr: Translator) -> str:
    return tr(
        "Its numbers ({numbers}) stay in the export; check-ins and status leave it out.",
        numbers=weekly_numbers(count, tr),
    )


def weekly_numbers(count: int, tr: Translator) -> str:
    return tr("1 weekly number") if count == 1 else tr("{count} weekly numbers", count=count)


# --- metrics ---------------------------------------------------------------------------------


def hold_metrics(
    strategy: Strategy, chosen: dict[int, list[Metric]], from_form: bool
) -> Outcome | None:
    """New metrics (by goal index) that drop metrics holding reports: kept aside and asked
    about (None: nothing with reports is dropped, go on)."""
    if not any(
        dropped_with_history(strategy, strategy.goals[index], metrics)
        for index, metrics in chosen.items()
    ):
        return None
    draft = strategy.conversation.draft
    strategy.conversation.awaiting = METRICS_REMOVE
    strategy.conversation.draft = {
        "goal_index": int(draft.get("goal_index", 0)),
        "from_form": from_form,
        "pending": {str(i): [[m.name, m.unit, m.id] for m in ms] for i, ms in chosen.items()},
    }
    return Outcome()


def pending_metrics(strategy: Strategy, keep: bool) -> dict[int, list[Metric]]:
    """The metrics held by `hold_metrics`, by goal index; with `keep`, the ones that hold
    reports stay as well."""
    result: dict[int, list[Metric]] = {}
    for key, items in (strategy.conversation.draft.get("pending") or {}).items():
        index = int(key)
        if index >= len(strategy.goals):
            continue
        metrics = [Metric(str(name), str(unit), id=found) for name, unit, found in items]
        if keep:
            metrics += dropped_with_history(strategy, strategy.goals[index], metrics)
        result[index] = metrics
    return result


def _dropping(strategy: Strategy) -> list[tuple[int, Goal, Metric]]:
    dropping = []
    for index, metrics in pending_metrics(strategy, keep=False).items():
        goal = strategy.goals[index]
        dropping += [(index, goal, m) for m in dropped_with_history(strategy, goal, metrics)]
    return dropping


def _ask_metrics_remove(strategy: Strategy, tr: Translator) -> str:
    lines = [
        tr(
            "Goal {n} *{goal}*: *{metric}* has {numbers}.",
            n=index + 1,
            goal=escape(goal.metric or goal.description),
            metric=escape(metric.name),
            numbers=weekly_numbers(strategy.held.of_metric(metric), tr),
        )
        for index, goal, metric in _dropping(strategy)
    ]
    if not lines:
        return ""
    if len(lines) == 1:
        lines.append(tr("Remove it from check-ins and status? Its numbers stay in the export."))
    else:
        lines.append(tr("Remove them from check-ins and status? Their numbers stay in the export."))
    return "\n".join(lines)


def removal_answer(text: str) -> bool | None:
    """True to remove, False to keep, None when the reply is neither."""
    if is_yes(text):
        return True
    if is_no(text) or is_keep(text):
        return False
    return None


def _yes_keep(strategy: Strategy, tr: Translator) -> list[tuple[str, str]]:
    return [(tr("Yes, remove"), "yes"), (tr("Keep"), "keep")]


ASKS: dict[str, Callable[[Strategy, Translator], str]] = {
    GOAL_REMOVE: _ask_goal_remove,
    METRICS_REMOVE: _ask_metrics_remove,
}
CHOICES: dict[str, Callable[[Strategy, Translator], list[tuple[str, str]]]] = {
    GOAL_REMOVE: _yes_keep,
    METRICS_REMOVE: _yes_keep,
}
