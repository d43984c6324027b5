"""Slack messages and views as the shell shows them in a terminal. Pure: no Slack client, no
database, no clock, no I/O.

`message()` takes a chat.postMessage / chat.update / response_url payload, `view()` a modal or the
Home tab; both return a rich renderable and the things the user can press as numbered `Choice`s,
numbered in the order shown: "[1] Save  [2] Change". Blocks are rendered compactly: a header bold
and underlined, sections with their fields and accessory, context dimmed, a divider as a rule,
images and files as "[image: …]" and "[file: …]", rich_text as its text; input blocks are the
form prompts' business and left out. Everything is built from styled `Text` segments, never from
rich markup, so user text is never interpreted (see `slack_text`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.style import Style
from rich.table import Table
from rich.text import Text

from bot.runtime.shell.slack_text import (
    CODE,
    DIM,
    EMOJI,
    LINK,
    MENTION,
    QUOTE_BAR,
    Names,
    clean,
    emojize,
    mrkdwn,
    plain,
    unescape,
)

__all__ = ["Choice", "Option", "choices", "message", "mrkdwn", "plain", "view"]

HEADER = Style(bold=True, underline=True)
BUTTON = Style(bold=True)
BUTTON_STYLES = {
    "primary": Style(bold=True, color="green"),
    "danger": Style(bold=True, color="red"),
}
NUMBER = Style(color="bright_blue")

_SHOWN_OPTIONS = 6
_RICH_STYLES = {
    "bold": Style(bold=True),
    "italic": Style(italic=True),
    "strike": Style(strike=True),
}
_RICH_STYLES["code"] = CODE
_KIND_MARKS = {"overflow": "⋯", "datepicker": "📅", "timepicker": "🕘", "datetimepicker": "📅"}


@dataclass(frozen=True)
class Option:
    """One option of a select or overflow menu."""

    label: str
    value: str


@dataclass(frozen=True)
class Choice:
    """One thing the user can press, numbered in the order shown."""

    number: int
    label: str  # the button text / select placeholder, plain
    kind: str  # the element type: "button", "static_select", "overflow", "users_select", …
    block_id: str
    action_id: str
    value: str | None  # a button's value
    url: str | None  # a link button's url (pressing it also sends block_actions, like Slack)
    style: str | None  # "primary" | "danger" | None
    options: tuple[Option, ...] = ()
    element: dict = field(default_factory=dict, compare=False)  # the raw element


def _name_as_is(ident: str) -> str:
    return ident


def _text_object(obj: object, names: Names) -> Text:
    """A text object (mrkdwn or plain_text); a bare string counts as mrkdwn."""
    if isinstance(obj, str):
        return mrkdwn(obj, names)
    if not isinstance(obj, dict):
        return Text()
    text = str(obj.get("text") or "")
    if obj.get("type") == "plain_text":
        return plain(text) if obj.get("emoji", True) else Text(unescape(clean(text)))
    return mrkdwn(text, names)


def _label(obj: object) -> str:
    """A text object as one plain line (for labels and options)."""
    return _text_object(obj, _name_as_is).plain.strip()


def _options(element: dict) -> tuple[Option, ...]:
    found = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        if isinstance(group, dict):
            found.extend(group.get("options") or [])
    return tuple(
        Option(_label(each.get("text")), str(each.get("value", "")))
        for each in found
        if isinstance(each, dict)
    )


def _choice_label(element: dict, kind: str, options: tuple[Option, ...]) -> str:
    if "text" in element and kind in ("button", "workflow_button"):
        return _label(element["text"])
    if element.get("placeholder"):
        return _label(element["placeholder"])
    initial = element.get("initial_option")
    if isinstance(initial, dict) and initial.get("text"):
        return _label(initial["text"])
    for key in ("initial_date", "initial_time", "initial_user", "initial_channel"):
        if element.get(key):
            return str(element[key])
    return _KIND_MARKS.get(kind, kind.replace("_", " "))


def _choice(element: dict, block_id: str, number: int) -> Choice:
    kind = str(element.get("type", ""))
    options = _options(element)
    value, url, style = element.get("value"), element.get("url"), element.get("style")
    return Choice(
        number=number,
        label=_choice_label(element, kind, options),
        kind=kind,
        block_id=block_id,
        action_id=str(element.get("action_id", "")),
        value=None if value is None else str(value),
        url=None if url is None else str(url),
        style=style if style in BUTTON_STYLES else None,
        options=options,
        element=element,
    )


def _choice_text(choice: Choice) -> Text:
    """`[1] Save`, a link button with its url, a menu with its options."""
    shown = Text()
    shown.append(f"[{choice.number}] ", NUMBER)
    shown.append(choice.label, BUTTON_STYLES.get(choice.style or "", BUTTON))
    if choice.kind.endswith("select") or choice.kind in ("radio_buttons", "checkboxes"):
        shown.append(" ▾")
    if choice.url:
        shown.append(clean(f" ({choice.url})"), DIM + Style(link=clean(choice.url)))
    if choice.options:
        labels = [option.label for option in choice.options[:_SHOWN_OPTIONS]]
        more = " / …" if len(choice.options) > _SHOWN_OPTIONS else ""
        shown.append(" (" + " / ".join(labels) + more + ")", DIM)
    return shown


def _media(element: dict) -> Text | None:
    """An image or a file where a block or an element can hold one."""
    if element.get("type") == "image":
        alt = element.get("alt_text") or _label(element.get("title")) or "image"
        return Text(clean(f"[image: {alt}]"), DIM)
    if element.get("type") == "file":
        name = element.get("external_id") or element.get("source", "")
        return Text(clean(f"[file: {name}]"), DIM)
    return None


class _Renderer:
    """Walks blocks once, collecting renderables and the numbered choices as it goes."""

    def __init__(self, names: Names, first_number: int) -> None:
        self.names = names
        self.number = first_number
        self.parts: list[RenderableType] = []
        self.choices: list[Choice] = []

    def choose(self, element: dict, block_id: str) -> Text:
        choice = _choice(element, block_id, self.number)
        self.number += 1
        self.choices.append(choice)
        return _choice_text(choice)

    def blocks(self, blocks: Iterable[object]) -> None:
        for block in blocks:
            if isinstance(block, dict):
                self.block(block)

    def block(self, block: dict) -> None:
        kind = block.get("type")
        block_id = str(block.get("block_id", ""))
        if kind == "header":
            header = _text_object(block.get("text"), self.names)
            header.stylize(HEADER)
            self.parts.append(header)
        elif kind == "section":
            self.section(block, block_id)
        elif kind == "context":
            self.context(block)
        elif kind == "divider":
            self.parts.append(Rule(style=DIM))
        elif kind == "actions":
            row = Text("  ").join(
                self.choose(element, block_id)
                for element in block.get("elements") or []
                if isinstance(element, dict)
            )
            self.parts.append(row)
        elif kind == "rich_text":
            self.parts.append(rich_text(block.get("elements") or [], self.names))
        elif kind in ("image", "file"):
            self.parts.append(_media(block) or Text())
        elif kind == "video":
            self.parts.append(Text(f"[video: {_label(block.get('title'))}]", DIM))
        elif kind == "markdown":
            self.parts.append(Text(clean(str(block.get("text", "")))))
        elif kind != "input":
            self.parts.append(Text(clean(f"[{kind}]"), DIM))

    def section(self, block: dict, block_id: str) -> None:
        if block.get("text"):
            self.parts.append(_text_object(block["text"], self.names))
        fields = [_text_object(each, self.names) for each in block.get("fields") or []]
        if fields:
            grid = Table.grid(padding=(0, 3))
            grid.add_column()
            grid.add_column()
            for index in range(0, len(fields), 2):
                grid.add_row(*fields[index : index + 2])
            self.parts.append(grid)
        accessory = block.get("accessory")
        if isinstance(accessory, dict):
            media = _media(accessory)
            self.parts.append(media if media else self.choose(accessory, block_id))

    def context(self, block: dict) -> None:
        pieces = []
        for element in block.get("elements") or []:
            if isinstance(element, dict):
                pieces.append(_media(element) or _text_object(element, self.names))
        line = Text("  ").join(pieces)
        line.stylize(DIM)
        self.parts.append(line)


def _put(out: Text, text: str, style: Style) -> None:
    out.append(clean(text), style)


def _rich_inline(elements: Iterable[object], out: Text, names: Names, base: Style) -> None:
    for element in elements:
        if not isinstance(element, dict):
            continue
        kind = element.get("type")
        flags = element.get("style") if isinstance(element.get("style"), dict) else {}
        style = Style.combine(
            [base, *(_RICH_STYLES[key] for key in _RICH_STYLES if flags.get(key))]
        )
        if kind == "text":
            text = str(element.get("text", ""))
            _put(out, text if flags.get("code") else emojize(text), style)
        elif kind == "link":
            url = clean(str(element.get("url", "")))
            _put(out, str(element.get("text") or url), style + LINK + Style(link=url))
        elif kind == "user":
            _put(out, "@" + names(str(element.get("user_id", ""))), style + MENTION)
        elif kind == "channel":
            _put(out, "#" + names(str(element.get("channel_id", ""))), style + MENTION)
        elif kind == "usergroup":
            _put(out, "@" + str(element.get("usergroup_id", "")), style + MENTION)
        elif kind == "broadcast":
            _put(out, "@" + str(element.get("range", "")), style + MENTION)
        elif kind == "emoji":
            _put(out, _emoji(element), style)
        elif kind == "date":
            _put(out, str(element.get("fallback") or element.get("timestamp", "")), style)
        elif kind == "color":
            _put(out, str(element.get("value", "")), style)


def _emoji(element: dict) -> str:
    """An emoji element by its code points ("1f44d-1f3fb"), else by its name."""
    code = str(element.get("unicode") or "")
    try:
        if code:
            return "".join(chr(int(part, 16)) for part in code.split("-"))
    except (ValueError, OverflowError):
        pass
    name = str(element.get("name", ""))
    return EMOJI.get(name, f":{name}:")


def rich_text(elements: Iterable[object], names: Names) -> Text:
    """A rich_text block's elements (sections, lists, preformatted, quotes) as text."""
    lines: list[Text] = []
    for element in elements:
        if not isinstance(element, dict):
            continue
        kind = element.get("type")
        inner = element.get("elements") or []
        if kind == "rich_text_list":
            indent = "  " * int(element.get("indent") or 0)
            start = int(element.get("offset") or 0) + 1
            for index, item in enumerate(inner):
                mark = f"{start + index}. " if element.get("style") == "ordered" else "• "
                line = Text(indent + mark)
                if isinstance(item, dict):
                    _rich_inline(item.get("elements") or [], line, names, Style())
                lines.append(line)
            continue
        line = Text()
        if kind == "rich_text_quote":
            line.append("│ ", QUOTE_BAR)
        _rich_inline(inner, line, names, CODE if kind == "rich_text_preformatted" else Style())
        lines.append(line)
    return Text("\n").join(lines)


