"""Step 4, responsibility: who reports the numbers every week, and on which weekday and time (in
the owner's own time zone). Pure: the caller saves the strategy it changed and asks Slack for the
owner's time zone when the outcome says so.

A person written without a mention ("Kari does it on Fridays") is looked up by the caller among
the channel's members (`Outcome.lookup_person`), and `on_people_found` decides what that gives:
one match is confirmed, several are offered, none asks for a mention. Nobody becomes the owner
on a guess, and an impossible weekday or time is asked about, never replaced; so are two people
mentioned at once ("which of them?"), a part of the day instead of a time ("at what time?") and
an hour that could be night or afternoon ("at 3": 15:00?). Meanwhile what the replies said waits
in the conversation's draft: `weekday` and `time`, the `owner` chosen, the `name` to look up,
the people `mentioned`, the two readings of an hour (`maybe`), the `part` of the day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace

from bot.builder.moves import Outcome, advance
from bot.domain.model import Schedule, Step, Strategy
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.text.hesitation import is_question, is_unsure
from bot.text.reply_text import is_accept_suggestion, is_filler, is_yes, name_key
from bot.text.slot_text import SlotParse, parse_responsibility, with_minutes
from bot.text.user_text import escape

# The questions this step asks (`conversation.awaiting`).
ASK_OWNER = "responsibility"
ASK_MENTION = "responsibility_mention"  # nobody found by that name, or "no" to the one found
ASK_CONFIRM = "responsibility_confirm"  # one member found by the written name
ASK_PICK = "responsibility_pick"  # several found: which one
ASK_WHO = "responsibility_who"  # several mentioned: which one reports
ASK_TIME = "responsibility_time"  # a part of the day given: at what time
ASK_HOUR = "responsibility_hour"  # an hour from 1 to 6: the afternoon's?
MAX_CANDIDATES = 5  # offered as buttons; with more the coach asks for a mention

_YES_FIRST = frozenset(
    re.findall(r"\w+", "yes yeah yep yup sure ok okay correct right ja jepp japp jo riktig")
)
_NO_FIRST = frozenset(re.findall(r"\w+", "no nope nah not wrong nei ikke feil ingen none neither"))
_WHEN = ("weekday", "time", "maybe", "part")  # what a reply said about when
_WHO = ("owner", "name", "mentioned", "candidates", "lookup")  # and about who


def on_responsibility(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    return _on_slot(strategy, text, parse_responsibility(text), tr)


def _on_slot(strategy: Strategy, text: str, slot: SlotParse, tr: Translator) -> Outcome:
    if _hesitant(text, slot):
        return Outcome(said=[explain(strategy, tr)], ask=False)
    if slot.bad_time or slot.bad_weekday:
        return _impossible(slot, tr)
    if not (_says_who(slot) or _says_when(slot) or is_accept_suggestion(text)):
        return Outcome(
            said=[tr("I did not catch who or when. Mention a person and a weekday and time.")]
        )
    strategy.conversation.draft = _take(strategy, slot)
    return _settle(strategy, tr)


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
    if _hesitant(text, slot):
        return Outcome(said=[explain(strategy, tr)], ask=False)
    if slot.bad_time or slot.bad_weekday:
        return _impossible(slot, tr)
    if slot.owner_id:  # also what the buttons send
        return on_responsibility(strategy, text, today, tr)
    found = candidates(strategy)
    if _first_word(text) in _NO_FIRST:  # "no", "not Kari": someone else
        if slot.name and not _named(slot.name, found):
            return on_responsibility(strategy, text, today, tr)
        conversation.awaiting = ASK_MENTION
        conversation.draft = _take(strategy, slot, who=False, keep=_WHEN)
        return Outcome(said=[tr("Then mention the person with @, so I know who it is.")])
    chosen = _chosen(conversation.awaiting, text, slot, found)
    if chosen:
        return _choose(strategy, chosen, slot, tr)
    if slot.name or slot.me:
        return on_responsibility(strategy, text, today, tr)
    if _says_when(slot):  # the question again, with the new day and time
        conversation.draft = _take(strategy, slot, who=False)
        return _settle(strategy, tr)
    if conversation.awaiting == ASK_CONFIRM:
        return Outcome(said=[tr("Answer yes or no, or mention the person with @.")])
    return Outcome(said=[tr("Pick one of the people below, or mention the person with @.")])


def on_who_reply(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    """The answer to "Who of @Kari and @Ola reports the numbers?": a mention (what the buttons
    send), their number, or "me"."""
    slot = parse_responsibility(text)
    mentioned = mentioned_people(strategy)
    if _hesitant(text, slot):
        return Outcome(said=[explain(strategy, tr)], ask=False)
    if slot.bad_time or slot.bad_weekday:
        return _impossible(slot, tr)
    number = re.fullmatch(r"\s*#?([1-9])[.)]?\s*", text)
    if slot.owner_id and not slot.also_mentioned:
        return _choose(strategy, slot.owner_id, slot, tr)
    if number and int(number.group(1)) <= len(mentioned):
        return _choose(strategy, mentioned[int(number.group(1)) - 1], SlotParse(), tr)
    if slot.me:
        return _choose(strategy, strategy.started_by, slot, tr)
    if slot.owner_id or slot.name:
        return on_responsibility(strategy, text, today, tr)
    if _says_when(slot):  # the question again, with the new day and time
        strategy.conversation.draft = _take(strategy, slot, who=False)
        return _settle(strategy, tr)
    return Outcome(said=[tr("Pick one of the people below, or mention the person with @.")])


def on_hour_reply(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    """The answer to "Do you mean Friday at 15:00?": yes, the time with minutes, or else."""
    conversation = strategy.conversation
    maybe = hour_readings(strategy)
    slot = parse_responsibility(text)
    if maybe is None or slot.bad_time or slot.bad_weekday:
        return on_responsibility(strategy, text, today, tr)
    if slot.time is None and slot.part_of_day is None:
        if is_yes(text) or _first_word(text) in _YES_FIRST:
            draft = {key: v for key, v in _take(strategy, slot).items() if key != "maybe"}
            conversation.draft = {**draft, "time": fmt.clock(maybe[1])}
            return _settle(strategy, tr)
        if _first_word(text) in _NO_FIRST and not _says_who(slot):
            return Outcome(
                said=[
                    tr(
                        "Then give the time with minutes, like {night} or 10:30.",
                        night=fmt.clock(maybe[0]),
                    )
                ],
                ask=False,
            )
    if slot.or_afternoon and with_minutes(text):
        slot = replace(slot, or_afternoon=None)  # asked, "03:00" or "3:00" means just that
    return _on_slot(strategy, text, slot, tr)


def on_time_reply(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    """The answer to "Tuesday at what time?"."""
    slot = parse_responsibility(text)
    if not (_hesitant(text, slot) or _says_who(slot) or _says_when(slot) or slot.bad_time):
        return Outcome(said=[tr("I need a time of day, like 14:00 or 9:30.")])
    return on_responsibility(strategy, text, today, tr)


def candidates(strategy: Strategy) -> list[tuple[str, str]]:
    """The members found for the written name, as (user id, name to show)."""
    found = strategy.conversation.draft.get("candidates") or []
    return [(str(each[0]), str(each[1])) for each in found if len(each) == 2]


def mentioned_people(strategy: Strategy) -> list[str]:
    """The user ids mentioned together in one reply, while the coach asks which of them."""
    return [str(each) for each in strategy.conversation.draft.get("mentioned") or []]


def hour_readings(strategy: Strategy) -> tuple[dt.time, dt.time] | None:
    """An hour that could be either, as (at night, in the afternoon): 03:00 and 15:00."""
    maybe = strategy.conversation.draft.get("maybe") or []
    try:
        night, afternoon = (dt.time.fromisoformat(str(each)) for each in maybe)
    except ValueError:
        return None
    return night, afternoon


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


def _says_who(slot: SlotParse) -> bool:
    return bool(slot.owner_id or slot.me or slot.name)


def _says_when(slot: SlotParse) -> bool:
    return slot.weekday is not None or slot.time is not None or slot.part_of_day is not None


def _hesitant(text: str, slot: SlotParse) -> bool:
    """ "hmm not sure", "vet ikke", "who should it be?": the step explained, nobody looked up.
    A question naming someone with a capital ("Kari?") is looked up (and confirmed) instead."""
    if slot.owner_id or _says_when(slot) or slot.bad_time or slot.bad_weekday:
        return False
    if is_unsure(text) or is_filler(text):
        return True
    return is_question(text) and not (slot.name and slot.name[0].isupper())


def _take(
    strategy: Strategy, slot: SlotParse, who: bool = True, keep: tuple[str, ...] = (*_WHEN, *_WHO)
) -> dict:
    """The draft with this reply's day, time and (if `who`) person over what was said before;
    of the draft, only the `keep` keys."""
    draft = {key: value for key, value in strategy.conversation.draft.items() if key in keep}
    if slot.weekday is not None:
        draft["weekday"] = slot.weekday
    if slot.time is not None or slot.part_of_day is not None:
        for key in ("time", "maybe", "part"):
            draft.pop(key, None)
        if slot.time is not None and slot.or_afternoon is not None:
            draft["maybe"] = [fmt.clock(slot.time), fmt.clock(slot.or_afternoon)]
        elif slot.time is not None:
            draft["time"] = fmt.clock(slot.time)
        else:
            draft["part"] = slot.part_of_day
    mentioned = [slot.owner_id, *slot.also_mentioned] if slot.owner_id else []
    if not who or not (mentioned or slot.me or slot.name):
        return draft
    for key in _WHO:
        draft.pop(key, None)
    if len(mentioned) > 1:
        draft["mentioned"] = mentioned
    elif mentioned or slot.me:
        draft["owner"] = mentioned[0] if mentioned else strategy.started_by
    elif slot.name:
        draft["name"] = slot.name
    return draft


def _choose(strategy: Strategy, owner: str, slot: SlotParse, tr: Translator) -> Outcome:
    draft = _take(strategy, slot, who=False, keep=_WHEN)
    strategy.conversation.draft = {**draft, "owner": owner}
    return _settle(strategy, tr)


def _settle(strategy: Strategy, tr: Translator) -> Outcome:
    """The next question about who or when, or the owner and schedule saved when all is known."""
    conversation = strategy.conversation
    draft = conversation.draft
    if len(mentioned_people(strategy)) > 1:
        conversation.awaiting = ASK_WHO
    elif hour_readings(strategy):
        conversation.awaiting = ASK_HOUR
    elif draft.get("part"):
        conversation.awaiting = ASK_TIME
    elif draft.get("name"):
        return _look_up(strategy, str(draft["name"]))
    elif draft.get("candidates") and not draft.get("owner"):
        conversation.awaiting = ASK_CONFIRM if len(candidates(strategy)) == 1 else ASK_PICK
    else:
        owner = draft.get("owner") or strategy.owner_id or strategy.started_by
        return _make_owner(strategy, str(owner), tr)
    return Outcome()


def _look_up(strategy: Strategy, name: str) -> Outcome:
    conversation = strategy.conversation
    conversation.awaiting = ASK_OWNER
    when = {key: value for key, value in conversation.draft.items() if key in _WHEN}
    conversation.draft = {**when, "lookup": name}
    return Outcome(ask=False, lookup_person=name)


def _make_owner(strategy: Strategy, owner: str, tr: Translator) -> Outcome:
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


def explain(strategy: Strategy, tr: Translator) -> str:
    """What this step is for, with an example: the answer to "not sure" or a question back."""
    return tr(
        "Once a week I send one person a direct message asking for that week's numbers; "
        "answering takes a few minutes. Pick the person who can look the numbers up (often "
        "whoever runs the accounts) and a weekday and time that suit them, in their own time "
        "zone: for example @Kari Friday 14:00, or me, Monday 09:00. Reply ok for <@{user}> on "
        "Mondays at 09:00.",
        user=strategy.owner_id or strategy.started_by,
    )


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
    ASK_WHO: on_who_reply,
    ASK_HOUR: on_hour_reply,
    ASK_TIME: on_time_reply,
}
