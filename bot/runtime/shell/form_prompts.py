"""A modal as a short sequence of prompts: what to ask for each input, and what Slack would send.

Pure: no I/O, no Slack client, no clock. `fields(view)` lists a view's input blocks in order
(form_fields.py), `prompt_text` says what to type, `answer_value` turns the typed line into the
entry Slack puts in `view.state.values[block_id][action_id]` (or a sentence saying what is wrong,
to ask again), and `state_values` assembles the submission's `state`. Every Block Kit input
element is handled; ones a terminal cannot fill (external selects, files) can only be left empty.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from bot.i18n.catalogue import DEFAULT_LANGUAGE, Translator, translator
from bot.runtime.shell.form_fields import (
    LINE_BREAK,
    MANY_OPTIONS,
    ONE_OPTION,
    PEOPLE,
    ROOMS,
    SLOTS,
    TEXT_KINDS,
    Field,
    element_options,
    fields,
    kept_value,
    plain_words,
)

__all__ = ["EMPTY", "Field", "answer_value", "fields", "prompt_text", "state_values"]

EMPTY = "-"  # typed on an optional field: leave it empty, even when it has a value
_WRAP = 78

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$", re.ASCII)
_DATE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]+(\d{1,2}[:.]\d{2})$", re.ASCII)
_WHOLE = re.compile(r"^[+-]?\d+$", re.ASCII)
_DECIMAL = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$", re.ASCII)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^\s/]+\S*$", re.IGNORECASE)
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_ROOM_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")
_MENTION = re.compile(r"^<[@#!]?([A-Z0-9]+)(?:\|[^<>]*)?>$")


# --- what to ask ------------------------------------------------------------------------------


def _numbered(options: tuple[tuple[str, str], ...]) -> list[str]:
    lines, line = [], ""
    for number, (label, _value) in enumerate(options, start=1):
        item = f"{number}) {label}"
        if line and len(line) + 2 + len(item) > _WRAP:
            lines.append(line)
            line = item
        else:
            line = f"{line}  {item}" if line else item
    return [*lines, line] if line else lines


def _range(element: dict, tr: Translator) -> str | None:
    low, high = element.get("min_value"), element.get("max_value")
    if low is not None and high is not None:
        return tr("From {low} to {high}.", low=low, high=high)
    if low is not None:
        return tr("At least {low}.", low=low)
    if high is not None:
        return tr("At most {high}.", high=high)
    return None


def _how(field: Field, tr: Translator) -> list[str]:
    """The format the answer takes, for the kinds whose format is not obvious."""
    kind = field.kind
    if kind == "plain_text_input" and field.multiline:
        return [tr("Several lines: separate them with |.")]
    if kind == "number_input":
        whole = not field.element.get("is_decimal_allowed")
        sentence = tr("A whole number.") if whole else tr("A number.")
        limits = _range(field.element, tr)
        return [f"{sentence} {limits}" if limits else sentence]
    if kind in ONE_OPTION:
        return [tr("Type the number or the name of your choice.")]
    if kind in MANY_OPTIONS:
        return [tr("Type the numbers or names of your choices, separated by commas, like 1,3.")]
    return [
        {
            "email_text_input": tr("An email address."),
            "url_text_input": tr("A web address, starting with https://."),
            "users_select": tr("A person: type @ and their name, like @kari."),
            "multi_users_select": tr("People: @names separated by commas, like @kari, @ola."),
            "conversations_select": tr("A conversation: type # and its name, like #marketing."),
            "channels_select": tr("A channel: type # and its name, like #marketing."),
            "multi_conversations_select": tr("Conversations: #names separated by commas."),
            "multi_channels_select": tr("Channels: #names separated by commas."),
            "datepicker": tr("A date, written YYYY-MM-DD (year-month-day)."),
            "timepicker": tr("A time, written HH:MM (24-hour clock)."),
            "datetimepicker": tr("A date and time, written YYYY-MM-DD HH:MM."),
        }.get(kind, "")
    ]


def prompt_text(field: Field, tr: Translator) -> str:
    """What to print before reading the answer: the label, the hint, the choices, the format,
    what Enter keeps, and how to leave an optional field empty."""
    lines = [field.label]
    if field.hint:
        lines.append(field.hint)
    placeholder = plain_words(field.element.get("placeholder"))
    if placeholder and field.initial is None and field.kind in TEXT_KINDS:
        lines.append(placeholder)
    lines += _numbered(field.options)
    lines += _how(field, tr)
    if field.initial is not None:
        lines.append(tr("Enter keeps: {value}", value=field.initial))
    if field.optional:
        lines.append(tr("Optional: '-' leaves it empty."))
    return "\n".join(line for line in lines if line)


# --- reading the answer -----------------------------------------------------------------------


def _choose(options: list[dict], typed: str) -> dict | None:
    """An option by its number, its label, or the unique start of its label."""
    text = typed.strip().casefold()
    if text.isdecimal() and len(text) < 6 and 1 <= int(text) <= len(options):
        return options[int(text) - 1]
    labels = [plain_words(o.get("text")).strip().casefold() for o in options]
    if text in labels:
        return options[labels.index(text)]
    starts = [o for o, label in zip(options, labels, strict=True) if label.startswith(text)]
    return starts[0] if text and len(starts) == 1 else None


def _pieces(typed: str) -> list[str]:
    """The items of a several-choice answer: "1,3", "1 3", "@kari, @ola", "@kari @ola"."""
    parts = [p.strip() for p in typed.split(",") if p.strip()]
    if len(parts) == 1 and all(w.isdecimal() or w[:1] in "@#<" for w in parts[0].split()):
        return parts[0].split()
    return parts


def _someone(
    typed: str, sigil: str, names_to_ids: Callable[[str], str | None], pattern: re.Pattern[str]
) -> str | None:
    """The id of a person (`@`) or a conversation (`#`) from a typed name, mention or id."""
    token = typed.strip()
    mention = _MENTION.match(token)
    if mention:
        return mention.group(1)
    bare = token.removeprefix(sigil).strip()
    if not bare:
        return None
    found = names_to_ids(sigil + bare) or names_to_ids(bare)
    if found:
        return found
    return bare if pattern.match(bare) else None


def _text_value(field: Field, typed: str, tr: Translator) -> str:
    text = re.sub(rf"\s*\{LINE_BREAK}\s*", "\n", typed) if field.multiline else typed
    limit, least = field.element.get("max_length"), field.element.get("min_length")
    if isinstance(limit, int) and len(text) > limit:
        raise _Wrong(tr("Keep it to {limit} characters.", limit=limit))
    if isinstance(least, int) and len(text) < least:
        raise _Wrong(tr("Write at least {limit} characters.", limit=least))
    return text


def _number_value(field: Field, typed: str, tr: Translator) -> str:
    whole = not field.element.get("is_decimal_allowed")
    if not (_WHOLE if whole else _DECIMAL).match(typed):
        if whole and _DECIMAL.match(typed):
            raise _Wrong(tr("Write a whole number here, like 12."))
        raise _Wrong(tr("Write a number here, like 1200."))
    text = typed.replace(",", ".").rstrip(".")
    low, high = field.element.get("min_value"), field.element.get("max_value")
    if (low is not None and float(text) < float(low)) or (
        high is not None and float(text) > float(high)
    ):
        raise _Wrong(_range(field.element, tr) or "")
    return text


def _date_value(typed: str) -> str:
    try:
        return dt.date.fromisoformat(typed).isoformat() if _DATE.match(typed) else ""
    except ValueError:
        return ""


def _time_value(typed: str) -> str:
    match = _TIME.match(typed)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return ""
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _date_time_value(typed: str, zone: dt.tzinfo) -> int | None:
    match = _DATE_TIME.match(typed)
    day = _date_value(match.group(1)) if match else ""
    time = _time_value(match.group(2)) if match else ""
    if not day or not time:
        return None
    moment = dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=zone)
    return int(moment.timestamp())


class _Wrong(Exception):
    """What was typed can't be sent; the sentence says why."""


