"""Step 1, goals: a goal read from one reply or built over several, each reply read as the
answer to the slot the coach asked for; checked before it is saved (goal_checks.py); its kind
inferred or asked; several goals in one message saved one after the other; `remove N`, `done`,
and a goal from the form. Pure: the caller saves the strategy it changed.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.builder import goal_checks, goal_draft
from bot.builder.moves import Outcome, advance
from bot.domain.limits import MAX_DESCRIPTION, MAX_GOALS, MAX_METRIC_NAME, MAX_UNIT
from bot.domain.model import Conversation, Goal, Step, Strategy
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.text.goal_sentences import split_goals
from bot.text.goal_text import GoalParse, parse_followup, parse_goal
from bot.text.goal_types import infer_goal_type, parse_goal_type
from bot.text.hesitation import is_later, is_no, is_question, is_unsure
from bot.text.metric_names import names_overlap
from bot.text.reply_text import is_done, is_yes
from bot.text.user_text import clip, escape, one_line

REMOVE_GOAL = re.compile(
    r"^\s*(?:remove|delete|fjern|slett)\s+(?:goal\s+|mål\s+)?#?(\d{1,2})\s*$", re.I
)
_QUOTED_CHARS = 80


def on_goal(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    """A reply when no goal is half-built: a new goal (or several), `remove N`, `done`, or the
    right kind for the goal just saved."""
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
    pieces = split_goals(text, today)
    outcome = _start_goal(strategy, pieces[0], pieces[1:], today, tr)
    if len(pieces) > 1:
        outcome.said.insert(
            0,
            tr("I read {n} goals in that; one at a time, starting with the first.", n=len(pieces)),
        )
    return outcome


def _start_goal(
    strategy: Strategy, text: str, queue: list[str], today: dt.date, tr: Translator
) -> Outcome:
    if len(strategy.goals) >= MAX_GOALS:
        return Outcome(
            said=[tr("That is {n} goals, the most I keep. Say done to go on.", n=MAX_GOALS)]
        )
    parsed = parse_goal(text, today)
    too_large = goal_draft.drop_oversized(parsed)
    if not parsed.metric and parsed.target is None and parsed.relative is None:
        if queue:  # part of a longer message: say what was left out, go on with the rest
            outcome = _start_goal(strategy, queue[0], queue[1:], today, tr)
            outcome.said.insert(0, tr("I could not use “{part}”.", part=_quoted(text)))
            return outcome
        return Outcome(
            said=[
                tr(
                    "I could not find a goal in that. Tell me what you want to measure, "
                    "for example: _5000 Instagram followers by 30 June 2027, we have 1200 today_."
                )
            ]
        )
    draft = goal_draft.new_draft(text, parsed)
    draft["queue"] = queue
    return _continue_goal(strategy, draft, _problems(parsed, too_large, tr), today, tr)


def on_goal_details(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    """A reply while a goal is half-built: first of all an answer to the slot that was asked."""
    draft = dict(strategy.conversation.draft)
    asked = draft.get("asked") or next(iter(goal_draft.missing(draft)), "target")
    if is_unsure(text) or is_question(text):
        return _explain(strategy, draft)  # the question comes again, with help
    if asked == "baseline" and is_later(text):
        draft["baseline_later"] = True
        said = [tr("Fine: the first weekly number you report becomes today's value.")]
        return _continue_goal(strategy, draft, said, today, tr)
    fresh = parse_goal(text, today)
    if _is_another_goal(fresh, draft):
        outcome = on_goal(strategy, text, today, tr)
        outcome.said.insert(0, _set_aside(draft, tr))
        return outcome
    return _answer_slots(strategy, draft, text, asked, today, tr)


def _answer_slots(
    strategy: Strategy, draft: dict, text: str, asked: str, today: dt.date, tr: Translator
) -> Outcome:
    """Read `text` as the answer to `asked` (then to whatever else is missing)."""
    order = [asked, *(slot for slot in goal_draft.missing(draft) if slot != asked)]
    parsed = parse_followup(text, today, order)
    too_large = goal_draft.drop_oversized(parsed)
    before = dict(draft)
    building = str(draft.get("metric") or "")
    # "Instagram followers" after "more followers": the same measure, named more exactly.
    if (
        parsed.metric
        and building
        and len(parsed.metric.split()) > len(building.split())
        and names_overlap(building, parsed.metric)
    ):
        draft["metric"] = clip(parsed.metric, MAX_METRIC_NAME)
    changed = goal_draft.merge_followup(draft, parsed)
    said = _problems(parsed, too_large, tr)
    if not changed:
        if not said:
            return _explain(strategy, draft)
        draft["asked_times"] = int(draft.get("asked_times") or 0) + 1
        return _continue_goal(strategy, draft, said, today, tr)
    draft["why"] = None
    if asked in goal_draft.missing(draft):
        # Something else came than what was asked: say what was noted, then ask again in
        # other words rather than repeat the question.
        said.extend(_noted(before, draft, tr))
        draft["asked_again"] = True
    else:
        draft["asked_again"] = False
    return _continue_goal(strategy, draft, said, today, tr)


def _noted(before: dict, after: dict, tr: Translator) -> list[str]:
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


def on_goal_check(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    """The answer to a yes/no question about a goal that may not add up."""
    draft = dict(strategy.conversation.draft)
    check = draft.get("check")
    if check not in goal_checks.CONFIRM:  # an older draft: look at the goal again
        return _continue_goal(strategy, draft, [], today, tr)
    if is_yes(text):
        goal_checks.confirm(draft, check)
        return _continue_goal(strategy, draft, [], today, tr)
    if is_no(text):
        goal_checks.refuse(draft, check)
        return _continue_goal(strategy, draft, [], today, tr)
    # "no, 1500" or just "1500": the corrected value itself.
    slot = goal_checks.INSTEAD[check]
    parsed = parse_followup(text, today, [slot])
    value = parsed.deadline if slot == "deadline" else parsed.target
    if value is None or goal_draft.drop_oversized(parsed):
        return _explain(strategy, draft)
    goal_checks.refuse(draft, check)
    goal_draft.merge_followup(draft, parsed)
    return _continue_goal(strategy, draft, _problems(parsed, False, tr), today, tr)


def on_goal_type(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    goal_type = parse_goal_type(text)
    if goal_type is None:
        return Outcome(said=[tr("Please pick one of the five types, by name or number.")])
    draft = dict(strategy.conversation.draft)
    goal = goal_draft.goal_from_draft(draft)
    goal.goal_type = goal_type
    return _save_goal(strategy, goal, draft, [], today, tr)


def _continue_goal(
    strategy: Strategy, draft: dict, said: list[str], today: dt.date, tr: Translator
) -> Outcome:
    """Ask for what is missing, then about what doesn't add up, then the kind; else save."""
    conversation = strategy.conversation
    goal_draft.apply_relative(draft)
    missing = goal_draft.missing(draft)
    if missing:
        slot = draft.get("asked") if draft.get("asked") in missing else missing[0]
        if slot != draft.get("asked"):
            draft["asked"], draft["asked_times"], draft["asked_again"] = slot, 0, False
        conversation.awaiting, conversation.draft = "goal_details", draft
        return Outcome(said=said)
    check = goal_checks.next_check(draft, today)
    if check in goal_checks.REASK:
        goal_checks.reask(draft, check)
        conversation.awaiting, conversation.draft = "goal_details", draft
        return Outcome(said=said)
    if check is not None:
        draft["check"], draft["asked_times"] = check, 0
        conversation.awaiting, conversation.draft = "goal_check", draft
        return Outcome(said=said)
    goal = goal_draft.goal_from_draft(draft)
    goal.goal_type = infer_goal_type(f"{goal.metric} {goal.description}")
    if goal.goal_type is None:
        draft["asked"] = "kind"
        conversation.awaiting, conversation.draft = "goal_type", draft
        return Outcome(said=said)
    outcome = _save_goal(strategy, goal, draft, said, today, tr)
    outcome.said.insert(
        len(said) + 1,
        tr(
            "I filed it under {type}. If that is wrong, just name the right kind.",
            type=fmt.goal_type_title(goal.goal_type, tr),
        ),
    )
    return outcome


