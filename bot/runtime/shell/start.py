"""`strategy-coach shell`: set up the in-process coach and its terminal, then converse."""

from __future__ import annotations

import getpass
import logging
import os
from pathlib import Path

from rich.console import Console

from bot.i18n.catalogue import language_for_locale
from bot.runtime.config import database_url
from bot.runtime.shell.clock import ShellClock
from bot.runtime.shell.conversation import Shell
from bot.runtime.shell.people import clean_name
from bot.runtime.shell.session import ShellApp
from bot.runtime.shell.terminal import lines_for

HISTORY = Path.home() / ".strategy-coach" / "shell-history"


def local_zone() -> str:
    """The terminal user's IANA zone (`TZ`, else the machine's), UTC if it can't be told."""
    try:
        import tzlocal

        return tzlocal.get_localzone_name() or "UTC"
    except Exception:  # no zone configured on the machine: UTC, as Slack's default
        return "UTC"


def shell_user() -> str:
    try:
        return clean_name(getpass.getuser()) or "you"
    except Exception:  # no login name (a container's numeric user)
        return "you"


def run_shell(
    script: Path | None,
    language: str | None = None,
    user: str | None = None,
    zone: str | None = None,
    console: Console | None = None,
    folder: Path | None = None,
) -> int:
    """Talk to the coach until `:quit` or the end of the input; the exit status."""
    level = os.environ.get("LOG_LEVEL", "ERROR").upper()
    logging.basicConfig(level=getattr(logging, level, logging.ERROR))
    logging.getLogger().setLevel(getattr(logging, level, logging.ERROR))
    console = console or Console(highlight=False)
    spoken = language or language_for_locale(os.environ.get("LANG", "").split(".")[0])
    clock = ShellClock(zone or local_zone())
    app = ShellApp(database_url(os.environ), clock)
    try:
        shell = Shell(
            app,
            lines_for(script, console, HISTORY),
            console,
            user=user or shell_user(),
            language=spoken,
            folder=folder or Path.cwd(),
        )
        return shell.run()
    finally:
        app.close()