def _several(
    field: Field, typed: str, tr: Translator, pick: Callable[[str], object | None]
) -> list:
    chosen: list = []
    for piece in _pieces(typed):
        found = pick(piece)
        if found is None:
            raise _Wrong(_not_found(field, piece, tr))
        if found not in chosen:
            chosen.append(found)
    limit = field.element.get("max_selected_items")
    if isinstance(limit, int) and len(chosen) > limit:
        raise _Wrong(tr("Choose at most {limit}.", limit=limit))
    return chosen


def _not_found(field: Field, typed: str, tr: Translator) -> str:
    if field.kind in PEOPLE:
        return tr("I don't know {name}. Type @ and the person's name, like @kari.", name=typed)
    if field.kind in ROOMS:
        return tr("I don't know {name}. Type # and the name, like #marketing.", name=typed)
    return tr("Type a number from 1 to {count}, or the name of a choice.", count=len(field.options))


def _typed_value(
    field: Field,
    typed: str,
    names_to_ids: Callable[[str], str | None],
    tr: Translator,
    zone: dt.tzinfo,
) -> object:
    kind, element = field.kind, field.element
    options = element_options(element)
    if kind in ("plain_text_input", "email_text_input", "url_text_input"):
        text = _text_value(field, typed, tr)
        if kind == "email_text_input" and not _EMAIL.match(text):
            raise _Wrong(tr("That doesn't look like an email address, like kari@example.com."))
        if kind == "url_text_input" and not _URL.match(text):
            raise _Wrong(tr("That doesn't look like a web address; start it with https://."))
        return text
    if kind == "number_input":
        return _number_value(field, typed, tr)
    if kind == "rich_text_input":
        section = {"type": "rich_text_section", "elements": [{"type": "text", "text": typed}]}
        return {"type": "rich_text", "elements": [section]}
    if kind in ONE_OPTION:
        return _choose(options, typed) or _fail(_not_found(field, typed, tr))
    if kind in MANY_OPTIONS:
        return _several(field, typed, tr, lambda piece: _choose(options, piece))
    if kind in PEOPLE or kind in ROOMS:
        sigil, pattern = ("@", _USER_ID) if kind in PEOPLE else ("#", _ROOM_ID)
        found = _several(field, typed, tr, lambda p: _someone(p, sigil, names_to_ids, pattern))
        if kind.startswith("multi_"):
            return found
        return found[0] if len(found) == 1 else _fail(tr("Just one, please."))
    if kind == "datepicker":
        return _date_value(typed) or _fail(
            tr("Write the date as YYYY-MM-DD (year-month-day), like 2027-03-01.")
        )
    if kind == "timepicker":
        return _time_value(typed) or _fail(tr("Write the time as HH:MM, like 09:30."))
    if kind == "datetimepicker":
        stamp = _date_time_value(typed, zone)
        if stamp is None:
            raise _Wrong(tr("Write the date and time as YYYY-MM-DD HH:MM, like 2027-03-01 09:30."))
        return stamp
    raise _Wrong(tr("This kind of field can't be filled in from the terminal."))


