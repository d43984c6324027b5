"""Whatever people type into the running app over HTTP, every call to Slack succeeds and nothing
saved is lost."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import RunningApp
from tests.support.dialogue import Thread
from tests.support.typed_text import slack_text


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=slack_text)
def test_any_command_text_over_http(sqlite_app: RunningApp, text: str) -> None:
    fake = sqlite_app.slack

    def answers() -> int:
        return len(fake.calls("response_url")) + len(fake.calls("chat.postMessage"))

    before = answers()
    reply = sqlite_app.driver.command(text[:200], channel_id="C5")
    assert reply.status == 200
    assert answers() > before  # answered before the HTTP reply came back
    for call in fake.calls():
        refused = isinstance(call.response, dict) and call.response.get("ok") is False
        assert not call.failed and not refused, fake.summary()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(texts=st.lists(slack_text, min_size=1, max_size=4))
def test_any_thread_replies_over_http(sqlite_app: RunningApp, texts: list[str]) -> None:
    thread = Thread(sqlite_app, channel="C6")
    stored = thread.stored()
    if stored is None:
        thread.start()
    else:
        thread.thread_ts = stored.thread_ts
    saved = thread.stored()
    for text in texts:
        reply = sqlite_app.driver.thread_reply(text, channel_id="C6", thread_ts=thread.thread_ts)
        assert reply.status == 200
        # one reply at a time, as a person types: handled by the time its reply comes back
        assert _handled(sqlite_app, reply.ts) or thread.stored().status.value == "live"
    for call in sqlite_app.slack.calls("chat.postMessage"):
        assert call.response and call.response["ok"], call.response
    stored = thread.stored()
    if not any(t.strip().lower().startswith(("remove", "fjern", "delete", "slett")) for t in texts):
        assert len(stored.goals) >= len(saved.goals)
    assert stored.mission or not saved.mission


def _handled(app: RunningApp, ts: str | None) -> bool:
    from sqlalchemy import select

    from storage.models import ProcessedMessage

    with app.sessions.begin() as session:
        return (
            session.scalar(select(ProcessedMessage).where(ProcessedMessage.message_ts == ts))
            is not None
        )
