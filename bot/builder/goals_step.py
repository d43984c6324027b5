"""Step 1, goals: a goal read from one reply or built over several, each reply read as the
answer to the slot the coach asked for; checked before it is saved (goal_checks.py); its kind
inferred or asked; several goals in one message saved one after the other; `remove N`, `done`,
and a goal from the form. Pure: the caller saves the strategy it changed.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.builder import goal_checks, goal_corrections, goal_draft, goal_notes, removals
from bot.builder.moves import Outcome, advance
from bot.domain.limits import MAX_DESCRIPTION, MAX_GOALS, MAX_METRIC_NAME, MAX_UNIT
from bot.domain.model import Conversation, Goal, Step, Strategy
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.text.goal_sentences import split_goals
from bot.text.goal_text import GoalParse, parse_followup, parse_goal
from bot.text.goal_types import infer_goal_type, parse_goal_type
from bot.text.hesitation import (
    answer_word,
    is_correction,
    is_later,
    is_no,
    is_question,
    is_unsure,
    without_answer_word,
)
from bot.text.metric_names import names_overlap
from bot.text.reply_text import is_done, is_yes
from bot.text.user_text import clip, escape

REMOVE_GOAL = re.compile(
    r"^\s*(?:remove|delete|drop|fjern|slett)\s+(?:the\s+|den\s+|det\s+)?(?:goal\s+|mål(?:et)?\s+)?"
    r"(?:#?(?P<n>\d{1,2})|(?P<ord>first|second|third|last|første|andre|tredje|siste))"
    r"(?:\s+(?:one|goal|mål(?:et)?))?\s*[.!]*$",
    re.I,
)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "første": 1, "andre": 2, "tredje": 3}
# "no that's it", "det var alt 👍": done, whatever politeness or emoji come with it.
_DONE_PHRASE = re.compile(
    r"^\W*(?:no|nope|nei)?[\s,.!]*(?:that'?s\s+(?:it|all)|that\s+is\s+(?:it|all)|done|"
    r"det\s+var\s+alt|det\s+er\s+alt|ferdig|nothing\s+(?:more|else)|ingen\s+flere)(?![\w])",
    re.I,
)


def on_goal(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    """A reply when no goal is half-built: a new goal (or several), `remove N`, `done`, or the
    right kind for the goal just saved."""
    removal = REMOVE_GOAL.match(text)
    if removal and strategy.goals:
        number = removal.group("n")
        ordinal = (removal.group("ord") or "").lower()
        which = int(number) if number else _ORDINALS.get(ordinal, len(strategy.goals))
        return _remove_goal(strategy, which, tr)
    if is_done(text) or _DONE_PHRASE.match(text):
        if strategy.goals:
            return advance(strategy, tr)
        return Outcome(said=[tr("A strategy needs at least one goal. Describe one, or skip.")])
    if strategy.goals and is_correction(text):
        return _correct_saved(strategy, text, today, tr)
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
            outcome.said.insert(0, tr("I could not use “{part}”.", part=goal_notes.quoted(text)))
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
    return _continue_goal(strategy, draft, goal_notes.problems(parsed, too_large, tr), today, tr)


def on_goal_details(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    """A reply while a goal is half-built: first of all an answer to the slot that was asked."""
    draft = dict(strategy.conversation.draft)
    asked = draft.get("asked") or next(iter(goal_draft.missing(draft)), "target")
    if is_unsure(text) or is_question(text):
        return _explain(strategy, draft)  # the question comes again, with help
    if is_later(text):
        if asked == "baseline":
            draft["baseline_later"] = True
            said = [tr("Fine: the first weekly number you report becomes today's value.")]
            return _continue_goal(strategy, draft, said, today, tr)
        draft["why"] = "needed"  # the target and the deadline make the goal: no later for them
        return _explain(strategy, draft)
    if is_correction(text):
        changed = goal_corrections.correct(draft, text, today, tr)
        if changed is None:
            return _explain(strategy, draft)
        draft["asked_again"] = True  # the same slot is still open: asked in other words
        return _continue_goal(strategy, draft, changed, today, tr)
    fresh = parse_goal(text, today)
    if _is_another_goal(fresh, draft):
        outcome = on_goal(strategy, text, today, tr)
        outcome.said.insert(0, goal_notes.set_aside_line(draft, tr))
        return outcome
    return _answer_slots(strategy, draft, text, asked, today, tr)


def _answer_slots(
    strategy: Strategy, draft: dict, text: str, asked: str, today: dt.date, tr: Translator
) -> Outcome:
    """Read `text` as the answer to `asked` (then to whatever else is missing)."""
    order = [asked, *(slot for slot in goal_draft.missing(draft) if slot != asked)]
    parsed = parse_followup(text, today, order)
    too_large = goal_draft.drop_oversized(parsed)
    counted = draft.get("period")
    if (
        parsed.period
        and counted
        and parsed.period.value != counted
        and (parsed.baseline is not None or parsed.target is not None)
    ):
        # "We have 12,000 a year" for a goal of 2,000 a month: not comparable as it stands.
        draft["why"] = "period"
        draft["asked_times"] = int(draft.get("asked_times") or 0) + 2
        strategy.conversation.draft = draft
        return Outcome()
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
    said = goal_notes.problems(parsed, too_large, tr)
    if not changed:
        if not said:
            return _explain(strategy, draft)
        draft["asked_times"] = int(draft.get("asked_times") or 0) + 1
        return _continue_goal(strategy, draft, said, today, tr)
    draft["why"] = None
    if asked in goal_draft.missing(draft):
        # Something else came than what was asked: say what was noted, then ask again in
        # other words rather than repeat the question.
        said.extend(goal_notes.noted(before, draft, tr))
        draft["asked_again"] = True
    else:
        draft["asked_again"] = False
    return _continue_goal(strategy, draft, said, today, tr)


def on_goal_check(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    """The answer to a yes/no question about a goal that may not add up."""
    draft = dict(strategy.conversation.draft)
    check = draft.get("check")
    if check not in goal_checks.CONFIRM:  # an older draft: look at the goal again
        return _continue_goal(strategy, draft, [], today, tr)
    word = answer_word(text)
    rest = without_answer_word(text)
    has_value = (
        bool(re.search(r"[0-9]", rest)) or parse_followup(rest, today, ["deadline"]).deadline
    )
    if is_yes(text) or (word == "yes" and not has_value):
        goal_checks.confirm(draft, check)
        return _continue_goal(strategy, draft, [], today, tr)
    if is_no(text) or (word == "no" and not has_value):
        goal_checks.refuse(draft, check)
        return _continue_goal(strategy, draft, [], today, tr)
    # "no, 1500", "nei, 2027" or just "1500": the corrected value itself.
    slot = goal_checks.INSTEAD[check]
    parsed = parse_followup(rest, today, [slot])
    value = parsed.deadline if slot == "deadline" else parsed.target
    if value is None or goal_draft.drop_oversized(parsed):
        return _explain(strategy, draft)
    goal_checks.refuse(draft, check)
    goal_draft.merge_followup(draft, parsed)
    return _continue_goal(strategy, draft, goal_notes.problems(parsed, False, tr), today, tr)


def on_goal_type(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    goal_type = parse_goal_type(text)
    draft = dict(strategy.conversation.draft)
    if goal_type is None:
        return _explain(strategy, draft)  # the kinds explained, then asked again
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
    goal.goal_type = goal_draft.kind(draft) or infer_goal_type(f"{goal.metric} {goal.description}")
    if goal.goal_type is None:
        draft["asked"] = "kind"
        conversation.awaiting, conversation.draft = "goal_type", draft
        return Outcome(said=said)
    outcome = _save_goal(strategy, goal, draft, said, today, tr)
    if goal_draft.kind(draft) is not None:
        return outcome  # a saved goal corrected: its kind was settled before
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
    position = _position_of(strategy, draft.get("id"))
    if position is None:
        strategy.goals.append(goal)
        number = len(strategy.goals)
    else:  # a saved goal corrected: the same goal, its metrics and history kept
        saved = strategy.goals[position]
        goal.id, goal.metrics = saved.id, saved.metrics
        strategy.goals[position] = goal
        number = position + 1
    strategy.conversation.awaiting = "goal_more"
    strategy.conversation.draft = {}
    said = [
        *said,
        tr("Saved goal {n}: {goal}.", n=number, goal=escape(fmt.goal_line(goal, tr))),
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
    asked = removals.ask_remove_goal(strategy, number)  # it holds reports: asked first
    if asked is not None:
        return asked
    removed = strategy.goals.pop(number - 1)
    strategy.conversation.awaiting = "goal_more" if strategy.goals else "goal"
    return Outcome(
        said=[tr("Removed goal {n}: {goal}.", n=number, goal=escape(fmt.goal_line(removed, tr)))]
    )


def _is_another_goal(fresh: GoalParse, draft: dict) -> bool:
    """A reply is a new goal only when it clearly is one: a measure of its own (not the one
    being built), a target or a change, and a date or today's value with it."""
    if not fresh.metric or (fresh.target is None and fresh.relative is None):
        return False
    if fresh.deadline is None and fresh.baseline is None and fresh.relative is None:
        return False
    building = str(draft.get("metric") or "")
    return bool(building) and not names_overlap(fresh.metric, building)


