"""`strategy-coach shell` as a person uses it: the installed console script under a
pseudo-terminal, typed at key by key, and the screen read back through a terminal emulator
(pyte), which also answers the terminal's questions (prompt-toolkit asks where the cursor is)
as a real one would. What is asserted is what a person would see: the lines on the screen, their
colour, and what the coach saved in the database."""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import shutil
import sys
import termios
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pexpect
import pyte
import pytest
from pyte.screens import Char

from bot.runtime.shell.conversation import CHANNEL_ID
from bot.runtime.shell.session import SHELL_WORKSPACE
from storage import strategies
from storage.db import make_engine, make_session_factory

# The installed console script, beside this interpreter (the venv's bin), else on PATH.
SCRIPT = Path(sys.executable).with_name("strategy-coach")
if not SCRIPT.exists():
    SCRIPT = Path(shutil.which("strategy-coach") or SCRIPT)
ROWS, COLUMNS = 40, 120
WAIT = 30  # seconds for any one thing to show up; the shell starts in about 2
PROMPT = "@kari #marketing> "
IN_THREAD = "@kari #marketing › thread> "
SAVED = ("newsletter sign-ups", Decimal(120), Decimal(500), dt.date(2027, 6, 30))
_ANYTHING = re.compile(r".+", re.DOTALL)
GOAL = "We want 500 newsletter sign-ups by 2027-06-30, from 120 today"


class Screen(pyte.HistoryScreen):
    """A terminal's screen that answers the program's questions (cursor position, status) on
    the pseudo-terminal, as xterm does."""

    def __init__(self, child: pexpect.spawn) -> None:
        super().__init__(COLUMNS, ROWS, history=2000)
        self.child = child

    def write_process_input(self, data: str) -> None:
        self.child.send(data)


