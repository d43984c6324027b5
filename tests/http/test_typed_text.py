"""What people type in the strategy thread is stored as they typed it and shown back once
escaped: Slack sends `&`, `<`, `>` as entities and mentions as markup, over signed HTTP, on
SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re

from tests.conftest import RunningApp
from tests.support.checkins import checkin_sent
from tests.support.dialogue import Thread, message_text

# As Slack sends it: the person typed
#   Fast & friendly <3 > slow & grumpy, tell @channel and @Kari
MISSION_SENT = "Fast &amp; friendly &lt;3 &gt; slow &amp; grumpy, tell <!channel> and <@U2>"
MISSION_TYPED = "Fast & friendly <3 > slow & grumpy, tell @channel and @Kari"
# Q&A sessions <live>  /  Deals for @here only  /  Tips from our blog (a link) with #marketing
BENEFITS_SENT = (
    "Q&amp;A sessions &lt;live&gt; every Friday\n"
    "Deals for <!here> only\n"
    "Tips from <https://example.com/blog?a=1&amp;b=2|our blog> with <#C1|marketing>"
)
BENEFITS_TYPED = [
    "Q&A sessions <live> every Friday",
    "Deals for @here only",
    "Tips from our blog with #marketing",
]


def as_slack_shows(mrkdwn: str) -> str:
    """Slack's rendering of posted text: its three entities decoded, once."""
    entities = {"&amp;": "&", "&lt;": "<", "&gt;": ">"}
    return re.sub(r"&(?:amp|lt|gt);", lambda m: entities[m.group()], mrkdwn)


def test_mission_and_ideas_are_stored_and_shown_as_typed(running_app: RunningApp) -> None:
    fake = running_app.slack
    fake.add_user("U1", name="Per", tz="Europe/Oslo")
    fake.add_user("U2", name="Kari", tz="Europe/Oslo")
    thread = Thread(running_app)
    thread.start()
    thread.say("5000 Instagram followers by 30 June 2027, we have 1200 today")
    thread.say("done")

    echo = thread.say(MISSION_SENT)
    assert "Step 3 of 5" in echo
    assert thread.stored().mission == MISSION_TYPED
    assert MISSION_TYPED in as_slack_shows(echo)
    assert "&amp;amp;" not in echo and "&amp;lt;" not in echo

    thread.say("ok")
    # The owner step still reads the person from Slack's mention markup.
    reply = thread.say("<@U2> Tuesdays at 10:00")
    assert "Step 5 of 5" in reply
    stored = thread.stored()
    assert stored.owner_id == "U2" and stored.schedule.weekday == 1

    thread.say(BENEFITS_SENT, posts=2)
    stored = thread.stored()
    assert stored.benefits == BENEFITS_TYPED
    assert stored.mission == MISSION_TYPED
    summary = as_slack_shows(message_text(thread.thread_posts()[-1].params))
    assert MISSION_TYPED in summary
    assert all(idea in summary for idea in BENEFITS_TYPED)

    # Nothing the coach posted carries markup from what people typed: no broadcast, no link,
    # no channel, and the only person it mentions is the owner it was told to (by its id).
    for call in fake.calls():
        if call.method not in ("chat.postMessage", "chat.update", "chat.postEphemeral"):
            continue
        posted = json.dumps(call.params.get("blocks") or []) + str(call.params.get("text") or "")
        assert "<!" not in posted and "<#" not in posted and "<http" not in posted, posted
        assert set(re.findall(r"<@(\w+)", posted)) <= {"U1", "U2"}, posted


def test_a_mention_slack_cannot_name_is_stored_as_its_id(running_app: RunningApp) -> None:
    fake = running_app.slack
    fake.add_user("U1", name="Per", tz="Europe/Oslo")
    thread = Thread(running_app)
    thread.start()
    thread.say("5000 Instagram followers by 30 June 2027, we have 1200 today")
    thread.say("done")
    fake.on("users.info", lambda call: {"ok": False, "error": "user_not_found"})
    thread.say("We answer &lt;everyone&gt; fast, says <@U404NOBODY|> and <@U405>")
    assert thread.stored().mission == "We answer <everyone> fast, says @U404NOBODY and @U405"


def test_a_checkin_answer_is_quoted_back_as_typed(running_app: RunningApp) -> None:
    _, channel, ts = checkin_sent(running_app)
    before = len(running_app.slack.calls("chat.postMessage"))
    # Typed: "Instagram followers 1 900, cost per lead 220 kr, sign-ups 14, Q&A <views> 7"
    running_app.driver.dm(
        "Instagram followers 1 900, cost per lead 220 kr, sign-ups 14, Q&amp;A &lt;views&gt; 7",
        user_id="U2",
        channel_id=channel,
        thread_ts=ts,
    )
    running_app.slack.wait_for("chat.postMessage", count=before + 2)  # the answer, the digest
    answer = next(
        c
        for c in running_app.slack.calls("chat.postMessage")[before:]
        if c.params.get("thread_ts") == ts
    )
    said = message_text(answer.params)
    assert "Q&A <views> 7" in as_slack_shows(said), said
    assert "<views>" not in said  # shown, escaped once: never markup
