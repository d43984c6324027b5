"""What a request gets while the database is away, and how acked work waits for it to come back:
the app behind a PostgreSQL proxy the test cuts (`tests/support/pg_proxy.py`).

Events are refused with 503 before any ack (Slack sends them again); slash commands, buttons and
forms tell the person, in their Slack language when the payload says it, to try again in a
minute; a unit of work interrupted by the outage runs again once the database is back.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError

from bot.builder.forms import CALLBACK_GOAL_FORM
from bot.insights.home_view import ACTION_HOME_REPORT
from storage.db import Patience, SessionFactory
from storage.models import ProcessedMessage
from tests.conftest import TEAM, RunningApp, start_app
from tests.support.dialogue import Thread, message_text
from tests.support.fake_slack import FakeSlack
from tests.support.pg_proxy import PgProxy, sessions_behind_proxy

GOAL = "5000 Instagram followers by 30 June 2027, we have 1200 today"
UNREACHABLE = "The coach can't reach its database right now; try again in a minute."
UNREACHABLE_NB = "Coachen får ikke kontakt med databasen sin akkurat nå; prøv igjen om et minutt."

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


# --- requests while the database is away ---------------------------------------------------------


@pytest.fixture
def app_behind_proxy(
    database_url: str, fake_slack: FakeSlack
) -> Iterator[tuple[RunningApp, PgProxy]]:
    """The test app (the same factory and WSGI app as `strategy-coach run`) on the proxy."""
    database = make_url(database_url).database
    assert database
    with PgProxy() as proxy:
        running = start_app(proxy.url(database), fake_slack)
        try:
            yield running, proxy
        finally:
            proxy.restore()
            running.stop()  # type: ignore[operator]


def test_events_get_503_before_any_ack_and_are_handled_when_sent_again(
    app_behind_proxy: tuple[RunningApp, PgProxy],
) -> None:
    app, proxy = app_behind_proxy
    proxy.cut()
    mention = app.driver.app_mention("<@UBOT> status", channel_id="C1")
    home = app.driver.event({"type": "app_home_opened", "user": "U1", "tab": "home"})
    assert (mention.status, home.status) == (503, 503)
    assert app.driver.url_verification("still-here").status == 200  # needs no database
    assert app.driver.get("/healthz").status == 503
    proxy.restore()
    again = app.driver.app_mention(
        "<@UBOT> status", channel_id="C1", ts=mention.ts, event_id=mention.event_id, retry_num=1
    )
    assert again.status == 200
    app.settle()
    (answered,) = app.slack.calls("chat.postEphemeral")  # answered once, after the outage
    assert answered.params["channel"] == "C1" and answered.params["user"] == "U1"
    with app.sessions.begin() as session:
        claims = session.scalar(select(func.count()).select_from(ProcessedMessage))
    assert claims == 1  # the mention's claim: handled once


def test_a_form_submitted_during_an_outage_stays_open_with_the_sentence(
    app_behind_proxy: tuple[RunningApp, PgProxy],
) -> None:
    app, proxy = app_behind_proxy
    proxy.cut()
    values = app.driver.text_values({"goal": "5000 followers by June"})
    reply = app.driver.view_submission(CALLBACK_GOAL_FORM, values, private_metadata="1")
    assert reply.status == 200
    assert reply.json() == {"response_action": "errors", "errors": {"goal": UNREACHABLE}}


def test_a_home_tab_button_during_an_outage_opens_a_modal_in_the_persons_language(
    app_behind_proxy: tuple[RunningApp, PgProxy],
) -> None:
    app, proxy = app_behind_proxy
    proxy.cut()
    payload_user = {"id": "U1", "team_id": TEAM, "locale": "nb-NO"}
    reply = app.driver.block_action(
        ACTION_HOME_REPORT, value="1", response_url="", user=payload_user, channel=None
    )
    assert reply.status == 200
    (opened,) = app.slack.wait_for("views.open", timeout=5)
    assert UNREACHABLE_NB in json.dumps(opened.params["view"], ensure_ascii=False)


def test_a_command_during_an_outage_is_told_to_try_again(
    app_behind_proxy: tuple[RunningApp, PgProxy],
) -> None:
    app, proxy = app_behind_proxy
    proxy.cut()
    reply = app.driver.command("status")
    assert reply.status == 200
    assert reply.json() == {"response_type": "ephemeral", "text": UNREACHABLE}
    proxy.restore()
    assert app.driver.command("help").status == 200  # and answered again once it is back


# --- riding out an outage inside one unit of work ----------------------------------------------


@pytest.fixture
def behind_proxy(database_url: str) -> Iterator[tuple[PgProxy, SessionFactory]]:
    with sessions_behind_proxy(database_url) as found:
        yield found


def test_a_unit_of_work_waits_for_the_database_to_come_back(
    behind_proxy: tuple[PgProxy, SessionFactory],
) -> None:
    proxy, sessions = behind_proxy
    attempts: list[float] = []

    def claim() -> int:
        attempts.append(time.monotonic())
        with sessions.begin() as session:
            session.add(ProcessedMessage(team_id=TEAM, channel_id="C1", message_ts="1.000001"))
        return len(attempts)

    with sessions.begin() as session:  # a pooled connection, which the cut will kill
        session.execute(select(1))
    proxy.cut()
    threading.Timer(1.5, proxy.restore).start()
    tried = Patience(budget=30.0, first_wait=0.1, longest_wait=0.5).run(claim, "claim")
    assert tried > 1 and attempts[-1] - attempts[0] >= 1.0
    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(ProcessedMessage)) == 1


def test_errors_that_are_not_an_outage_are_not_retried(
    behind_proxy: tuple[PgProxy, SessionFactory],
) -> None:
    _, sessions = behind_proxy
    attempts: list[int] = []

    def claim_twice() -> None:
        attempts.append(1)
        with sessions.begin() as session:
            for _ in range(2):
                session.add(ProcessedMessage(team_id=TEAM, channel_id="C1", message_ts="2.0"))
                session.flush()

    with pytest.raises(IntegrityError):
        Patience(first_wait=0.01).run(claim_twice)
    assert attempts == [1]


def test_an_outage_longer_than_the_budget_is_given_up(
    behind_proxy: tuple[PgProxy, SessionFactory],
) -> None:
    proxy, sessions = behind_proxy
    waits: list[float] = []

    def wait(seconds: float) -> None:  # time passes only while it waits
        waits.append(seconds)

    def select_one() -> None:
        with sessions.begin() as session:
            session.execute(select(1))

    proxy.cut()
    patience = Patience(
        budget=10.0, first_wait=1.0, longest_wait=4.0, sleep=wait, clock=lambda: sum(waits)
    )
    with pytest.raises(OperationalError):
        patience.run(select_one)
    assert waits == [1.0, 2.0, 4.0]  # backing off, and never past the budget (1+2+4+4 > 10)


def test_a_reply_saved_before_the_outage_is_still_answered(
    app_behind_proxy: tuple[RunningApp, PgProxy],
) -> None:
    """The responsibility answer is claimed and saved; then, while the coach stores the owner's
    time zone, the database goes away for a moment. A retry of the whole listener would stop at
    the answer's claim and say nothing, so that step waits for the database itself: the zone is
    stored and the thread hears the next question, once."""
    app, proxy = app_behind_proxy
    thread = Thread(app)
    thread.start()
    for text in (GOAL, "done", "We make the brand human.", "ok"):
        thread.say(text)
    posts_before = len(thread.thread_posts())

    def restore_after_the_cut() -> None:
        assert proxy.cut_happened.wait(20)
        proxy.restore()

    restorer = threading.Thread(target=restore_after_the_cut)
    restorer.start()
    proxy.cut_on(b"UPDATE checkin_schedules SET timezone")
    reply = app.driver.thread_reply("ok", thread_ts=thread.thread_ts, user_id="U1")
    restorer.join(timeout=20)
    assert proxy.cut_happened.is_set()  # the outage did come, in that step
    assert reply.status == 200
    stored = thread.stored()
    assert stored.owner_id == "U1" and stored.schedule is not None
    assert stored.schedule.timezone == "Europe/Oslo"  # U1's zone in the fake Slack
    said = [message_text(post.params) for post in thread.thread_posts()[posts_before:]]
    assert len(said) == 1 and "Step 5 of 5" in said[0], said


def test_a_command_whose_database_goes_away_after_the_ack_tells_the_person(
    app_behind_proxy: tuple[RunningApp, PgProxy],
) -> None:
    """The guard found the database; it went away while `/strategy` was saving the new
    strategy: the person hears "try again" instead of nothing, and trying again works."""
    app, proxy = app_behind_proxy
    proxy.cut_on(b"INSERT INTO strategies")
    assert app.driver.command("", user_id="U1", channel_id="C5").status == 200
    assert proxy.cut_happened.is_set()
    (told,) = app.slack.calls("response_url")
    assert told.params["text"] == UNREACHABLE
    assert told.params["response_type"] == "ephemeral"
    assert app.slack.calls("chat.postMessage") == []
    proxy.restore()
    assert app.driver.command("", user_id="U1", channel_id="C5").status == 200
    (card,) = app.slack.calls("chat.postMessage")[:1]
    assert card.params["channel"] == "C5" and not card.params.get("thread_ts")
