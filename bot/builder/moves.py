"""Moving through the five steps: enter a step, skip it, go back, reopen it, and complete the
strategy once every step is done or skipped. Pure: the caller saves the strategy it changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.builder.metric_suggestions import suggested_metrics
from bot.domain.model import STEPS, Conversation, Goal, Metric, Status, Step, Strategy
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator


@dataclass
class Outcome:
    """What a decision says: lines for the thread, whether to ask the open question (again),
    whether the strategy was just completed, whose time zone to ask Slack for, and which
    person written without a mention to look for among the channel's members."""

    said: list[str] = field(default_factory=list)
    ask: bool = True
    finished: bool = False
    lookup_timezone_of: str | None = None
    lookup_person: str | None = None


def begin(strategy: Strategy) -> None:
    strategy.conversation = Conversation(step=Step.GOALS, awaiting="goal")


def _settled(strategy: Strategy, step: Step) -> bool:
    if step in strategy.skipped or step in strategy.done_steps():
        return True
    # With no goals there is nothing to measure.
    return step is Step.MEASUREMENT and not strategy.goals


def advance(strategy: Strategy, tr: Translator) -> Outcome:
    """Leave the current step for the next one still open, or complete the strategy."""
    current = strategy.conversation.step
    if current is not None:
        unskip(strategy, current)
    start = STEPS.index(current) + 1 if current else 0
    for step in (*STEPS[start:], *STEPS[:start]):
        if not _settled(strategy, step):
            return enter(strategy, step)
    return _complete(strategy, tr)


def enter(strategy: Strategy, step: Step) -> Outcome:
    awaiting = {
        Step.GOALS: "goal_more" if strategy.goals else "goal",
        Step.MISSION: "mission",
        Step.MEASUREMENT: "metrics",
        Step.RESPONSIBILITY: "responsibility",
        Step.BENEFITS: "benefits",
    }[step]
    # Measurement starts at the first goal still without metrics (all of them when none have).
    unmeasured = [n for n, goal in enumerate(strategy.goals) if not goal.metrics]
    draft = {"goal_index": unmeasured[0] if unmeasured else 0} if step is Step.MEASUREMENT else {}
    strategy.conversation = Conversation(step=step, awaiting=awaiting, draft=draft)
    return Outcome()


def _complete(strategy: Strategy, tr: Translator) -> Outcome:
    for goal in strategy.goals:  # every goal ends with at least one metric
        if not goal.metrics:
            goal.metrics = default_metrics(goal, tr)
    was_live = strategy.status is Status.LIVE
    strategy.status = Status.LIVE
    strategy.conversation = Conversation(step=None, awaiting="", draft={})
    if was_live:
        said = [tr("Updated. Here is the strategy as it stands now.")]
    elif strategy.skipped:
        missing = ", ".join(fmt.step_title(step, tr) for step in strategy.skipped)
        said = [
            tr(
                "The strategy is live. Still missing: {steps}; fill them in with "
                "`/strategy edit` when you are ready. Here it is.",
                steps=missing,
            )
        ]
    else:
        said = [tr("All five steps are done and the strategy is live. Here it is.")]
    return Outcome(said=said, ask=False, finished=True)


def unskip(strategy: Strategy, step: Step) -> None:
    if step in strategy.done_steps() and step in strategy.skipped:
        strategy.skipped.remove(step)


def skip(strategy: Strategy, tr: Translator) -> Outcome:
    step = strategy.conversation.step
    if step is None:
        return Outcome(ask=False)
    done = step in strategy.done_steps()
    if not done and step not in strategy.skipped:
        strategy.skipped.append(step)
    outcome = advance(strategy, tr)
    title = fmt.step_title(step, tr)
    outcome.said.insert(
        0,
        tr("Left {step} as it is.", step=title)
        if done
        else tr("Skipped {step} for now; it shows as missing.", step=title),
    )
    return outcome


def back(strategy: Strategy, tr: Translator) -> Outcome:
    step = strategy.conversation.step
    if step is None:
        return Outcome(ask=False)
    previous = STEPS[max(STEPS.index(step) - 1, 0)]
    return reopen(strategy, previous, tr)


def reopen(strategy: Strategy, step: Step, tr: Translator) -> Outcome:
    """Open a step again (`/strategy edit`, the back button); what it holds stays until replaced."""
    enter(strategy, step)
    return Outcome(said=[tr("Back to {step}.", step=fmt.step_title(step, tr))])


def default_metrics(goal: Goal, tr: Translator) -> list[Metric]:
    """What a goal is measured by when nobody said: its own metric, else the suggestion."""
    if goal.metric:
        return [Metric(goal.metric, goal.unit)]
    return [Metric(suggested_metrics(goal.goal_type, tr)[0], "")]
