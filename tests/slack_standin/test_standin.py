"""The package's Slack stand-in on its own (no test helper around it), as `strategy-coach
shell` uses it: a real slack_sdk WebClient against it, clock-based timestamps unique across
runs, a person's Slack language changed, files and views read back, and its import contract."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack_standin import Call, SlackStandin

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "xoxb-any-token"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")


@pytest.fixture
def standin() -> Iterator[SlackStandin]:
    with SlackStandin() as slack:
        yield slack


@pytest.fixture
def client(standin: SlackStandin) -> WebClient:
    return WebClient(token=TOKEN, base_url=standin.api_url)


def test_the_standin_alone_answers_a_post_through_a_real_web_client(
    standin: SlackStandin, client: WebClient
) -> None:
    assert type(standin) is SlackStandin
    assert standin.api_url.startswith("http://127.0.0.1:")

    answer = client.chat_postMessage(channel="C1", text="*hello*")

    assert answer["ok"] is True and answer["channel"] == "C1"
    assert answer["message"]["user"] == "UBOT"
    [call] = standin.calls("chat.postMessage")
    assert isinstance(call, Call)
    assert (call.params["text"], call.token, call.status) == ("*hello*", TOKEN, 200)
    assert call.response["ts"] == answer["ts"]
    [message] = standin.messages("C1")
    assert (message["text"], message["ts"]) == ("*hello*", answer["ts"])
    assert client.auth_test()["user_id"] == "UBOT"


def test_next_ts_is_the_clock_strictly_increasing_and_unique_across_runs() -> None:
    with SlackStandin() as first:
        before = time.time()
        stamps: list[str] = []
        lock = threading.Lock()

        def stamp() -> None:
            for _ in range(200):
                ts = first.next_ts()
                with lock:
                    stamps.append(ts)

        threads = [threading.Thread(target=stamp) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        in_order = [first.next_ts() for _ in range(50)]
        posted = WebClient(token=TOKEN, base_url=first.api_url).chat_postMessage(
            channel="C1", text="x"
        )["ts"]
    assert len(set(stamps)) == len(stamps) == 800
    assert all(re.fullmatch(r"\d{10}\.\d{6}", ts) for ts in [*stamps, *in_order, posted])
    assert [float(ts) for ts in in_order] == sorted({float(ts) for ts in in_order})
    assert abs(float(in_order[0]) - before) < 60  # the machine's clock, not a counter
    assert float(posted) > float(in_order[-1])

    # A second run (the shell started again on the same database) never repeats a ts.
    with SlackStandin() as second:
        assert float(second.next_ts()) > float(posted)


def test_set_locale_changes_the_language_users_info_gives(
    standin: SlackStandin, client: WebClient
) -> None:
    standin.add_user("U2", name="kari", tz="Asia/Kolkata", locale="en-US")
    standin.set_locale("U2", "nb-NO")

    user = client.users_info(user="U2", include_locale=True)["user"]
    assert (user["name"], user["tz"], user["locale"]) == ("kari", "Asia/Kolkata", "nb-NO")
    assert "locale" not in client.users_info(user="U2")["user"]

    standin.set_locale("U3", "nb-NO")  # never added: the defaults, in Norwegian
    other = client.users_info(user="U3", include_locale=True)["user"]
    assert (other["tz"], other["locale"]) == ("Europe/Oslo", "nb-NO")


def test_file_gives_what_the_app_uploaded(standin: SlackStandin, client: WebClient) -> None:
    asked = client.files_getUploadURLExternal(filename="chart.png", length=len(PNG))
    waiting = standin.file(asked["file_id"])
    assert waiting is not None and (waiting["filename"], waiting["data"]) == ("chart.png", None)

    sent = client.files_upload_v2(file=PNG, filename="status.png", title="Status", channel="C1")

    file_id = sent["file"]["id"]
    assert standin.file(file_id) == {
        "id": file_id,
        "filename": "status.png",
        "title": "Status",
        "data": PNG,
    }
    assert standin.uploaded(file_id) == PNG
    assert standin.file("F404") is None


def test_an_image_block_shows_a_file_by_id_only_while_slack_has_it(
    standin: SlackStandin, client: WebClient
) -> None:
    def post(file_id: str) -> dict:
        image = {"type": "image", "slack_file": {"id": file_id}, "alt_text": "chart"}
        try:
            return client.chat_postMessage(channel="C1", text="t", blocks=[image]).data  # type: ignore[return-value]
        except SlackApiError as error:
            return error.response.data  # type: ignore[return-value]

    asked = client.files_getUploadURLExternal(filename="chart.png", length=len(PNG))
    assert post(asked["file_id"])["error"] == "invalid_blocks"  # never completed
    assert post("F404")["errors"] == ["invalid slack file [json-pointer:/blocks/0/slack_file]"]
    file_id = client.files_upload_v2(file=PNG, filename="c.png", channel="C1")["file"]["id"]
    assert post(file_id)["ok"] is True
    client.files_delete(file=file_id)
    assert post(file_id)["error"] == "invalid_blocks"
    other = client.files_upload_v2(file=PNG, filename="d.png", channel="C1")["file"]["id"]
    standin.delete_file(other)  # deleted by someone in Slack
    assert post(other)["error"] == "invalid_blocks"


def test_view_gives_a_view_as_last_opened_updated_or_published(
    standin: SlackStandin, client: WebClient
) -> None:
    modal = {
        "type": "modal",
        "callback_id": "goal",
        "title": {"type": "plain_text", "text": "Goal"},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "first"}}],
    }
    opened = client.views_open(trigger_id="1.2.3", view=modal)["view"]
    shown = standin.view(opened["id"])
    assert shown is not None and shown["callback_id"] == "goal"
    assert shown["blocks"][0]["text"]["text"] == "first"

    modal["blocks"][0]["text"]["text"] = "second"
    client.views_update(view_id=opened["id"], view=modal)
    updated = standin.view(opened["id"])
    assert updated is not None and updated["blocks"][0]["text"]["text"] == "second"

    home = client.views_publish(user_id="U1", view={"type": "home", "blocks": []})["view"]
    published = standin.view(home["id"])
    assert published is not None and published["type"] == "home"
    assert standin.view("V404") is None


def test_the_standin_may_not_import_the_coach(tmp_path: Path) -> None:
    """The import contract holds, and breaks when the stand-in imports Slack's client."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    for package in ("bot", "handlers", "storage"):
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}

    def lint() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(lint_imports), "--no-cache"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    kept = lint()
    assert "The Slack stand-in imports nothing of the coach KEPT" in kept.stdout, kept.stdout
    with (tmp_path / "bot" / "slack_standin" / "store.py").open("a", encoding="utf-8") as f:
        f.write("\nfrom slack_sdk import WebClient  # noqa\n")
    broken = lint()
    assert "The Slack stand-in imports nothing of the coach BROKEN" in broken.stdout