def _explain(strategy: Strategy, draft: dict) -> Outcome:
    """No answer in the reply (a question back, "I don't know", or nothing readable): the same
    slot again, worded differently, with what it means and where to find the number."""
    draft["asked_times"] = int(draft.get("asked_times") or 0) + 1
    strategy.conversation.draft = draft
    return Outcome()


def _save_goal(
    strategy: Strategy, goal: Goal, draft: dict, said: list[str], today: dt.date, tr: Translator
) -> Outcome:
    strategy.goals.append(goal)
    strategy.conversation.awaiting = "goal_more"
    strategy.conversation.draft = {}
    said = [
        *said,
        tr("Saved goal {n}: {goal}.", n=len(strategy.goals), goal=escape(fmt.goal_line(goal, tr))),
    ]
    queue = [text for text in draft.get("queue") or [] if isinstance(text, str)]
    if not queue:
        return Outcome(said=said)
    following = _start_goal(strategy, queue[0], queue[1:], today, tr)
    following.said[:0] = [*said, tr("Next goal from your message:")]
    return following


def add_goal(strategy: Strategy, goal: Goal, tr: Translator) -> Outcome:
    """A goal from the form: complete and checked already, so it is saved as it is."""
    if len(strategy.goals) >= MAX_GOALS:
        return Outcome(
            said=[tr("That is {n} goals, the most I keep. Say done to go on.", n=MAX_GOALS)]
        )
    goal.description = clip(goal.description, MAX_DESCRIPTION)
    goal.metric = clip(goal.metric, MAX_METRIC_NAME)
    goal.unit = clip(goal.unit, MAX_UNIT)
    goal.direction = goal_draft.numbers_direction(goal.baseline, goal.target)
    if strategy.conversation.step is not Step.GOALS:
        strategy.conversation = Conversation(step=Step.GOALS, awaiting="goal_more")
    strategy.goals.append(goal)
    strategy.conversation.awaiting = "goal_more"
    strategy.conversation.draft = {}
    return Outcome(
        said=[
            tr(
                "Saved goal {n}: {goal}.",
                n=len(strategy.goals),
                goal=escape(fmt.goal_line(goal, tr)),
            )
        ]
    )


