"""Running the shell on a script in-process: the same `Shell` `strategy-coach shell` runs, on
a real database, with a fixed clock and a plain-text console, returning the transcript."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from bot.runtime.shell.clock import ShellClock
from bot.runtime.shell.conversation import Shell
from bot.runtime.shell.session import ShellApp
from bot.runtime.shell.terminal import ScriptLines
from tests.conftest import NOW


@dataclass
class ShellRun:
    shell: Shell
    app: ShellApp
    out: io.StringIO

    def transcript(self) -> str:
        return self.out.getvalue()

    def type(self, *lines: str) -> str:
        """Type `lines` (as a script would) and return what the shell printed for them."""
        start = len(self.out.getvalue())
        self.shell.lines = ScriptLines(iter(lines), self.shell.console)
        while (line := self.shell.lines.read(self.shell._prompt())) is not None:
            if not self.shell.handle(line):
                break
        return self.out.getvalue()[start:]


@contextmanager
def shell_on(
    database_url: str,
    folder: Path,
    language: str = "en",
    user: str = "maria",
    zone: str = "Europe/Oslo",
    now: dt.datetime = NOW,
) -> Iterator[ShellRun]:
    """A shell whose clock stands at `now` until the script moves it (`:time`)."""
    out = io.StringIO()
    console = Console(file=out, color_system=None, width=100, highlight=False)
    app = ShellApp(database_url, ShellClock(zone, real=lambda: now))
    try:
        shell = Shell(app, ScriptLines(iter(()), console), console, user, language, folder)
        yield ShellRun(shell, app, out)
    finally:
        app.close()
