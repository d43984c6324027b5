"""Step 4, responsibility: who reports the numbers every week, and on which weekday and time (in
the owner's own time zone). Pure: the caller saves the strategy it changed and asks Slack for the
owner's time zone when the outcome says so.

A person written without a mention ("Kari does it on Fridays") is looked up by the caller among
the channel's members (`Outcome.lookup_person`), and `on_people_found` decides what that gives:
one match is confirmed, several are offered, none asks for a mention. Nobody becomes the owner
on a guess, and an impossible weekday or time is asked about, never replaced; meanwhile what the
reply said about the day and time waits in the conversation's draft.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from bot.builder.moves import Outcome, advance
from bot.domain.model import Schedule, Step, Strategy
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.text.reply_text import (
    SlotParse,
    is_accept_suggestion,
    is_yes,
    name_key,
    parse_responsibility,
)
from bot.text.user_text import escape

# The questions this step asks (`conversation.awaiting`).
ASK_OWNER = "responsibility"
ASK_MENTION = "responsibility_mention"  # nobody found by that name, or "no" to the one found
ASK_CONFIRM = "responsibility_confirm"  # one member found by the written name
ASK_PICK = "responsibility_pick"  # several found: which one
MAX_CANDIDATES = 5  # offered as buttons; with more the coach asks for a mention

_YES_FIRST = frozenset(
    [
        "yes",
        "yeah",
        "yep",
        "yup",
        "sure",
        "ok",
        "okay",
        "correct",
        "right",
        "ja",
        "jepp",
        "japp",
        "jo",
        "riktig",
    ]
)
_NO_FIRST = frozenset(
    ["no", "nope", "nah", "not", "wrong", "nei", "ikke", "feil", "ingen", "none", "neither"]
)


def on_responsibility(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    slot = parse_responsibility(text)
    if slot.bad_time or slot.bad_weekday:
        return _impossible(slot, tr)
    if slot.owner_id:
        return _make_owner(strategy, slot.owner_id, slot, tr)
    if slot.me:
        return _make_owner(strategy, strategy.started_by, slot, tr)
    if slot.name:
        return _look_up(strategy, slot.name, slot)
    if slot.weekday is not None or slot.time is not None or is_accept_suggestion(text):
        return _make_owner(strategy, strategy.owner_id or strategy.started_by, slot, tr)
    return Outcome(
        said=[tr("I did not catch who or when. Mention a person and a weekday and time.")]
    )


def on_people_found(
    strategy: Strategy, written: str, found: list[tuple[str, str]], tr: Translator
) -> Outcome | None:
    """The channel's members whose name matches `written`, as (user id, name to show), found for
    `Outcome.lookup_person`; None when the conversation has moved on since it was asked."""
    conversation = strategy.conversation
    draft = dict(conversation.draft)
    if conversation.step is not Step.RESPONSIBILITY or conversation.awaiting != ASK_OWNER:
        return None
    if draft.get("lookup") != written:
        return None
    if not found:
        conversation.awaiting = ASK_MENTION
        return Outcome(
            said=[
                tr(
                    "I couldn't find {name} in this channel; mention them with @.",
                    name=escape(written),
                )
            ]
        )
    if len(found) > MAX_CANDIDATES:
        conversation.awaiting = ASK_MENTION
        return Outcome(
            said=[
                tr(
                    "{count} people in this channel match {name}; mention the one you mean with @.",
                    count=len(found),
                    name=escape(written),
                )
            ]
        )
    draft["candidates"] = [[user_id, name] for user_id, name in found]
    conversation.draft = draft
    conversation.awaiting = ASK_CONFIRM if len(found) == 1 else ASK_PICK
    return Outcome()


def on_candidate_reply(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    """The answer to "Kari Nordmann, <@U…>?" or to "which Kari?": yes, a pick, a mention, no."""
    conversation = strategy.conversation
    slot = parse_responsibility(text)
    if slot.bad_time or slot.bad_weekday:
        return _impossible(slot, tr)
    if slot.owner_id:  # also what the buttons send
        return _make_owner(strategy, slot.owner_id, slot, tr)
    found = candidates(strategy)
    if _first_word(text) in _NO_FIRST:  # "no", "not Kari": someone else
        if slot.name and not _named(slot.name, found):
            return on_responsibility(strategy, text, today, tr)
        conversation.awaiting = ASK_MENTION
        conversation.draft = _when(conversation.draft, slot)
        return Outcome(said=[tr("Then mention the person with @, so I know who it is.")])
    chosen = _chosen(conversation.awaiting, text, slot, found)
    if chosen:
        return _make_owner(strategy, chosen, slot, tr)
    if slot.name or slot.me:
        return on_responsibility(strategy, text, today, tr)
    if slot.weekday is not None or slot.time is not None:
        conversation.draft = {**conversation.draft, **_when(conversation.draft, slot)}
        return Outcome()  # the question again, with the new day and time
    if conversation.awaiting == ASK_CONFIRM:
        return Outcome(said=[tr("Answer yes or no, or mention the person with @.")])
    return Outcome(said=[tr("Pick one of the people below, or mention the person with @.")])


def candidates(strategy: Strategy) -> list[tuple[str, str]]:
    """The members found for the written name, as (user id, name to show)."""
    found = strategy.conversation.draft.get("candidates") or []
    return [(str(each[0]), str(each[1])) for each in found if len(each) == 2]


def pending_schedule(strategy: Strategy) -> tuple[int, dt.time]:
    """The weekday and time the owner will get: what the replies said, else the schedule."""
    draft = strategy.conversation.draft
    previous = strategy.schedule or Schedule()
    weekday = draft.get("weekday")
    time = _draft_time(draft)
    return (previous.weekday if weekday is None else int(weekday)), time or previous.time


def _draft_time(draft: dict) -> dt.time | None:
    try:
        return dt.time.fromisoformat(str(draft["time"])) if draft.get("time") else None
    except ValueError:
        return None


def _when(draft: dict, slot: SlotParse) -> dict:
    """The day and time to keep in the draft: this reply's, else those said before."""
    kept: dict = {}
    weekday = slot.weekday if slot.weekday is not None else draft.get("weekday")
    if weekday is not None:
        kept["weekday"] = weekday
    time = slot.time or _draft_time(draft)
    if time is not None:
        kept["time"] = time.strftime("%H:%M")
    return kept


