"""Slack text objects as styled terminal text: mrkdwn (bold, italic, strike, code, quotes, links,
mentions, `&lt;` entities, :emoji:) and plain_text. Pure: no Slack client, no clock, no I/O.

Text is built by appending styled segments to `rich.text.Text`, never by writing rich markup, so
whatever someone typed (`[red]x[/red]`, `<!channel>`) comes out as the characters it is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from rich.style import Style
from rich.text import Text

Names = Callable[[str], str]  # a user or channel id (U…, W…, C…) to the name shown after @ or #

BOLD = Style(bold=True)
ITALIC = Style(italic=True)
STRIKE = Style(strike=True)
CODE = Style(color="yellow")
MENTION = Style(bold=True, color="cyan")
LINK = Style(underline=True)
DIM = Style(dim=True)
QUOTE_BAR = Style(color="bright_black")

# The shortcodes the coach writes, and a few more it is likely to; others stay as typed.
EMOJI = {
    "+1": "👍",
    "thumbsup": "👍",
    "-1": "👎",
    "thumbsdown": "👎",
    "white_check_mark": "✅",
    "heavy_check_mark": "✔️",
    "x": "❌",
    "warning": "⚠️",
    "grey_question": "❔",
    "question": "❓",
    "grey_exclamation": "❕",
    "exclamation": "❗",
    "rocket": "🚀",
    "tada": "🎉",
    "wave": "👋",
    "ok_hand": "👌",
    "point_right": "👉",
    "white_circle": "⚪",
    "large_green_circle": "🟢",
    "large_yellow_circle": "🟡",
    "red_circle": "🔴",
    "hourglass": "⌛",
    "hourglass_flowing_sand": "⏳",
    "turtle": "🐢",
    "snail": "🐌",
    "chart_with_upwards_trend": "📈",
    "chart_with_downwards_trend": "📉",
    "bar_chart": "📊",
    "calendar": "📆",
    "date": "📅",
    "memo": "📝",
    "bulb": "💡",
    "dart": "🎯",
    "eyes": "👀",
    "sparkles": "✨",
    "bell": "🔔",
    "no_bell": "🔕",
    "mag": "🔍",
    "pencil2": "✏️",
    "calling": "📲",
    "speech_balloon": "💬",
    "smile": "😄",
    "slightly_smiling_face": "🙂",
}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and newline
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&"}
_ENTITY = re.compile(r"&(lt|gt|amp);")
_EMOJI = re.compile(r":([a-z0-9_+\-]+):")
_TOKEN = re.compile(r"<([^<>\n]+)>")
_CODE_BLOCK = re.compile(r"```(.*?)```", re.DOTALL)
_URL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*:\S")
_MARKERS = {"*": BOLD, "_": ITALIC, "~": STRIKE}
_BROADCASTS = ("here", "channel", "everyone")


def clean(text: str) -> str:
    """Without terminal control codes (ESC, CR, …): text someone typed can't restyle the screen."""
    return _CONTROL.sub("", text)


def unescape(text: str) -> str:
    """`&lt;` `&gt;` `&amp;` back to `<` `>` `&`, in one pass (`&amp;lt;` stays `&lt;`)."""
    return _ENTITY.sub(lambda m: _ENTITIES[m.group(1)], text)


def emojize(text: str) -> str:
    """Known :shortcodes: to their emoji; unknown ones stay as typed."""
    return _EMOJI.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), text)


def plain(text: str) -> Text:
    """A plain_text object: no markup at all, only the entities and the emoji shortcodes."""
    return Text(emojize(unescape(clean(text))))


def mrkdwn(text: str, names: Names) -> Text:
    """Slack mrkdwn as styled text (see the module docstring)."""
    text = clean(text)
    out = Text()
    position = 0
    for match in _CODE_BLOCK.finditer(text):
        _lines(text[position : match.start()], out, names)
        _code_block(match.group(1), out)
        position = match.end()
    _lines(text[position:], out, names)
    out.rstrip()
    return out


def _code_block(code: str, out: Text) -> None:
    code = code.removeprefix("\n").removesuffix("\n")
    out.rstrip()
    if out.plain:
        out.append("\n")
    lines = unescape(code).split("\n")
    for index, line in enumerate(lines):
        out.append("  ")
        out.append(line, CODE)
        if index < len(lines) - 1:
            out.append("\n")
    out.append("\n")


