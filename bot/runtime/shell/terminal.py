"""Where the shell's lines come from: a person at a terminal (line editing and history with
prompt-toolkit; prompts on stderr when the output goes to a file or a pipe), a pipe, or a script
file (`--script`), whose lines are printed as if typed so the output is a transcript."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol, TextIO

from rich.console import Console
from rich.text import Text


class Lines(Protocol):
    def read(self, prompt: str, form: bool = False) -> str | None:
        """The next line typed after `prompt`; None at the end (Ctrl-D, end of the script).
        `form`: an answer in a form, where an empty line means Enter (keep the value)."""
        ...


class ScriptLines:
    """A script's lines, each printed after its prompt. Lines starting with `# ` are comments;
    empty lines are skipped outside a form and are Enter inside one."""

    def __init__(self, lines: Iterator[str], console: Console) -> None:
        self._lines = lines
        self.console = console

    @classmethod
    def from_file(cls, path: Path, console: Console) -> ScriptLines:
        # utf-8-sig: a byte order mark (Notepad's) is not typed before the first line
        return cls(iter(path.read_text(encoding="utf-8-sig").splitlines()), console)

    @classmethod
    def from_stream(cls, stream: TextIO, console: Console) -> ScriptLines:
        return cls((line.rstrip("\n") for line in stream), console)

    def read(self, prompt: str, form: bool = False) -> str | None:
        for line in self._lines:
            if line.lstrip().startswith("# ") or (not form and not line.strip()):
                continue
            shown = Text(prompt, style="bold green")
            shown.append(line)
            self.console.print(shown, soft_wrap=True)  # as typed: one line, however long
            return line
        return None


class PromptedLines:
    """A person typing at a terminal while the output goes elsewhere (`> session.txt`,
    `| tee session.txt`): each prompt is shown on the terminal (`prompts`, stderr) before the
    line is typed, and the output gets the prompt with the line, as from a script. Lines are
    taken as typed, empty ones included (as at the prompt-toolkit prompt)."""

    def __init__(self, stream: TextIO, console: Console, prompts: TextIO) -> None:
        self._stream = stream
        self.console = console
        self._prompts = prompts

    def read(self, prompt: str, form: bool = False) -> str | None:
        self._prompts.write(prompt)
        self._prompts.flush()
        typed = self._stream.readline()
        if not typed:  # Ctrl-D
            self._prompts.write("\n")
            return None
        line = typed.rstrip("\n")
        shown = Text(prompt, style="bold green")
        shown.append(line)
        self.console.print(shown, soft_wrap=True)
        return line


class TypedLines:
    """A person typing at a terminal: line editing, and history kept between runs."""

    def __init__(self, history: Path | None) -> None:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import FileHistory, InMemoryHistory

        store = InMemoryHistory()
        if history is not None:
            try:
                history.parent.mkdir(parents=True, exist_ok=True)
                history.touch(exist_ok=True)
                store = FileHistory(str(history))
            except OSError:
                pass  # a read-only home: history for this run only
        self._session: PromptSession[str] = PromptSession(history=store)
        # A form's answers ("120", "2") are this run's only: the Up arrow at the prompt brings
        # back what was typed there.
        self._form: PromptSession[str] = PromptSession(history=InMemoryHistory())

    def read(self, prompt: str, form: bool = False) -> str | None:
        from prompt_toolkit.formatted_text import FormattedText

        session = self._form if form else self._session
        while True:
            try:
                return session.prompt(FormattedText([("bold ansigreen", prompt)]))
            except KeyboardInterrupt:
                continue  # Ctrl-C drops the line, as in a shell
            except EOFError:
                return None


def lines_for(script: Path | None, console: Console, history: Path | None) -> Lines:
    """A script, a person at a terminal, or whatever is piped in."""
    if script is not None:
        return ScriptLines.from_file(script, console)
    if sys.stdin.isatty() and sys.stdout.isatty():
        return TypedLines(history)
    if sys.stdin.isatty() and sys.stderr.isatty():
        return PromptedLines(sys.stdin, console, sys.stderr)
    return ScriptLines.from_stream(sys.stdin, console)
