"""matplotlib is imported where a chart is drawn, on the chart pool, never at start-up (nor
are cryptography and dateparser, which a running app may never need).

The app is built and served as `strategy-coach run` does (the runtime's modules imported, the
factory behind waitress, a fake Slack) in a fresh interpreter, so what other tests imported
into this one can't hide an import. A `/strategy status` then draws a chart, and an import hook
notes which thread loaded matplotlib.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = r"""
import json
import sys
import threading
from importlib.abc import MetaPathFinder


class Watch(MetaPathFinder):
    # Notes the thread that imports matplotlib first; finds nothing itself.
    thread = None

    def find_spec(self, name, path=None, target=None):
        if name == "matplotlib" and Watch.thread is None:
            Watch.thread = threading.current_thread().name
        return None


sys.meta_path.insert(0, Watch())

import bot.runtime.cli, bot.runtime.scheduler, bot.runtime.shutdown, bot.runtime.logs  # noqa
from storage.db import upgrade
from tests.conftest import TODAY, start_app
from tests.support.fake_slack import FakeSlack
from tests.support.status_data import live_strategy, store

HEAVY = ("matplotlib", "numpy", "PIL", "cryptography", "dateparser")
url = sys.argv[1]
upgrade(url)
with FakeSlack() as fake:
    app = start_app(url, fake)
    try:
        at_start = sorted(name for name in HEAVY if name in sys.modules)
        store(app.sessions, live_strategy("C1"), TODAY, weeks=3)
        reply = app.driver.command("status", channel_id="C1")
        app.charts.drain()
        uploads = fake.calls("files.completeUploadExternal")
    finally:
        app.stop()
print(json.dumps({
    "at_start": at_start,
    "reply": reply.status,
    "uploads": len(uploads),
    "loaded": "matplotlib" in sys.modules,
    "thread": Watch.thread,
}))
"""


@pytest.fixture(scope="module")
def fresh_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    url = f"sqlite:///{tmp_path_factory.mktemp('lazy') / 'coach.db'}"
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_building_and_serving_the_app_leaves_matplotlib_out(fresh_run: dict[str, Any]) -> None:
    # Nor numpy and Pillow, which come with it; nor cryptography without TOKEN_ENCRYPTION_KEY,
    # nor dateparser before someone types a date.
    assert fresh_run["at_start"] == []


def test_drawing_a_chart_imports_it_on_the_chart_pool(fresh_run: dict[str, Any]) -> None:
    assert fresh_run["reply"] == 200 and fresh_run["uploads"] == 1  # the chart was sent
    assert fresh_run["loaded"] is True
    assert fresh_run["thread"].startswith("status-chart")  # not the thread answering Slack
