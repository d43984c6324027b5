"""`pip install .` carries what the bot needs at run time: migrations and message catalogues."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHECK = """
import pathlib, sys
import bot, storage
from bot.i18n.catalogue import translator
from storage.db import upgrade
target = pathlib.Path(sys.argv[1])
assert pathlib.Path(bot.__file__).is_relative_to(target), bot.__file__
assert pathlib.Path(storage.__file__).is_relative_to(target), storage.__file__
assert translator("nb")("Goals") == "Mål"
upgrade("sqlite:///" + sys.argv[2])
print("ok")
"""


def test_the_wheel_carries_migrations_and_catalogues(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(wheels)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("strategy_coach-*.whl")
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), wheel],
        check=True,
        capture_output=True,
        timeout=300,
    )
    # Run from an empty folder, with the installed copy first on the path, not the checkout.
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", CHECK, str(target), str(tmp_path / "db.sqlite")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
    assert (target / "bin" / "strategy-coach").exists()
