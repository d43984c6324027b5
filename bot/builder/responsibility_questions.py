"""Step 4's questions: who reports and when, and the ready-made answers offered with them.
Pure; bot/builder/questions.py asks them."""

from __future__ import annotations

from collections.abc import Callable

from bot.builder.responsibility_step import (
    ASK_CONFIRM,
    ASK_HOUR,
    ASK_MENTION,
    ASK_OWNER,
    ASK_PICK,
    ASK_TIME,
    ASK_WHO,
    MAX_CANDIDATES,
    candidates,
    hour_readings,
    mentioned_people,
    pending_schedule,
)
from bot.domain.model import Strategy
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.text.user_text import escape, one_line


def ask_responsibility(strategy: Strategy, tr: Translator) -> str:
    return tr(
        "Social media spans customer service, marketing and sales, so someone has to own it; "
        "clear goals and weekly numbers make that work visible. Who reports the numbers every "
        "week, and when? Mention the person and give a weekday and time, like @Kari Tuesday "
        "10:00. Reply ok for <@{user}> on Mondays at 09:00, in their own time zone.",
        user=strategy.owner_id or strategy.started_by,
    )


def ask_mention(strategy: Strategy, tr: Translator) -> str:
    return tr(
        "Who reports the numbers every week? Mention them with @, and give a weekday and time "
        "if you like, like @Kari Friday 10:00. Or reply ok for <@{user}>.",
        user=strategy.owner_id or strategy.started_by,
    )


def ask_confirm(strategy: Strategy, tr: Translator) -> str:
    found = candidates(strategy)
    if not found:
        return ask_mention(strategy, tr)
    user_id, name = found[0]
    weekday, time = pending_schedule(strategy)
    return tr(
        "{name}, <@{user}>? Then they report the numbers every {weekday} at {time}, in their own "
        "time zone. Answer yes or no.",
        name=escape(one_line(name)),
        user=user_id,
        weekday=fmt.weekday(weekday, tr),
        time=fmt.clock(time),
    )


def ask_pick(strategy: Strategy, tr: Translator) -> str:
    written = str(strategy.conversation.draft.get("lookup") or "")
    return tr(
        "Several people in this channel match {name}. Which one reports the numbers every week? "
        "Pick one, or mention them with @.",
        name=escape(one_line(written)),
    )


def ask_who(strategy: Strategy, tr: Translator) -> str:
    people = [f"<@{user_id}>" for user_id in mentioned_people(strategy)]
    if len(people) < 2:
        return ask_mention(strategy, tr)
    return tr(
        "Who of {people} reports the numbers every week? One person gets the weekly check-in: "
        "pick one, or mention someone else with @.",
        people=tr("{names} and {last}", names=", ".join(people[:-1]), last=people[-1]),
    )


def ask_hour(strategy: Strategy, tr: Translator) -> str:
    readings = hour_readings(strategy)
    if readings is None:
        return ask_responsibility(strategy, tr)
    weekday, _ = pending_schedule(strategy)
    return tr(
        "Do you mean {weekday} at {afternoon}? Answer yes, or give the time with minutes, like "
        "{night} if you really mean the night.",
        weekday=fmt.weekday(weekday, tr),
        afternoon=fmt.clock(readings[1]),
        night=fmt.clock(readings[0]),
    )


# An example time for each part of the day.
_EXAMPLES = {"morning": "09:00", "afternoon": "14:00", "evening": "18:00", "night": "20:00"}


def ask_time(strategy: Strategy, tr: Translator) -> str:
    part = str(strategy.conversation.draft.get("part") or "")
    example = _EXAMPLES.get(part, "14:00")
    weekday = strategy.conversation.draft.get("weekday")
    if weekday is None:
        return tr(
            "At what time? A part of the day is not enough for the weekly check-in: give the "
            "time, like {example}.",
            example=example,
        )
    day = fmt.weekday(int(weekday), tr)
    return tr(
        "{day} at what time? A part of the day is not enough for the weekly check-in: give the "
        "time, like {weekday} {example}.",
        day=day[:1].upper() + day[1:],
        weekday=day,
        example=example,
    )


def _confirm_choices(strategy: Strategy, tr: Translator) -> list[tuple[str, str]]:
    found = candidates(strategy)
    if not found:
        return []
    # Yes carries the person it confirms, so it still means them if clicked late.
    return [(tr("Yes"), f"yes <@{found[0][0]}>"), (tr("No"), "no")]


def _pick_choices(strategy: Strategy, tr: Translator) -> list[tuple[str, str]]:
    return [(one_line(name), f"<@{user_id}>") for user_id, name in candidates(strategy)][
        :MAX_CANDIDATES
    ]


def _who_choices(strategy: Strategy, tr: Translator) -> list[tuple[str, str]]:
    # Slack gives mentions without names; the question above shows them as names.
    return [(f"@{user_id}", f"<@{user_id}>") for user_id in mentioned_people(strategy)][
        :MAX_CANDIDATES
    ]


def _hour_choices(strategy: Strategy, tr: Translator) -> list[tuple[str, str]]:
    readings = hour_readings(strategy)
    return [(tr("Yes"), f"yes {fmt.clock(readings[1])}")] if readings else []


# The open question by `conversation.awaiting`, and its answer buttons (label, reply).
ASKS: dict[str, Callable[[Strategy, Translator], str]] = {
    ASK_OWNER: ask_responsibility,
    ASK_MENTION: ask_mention,
    ASK_CONFIRM: ask_confirm,
    ASK_PICK: ask_pick,
    ASK_WHO: ask_who,
    ASK_HOUR: ask_hour,
    ASK_TIME: ask_time,
}
CHOICES: dict[str, Callable[[Strategy, Translator], list[tuple[str, str]]]] = {
    ASK_CONFIRM: _confirm_choices,
    ASK_PICK: _pick_choices,
    ASK_WHO: _who_choices,
    ASK_HOUR: _hour_choices,
}