class Terminal:
    """The shell running under a pseudo-terminal of ROWS x COLUMNS, its output drawn on a
    `Screen`. `wait_for` waits for text in what the program wrote (pexpect's expect, with its
    timeout); the assertions read the screen."""

    def __init__(
        self, home: Path, redirect: str = "", lang: str = "en_US.UTF-8", **more: str
    ) -> None:
        """`redirect`: the shell's output goes elsewhere (`> transcript.txt`), as sh says."""
        # No COLUMNS or LINES: the size comes from the pseudo-terminal, as in a real one (and
        # follows it when the window is resized).
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DATABASE_URL": f"sqlite:///{home}/db.sqlite",
            "HOME": str(home),
            "TERM": "xterm-256color",
            "LANG": lang,
            "LOGNAME": "kari",  # who is typing: the login name
            **more,
        }
        command = [str(SCRIPT), "shell", "--tz", "Europe/Oslo"]
        if redirect:
            command = ["/bin/sh", "-c", f"exec {shlex.join(command)} {redirect}"]
        self.child = pexpect.spawn(
            command[0],
            command[1:],
            cwd=str(home),
            env=env,
            dimensions=(ROWS, COLUMNS),
            timeout=WAIT,
            encoding="utf-8",
        )
        self.raw: list[str] = []
        self._mark = -1  # the line the last keys were typed on (none yet)
        self.screen = Screen(self.child)
        self._stream = pyte.Stream(self.screen)
        self.child.logfile_read = self  # everything read is drawn on the screen

    # pexpect's logfile_read: what the program wrote
    def write(self, data: str) -> None:
        self.raw.append(data)
        self._stream.feed(data)

    def flush(self) -> None:
        pass

    def wait_until(self, shown: Callable[[], bool], what: str) -> None:
        """Until the screen shows `what` (`shown()` is true): whatever the program writes is
        drawn, as it arrives, until then or WAIT seconds."""
        deadline = time.monotonic() + WAIT
        while not shown():
            left = deadline - time.monotonic()
            try:
                assert left > 0, "timed out"
                self.child.expect(_ANYTHING, timeout=left)
            except (AssertionError, pexpect.TIMEOUT, pexpect.EOF) as stopped:
                raise AssertionError(
                    f"waited for {what} ({type(stopped).__name__}); the screen:\n{self.text()}"
                ) from None

    def wait_for(self, *texts: str) -> None:
        """Each of `texts`, in this order, on the screen below the last line typed."""
        self.wait_until(lambda: self._shows(texts), " then ".join(map(repr, texts)))

    def _shows(self, texts: tuple[str, ...]) -> bool:
        screen, at = "\n".join(self.lines()[max(self._mark, 0) :]), 0
        for text in texts:
            at = screen.find(text, at)
            if at < 0:
                return False
            at += len(text)
        return True

    def wait_for_prompt(self, prompt: str) -> None:
        """An empty prompt below the last line typed, the cursor after it: the shell waits."""

        def waiting() -> bool:
            cursor = self.screen.cursor
            return (
                self.cursor_row() > self._mark
                and self.cursor_line() == prompt.rstrip()
                and cursor.x == len(prompt)
            )

        self.wait_until(waiting, f"the prompt {prompt!r}")

    def wait_while_reading(self) -> None:
        """Until the program has handed the terminal back to line mode, where Ctrl-C is a
        signal: it has taken the line typed and works on it (prompt-toolkit reads keys in raw
        mode). The terminal's mode is the signal; what was written meanwhile is drawn."""
        deadline = time.monotonic() + WAIT
        while not termios.tcgetattr(self.child.child_fd)[3] & termios.ISIG:
            assert time.monotonic() < deadline, f"still reading keys:\n{self.text()}"
            self.child.expect([_ANYTHING, pexpect.TIMEOUT], timeout=0.05)

    def type(self, line: str) -> None:
        self.send(line + "\r")

    def send(self, keys: str) -> None:
        self._mark = self.cursor_row()
        self.child.send(keys)

    def cursor_row(self) -> int:
        """The cursor's line, counted from the first line the screen showed."""
        return len(self.screen.history.top) + self.screen.cursor.y

    def exit_status(self) -> int | None:
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus

    def rows(self) -> list[list[Char]]:
        """Every line the screen has shown: those scrolled off the top, then the screen."""
        history = [[line[x] for x in range(COLUMNS)] for line in self.screen.history.top]
        shown = [[self.screen.buffer[y][x] for x in range(COLUMNS)] for y in range(ROWS)]
        return history + shown

    def lines(self) -> list[str]:
        """The text of `rows()`, without the empty lines below the last one written."""
        lines = ["".join(char.data for char in row).rstrip() for row in self.rows()]
        while lines and not lines[-1]:
            lines.pop()
        return lines

    def text(self) -> str:
        return "\n".join(self.lines())

    def cursor_line(self) -> str:
        return self.screen.display[self.screen.cursor.y].rstrip()

    def styled(self, text: str) -> Char:
        """The first character of the last line that starts with `text`, with its style."""
        found = [
            row
            for row, line in zip(self.rows(), self.lines(), strict=False)
            if line.startswith(text)
        ]
        assert found, f"no line starts with {text!r}:\n{self.text()}"
        return found[-1][0]

    def close(self) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(tmp_path)
    yield term
    term.close()


def _index(lines: list[str], text: str, after: int = 0) -> int:
    for number, line in enumerate(lines[after:], start=after):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not on the screen after line {after}:\n" + "\n".join(lines))


def _history(home: Path) -> list[str]:
    """The lines in the shell's history file (prompt-toolkit's: `+` before each line)."""
    text = (home / ".strategy-coach" / "shell-history").read_text(encoding="utf-8")
    return [line[1:] for line in text.splitlines() if line.startswith("+")]


def _goals(home: Path) -> list[tuple[str, Decimal | None, Decimal | None, dt.date | None]]:
    """The goals saved for the shell's channel: (metric, baseline, target, deadline)."""
    engine = make_engine(f"sqlite:///{home}/db.sqlite")
    try:
        with make_session_factory(engine).begin() as session:
            found = strategies.strategy_in_channel(session, SHELL_WORKSPACE.team_id, CHANNEL_ID)
        assert found is not None, "no strategy saved for the shell's channel"
        return [(g.metric, g.baseline, g.target, g.deadline) for g in found.goals]
    finally:
        engine.dispose()


