"""A modal's input blocks as the shell asks for them: one `Field` per input, in order, with its
initial value written the way a person would type it, and that value in the shape Slack sends.

Pure: no I/O, no Slack client, no clock. The prompts and answers are in form_prompts.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
from dataclasses import dataclass

LINE_BREAK = "|"  # typed in a multi-line text field: a new line

# element type -> (its key in view.state.values, its initial key, the value Slack sends empty)
SLOTS: dict[str, tuple[str, str, object]] = {
    "plain_text_input": ("value", "initial_value", None),
    "number_input": ("value", "initial_value", None),
    "email_text_input": ("value", "initial_value", None),
    "url_text_input": ("value", "initial_value", None),
    "rich_text_input": ("rich_text_value", "initial_value", None),
    "static_select": ("selected_option", "initial_option", None),
    "external_select": ("selected_option", "initial_option", None),
    "radio_buttons": ("selected_option", "initial_option", None),
    "multi_static_select": ("selected_options", "initial_options", []),
    "multi_external_select": ("selected_options", "initial_options", []),
    "checkboxes": ("selected_options", "initial_options", []),
    "users_select": ("selected_user", "initial_user", None),
    "multi_users_select": ("selected_users", "initial_users", []),
    "conversations_select": ("selected_conversation", "initial_conversation", None),
    "multi_conversations_select": ("selected_conversations", "initial_conversations", []),
    "channels_select": ("selected_channel", "initial_channel", None),
    "multi_channels_select": ("selected_channels", "initial_channels", []),
    "datepicker": ("selected_date", "initial_date", None),
    "timepicker": ("selected_time", "initial_time", None),
    "datetimepicker": ("selected_date_time", "initial_date_time", None),
    "file_input": ("files", "", []),
}
TEXT_KINDS = ("plain_text_input", "number_input", "email_text_input", "url_text_input")
ONE_OPTION = ("static_select", "radio_buttons")
MANY_OPTIONS = ("multi_static_select", "checkboxes")
PEOPLE = ("users_select", "multi_users_select")
ROOMS = ("conversations_select", "multi_conversations_select")
ROOMS += ("channels_select", "multi_channels_select")


@dataclass(frozen=True)
class Field:
    block_id: str
    action_id: str
    kind: str  # the element type
    label: str  # the input block's label, as plain text
    hint: str | None
    optional: bool
    initial: str | None  # the initial value as the user would type it (Enter keeps it)
    options: tuple[tuple[str, str], ...]  # (label, value) for selects, checkboxes and radios
    multiline: bool
    element: dict = dataclasses.field(hash=False)  # the raw element


# --- reading the view -------------------------------------------------------------------------


def plain_words(text: object) -> str:
    """A text object's words as they show in Slack (our plain text carries escaped `&<>`)."""
    words = text.get("text") if isinstance(text, dict) else text
    return html.unescape(words) if isinstance(words, str) else ""


def element_options(element: dict) -> list[dict]:
    options = [o for o in element.get("options") or [] if isinstance(o, dict)]
    for group in element.get("option_groups") or []:
        if isinstance(group, dict):
            options += [o for o in group.get("options") or [] if isinstance(o, dict)]
    return options


def same_option(option: object, options: list[dict]) -> dict | None:
    """The element's own option object for an initial option (matched by its value)."""
    if not isinstance(option, dict):
        return None
    return next((o for o in options if o.get("value") == option.get("value")), option)


def _time_text(stamp: object, zone: dt.tzinfo) -> str | None:
    if not isinstance(stamp, int | float) or isinstance(stamp, bool):
        return None
    try:
        return dt.datetime.fromtimestamp(stamp, zone).strftime("%Y-%m-%d %H:%M")
    except (OverflowError, OSError, ValueError):
        return None


def _rich_text(value: object) -> str:
    """The words of a rich text block, one line per section."""
    if not isinstance(value, dict):
        return ""
    lines = []
    for part in value.get("elements") or []:
        pieces = part.get("elements") if isinstance(part, dict) else None
        if isinstance(pieces, list):
            lines.append("".join(str(p.get("text", "")) for p in pieces if isinstance(p, dict)))
    return "\n".join(lines)


def _initial_text(element: dict, kind: str, zone: dt.tzinfo) -> str | None:
    """The element's initial value written the way a person would type it back."""
    initial_key = SLOTS.get(kind, ("", "", None))[1]
    initial = element.get(initial_key) if initial_key else None
    if initial is None or initial == [] or initial == "":
        return None
    labels = {o.get("value"): plain_words(o.get("text")) for o in element_options(element)}
    if kind in TEXT_KINDS:
        text = str(initial)
        return f" {LINE_BREAK} ".join(text.splitlines()) if element.get("multiline") else text
    if kind == "rich_text_input":
        return f" {LINE_BREAK} ".join(_rich_text(initial).splitlines()) or None
    if isinstance(initial, dict):  # one option
        return labels.get(initial.get("value")) or plain_words(initial.get("text")) or None
    if isinstance(initial, list):  # several options, people or conversations
        sigil = "@" if kind in PEOPLE else "#"
        return ", ".join(
            labels.get(i.get("value")) or plain_words(i.get("text"))
            if isinstance(i, dict)
            else f"<{sigil}{i}>"
            for i in initial
        )
    if kind in PEOPLE:
        return f"<@{initial}>"
    if kind in ROOMS:
        return f"<#{initial}>"
    if kind == "datetimepicker":
        return _time_text(initial, zone)
    return str(initial)


def fields(view: dict, zone: dt.tzinfo = dt.UTC) -> list[Field]:
    """The view's input blocks, in order (`zone` writes a datetimepicker's initial value)."""
    found: list[Field] = []
    for block in view.get("blocks") or []:
        if not isinstance(block, dict) or block.get("type") != "input":
            continue
        element = block.get("element")
        if not isinstance(element, dict) or not element.get("type"):
            continue
        kind = str(element["type"])
        options = tuple(
            (plain_words(o.get("text")), str(o.get("value"))) for o in element_options(element)
        )
        found.append(
            Field(
                block_id=str(block.get("block_id") or ""),
                action_id=str(element.get("action_id") or ""),
                kind=kind,
                label=plain_words(block.get("label")),
                hint=plain_words(block.get("hint")) or None,
                optional=bool(block.get("optional")),
                initial=_initial_text(element, kind, zone),
                options=options,
                multiline=bool(element.get("multiline")),
                element=element,
            )
        )
    return found


def kept_value(field: Field) -> object:
    """The element's initial value in the shape Slack sends it."""
    initial_key = SLOTS.get(field.kind, ("", "", None))[1]
    initial = field.element.get(initial_key) if initial_key else None
    options = element_options(field.element)
    if isinstance(initial, dict) and field.kind != "rich_text_input":
        return same_option(initial, options)
    if isinstance(initial, list) and field.kind in (*MANY_OPTIONS, "multi_external_select"):
        return [same_option(i, options) for i in initial if isinstance(i, dict)]
    return initial
