"""Step 1, goals: a goal read from one reply or built over several (a follow-up question for
each missing number or date), its kind inferred or asked, `remove N`, `done`, and a goal from
the form. Pure: the caller saves the strategy it changed.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.builder.goal_draft import drop_oversized, goal_from_draft, merge_followup, new_draft
from bot.builder.moves import Outcome, advance
from bot.domain.limits import MAX_DESCRIPTION, MAX_GOALS, MAX_METRIC_NAME, MAX_UNIT
from bot.domain.model import Conversation, Goal, Step, Strategy
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.text.goal_text import parse_followup, parse_goal
from bot.text.goal_types import infer_goal_type, parse_goal_type
from bot.text.reply_text import is_done
from bot.text.user_text import clip, escape

REMOVE_GOAL = re.compile(
    r"^\s*(?:remove|delete|fjern|slett)\s+(?:goal\s+|mål\s+)?#?(\d{1,2})\s*$", re.I
)


def on_goal(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    removal = REMOVE_GOAL.match(text)
    if removal and strategy.goals:
        return _remove_goal(strategy, int(removal.group(1)), tr)
    if is_done(text):
        if strategy.goals:
            return advance(strategy, tr)
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


def on_goal_details(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    fresh = parse_goal(text, today)
    if fresh.metric and fresh.target is not None:
        # A whole goal, not a follow-up: the user started over, so the new one wins.
        return on_goal(strategy, text, today, tr)
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


def on_goal_type(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
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
