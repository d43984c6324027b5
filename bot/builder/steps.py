"""Steps 2, 3 and 5: the mission (nudged when long), the weekly metrics of each goal (or all of
them from the form), and the audience's benefits (nudged when they read like a slogan). Step 4 is
`responsibility_step.py`. Pure: the caller saves the strategy it changed.
"""

from __future__ import annotations

import datetime as dt

from bot.builder.moves import Outcome, advance, default_metrics, unskip
from bot.domain.limits import (
    MAX_BENEFIT,
    MAX_BENEFITS,
    MAX_METRIC_NAME,
    MAX_METRICS_PER_GOAL,
    MAX_MISSION,
    MAX_UNIT,
)
from bot.domain.model import Conversation, Metric, Step, Strategy
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.text.goal_sentences import reads_like_a_goal
from bot.text.reply_text import (
    is_accept_suggestion,
    is_keep,
    parse_list,
    split_metric,
)
from bot.text.user_text import clip, escape

# A mission is one or two sentences; longer than this gets a nudge.
MISSION_NUDGE_CHARS = 280
# A benefits answer shorter than this, in one piece, reads like a slogan.
SLOGAN_WORDS = 6


# --- Step 2: mission ---------------------------------------------------------------------


def on_mission(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    awaiting = strategy.conversation.awaiting
    if awaiting == "mission_shorten" and is_keep(text):
        return advance(strategy, tr)
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
    outcome = advance(strategy, tr)
    outcome.said.insert(0, tr("Saved the mission: {mission}", mission=escape(strategy.mission)))
    return outcome


# --- Step 3: measurement -----------------------------------------------------------------


def on_metrics(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    index = int(strategy.conversation.draft.get("goal_index", 0))
    if index >= len(strategy.goals):
        return advance(strategy, tr)
    goal = strategy.goals[index]
    if is_accept_suggestion(text) or not text:
        metrics = goal.metrics or default_metrics(goal, tr)  # ok keeps what is there
    elif reads_like_a_goal(text, today):
        # "5000 followers by June" is a goal, not the name of a number to report.
        own = escape(fmt.metric_label(default_metrics(goal, tr)[0]))
        return Outcome(
            said=[
                tr(
                    "That reads like a goal, not the name of a number to report every week. "
                    "Shall I ask for {metric} every week? Reply *ok*, or name the numbers, like "
                    "reach (accounts).",
                    metric=own,
                )
            ],
            ask=False,
        )
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
    outcome = advance(strategy, tr)
    outcome.said[:0] = said
    return outcome


def set_metrics(strategy: Strategy, metrics: list[list[Metric]], tr: Translator) -> Outcome:
    """Metrics for every goal at once, from the form."""
    for goal, chosen in zip(strategy.goals, metrics, strict=False):
        goal.metrics = chosen[:MAX_METRICS_PER_GOAL] or default_metrics(goal, tr)
    if strategy.conversation.step is not Step.MEASUREMENT:
        strategy.conversation = Conversation(step=Step.MEASUREMENT, awaiting="metrics")
    unskip(strategy, Step.MEASUREMENT)
    outcome = advance(strategy, tr)
    outcome.said.insert(0, tr("Saved the metrics from the form."))
    return outcome


# --- Step 5: customer benefits -----------------------------------------------------------


def on_benefits(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
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
    outcome = advance(strategy, tr)
    outcome.said.insert(
        0, tr("Saved the content ideas: {ideas}", ideas=escape("; ".join(benefits)))
    )
    return outcome