def _blocks_of(payload: dict) -> list:
    """A payload's blocks, also when they arrive as a JSON string (form-encoded calls)."""
    blocks = payload.get("blocks")
    if isinstance(blocks, str):
        try:
            blocks = json.loads(blocks)
        except ValueError:
            return []
    return blocks if isinstance(blocks, list) else []


def message(msg: dict, names: Names, first_number: int = 1) -> tuple[RenderableType, list[Choice]]:
    """A message payload as the terminal shows it, and its choices numbered from `first_number`:
    the blocks when there are any, otherwise `text` as mrkdwn; attachments and files after."""
    renderer = _Renderer(names, first_number)
    blocks = _blocks_of(msg)
    if blocks:
        renderer.blocks(blocks)
    elif msg.get("text"):
        renderer.parts.append(mrkdwn(str(msg["text"]), names))
    attachments = msg.get("attachments")
    for attachment in attachments if isinstance(attachments, list) else []:
        if not isinstance(attachment, dict):
            continue
        if _blocks_of(attachment):
            renderer.blocks(_blocks_of(attachment))
        elif attachment.get("text") or attachment.get("fallback"):
            text = str(attachment.get("text") or attachment.get("fallback"))
            renderer.parts.append(mrkdwn(text, names))
    files = msg.get("files")
    for file in files if isinstance(files, list) else []:
        if isinstance(file, dict):
            name = file.get("title") or file.get("name") or file.get("id", "")
            renderer.parts.append(Text(clean(f"[file: {name}]"), DIM))
    return Group(*renderer.parts), renderer.choices


def view(v: dict, names: Names, first_number: int = 1) -> tuple[RenderableType, list[Choice]]:
    """A modal or the Home tab: its title as a heading, then its blocks but the inputs."""
    renderer = _Renderer(names, first_number)
    if v.get("title"):
        title = _text_object(v["title"], names)
        title.stylize(HEADER)
        renderer.parts.append(title)
    renderer.blocks(_blocks_of(v))
    return Group(*renderer.parts), renderer.choices


def choices(blocks: list[dict], first_number: int = 1) -> list[Choice]:
    """The choices `message()` would number in these blocks, without rendering for a reader."""
    renderer = _Renderer(_name_as_is, first_number)
    renderer.blocks(blocks)
    return renderer.choices
