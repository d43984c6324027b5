"""Steps 2, 3 and 5: the mission (nudged when long), the weekly metrics of each goal (or all of
them from the form), and the audience's benefits (nudged when they read like a slogan). Step 4 is
`responsibility_step.py`. Pure: the caller saves the strategy it changed.
"""

from __future__ import annotations

import datetime as dt

from bot.builder.metric_suggestions import suggested_metrics
from bot.builder.moves import Outcome, advance, default_metrics, unskip
from bot.builder.removals import carry_ids, hold_metrics, pending_metrics, removal_answer
from bot.domain.limits import (
    MAX_BENEFIT,
    MAX_BENEFITS,
    MAX_METRIC_NAME,
    MAX_METRICS_PER_GOAL,
    MAX_MISSION,
    MAX_UNIT,
)
from bot.domain.model import Conversation, Goal, Metric, Step, Strategy
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.text.goal_sentences import reads_like_a_goal
from bot.text.hesitation import is_no, is_question, is_unsure
from bot.text.reply_text import (
    has_letters,
    is_accept_suggestion,
    is_all_suggested,
    is_done,
    is_filler,
    is_keep,
    is_skip_this_one,
    parse_list,
    parse_metric_list,
    split_metric,
    suggestion_numbers,
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
    suggestions = suggested_metrics(goal.goal_type, tr)
    picks = suggestion_numbers(text)
    if is_accept_suggestion(text) or not text:
        metrics = goal.metrics or default_metrics(goal, tr)  # ok keeps what is there
    elif is_skip_this_one(text):
        goal.metrics = goal.metrics or default_metrics(goal, tr)
        return _next_goal_for_metrics(strategy, index + 1, [_kept(strategy, index, tr)], tr)
    elif is_all_suggested(text):
        metrics = [_suggested(goal, name, tr) for name in suggestions[:MAX_METRICS_PER_GOAL]]
    elif is_unsure(text) or is_question(text) or is_filler(text) or is_no(text):
        return Outcome(said=[_explain_metrics(strategy, index, tr)], ask=False)
    elif is_done(text):  # "done", "next": nothing to add, so what is there (or its own) stays
        metrics = goal.metrics or default_metrics(goal, tr)
    elif picks is not None:
        if not picks or not all(1 <= n <= len(suggestions) for n in picks):
            return _out_of_range(suggestions, tr)
        metrics = [_suggested(goal, suggestions[n - 1], tr) for n in picks[:MAX_METRICS_PER_GOAL]]
    elif not has_letters(text):  # "?", "...", "5000": never the name of a metric
        return Outcome(said=[tr("I did not find a metric there. Name one, or say ok.")])
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
        known = [*suggestions, *(m.name for m in default_metrics(goal, tr))]
        metrics = []
        for item in parse_metric_list(text, known):
            if not has_letters(item):  # "followers, 2": the second suggestion
                number = suggestion_numbers(item)
                if not number or not all(1 <= n <= len(suggestions) for n in number):
                    return _out_of_range(suggestions, tr)
                metrics.extend(_suggested(goal, suggestions[n - 1], tr) for n in number)
                continue
            name, unit = split_metric(item)
            if name.strip():
                metrics.append(Metric(clip(name, MAX_METRIC_NAME), clip(unit, MAX_UNIT)))
        # Each once, the first spelling kept ("1, reach" when the first suggestion is reach).
        names = [m.name.casefold() for m in metrics]
        metrics = [m for n, m in enumerate(metrics) if names.index(names[n]) == n]
        metrics = metrics[:MAX_METRICS_PER_GOAL]
        if not metrics:
            return Outcome(said=[tr("I did not find a metric there. Name one, or say ok.")])
    # The same metric named again is the same metric: its id, and so its history, stay.
    metrics = carry_ids(goal.metrics, metrics)
    held = hold_metrics(strategy, {index: metrics}, from_form=False)
    if held is not None:  # a metric with reports would go: asked first
        return held
    goal.metrics = metrics
    return _measured(strategy, index, [], tr)


def _measured(strategy: Strategy, index: int, said: list[str], tr: Translator) -> Outcome:
    metrics = strategy.goals[index].metrics
    said = [
        *said,
        tr(
            "Goal {n} will be measured by {metrics}.",
            n=index + 1,
            metrics=escape(", ".join(fmt.metric_label(m) for m in metrics)),
        ),
    ]
    return _next_goal_for_metrics(strategy, index + 1, said, tr)


def on_metrics_remove(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    """The answer to "remove it from check-ins and status?" for metrics that hold reports."""
    remove = removal_answer(text)
    if remove is None:
        return Outcome()  # the question again
    draft = strategy.conversation.draft
    chosen = pending_metrics(strategy, keep=not remove)
    said = [
        tr("Taken out of check-ins and status; the numbers stay in the export.")
        if remove
        else tr("Kept, with their numbers.")
    ]
    if draft.get("from_form"):
        return _form_metrics(strategy, chosen, said, tr)
    index = int(draft.get("goal_index", 0))
    if index not in chosen:  # the goal is gone meanwhile: on to what is open
        return advance(strategy, tr)
    strategy.goals[index].metrics = chosen[index]
    return _measured(strategy, index, said, tr)


def _suggested(goal: Goal, name: str, tr: Translator) -> Metric:
    """A suggested metric; the goal's own unit comes with it when it is the goal's metric."""
    own = default_metrics(goal, tr)[0]
    return Metric(name, own.unit if own.name.casefold() == name.casefold() else "")


def _numbered(names: list[str]) -> str:
    """Suggestions as the measurement question lists them: "1. reach, 2. impressions"."""
    return ", ".join(f"{n}. {escape(name)}" for n, name in enumerate(names, start=1))


def _kept(strategy: Strategy, index: int, tr: Translator) -> str:
    metrics = escape(", ".join(fmt.metric_label(m) for m in strategy.goals[index].metrics))
    if index + 1 < len(strategy.goals):
        return tr(
            "Goal {n} keeps its own metric, {metrics}. On to goal {next}.",
            n=index + 1,
            metrics=metrics,
            next=index + 2,
        )
    return tr("Goal {n} keeps its own metric, {metrics}.", n=index + 1, metrics=metrics)


def _explain_metrics(strategy: Strategy, index: int, tr: Translator) -> str:
    goal = strategy.goals[index]
    return tr(
        "A weekly metric is a number you can look up once a week that shows whether goal {n} "
        "is getting closer: how many people saw your posts (reach), how many follow you, how "
        "many signed up. You find them in Instagram, Facebook or LinkedIn Insights, or in "
        "Google Analytics. Suggested for this goal: {suggestions}. Reply *ok* to report "
        "{default}, the numbers of the suggestions you want (like 1, 3), *all of them*, or "
        "name your own.",
        n=index + 1,
        suggestions=_numbered(suggested_metrics(goal.goal_type, tr)),
        default=escape(fmt.metric_label(default_metrics(goal, tr)[0])),
    )


def _out_of_range(suggestions: list[str], tr: Translator) -> Outcome:
    return Outcome(
        said=[
            tr(
                "The suggestions are {suggestions}. Pick them by number, from 1 to {count}, "
                "or name the metrics.",
                suggestions=_numbered(suggestions),
                count=len(suggestions),
            )
        ],
        ask=False,
    )


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
    """Metrics for every goal at once, from the form. Each line is edited in place, so a line
    whose name changed is the same metric renamed: it keeps its id and its history."""
    chosen = {
        index: carry_ids(
            goal.metrics, picked[:MAX_METRICS_PER_GOAL] or default_metrics(goal, tr), renames=True
        )
        for index, (goal, picked) in enumerate(zip(strategy.goals, metrics, strict=False))
    }
    if strategy.conversation.step is not Step.MEASUREMENT:
        strategy.conversation = Conversation(step=Step.MEASUREMENT, awaiting="metrics")
    held = hold_metrics(strategy, chosen, from_form=True)
    if held is not None:  # a metric with reports left the form: asked first
        return held
    return _form_metrics(strategy, chosen, [], tr)


def _form_metrics(
    strategy: Strategy, chosen: dict[int, list[Metric]], said: list[str], tr: Translator
) -> Outcome:
    for index, metrics in chosen.items():
        strategy.goals[index].metrics = metrics
    strategy.conversation = Conversation(step=Step.MEASUREMENT, awaiting="metrics")
    unskip(strategy, Step.MEASUREMENT)
    outcome = advance(strategy, tr)
    outcome.said[:0] = [*said, tr("Saved the metrics from the form.")]
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