def _look_up(strategy: Strategy, name: str, slot: SlotParse) -> Outcome:
    conversation = strategy.conversation
    conversation.awaiting = ASK_OWNER
    conversation.draft = {**_when(conversation.draft, slot), "lookup": name}
    return Outcome(ask=False, lookup_person=name)


def _make_owner(strategy: Strategy, owner: str, slot: SlotParse, tr: Translator) -> Outcome:
    strategy.conversation.draft = _when(strategy.conversation.draft, slot)
    weekday, time = pending_schedule(strategy)
    previous = strategy.schedule or Schedule()
    strategy.owner_id = owner
    strategy.schedule = Schedule(weekday=weekday, time=time, timezone=previous.timezone)
    outcome = advance(strategy, tr)
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


def _impossible(slot: SlotParse, tr: Translator) -> Outcome:
    """A weekday or time that can't be: a question, and nothing of the reply is kept."""
    said = []
    if slot.bad_weekday:
        said.append(
            tr(
                "I can't read {given} as a weekday: the numbers are reported once a week, on one "
                "weekday. Which day, like Friday or Tuesday 10:00?",
                given=escape(slot.bad_weekday),
            )
        )
    if slot.bad_time:
        said.append(
            tr(
                "{given} is not a time of day. Give a time from 00:00 to 23:59, like Friday 14:30.",
                given=escape(slot.bad_time),
            )
        )
    return Outcome(said=said)


def _first_word(text: str) -> str:
    words = re.findall(r"[^\W\d_]+", text.lower())
    return words[0] if words else ""


def _chosen(awaiting: str, text: str, slot: SlotParse, found: list[tuple[str, str]]) -> str | None:
    """The member a typed answer picks: yes to the one found, a number, or their name."""
    if not found:
        return None
    if awaiting == ASK_CONFIRM and (is_yes(text) or _first_word(text) in _YES_FIRST):
        return found[0][0]
    number = re.fullmatch(r"\s*#?([1-9])[.)]?\s*", text)
    if awaiting == ASK_PICK and number and int(number.group(1)) <= len(found):
        return found[int(number.group(1)) - 1][0]
    hits = _named(slot.name, found) if slot.name else []
    return hits[0] if len(hits) == 1 else None


def _named(written: str, found: list[tuple[str, str]]) -> list[str]:
    """The ones found whose name has every word written ("Hansen", "kari hansen")."""
    words = set(name_key(written).split())
    return [user_id for user_id, name in found if words <= set(name_key(name).split())]


# Replies this step reads, by `conversation.awaiting` (bot/builder/coach.py dispatches them).
HANDLERS: dict[str, Callable[[Strategy, str, dt.date, Translator], Outcome]] = {
    ASK_OWNER: on_responsibility,
    ASK_MENTION: on_responsibility,
    ASK_CONFIRM: on_candidate_reply,
    ASK_PICK: on_candidate_reply,
}