def _position_of(strategy: Strategy, goal_id: object) -> int | None:
    if not isinstance(goal_id, int):
        return None
    return next((n for n, goal in enumerate(strategy.goals) if goal.id == goal_id), None)


def _correct_saved(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    """ "Actually 6000", "no, I meant 2028" just after a goal was saved: that goal, corrected
    and checked again, keeps its place, its id and its metrics."""
    last = strategy.goals[-1]
    draft = goal_corrections.draft_of(last)
    draft["id"] = last.id
    changed = goal_corrections.correct(draft, text, today, tr)
    if changed is None:
        return on_goal(strategy, without_answer_word(text), today, tr)
    if last.id is None:  # never stored yet: replace it in the list by position
        strategy.goals.pop()
    return _continue_goal(strategy, draft, changed, today, tr)


def set_aside(strategy: Strategy, tr: Translator) -> Outcome:
    """Drop the half-built goal (typed "back" while building one) and say so."""
    draft = dict(strategy.conversation.draft)
    strategy.conversation.awaiting = "goal_more" if strategy.goals else "goal"
    strategy.conversation.draft = {}
    return Outcome(said=[goal_notes.set_aside_line(draft, tr)])


def set_aside_note(strategy: Strategy, tr: Translator) -> str | None:
    """What "skip" leaves behind when a goal was half-built."""
    if strategy.conversation.awaiting not in ("goal_details", "goal_check", "goal_type"):
        return None
    return goal_notes.set_aside_line(dict(strategy.conversation.draft), tr)