def test_a_person_starts_a_strategy_answers_in_the_thread_and_presses_a_button(
    terminal: Terminal, tmp_path: Path
) -> None:
    terminal.wait_for("Type /strategy to start")
    terminal.wait_for_prompt(PROMPT)
    terminal.type("/strategy")
    terminal.wait_for("Step 1 of 5: Goals", "Skip for now")
    terminal.wait_for_prompt(IN_THREAD)
    lines = terminal.lines()
    question = _index(lines, "What should social media achieve for you?")
    assert lines[_index(lines, "Strategy Coach  #marketing › thread")] == (
        "Strategy Coach  #marketing › thread"
    )
    assert "[1] Use a form  [2] Skip for now" in lines[_index(lines, "[1]", question)]
    assert terminal.cursor_line() == IN_THREAD.rstrip()

    terminal.type(GOAL)
    terminal.wait_for("Saved goal 1")
    terminal.wait_for_prompt(IN_THREAD)
    lines = terminal.lines()
    typed = _index(lines, GOAL)
    assert lines[typed] == IN_THREAD + GOAL
    assert (
        "Saved goal 1: newsletter sign-ups from 120 to 500 by 30 June 2027 (leads)."
        in (lines[_index(lines, "Saved goal 1", typed)])
    )
    assert "[3] Use a form  [4] Skip for now" in lines[_index(lines, "[3]", typed)]

    terminal.type(":4")  # Skip for now: on to the mission
    terminal.wait_for("Step 2 of 5: Mission")
    terminal.wait_for_prompt(IN_THREAD)
    lines = terminal.lines()
    pressed = _index(lines, IN_THREAD + ":4")
    _index(lines, "Left Goals as it is.", pressed)
    _index(lines, "Why are you in social media?", pressed)
    _index(lines, "✅ Goals: done", pressed)

    terminal.type(":quit")
    assert terminal.exit_status() == 0
    assert _goals(tmp_path) == [SAVED]
    assert not re.search(r"xox[abpre]-|xapp-", "".join(terminal.raw))  # no token shown


def test_the_screen_is_in_colour_at_a_terminal(terminal: Terminal) -> None:
    terminal.wait_for_prompt(PROMPT)
    terminal.type("/strategy")
    terminal.wait_for("Step 1 of 5: Goals", "Skip for now")
    terminal.wait_for_prompt(IN_THREAD)
    coach = terminal.styled("Strategy Coach  #marketing")
    assert (coach.data, coach.bold, coach.fg) == ("S", True, "magenta")
    prompt = terminal.styled(PROMPT + "/strategy")
    assert (prompt.data, prompt.bold, prompt.fg) == ("@", True, "green")
    welcome = terminal.styled("Strategy Coach shell:")
    assert welcome.fg == "brown"  # pyte's name for ANSI yellow
    number = terminal.styled("  [1] Use a form")
    assert number.fg == "default"  # the indent; the number itself is coloured
    row = terminal.rows()[_index(terminal.lines(), "  [1] Use a form")]
    assert row[2].data == "[" and row[2].fg not in ("default", "white")
    assert "\x1b[" in "".join(terminal.raw)
    terminal.type(":quit")
    assert terminal.exit_status() == 0


def test_no_color_takes_the_colour_off_the_screen(tmp_path: Path) -> None:
    terminal = Terminal(tmp_path, NO_COLOR="1")
    try:
        terminal.wait_for_prompt(PROMPT)
        terminal.type("/strategy")
        terminal.wait_for("Skip for now")
        terminal.wait_for_prompt(IN_THREAD)
        colours = {char.fg for row in terminal.rows() for char in row if char.data.strip()} | {
            char.bg for row in terminal.rows() for char in row
        }
        assert colours == {"default"}
        assert terminal.styled("Strategy Coach  #marketing").bold  # bold is not a colour
        terminal.type(":quit")
        assert terminal.exit_status() == 0
    finally:
        terminal.close()


def test_ctrl_d_at_the_prompt_leaves_and_the_history_keeps_what_was_typed(
    terminal: Terminal, tmp_path: Path
) -> None:
    terminal.wait_for_prompt(PROMPT)
    terminal.type("/strategy help")
    terminal.wait_for("/strategy status")
    terminal.wait_for_prompt(PROMPT)
    terminal.type(":time")
    terminal.wait_for("The shell's clock:")
    terminal.wait_for_prompt(PROMPT)
    terminal.send("\x04")  # Ctrl-D
    assert terminal.exit_status() == 0
    history = tmp_path / ".strategy-coach" / "shell-history"
    typed = [
        line[1:] for line in history.read_text(encoding="utf-8").splitlines() if line[:1] == "+"
    ]
    assert typed == ["/strategy help", ":time"]


