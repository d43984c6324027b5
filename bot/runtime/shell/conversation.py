"""The shell's conversation: each line typed becomes what Slack would send the coach (a slash
command, a message in the channel, the thread or the DM, a button pressed), and what the coach
does in answer is shown (bot/runtime/shell/screen.py). Lines starting with `:` are the shell's
own commands (`:help`).

Where a line goes follows the coach: after it asks in a thread, the next line answers there;
a check-in sent to the person typing moves them to its thread in the DM.
"""

from __future__ import annotations

import datetime as dt
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.text import Text

from bot.i18n.catalogue import Translator, translator
from bot.runtime.shell import slack_payloads as payloads
from bot.runtime.shell.clock import steps, target_time
from bot.runtime.shell.modal import QUIT, fill_modal, press_action
from bot.runtime.shell.people import People, clean_name
from bot.runtime.shell.screen import Screen, Shown, ack_message, chart_file_ids, save_file
from bot.runtime.shell.session import ShellApp
from bot.runtime.shell.terminal import Lines

CHANNEL_ID = "C0SHELL0"
CHANNEL_NAME = "marketing"
LOCALES = {"en": "en-US", "nb": "nb-NO"}


@dataclass(frozen=True)
class Place:
    """Where the next line goes: a channel or DM, at the top or in a thread."""

    channel: str
    thread_ts: str | None = None


@contextmanager
def ctrl_c_stops() -> Iterator[threading.Event]:
    """While the clock moves on, Ctrl-C stops it between two ticks (never inside one) and the
    prompt comes back; elsewhere Ctrl-C is as before."""
    stopped = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stopped
        return
    previous = signal.signal(signal.SIGINT, lambda *_: stopped.set())
    try:
        yield stopped
    finally:
        signal.signal(signal.SIGINT, previous)


