"""Babel's `.po` reader is loaded when a Norwegian sentence is first needed, not when the app is
imported (start-up time; an English process never needs it). A fresh interpreter, so what other
tests imported can't hide an import."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = """
import json, sys
import bot.runtime.cli, bot.runtime.app, bot.runtime.server, bot.runtime.scheduler  # noqa
from bot.i18n.catalogue import translator
english = translator("en")("Weekly numbers against the plan")
at_start = "babel.messages.pofile" in sys.modules
norwegian = translator("nb")("Weekly numbers against the plan")
print(json.dumps([at_start, "babel.messages.pofile" in sys.modules, english != norwegian]))
"""


def test_the_po_reader_waits_for_the_first_norwegian_sentence() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    at_start, after_norwegian, translated = json.loads(done.stdout.strip().splitlines()[-1])
    assert at_start is False
    assert after_norwegian is True and translated is True