def test_ctrl_c_drops_the_line_being_typed_and_the_shell_goes_on(
    terminal: Terminal, tmp_path: Path
) -> None:
    terminal.wait_for_prompt(PROMPT)
    terminal.send("/strategy half a line")
    terminal.wait_for("half a line")
    terminal.send("\x03")  # Ctrl-C
    terminal.wait_for_prompt(PROMPT)
    assert terminal.cursor_line() == PROMPT.rstrip()  # a fresh, empty prompt
    terminal.type("/strategy")
    terminal.wait_for("Step 1 of 5: Goals")
    terminal.wait_for_prompt(IN_THREAD)
    lines = terminal.lines()
    # The dropped line stays on the screen, as in a shell, and the coach never saw it.
    dropped = _index(lines, PROMPT + "/strategy half a line")
    assert lines[dropped + 1] == PROMPT + "/strategy"
    assert "half a line" not in "\n".join(lines[dropped + 1 :])
    terminal.type(":quit")
    assert terminal.exit_status() == 0
    assert _history(tmp_path) == ["/strategy", ":quit"]


def test_the_history_comes_back_with_the_up_arrow_in_the_next_run(tmp_path: Path) -> None:
    first = Terminal(tmp_path)
    try:
        first.wait_for_prompt(PROMPT)
        first.type("/strategy help")
        first.wait_for("/strategy status")
        first.wait_for_prompt(PROMPT)
        first.type(":quit")
        assert first.exit_status() == 0
    finally:
        first.close()

    second = Terminal(tmp_path)
    try:
        second.wait_for_prompt(PROMPT)
        second.send("\x1b[A")  # the up arrow: the last line typed
        second.wait_until(lambda: second.cursor_line() == PROMPT + ":quit", "':quit' recalled")
        second.send("\x1b[A")  # and the one before
        second.wait_for("/strategy help")
        assert second.cursor_line() == PROMPT + "/strategy help"
        second.send("\r")
        second.wait_for("/strategy status")
        second.wait_for_prompt(PROMPT)
        second.type(":quit")
        assert second.exit_status() == 0
    finally:
        second.close()


def test_a_form_is_a_short_sequence_of_prompts_at_the_terminal(
    terminal: Terminal, tmp_path: Path
) -> None:
    terminal.wait_for_prompt(PROMPT)
    terminal.type("/strategy")
    terminal.wait_for("Use a form")
    terminal.wait_for_prompt(IN_THREAD)
    terminal.type(":1")
    for question, answer in [
        ("What do you measure?", "newsletter sign-ups"),
        ("Today's value", "120"),
        ("Target", "500"),
        ("Unit", ""),  # Enter: optional, left empty
        ("By when?", "2027-06-30"),
        ("What kind of goal is it?", "2"),
    ]:
        terminal.wait_for(question)
        terminal.wait_for_prompt("  › ")
        terminal.type(answer)
    terminal.wait_for("Saved goal 1")
    terminal.wait_for("└ sent")
    terminal.wait_for_prompt(IN_THREAD)
    lines = terminal.lines()
    form = _index(lines, "┌ Add a goal")
    assert lines[_index(lines, "Today's value", form) + 2] == "  › 120"
    _index(lines, "1) Sales  2) Leads  3) Word of mouth  4) Awareness  5) Authority", form)
    terminal.type(":quit")
    assert terminal.exit_status() == 0
    assert _goals(tmp_path) == [SAVED]
    assert _history(tmp_path) == ["/strategy", ":1", ":quit"]  # not the form's answers


def test_ctrl_d_in_a_form_closes_it_unsaved_and_leaves(terminal: Terminal, tmp_path: Path) -> None:
    terminal.wait_for_prompt(PROMPT)
    terminal.type("/strategy")
    terminal.wait_for("Use a form")
    terminal.wait_for_prompt(IN_THREAD)
    terminal.type(":1")
    terminal.wait_for("What do you measure?")
    terminal.wait_for_prompt("  › ")
    terminal.type("newsletter sign-ups")
    terminal.wait_for("Today's value")
    terminal.wait_for_prompt("  › ")
    terminal.send("\x04")  # Ctrl-D: the end of the input, as at the prompt
    assert terminal.exit_status() == 0
    assert terminal.lines()[-1] == "Form closed; nothing in it was saved."
    assert _goals(tmp_path) == []


