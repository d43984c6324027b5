"""What the shell shows after each line: every Web API call the coach made, as Slack would
show it to the people in the workspace, with the buttons numbered so they can be pressed (`:3`).

A message's buttons keep their numbers until the message is changed or deleted; numbers are
never reused within a run, so `:3` always means the button that was shown as [3].
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console, RenderableType
from rich.text import Text

from bot.i18n.catalogue import Translator
from bot.runtime.shell import render
from bot.runtime.shell.people import People
from bot.runtime.shell.session import COACH_NAME
from bot.slack_standin import Call, SlackStandin


@dataclass(frozen=True)
class Pressable:
    """A button or menu shown in a message (`channel`, `message`) or a view (`view`)."""

    choice: render.Choice
    channel: str | None = None
    message: dict[str, Any] = field(default_factory=dict)
    view: dict[str, Any] | None = None
    ephemeral: bool = False


@dataclass
class Shown:
    """What a batch of calls left for the shell to do: a modal to fill, where to type next."""

    modal: dict[str, Any] | None = None
    follow: tuple[str, str | None] | None = None  # (channel, thread_ts) to type in next
    charts: list[Path] = field(default_factory=list)
    home: dict[str, Any] | None = None


class Screen:
    def __init__(self, console: Console, people: People, slack: SlackStandin, folder: Path) -> None:
        self.console = console
        self.people = people
        self.slack = slack
        self.folder = folder
        self.pressable: dict[int, Pressable] = {}
        self._next = 1
        self._numbers: dict[tuple[str, str], list[int]] = {}
        self.channels: dict[str, str] = {}  # channel id -> name
        self.last_chart: tuple[str, bytes] | None = None  # (file name, PNG)

    # --- showing ------------------------------------------------------------------------

    def show(
        self,
        calls: list[Call],
        viewer: str,
        tr: Translator,
        origin: Pressable | None = None,
        ack: dict[str, Any] | None = None,
    ) -> Shown:
        """Show `calls` (the coach's, in order) and `ack` (its answer to a command) to `viewer`
        (the person typing); `origin` is the button pressed, whose message a response_url
        may replace."""
        shown = Shown()
        if ack:
            self._message(ack, tr("only you see this"), None, None, ephemeral=True)
        for call in calls:
            if call.failed or not _ok(call):
                continue
            self._call(call, viewer, tr, origin, shown)
        return shown

    def _call(
        self, call: Call, viewer: str, tr: Translator, origin: Pressable | None, shown: Shown
    ) -> None:
        p, answer = call.params, call.response if isinstance(call.response, dict) else {}
        method = call.method
        if method == "chat.postMessage":
            message = answer.get("message") or p
            channel = str(answer.get("channel") or p.get("channel"))
            where = self._where(channel, message.get("thread_ts"), tr)
            self._message(message, where, channel, message.get("ts"))
            for file_id in shown_file_ids(message):  # a chart shown again by its file id
                found = self.slack.file(file_id)
                self._file(file_id, str(found["filename"]) if found else file_id, tr)
            shown.follow = self._follow(channel, message, viewer) or shown.follow
        elif method == "chat.update":
            channel = str(answer.get("channel") or p.get("channel"))
            message = answer.get("message") or p
            self._forget(channel, str(p.get("ts")))
            where = self._where(channel, message.get("thread_ts"), tr) + " · " + tr("edited")
            self._message(message, where, channel, str(p.get("ts")))
        elif method == "chat.delete":
            self._forget(str(p.get("channel")), str(p.get("ts")))
        elif method == "chat.postEphemeral":
            user = str(p.get("user"))
            where = self._only(user, viewer, tr)
            self._message(p, where, str(p.get("channel")), None, ephemeral=True)
        elif method == "response_url":
            self._response(p, viewer, tr, origin)
        elif method in ("views.open", "views.push"):
            shown.modal = answer.get("view")
        elif method == "views.publish":
            shown.home = answer.get("view")
        elif method == "files.completeUploadExternal":
            for found in answer.get("files") or []:
                self._file(str(found.get("id")), str(found.get("name")), tr)

    def _response(
        self, p: dict[str, Any], viewer: str, tr: Translator, origin: Pressable | None
    ) -> None:
        in_channel = p.get("response_type") == "in_channel"
        if (
            origin is not None
            and origin.channel
            and (p.get("replace_original") or p.get("delete_original"))
        ):
            self._forget(origin.channel, str(origin.message.get("ts")))
            if p.get("delete_original"):
                return
        where = tr("in the channel") if in_channel else self._only(viewer, viewer, tr)
        self._message(p, where, None, None, ephemeral=not in_channel)

    def _message(
        self,
        message: dict[str, Any],
        where: str,
        channel: str | None,
        ts: str | None,
        ephemeral: bool = False,
    ) -> None:
        body, choices = render.message(message, self.name_of, self._next)
        heading = Text()
        heading.append(COACH_NAME, style="bold magenta")
        heading.append(f"  {where}", style="dim")
        self.console.print(heading)
        self._indented(body)
        self._offer(choices, channel, message, ts, None, ephemeral)

    def view(self, view: dict[str, Any], tr: Translator) -> None:
        """A modal or the Home tab, its buttons pressable."""
        body, choices = render.view(view, self.name_of, self._next)
        self._indented(body)
        self._offer(choices, None, {}, str(view.get("id")), view, False)

    def _indented(self, body: RenderableType) -> None:
        """`body` two spaces in, wrapped to the terminal, without trailing blanks (a transcript
        is compared and shared as text)."""
        options = self.console.options.update(width=max(20, self.console.width - 2))
        for line in self.console.render_lines(body, options, pad=False):
            text = Text("  ")
            for segment in line:
                if not segment.control:
                    text.append(segment.text, segment.style)
            text.rstrip()
            self.console.print(text, soft_wrap=True)

    def _offer(
        self,
        choices: list[render.Choice],
        channel: str | None,
        message: dict[str, Any],
        ts: str | None,
        view: dict[str, Any] | None,
        ephemeral: bool,
    ) -> None:
        numbers = []
        for choice in choices:
            self.pressable[choice.number] = Pressable(
                choice, channel, {**message, "ts": ts} if ts else message, view, ephemeral
            )
            numbers.append(choice.number)
            self._next = max(self._next, choice.number + 1)
        if channel and ts:
            self._numbers[(channel, ts)] = numbers

    def _forget(self, channel: str, ts: str) -> None:
        for number in self._numbers.pop((channel, ts), []):
            self.pressable.pop(number, None)

    # --- where ----------------------------------------------------------------------------

    def _where(self, channel: str, thread_ts: str | None, tr: Translator) -> str:
        if channel.startswith("D"):
            place = tr("DM with @{name}", name=self.people.name_of("U" + channel[1:]))
        else:
            place = "#" + self.channel_name(channel)
        return place + (" › " + tr("thread") if thread_ts else "")

    def _only(self, user: str, viewer: str, tr: Translator) -> str:
        if user == viewer:
            return tr("only you see this")
        return tr("only @{name} sees this", name=self.people.name_of(user))

    def name_of(self, ident: str) -> str:
        """A person's or a channel's name, for mentions in what the coach says."""
        return self.channels.get(ident) or self.people.name_of(ident)

    def channel_name(self, channel: str) -> str:
        return self.channels.get(channel, channel.lower())

    def _follow(
        self, channel: str, message: dict[str, Any], viewer: str
    ) -> tuple[str, str | None] | None:
        """Where the person typing answers next: the thread the coach just asked in, or the
        thread of a check-in sent to them."""
        if channel.startswith("D"):
            if "U" + channel[1:] != viewer:
                return None
            return channel, message.get("thread_ts") or message.get("ts")
        thread = message.get("thread_ts")
        return (channel, thread) if thread else None

    # --- files ------------------------------------------------------------------------------

    def _file(self, file_id: str, name: str, tr: Translator) -> None:
        data = self.slack.uploaded(file_id) or b""
        line = Text("  ")
        if name.lower().endswith(".png"):
            self.last_chart = (name, data)
            line.append(tr("[chart: {name}] (:chart saves it as a PNG file)", name=name), "cyan")
        else:
            path = save_file(self.folder, name, data)
            line.append(tr("[file: {name}] saved as {path}", name=name, path=str(path)), "cyan")
        self.console.print(line, soft_wrap=True)  # a path stays whole, to copy


def shown_file_ids(message: dict[str, Any]) -> list[str]:
    """The files a message shows by id (`slack_file` in its image blocks)."""
    blocks = message.get("blocks") or []
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    return [
        str(block["slack_file"]["id"])
        for block in blocks
        if isinstance(block, dict)
        and block.get("type") == "image"
        and isinstance(block.get("slack_file"), dict)
        and block["slack_file"].get("id")
    ]


def chart_file_ids(calls: list[Call]) -> list[str]:
    """The files the coach's calls uploaded or showed again by id, in order."""
    found: list[str] = []
    for call in calls:
        answer = call.response if isinstance(call.response, dict) else {}
        if call.failed or not answer.get("ok"):
            continue
        if call.method == "files.completeUploadExternal":
            found += [str(f.get("id")) for f in answer.get("files") or []]
        elif call.method == "chat.postMessage":
            found += shown_file_ids(answer.get("message") or call.params)
    return found


def save_file(folder: Path, name: str, data: bytes) -> Path:
    """Write `data` as `name` in `folder`, never over an existing file (`name-2.csv`, ...)."""
    safe = Path(name).name or "file"
    path = folder / safe
    stem, suffix = path.stem, path.suffix
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{suffix}"
        n += 1
    path.write_bytes(data)
    return path.resolve()


def _ok(call: Call) -> bool:
    if call.method in ("response_url", "upload"):
        return True
    return isinstance(call.response, dict) and bool(call.response.get("ok"))


def ack_message(content_type: str, body: bytes) -> dict[str, Any] | None:
    """A command's HTTP answer as a message to show (None when it said nothing)."""
    if not body.strip():
        return None
    text = body.decode("utf-8", "replace")
    if "json" in content_type:
        try:
            found = json.loads(text)
        except ValueError:
            return {"text": text}
        if isinstance(found, dict) and (found.get("text") or found.get("blocks")):
            return found
        return None
    return {"text": text}
