"""The goals step over signed HTTP, as Slack drives it: every case of
tests/support/goal_cases.py typed into the strategy's thread, turn by turn, checking what the
coach asked (by slot, in the stored conversation, and in the message it posted) and the goals
it stored. Plus the Yes/No buttons of a check, clicked instead of typed."""

from __future__ import annotations

import pytest

from bot.builder.messages import ACTION_ANSWER
from tests.conftest import RunningApp
from tests.support.dialogue import Thread, message_text
from tests.support.fake_slack import Call
from tests.support.goal_cases import CASES, Case, asking, stored
from tests.support.slack_driver import fresh_trigger_id

LOCALES = {"en": "en-US", "nb": "nb-NO"}


def answer_buttons(post: Call) -> tuple[str, dict[str, str]]:
    """The ready-made answers under a question: (block_id, {label: reply})."""
    [block] = [
        b
        for b in post.params.get("blocks") or []
        if b.get("type") == "actions" and b.get("block_id", "").startswith("answer_")
    ]
    return block["block_id"], {e["text"]["text"]: e["value"] for e in block["elements"]}


def click_answer(
    app: RunningApp,
    thread: Thread,
    question: Call,
    reply: str,
    user: str = "U1",
    response_url: str | None = None,
) -> None:
    """Click the answer button that stands for `reply` under `question`, as Slack sends it."""
    block_id, _ = answer_buttons(question)
    sent = app.driver.block_action(
        ACTION_ANSWER,
        value=reply,
        block_id=block_id,
        user_id=user,
        channel_id="C1",
        message_ts=question.response["ts"],
        thread_ts=thread.thread_ts,
        trigger_id=fresh_trigger_id(),
        response_url=response_url,
    )
    assert sent.status == 200


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_coach_reads_each_reply_as_the_answer_to_its_question(
    sqlite_app: RunningApp, case: Case
) -> None:
    sqlite_app.slack.add_user("U1", locale=LOCALES[case.language])
    thread = Thread(sqlite_app)
    thread.start()
    for reply, expected, *shown in case.turns:
        said = thread.say(reply)
        assert asking(thread.stored()) == expected, (reply, said)
        for text in shown:
            assert text in said, (reply, said)
        if expected.startswith("check:"):
            _, answers = answer_buttons(thread.thread_posts()[-1])
            assert set(answers.values()) == {"yes", "no"}
    assert stored(thread.stored()) == case.stored


@pytest.mark.parametrize("label", ["Yes", "No"])
def test_a_check_is_answered_with_its_buttons(sqlite_app: RunningApp, label: str) -> None:
    thread = Thread(sqlite_app)
    thread.start()
    thread.say("Grow to 1000 Instagram followers by 30 June 2027, we have 1200 today")
    question = thread.thread_posts()[-1]
    _, answers = answer_buttons(question)
    before = len(thread.thread_posts())
    click_answer(sqlite_app, thread, question, answers[label])
    sqlite_app.slack.wait_for(
        "chat.postMessage",
        count=before + 1,
        where=lambda c: c.params.get("thread_ts") == thread.thread_ts,
    )
    strategy = thread.stored()
    if label == "Yes":
        assert asking(strategy) == "more" and strategy.goals[0].target == 1000
    else:
        assert asking(strategy) == "target" and strategy.goals == []
        assert "number you want to reach" in message_text(thread.thread_posts()[-1].params)

    # The same button again is stale: answered already, nothing changes.
    click_answer(
        sqlite_app,
        thread,
        question,
        answers[label],
        response_url=sqlite_app.slack.response_url("stale"),
    )
    [stale] = sqlite_app.slack.wait_for("response_url")
    assert "already been answered" in stale.params["text"]
    assert asking(thread.stored()) == asking(strategy)


def test_a_colleagues_click_changes_nothing(sqlite_app: RunningApp) -> None:
    thread = Thread(sqlite_app)
    thread.start()
    thread.say("Grow to 1000 Instagram followers by 30 June 2027, we have 1200 today")
    question = thread.thread_posts()[-1]
    _, answers = answer_buttons(question)
    click_answer(
        sqlite_app,
        thread,
        question,
        answers["Yes"],
        user="U9",
        response_url=sqlite_app.slack.response_url("colleague"),
    )
    [refusal] = sqlite_app.slack.wait_for("response_url")
    assert "Only <@U1>" in refusal.params["text"]
    strategy = thread.stored()
    assert asking(strategy) == "check:direction" and strategy.goals == []