def test_ctrl_c_while_the_clock_moves_stops_it_and_the_prompt_comes_back(
    terminal: Terminal,
) -> None:
    terminal.wait_for_prompt(PROMPT)
    terminal.type(":time +520w")  # ten years of hourly ticks: about 20 s of work
    terminal.wait_while_reading()
    terminal.send("\x03")  # Ctrl-C
    terminal.wait_for("Stopped: the shell's clock stays where it got to.")
    terminal.wait_for_prompt(PROMPT)
    terminal.type(":quit")
    assert terminal.exit_status() == 0
    assert "Traceback" not in terminal.text()


def test_norwegian_from_lang_and_letters_beyond_ascii_typed_at_the_terminal(
    tmp_path: Path,
) -> None:
    terminal = Terminal(tmp_path, lang="nb_NO.UTF-8")
    try:
        terminal.wait_for("Strategy Coach-skallet: du er @kari i #marketing.")
        terminal.wait_for_prompt(PROMPT)
        terminal.type("/strategy")
        terminal.wait_for("Steg 1 av 5: Mål")
        in_thread = "@kari #marketing › tråd> "
        terminal.wait_for_prompt(in_thread)
        terminal.type("Flere følgere på Instagram, 5000 innen 30. juni 2027, 1200 i dag")
        terminal.wait_for("Strategy Coach  #marketing › tråd")
        terminal.wait_for_prompt(in_thread)
        lines = terminal.lines()
        typed = _index(lines, "Flere følgere")
        assert (
            lines[typed]
            == in_thread + "Flere følgere på Instagram, 5000 innen 30. juni 2027, 1200 i dag"
        )
        _index(lines, "Lagret mål 1", typed)
        terminal.type(":quit")
        assert terminal.exit_status() == 0
    finally:
        terminal.close()


def test_the_coach_wraps_to_the_window_after_it_is_resized(terminal: Terminal) -> None:
    terminal.wait_for_prompt(PROMPT)
    terminal.type("/strategy")
    terminal.wait_for("What should social media achieve for you?")
    terminal.wait_for_prompt(IN_THREAD)
    lines = terminal.lines()
    assert max(map(len, lines)) > 100  # 120 columns: the question fills them
    # The window shrinks to 60 columns; the emulator keeps 120, so a line written wider
    # than the window would show as one.
    terminal.child.setwinsize(ROWS, 60)
    terminal.type(":2")  # Skip for now
    terminal.wait_for("Step 2 of 5: Mission")
    terminal.wait_for_prompt(IN_THREAD)
    after = terminal.lines()[_index(terminal.lines(), IN_THREAD + ":2") + 1 :]
    assert _index(after, "Why are you in social media?") >= 0
    assert max(map(len, after)) <= 60, "\n".join(after)
    terminal.type(":quit")
    assert terminal.exit_status() == 0


def test_typing_at_the_terminal_with_the_output_to_a_file_shows_the_prompts(
    tmp_path: Path,
) -> None:
    terminal = Terminal(tmp_path, redirect="> transcript.txt")
    try:
        terminal.wait_for_prompt(PROMPT)  # on the terminal (stderr), before anything is typed
        terminal.type("/strategy")
        terminal.wait_for_prompt(IN_THREAD)  # the coach's answer went to the file
        terminal.type(GOAL)
        terminal.wait_for_prompt(IN_THREAD)
        terminal.send("\x04")  # Ctrl-D
        assert terminal.exit_status() == 0
    finally:
        terminal.close()
    assert terminal.lines() == [PROMPT + "/strategy", IN_THREAD + GOAL, IN_THREAD.rstrip()]
    transcript = (tmp_path / "transcript.txt").read_text(encoding="utf-8")
    lines = transcript.splitlines()
    asked = _index(lines, PROMPT + "/strategy")
    answered = _index(lines, IN_THREAD + GOAL, _index(lines, "Step 1 of 5: Goals", asked))
    _index(lines, "Saved goal 1", answered)
    assert "\x1b" not in transcript
    assert _goals(tmp_path) == [SAVED]
