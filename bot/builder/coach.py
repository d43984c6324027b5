"""The coach's decisions: given a strategy and what the user said, what is saved and what is said.

No Slack and no SQL here. Each entry point changes the `Strategy` it is given (the caller saves
it) and returns an `Outcome`: the lines to say in the thread, whether to ask the open question
again, and whether the strategy was just completed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bot.builder.goal_draft import drop_oversized, goal_from_draft, merge_followup, new_draft
from bot.builder.metric_suggestions import suggested_metrics
from bot.domain.limits import (
    MAX_BENEFIT,
    MAX_BENEFITS,
    MAX_DESCRIPTION,
    MAX_GOALS,
    MAX_METRIC_NAME,
    MAX_METRICS_PER_GOAL,
    MAX_MISSION,
    MAX_UNIT,
)
from bot.domain.model import (
    STEPS,
    Conversation,
    Goal,
    Metric,
    Schedule,
    Status,
    Step,
    Strategy,
)
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.text.goal_text import infer_goal_type, parse_followup, parse_goal, parse_goal_type
from bot.text.reply_text import (
    is_accept_suggestion,
    is_back,
    is_done,
    is_keep,
    is_skip,
    parse_list,
    parse_responsibility,
    split_metric,
)
from bot.text.user_text import clip, escape

# A mission is one or two sentences; longer than this gets a nudge.
MISSION_NUDGE_CHARS = 280
# A benefits answer shorter than this, in one piece, reads like a slogan.
SLOGAN_WORDS = 6

_REMOVE_GOAL = re.compile(
    r"^\s*(?:remove|delete|fjern|slett)\s+(?:goal\s+|mål\s+)?#?(\d{1,2})\s*$", re.I
)


@dataclass
class Outcome:
    said: list[str] = field(default_factory=list)
    ask: bool = True
    finished: bool = False
    lookup_timezone_of: str | None = None


def begin(strategy: Strategy) -> None:
    strategy.conversation = Conversation(step=Step.GOALS, awaiting="goal")


def on_reply(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    """A reply in the thread from someone allowed to answer."""
    conversation = strategy.conversation
    if conversation.step is None:
        return Outcome(ask=False)
    # Typed, the buttons' words do what the buttons do, whatever the question was.
    if is_skip(text):
        return skip(strategy, tr)
    if is_back(text):
        return back(strategy, tr)
    handler = _REPLY_HANDLERS.get(conversation.awaiting)
    if handler is None:  # an unknown state from an older version: start the step over
        return reopen(strategy, conversation.step, tr)
    return handler(strategy, text.strip(), today, tr)


# --- Step 1: goals -----------------------------------------------------------------------


def _on_goal(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    removal = _REMOVE_GOAL.match(text)
    if removal and strategy.goals:
        return _remove_goal(strategy, int(removal.group(1)), tr)
    if is_done(text):
        if strategy.goals:
            return _advance(strategy, tr)
        return Outcome(said=[tr("A strategy needs at least one goal. Describe one, or skip.")])
    if strategy.conversation.awaiting == "goal_more":
        named_type = parse_goal_type(text)
        if named_type is not None:
            goal = strategy.goals[-1]
            goal.goal_type = named_type
            return Outcome(
                said=[
                    tr(
                        "Changed the kind of goal {n} to {type}.",
                        n=len(strategy.goals),
                        type=fmt.goal_type_title(named_type, tr),
                    )
                ]
            )
    if len(strategy.goals) >= MAX_GOALS:
        return Outcome(
            said=[tr("That is {n} goals, the most I keep. Say done to go on.", n=MAX_GOALS)]
        )
    parsed = parse_goal(text, today)
    too_large = drop_oversized(parsed)
    if not parsed.metric and parsed.target is None:
        return Outcome(
            said=[
                tr(
                    "I could not find a goal in that. Tell me what you want to measure, "
                    "for example: _5000 Instagram followers by 30 June 2027, we have 1200 today_."
                )
            ]
        )
    said = _problems(parsed.past_deadline, too_large, tr)
    return _continue_goal(strategy, new_draft(text, parsed), said, tr)


def _on_goal_details(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    fresh = parse_goal(text, today)
    if fresh.metric and fresh.target is not None:
        # A whole goal, not a follow-up: the user started over, so the new one wins.
        return _on_goal(strategy, text, today, tr)
    draft = dict(strategy.conversation.draft)
    parsed = parse_followup(text, today, goal_from_draft(draft).missing())
    too_large = drop_oversized(parsed)
    changed = merge_followup(draft, parsed)
    said = _problems(parsed.past_deadline, too_large, tr)
    if not said and not changed:
        said.append(tr("I did not catch a number or a date there."))
    return _continue_goal(strategy, draft, said, tr)


def _problems(past_deadline: bool, too_large: bool, tr: Translator) -> list[str]:
    said = []
    if past_deadline:
        said.append(tr("That date has passed; I need a deadline in the future."))
    if too_large:
        said.append(tr("That number is too large for me."))
    return said


def _continue_goal(strategy: Strategy, draft: dict, said: list[str], tr: Translator) -> Outcome:
    goal = goal_from_draft(draft)
    conversation = strategy.conversation
    if goal.missing():
        conversation.awaiting = "goal_details"
        conversation.draft = draft
        return Outcome(said=said)
    goal.goal_type = infer_goal_type(f"{goal.metric} {goal.description}")
    if goal.goal_type is None:
        conversation.awaiting = "goal_type"
        conversation.draft = draft
        return Outcome(said=said)
    outcome = _save_goal(strategy, goal, said, tr)
    outcome.said.append(
        tr(
            "I filed it under {type}. If that is wrong, just name the right kind.",
            type=fmt.goal_type_title(goal.goal_type, tr),
        )
    )
    return outcome


def _on_goal_type(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    goal_type = parse_goal_type(text)
    if goal_type is None:
        return Outcome(said=[tr("Please pick one of the five types, by name or number.")])
    goal = goal_from_draft(strategy.conversation.draft)
    goal.goal_type = goal_type
    return _save_goal(strategy, goal, [], tr)


def _save_goal(strategy: Strategy, goal: Goal, said: list[str], tr: Translator) -> Outcome:
    strategy.goals.append(goal)
    strategy.conversation.awaiting = "goal_more"
    strategy.conversation.draft = {}
    said = [
        *said,
        tr("Saved goal {n}: {goal}.", n=len(strategy.goals), goal=escape(fmt.goal_line(goal, tr))),
    ]
    return Outcome(said=said)


def add_goal(strategy: Strategy, goal: Goal, tr: Translator) -> Outcome:
    """A goal from the form: complete already, so it is saved as it is."""
    if len(strategy.goals) >= MAX_GOALS:
        return Outcome(
            said=[tr("That is {n} goals, the most I keep. Say done to go on.", n=MAX_GOALS)]
        )
    goal.description = clip(goal.description, MAX_DESCRIPTION)
    goal.metric = clip(goal.metric, MAX_METRIC_NAME)
    goal.unit = clip(goal.unit, MAX_UNIT)
    if strategy.conversation.step is not Step.GOALS:
        strategy.conversation = Conversation(step=Step.GOALS, awaiting="goal_more")
    return _save_goal(strategy, goal, [], tr)


def _remove_goal(strategy: Strategy, number: int, tr: Translator) -> Outcome:
    if not 1 <= number <= len(strategy.goals):
        return Outcome(said=[tr("There is no goal {n}.", n=number)])
    removed = strategy.goals.pop(number - 1)
    strategy.conversation.awaiting = "goal_more" if strategy.goals else "goal"
    return Outcome(
        said=[tr("Removed goal {n}: {goal}.", n=number, goal=escape(fmt.goal_line(removed, tr)))]
    )


# --- Step 2: mission ---------------------------------------------------------------------


def _on_mission(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    awaiting = strategy.conversation.awaiting
    if awaiting == "mission_shorten" and is_keep(text):
        return _advance(strategy, tr)
    if not text:
        return Outcome()
    strategy.mission = clip(text, MAX_MISSION)
    if len(strategy.mission) > MISSION_NUDGE_CHARS:
        strategy.conversation.awaiting = "mission_shorten"
        return Outcome(
            said=[
                tr(
                    "Saved. It is long, though: a mission that fits in one or two sentences is "
                    "easier to remember and to act on. Send a shorter version, or say keep."
                )
            ]
        )
    outcome = _advance(strategy, tr)
    outcome.said.insert(0, tr("Saved the mission: {mission}", mission=escape(strategy.mission)))
    return outcome


# --- Step 3: measurement -----------------------------------------------------------------


def _on_metrics(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    index = int(strategy.conversation.draft.get("goal_index", 0))
    if index >= len(strategy.goals):
        return _advance(strategy, tr)
    goal = strategy.goals[index]
    if is_accept_suggestion(text) or not text:
        metrics = goal.metrics or _default_metrics(goal, tr)  # ok keeps what is there
    else:
        metrics = []
        for item in parse_list(text)[:MAX_METRICS_PER_GOAL]:
            name, unit = split_metric(item)
            if name.strip():
                metrics.append(Metric(clip(name, MAX_METRIC_NAME), clip(unit, MAX_UNIT)))
        if not metrics:
            return Outcome(said=[tr("I did not find a metric there. Name one, or say ok.")])
    goal.metrics = metrics
    said = [
        tr(
            "Goal {n} will be measured by {metrics}.",
            n=index + 1,
            metrics=escape(", ".join(fmt.metric_label(m) for m in metrics)),
        )
    ]
    return _next_goal_for_metrics(strategy, index + 1, said, tr)


def _next_goal_for_metrics(
    strategy: Strategy, index: int, said: list[str], tr: Translator
) -> Outcome:
    if index < len(strategy.goals):
        strategy.conversation.draft = {"goal_index": index}
        return Outcome(said=said)
    outcome = _advance(strategy, tr)
    outcome.said[:0] = said
    return outcome


def set_metrics(strategy: Strategy, metrics: list[list[Metric]], tr: Translator) -> Outcome:
    """Metrics for every goal at once, from the form."""
    for goal, chosen in zip(strategy.goals, metrics, strict=False):
        goal.metrics = chosen[:MAX_METRICS_PER_GOAL] or _default_metrics(goal, tr)
    if strategy.conversation.step is not Step.MEASUREMENT:
        strategy.conversation = Conversation(step=Step.MEASUREMENT, awaiting="metrics")
    _unskip(strategy, Step.MEASUREMENT)
    outcome = _advance(strategy, tr)
    outcome.said.insert(0, tr("Saved the metrics from the form."))
    return outcome


def _default_metrics(goal: Goal, tr: Translator) -> list[Metric]:
    if goal.metric:
        return [Metric(goal.metric, goal.unit)]
    return [Metric(suggested_metrics(goal.goal_type, tr)[0], "")]


# --- Step 4: responsibility --------------------------------------------------------------


def _on_responsibility(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    slot = parse_responsibility(text)
    understood = (
        slot.owner_id or slot.me or slot.weekday is not None or slot.time is not None
    ) or is_accept_suggestion(text)
    if not understood:
        return Outcome(
            said=[tr("I did not catch who or when. Mention a person and a weekday and time.")]
        )
    owner = slot.owner_id or strategy.owner_id or strategy.started_by
    if slot.me:
        owner = strategy.started_by
    previous = strategy.schedule or Schedule()
    strategy.owner_id = owner
    strategy.schedule = Schedule(
        weekday=slot.weekday if slot.weekday is not None else previous.weekday,
        time=slot.time or previous.time,
        timezone=previous.timezone,
    )
    outcome = _advance(strategy, tr)
    outcome.said.insert(
        0,
        tr(
            "<@{owner}> reports the numbers every {weekday} at {time}, in their own time zone.",
            owner=owner,
            weekday=fmt.weekday(strategy.schedule.weekday, tr),
            time=fmt.clock(strategy.schedule.time),
        ),
    )
    outcome.lookup_timezone_of = owner
    return outcome


# --- Step 5: customer benefits -----------------------------------------------------------


def _on_benefits(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    conversation = strategy.conversation
    if conversation.awaiting == "benefits_concrete" and is_keep(text):
        items = [conversation.draft.get("benefits", "")]
    else:
        items = parse_list(text)
        if len(items) <= 1 and len(text.split()) < SLOGAN_WORDS:
            conversation.awaiting = "benefits_concrete"
            conversation.draft = {"benefits": clip(text, MAX_BENEFIT)}
            return Outcome(
                said=[
                    tr(
                        "That sounds like a slogan. What will your audience actually get? "
                        "For example: a look behind the scenes every Friday, answers from "
                        "the experts, offers only for followers. Send concrete ideas, or say keep."
                    )
                ]
            )
    benefits = [clip(item, MAX_BENEFIT) for item in items if item.strip()][:MAX_BENEFITS]
    if not benefits:
        return Outcome()
    strategy.benefits = benefits
    outcome = _advance(strategy, tr)
    outcome.said.insert(
        0, tr("Saved the content ideas: {ideas}", ideas=escape("; ".join(benefits)))
    )
    return outcome


# --- Moving between steps ----------------------------------------------------------------


def _settled(strategy: Strategy, step: Step) -> bool:
    if step in strategy.skipped or step in strategy.done_steps():
        return True
    # With no goals there is nothing to measure.
    return step is Step.MEASUREMENT and not strategy.goals


def _advance(strategy: Strategy, tr: Translator) -> Outcome:
    """Leave the current step for the next one still open, or complete the strategy."""
    current = strategy.conversation.step
    if current is not None:
        _unskip(strategy, current)
    start = STEPS.index(current) + 1 if current else 0
    for step in (*STEPS[start:], *STEPS[:start]):
        if not _settled(strategy, step):
            return _enter(strategy, step)
    return _complete(strategy, tr)


def _enter(strategy: Strategy, step: Step) -> Outcome:
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
            goal.metrics = _default_metrics(goal, tr)
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


def _unskip(strategy: Strategy, step: Step) -> None:
    if step in strategy.done_steps() and step in strategy.skipped:
        strategy.skipped.remove(step)


def skip(strategy: Strategy, tr: Translator) -> Outcome:
    step = strategy.conversation.step
    if step is None:
        return Outcome(ask=False)
    if step not in strategy.done_steps() and step not in strategy.skipped:
        strategy.skipped.append(step)
    outcome = _advance(strategy, tr)
    outcome.said.insert(
        0, tr("Skipped {step} for now; it shows as missing.", step=fmt.step_title(step, tr))
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
    _enter(strategy, step)
    return Outcome(said=[tr("Back to {step}.", step=fmt.step_title(step, tr))])


_REPLY_HANDLERS = {
    "goal": _on_goal,
    "goal_more": _on_goal,
    "goal_details": _on_goal_details,
    "goal_type": _on_goal_type,
    "mission": _on_mission,
    "mission_shorten": _on_mission,
    "metrics": _on_metrics,
    "responsibility": _on_responsibility,
    "benefits": _on_benefits,
    "benefits_concrete": _on_benefits,
}