def _lines(text: str, out: Text, names: Names) -> None:
    if out.plain.endswith("\n"):  # after a code block
        text = text.lstrip(" ").removeprefix("\n")
    quoting = False  # after `>>>`, the rest is quoted
    lines = text.split("\n")
    for index, line in enumerate(lines):
        quoted = quoting
        if not quoting and line.startswith(">>>"):
            quoting = quoted = True
            line = line[3:]
        elif not quoting and line.startswith(">"):
            quoted = True
            line = line[1:]
        if quoted:
            out.append("│ ", QUOTE_BAR)
            line = line.removeprefix(" ")
        _inline(line, out, Style(), names, frozenset())
        if index < len(lines) - 1:
            out.append("\n")


def _opens(text: str, index: int) -> bool:
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    return not before.isalnum() and bool(after) and not after.isspace() and after != text[index]


def _skip(text: str, index: int) -> int:
    """Where scanning for a closing marker goes on after `index`: past a `<…>` or a code span."""
    if text[index] == "<" and (token := _TOKEN.match(text, index)):
        return token.end()
    if text[index] == "`":
        end = text.find("`", index + 1)
        if end > index + 1 and "\n" not in text[index:end]:
            return end + 1
    return index + 1


def _closing(text: str, index: int) -> int | None:
    """The marker that closes the one at `index` on the same line, like Slack: not after a space,
    not before a letter or digit."""
    marker = text[index]
    position = index + 1
    while position < len(text):
        char = text[position]
        if char == "\n":
            return None
        if (
            char == marker
            and position > index + 1
            and not text[position - 1].isspace()
            and not (position + 1 < len(text) and text[position + 1].isalnum())
        ):
            return position
        position = _skip(text, position)
    return None


def _inline(text: str, out: Text, style: Style, names: Names, open_markers: frozenset[str]) -> None:
    plain_run: list[str] = []

    def flush() -> None:
        if plain_run:
            out.append("".join(plain_run), style)
            plain_run.clear()

    index = 0
    while index < len(text):
        char = text[index]
        if char == "`":
            end = text.find("`", index + 1)
            if end > index + 1 and "\n" not in text[index:end]:
                flush()
                out.append(unescape(text[index + 1 : end]), style + CODE)
                index = end + 1
                continue
        elif char == "<" and (token := _TOKEN.match(text, index)):
            flush()
            _token(token.group(1), out, style, names)
            index = token.end()
            continue
        elif char in _MARKERS and char not in open_markers and _opens(text, index):
            end = _closing(text, index)
            if end is not None:
                flush()
                inner = text[index + 1 : end]
                _inline(inner, out, style + _MARKERS[char], names, open_markers | {char})
                index = end + 1
                continue
        elif char == ":" and (emoji := _EMOJI.match(text, index)) and emoji.group(1) in EMOJI:
            plain_run.append(EMOJI[emoji.group(1)])
            index = emoji.end()
            continue
        elif char == "&" and (entity := _ENTITY.match(text, index)):
            plain_run.append(_ENTITIES[entity.group(1)])
            index = entity.end()
            continue
        plain_run.append(char)
        index += 1
    flush()


def _date(command: str) -> str:
    """`date^1392734382^{date_pretty}` without a fallback: the instant in UTC."""
    parts = command.split("^")
    try:
        moment = dt.datetime.fromtimestamp(int(parts[1]), dt.UTC)
    except (IndexError, ValueError, OverflowError, OSError):
        return command
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _token(body: str, out: Text, style: Style, names: Names) -> None:
    """`<@U1>`, `<#C1|name>`, `<!here>`, `<!date^…|fallback>`, `<url|label>`, `<url>`."""
    head, _, label = body.partition("|")
    label = unescape(label)
    if head.startswith("@"):
        out.append("@" + clean(names(head[1:])), style + MENTION)
    elif head.startswith("#"):
        out.append("#" + (label or clean(names(head[1:]))), style + MENTION)
    elif head.startswith("!"):
        kind = head[1:].split("^")[0]
        if kind in _BROADCASTS:
            shown = "@" + kind
        elif kind == "subteam":
            shown = label or "@" + head[1:].partition("^")[2]
        elif kind == "date":
            shown = label or _date(head[1:])
        else:
            shown = label or kind
        out.append(shown, style + (MENTION if kind != "date" else Style()))
    elif _URL.match(head):
        url = unescape(head)
        bare = url.removeprefix("mailto:")
        link = style + LINK + Style(link=url)
        if not label:
            out.append(bare, link)
            return
        _inline(label, out, link, names, frozenset(_MARKERS))
        if label not in (url, bare):
            out.append(f" ({url})", style + DIM)
    else:
        out.append("<" + unescape(body) + ">", style)