def _remove_goal(strategy: Strategy, number: int, tr: Translator) -> Outcome:
    if not 1 <= number <= len(strategy.goals):
        return Outcome(said=[tr("There is no goal {n}.", n=number)])
    removed = strategy.goals.pop(number - 1)
    strategy.conversation.awaiting = "goal_more" if strategy.goals else "goal"
    return Outcome(
        said=[tr("Removed goal {n}: {goal}.", n=number, goal=escape(fmt.goal_line(removed, tr)))]
    )


def _problems(parsed: GoalParse, too_large: bool, tr: Translator) -> list[str]:
    said = []
    if parsed.past_deadline:
        said.append(tr("That date has passed; I need a deadline in the future."))
    if too_large:
        said.append(tr("That number is too large for me."))
    return said


def _is_another_goal(fresh: GoalParse, draft: dict) -> bool:
    """A reply is a new goal only when it clearly is one: a measure of its own (not the one
    being built), a target or a change, and a date or today's value with it."""
    if not fresh.metric or (fresh.target is None and fresh.relative is None):
        return False
    if fresh.deadline is None and fresh.baseline is None and fresh.relative is None:
        return False
    building = str(draft.get("metric") or "")
    return bool(building) and not names_overlap(fresh.metric, building)


def _set_aside(draft: dict, tr: Translator) -> str:
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


def _quoted(text: str) -> str:
    return escape(clip(one_line(text), _QUOTED_CHARS))