def _fail(sentence: str) -> object:
    raise _Wrong(sentence)


def answer_value(
    field: Field,
    typed: str,
    names_to_ids: Callable[[str], str | None],
    tr: Translator | None = None,
    zone: dt.tzinfo = dt.UTC,
) -> dict | str:
    """The `state.values[block_id][action_id]` entry Slack would send for what was typed, or a
    sentence saying what is wrong so the shell asks again.

    Enter (nothing typed) keeps the initial value; `-` leaves an optional field empty; options
    are chosen by number or by name. `names_to_ids` gets "@kari" (then "kari") or "#general"
    (then "general"); a mention (`<@U123>`) or an id is taken as it is. `zone` reads and writes a
    datetimepicker's time.
    """
    tr = tr or translator(DEFAULT_LANGUAGE)
    key, _initial, empty = SLOTS.get(field.kind, ("value", "", None))
    entry: dict = {"type": field.kind}
    if field.kind == "timepicker" and field.element.get("timezone"):
        entry["timezone"] = field.element["timezone"]
    text = typed.strip()
    if not text and field.initial is not None:
        return {**entry, key: kept_value(field)}
    if not text or (text == EMPTY and field.optional):
        if field.optional:
            return {**entry, key: list(empty) if isinstance(empty, list) else empty}
        return tr("This one can't be left empty; please type an answer.")
    try:
        return {**entry, key: _typed_value(field, text, names_to_ids, tr, zone)}
    except _Wrong as wrong:
        return str(wrong)


def state_values(answers: dict[tuple[str, str], dict]) -> dict:
    """A submission's `view.state`: {"values": {block_id: {action_id: entry}}}."""
    values: dict[str, dict[str, dict]] = {}
    for (block_id, action_id), entry in answers.items():
        values.setdefault(block_id, {})[action_id] = entry
    return {"values": values}
