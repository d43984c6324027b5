"""Slack retries and re-deliveries of one thread reply are saved and answered once."""

from __future__ import annotations

from tests.conftest import RunningApp
from tests.support.dialogue import Thread


def test_retry_with_retry_num_is_saved_once(running_app: RunningApp) -> None:
    thread = Thread(running_app)
    thread.start()
    text = "5000 Instagram followers by 30 June 2027, we have 1200 today"
    first = running_app.driver.thread_reply(text, thread_ts=thread.thread_ts, event_id="EvSAME1")
    assert first.status == 200
    running_app.slack.wait_for(
        "chat.postMessage",
        count=2,
        where=lambda c: c.params.get("thread_ts") == thread.thread_ts,
    )
    for retry in (1, 2):
        again = running_app.driver.thread_reply(
            text, thread_ts=thread.thread_ts, ts=first.ts, event_id="EvSAME1", retry_num=retry
        )
        assert again.status == 200
    assert len(thread.thread_posts()) == 2
    assert len(thread.stored().goals) == 1


def test_same_message_with_another_event_id_is_saved_once(running_app: RunningApp) -> None:
    thread = Thread(running_app)
    thread.start()
    text = "5000 Instagram followers by 30 June 2027, we have 1200 today"
    first = running_app.driver.thread_reply(text, thread_ts=thread.thread_ts, event_id="EvA")
    second = running_app.driver.thread_reply(
        text, thread_ts=thread.thread_ts, ts=first.ts, event_id="EvB"
    )
    assert first.status == second.status == 200
    running_app.slack.wait_for(
        "chat.postMessage",
        count=2,
        where=lambda c: c.params.get("thread_ts") == thread.thread_ts,
    )
    assert len(thread.thread_posts()) == 2
    assert len(thread.stored().goals) == 1


def test_bot_messages_edits_and_channel_chatter_are_acked_and_ignored(
    sqlite_app: RunningApp,
) -> None:
    thread = Thread(sqlite_app)
    thread.start()
    driver = sqlite_app.driver
    replies = [
        # the bot's own post in the thread, as Slack echoes it back
        driver.thread_reply("Step 1 of 5", user_id="UBOT", thread_ts=thread.thread_ts),
        # an edit of a reply
        driver.message(
            "edited",
            thread_ts=thread.thread_ts,
            subtype="message_changed",
        ),
        # a top-level message in the channel, and a reply in some other thread
        driver.message("hello team"),
        driver.thread_reply("5000 followers by 30 June 2027", thread_ts="1600000000.000100"),
        # a direct message to the bot
        driver.dm("5000 followers by 30 June 2027"),
    ]
    assert [reply.status for reply in replies] == [200] * len(replies)
    assert len(thread.thread_posts()) == 1
    assert thread.stored().goals == []