class Shell:
    def __init__(
        self,
        app: ShellApp,
        lines: Lines,
        console: Console,
        user: str,
        language: str,
        folder: Path,
    ) -> None:
        self.app = app
        self.lines = lines
        self.console = console
        self.language = language
        self.folder = folder
        zone = app.clock.zone.key
        # Everyone who turns up is a member of #marketing, where a written name is looked up.
        self.people = People(
            app.slack,
            zone,
            LOCALES[language],
            app.workspace.bot_user_id,
            joined=lambda ids: app.slack.add_channel(CHANNEL_ID, name=CHANNEL_NAME, members=ids),
        )
        self.screen = Screen(console, self.people, app.slack, folder)
        self.screen.channels[CHANNEL_ID] = CHANNEL_NAME
        self.user = self.people.user(user)
        self.place = Place(CHANNEL_ID)
        self.threads: dict[str, str] = {}  # channel -> the last thread the coach asked in
        self.show_home = False
        self.leaving = False  # `:quit` typed in a form, or the input ended there

    @property
    def tr(self) -> Translator:
        return translator(self.language)

    # --- the loop -------------------------------------------------------------------------

    def run(self) -> int:
        self._welcome()
        self._tick()  # anything already due by the shell's clock
        while (line := self.lines.read(self._prompt())) is not None:
            if not self.handle(line):
                break
        return 0

    def handle(self, line: str) -> bool:
        """Act on one typed line; False once the person wants to leave."""
        text = line.strip()
        if text.lower() in QUIT:
            return False
        if text.startswith(":"):
            self._shell_command(text)
        elif text.startswith("/"):
            self._slash(text)
        elif text:
            self._say(line)
        if self.leaving:
            return False
        self._tick()
        return True

    def _prompt(self) -> str:
        where = self._place_name(self.place)
        return f"@{self.people.name_of(self.user)} {where}> "

    def _place_name(self, place: Place) -> str:
        if place.channel.startswith("D"):
            name = self.tr("DM with the coach")
        else:
            name = "#" + self.screen.channel_name(place.channel)
        return name + (" › " + self.tr("thread") if place.thread_ts else "")

    def note(self, text: str, style: str = "yellow") -> None:
        """The shell's own words, unwrapped (the terminal wraps them; a path stays whole)."""
        self.console.print(Text(text, style=style), soft_wrap=True)

    def _welcome(self) -> None:
        tr = self.tr
        self.note(
            tr(
                "Strategy Coach shell: you are @{user} in #{channel}. Type /strategy to start, "
                ":help for the shell's commands, :quit to leave.",
                user=self.people.name_of(self.user),
                channel=CHANNEL_NAME,
            )
        )
        self._say_time()

    def _say_time(self) -> None:
        local = self.app.clock.local()
        self.note(
            self.tr(
                "The shell's clock: {when} ({zone}).",
                when=local.strftime("%a %Y-%m-%d %H:%M"),
                zone=self.app.clock.zone.key,
            ),
            "dim",
        )

    # --- what Slack would send ---------------------------------------------------------------

    def _slash(self, text: str) -> None:
        name, _, rest = text.partition(" ")
        if name != "/strategy":
            self.note(self.tr("{command} is not a command here. Try /strategy help.", command=name))
            return
        self.command(rest.strip())

    def command(self, text: str, quiet: bool = False) -> list:
        """`/strategy <text>` where the person is; the Web API calls it led to."""
        ws, slack = self.app.workspace, self.app.slack
        channel = self.place.channel
        request = payloads.command(
            ws,
            self.people.typed_to_slack(text, command=True).text,
            user_id=self.user,
            user_name=self.people.name_of(self.user),
            channel_id=channel,
            channel_name="directmessage"
            if channel.startswith("D")
            else self.screen.channel_name(channel),
            response_url=slack.response_url("command"),
            trigger=payloads.trigger_id(int(time.time())),
        )
        reply = self.app.send(request)
        if not quiet:
            self._after(
                self.screen.show(
                    reply.calls, self.user, self.tr, ack=ack_message(reply.content_type, reply.body)
                )
            )
        return reply.calls

    def _say(self, line: str) -> None:
        ws, slack = self.app.workspace, self.app.slack
        typed = self.people.typed_to_slack(line)
        ts = slack.next_ts()
        in_dm = self.place.channel.startswith("D")
        inner = payloads.message_event(
            ws,
            typed.text,
            user_id=self.user,
            channel_id=self.place.channel,
            channel_type="im" if in_dm else "channel",
            ts=ts,
            thread_ts=self.place.thread_ts,
        )
        calls = self.app.send(
            payloads.event(ws, inner, int(self.app.clock.now().timestamp()))
        ).calls
        if typed.mentions_coach and not in_dm:  # Slack sends no app_mention in a DM
            mention = {**inner, "type": "app_mention"}
            mention.pop("channel_type", None)
            event_time = int(self.app.clock.now().timestamp())
            calls = calls + self.app.send(payloads.event(ws, mention, event_time)).calls
        self._after(self.screen.show(calls, self.user, self.tr))

    def _tick(self) -> None:
        self._after(self.screen.show(self.app.tick(), self.user, self.tr))

    def _after(self, shown: Shown) -> None:
        if shown.follow is not None:
            channel, thread_ts = shown.follow
            self.place = Place(channel, thread_ts)
            if thread_ts:
                self.threads[channel] = thread_ts
        if shown.home is not None and self.show_home:
            self.show_home = False
            self.note(self.tr("Your Home tab:"), "bold")
            self.screen.view(shown.home, self.tr)
        if shown.modal is not None:
            self._after(fill_modal(self, shown.modal))

    # --- the shell's own commands ---------------------------------------------------------

    def _shell_command(self, text: str) -> None:
        word, _, rest = text.partition(" ")
        word, rest = word.lower(), rest.strip()
        if word[1:].isdigit():
            self._after(press_action(self, int(word[1:])))
        elif word == ":help":
            self._help()
        elif word == ":as":
            self._switch(rest)
        elif word == ":lang":
            self._language(rest)
        elif word == ":time":
            self._time(rest)
        elif word == ":chart":
            self._chart()
        elif word == ":home":
            self._home()
        elif word == ":channel":
            self.place = Place(CHANNEL_ID)
        elif word == ":thread":
            self._back_to_thread()
        else:
            self.note(self.tr("{command} is not a shell command; :help lists them.", command=word))

    def _help(self) -> None:
        tr = self.tr
        rows = [
            ("/strategy …", tr("what Slack users type: /strategy help lists it all")),
            (":1, :2 …", tr("press the button shown with that number")),
            ("\\n", tr("a new line in a message (Shift+Enter in Slack)")),
            (":as @kari", tr("type as someone else from now on (to try who may change what)")),
            (":lang nb", tr("switch Slack's language for everyone: en or nb")),
            (":time +1w", tr("move the clock on: +3d, +2h, 2027-01-04 09:00, monday 9:00")),
            (":chart", tr("save the status chart as a PNG file here")),
            (":home", tr("show your Home tab")),
            (":channel / :thread", tr("type at the top of the channel / back in the last thread")),
            (":cancel", tr("in a form: close it without saving")),
            (":quit", tr("leave (Ctrl-D too)")),
        ]
        for command, what in rows:
            line = Text(f"  {command:<20}", style="bold")
            line.append(what)
            self.console.print(line)

    def _switch(self, rest: str) -> None:
        name = clean_name(rest)
        if name is None:
            self.note(self.tr("Who? Type :as @name, for example :as @kari."))
            return
        self.user = self.people.user(name)
        if self.place.channel.startswith("D"):
            self.place = Place(CHANNEL_ID)
        self.note(self.tr("You are @{name} now.", name=name))

    def _language(self, rest: str) -> None:
        language = rest.lower().strip()
        if language not in LOCALES:
            self.note(self.tr("Type :lang en or :lang nb."))
            return
        self.language = language
        self.people.speak(LOCALES[language])
        tr = self.tr
        if language == "nb":
            said = tr(
                "Slack speaks Norwegian to everyone in the shell now (a language the team chose "
                "with /strategy language still wins)."
            )
        else:
            said = tr(
                "Slack speaks English to everyone in the shell now (a language the team chose "
                "with /strategy language still wins)."
            )
        self.note(said)

    def _time(self, rest: str) -> None:
        clock = self.app.clock
        if not rest:
            self._say_time()
            return
        target = target_time(rest, clock.now(), clock.zone.key)
        if target is None:
            self.note(
                self.tr("I can't read that time. Try :time +1w, :time +3d, :time 2027-01-04 09:00.")
            )
            return
        if target <= clock.now():
            self.note(self.tr("The shell's clock only moves forward."))
            self._say_time()
            return
        # Through every hour on the way, as the scheduler ticks: a check-in, its reminder
        # a day later and the next week's each arrive at their time.
        said_at = last = None
        with ctrl_c_stops() as stopped:
            for instant in steps(clock.now(), target):
                if stopped.is_set():
                    self.note(self.tr("Stopped: the shell's clock stays where it got to."))
                    break
                last = instant
                if self._tick_at(instant):
                    said_at = instant
        if said_at is None or said_at != last:
            self._say_time()

    def _tick_at(self, instant: dt.datetime) -> bool:
        """Move the clock on to `instant` and tick there; whether anything came."""
        self.app.clock.move_to(instant)
        calls = self.app.tick()
        if not any(not call.failed for call in calls):
            return False
        self._say_time()
        self._after(self.screen.show(calls, self.user, self.tr))
        return True

    def _chart(self) -> None:
        calls = self.command("status", quiet=True)
        for file_id in chart_file_ids(calls):  # uploaded now, or shown again by its id
            found = self.app.slack.file(file_id)
            if found and str(found["filename"]).lower().endswith(".png") and found["data"]:
                day = self.app.clock.today().isoformat()
                path = save_file(self.folder, f"strategy-status-{day}.png", found["data"])
                self.note(self.tr("Chart saved: {path}", path=str(path)), "cyan")
                return
        self.note(self.tr("No chart this time. This is what the coach said:"))
        self._after(self.screen.show(calls, self.user, self.tr))

    def _home(self) -> None:
        ws = self.app.workspace
        self.show_home = True
        event = payloads.home_opened_event(ws, self.user, self.app.slack.next_ts())
        reply = self.app.send(payloads.event(ws, event, int(self.app.clock.now().timestamp())))
        self._after(self.screen.show(reply.calls, self.user, self.tr))
        self.show_home = False

    def _back_to_thread(self) -> None:
        thread = self.threads.get(self.place.channel)
        if thread is None:
            self.note(self.tr("The coach hasn't asked anything in a thread here yet."))
            return
        self.place = Place(self.place.channel, thread)
