"""A sender kept to one workspace (`strategy-coach shell`'s, whose clock the user moves ahead,
maybe on the bot's own database) claims, sends and reminds that workspace's check-ins only,
and leaves the pruning of handled messages to the bot. On SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import func, select

from bot.checkins.reminding import REMIND_AFTER
from bot.checkins.sending import CheckinSender
from bot.slack.client import SlackIO, make_client
from storage import processed_messages, strategies, workspaces
from storage.models import CheckinRow, ProcessedMessage
from tests.conftest import TEAM, RunningApp
from tests.support.checkins import SLOTS, live, live_strategy, owner_dms, sender

SLOT = SLOTS["Europe/Oslo"][0]


def _one_team_sender(app: RunningApp, team_id: str) -> CheckinSender:
    slack = SlackIO(make_client("xoxb-test-token", app.slack.api_url))
    return CheckinSender(
        app.sessions, slack, "shell", clock=app.clock.now, only_team=team_id, prunes=False
    )


def _claimed(app: RunningApp) -> list[str | None]:
    with app.sessions.begin() as session:
        return list(session.scalars(select(CheckinRow.claimed_by)))


def test_another_teams_sender_leaves_the_check_in_to_the_bot(running_app: RunningApp) -> None:
    app = running_app
    strategy = live(app)
    sender(app).schedule(strategy, SLOT - dt.timedelta(days=1))
    # The shell's clock runs weeks ahead of the bot's.
    assert _one_team_sender(app, "TSHELL").tick(SLOT + dt.timedelta(weeks=3)) == 0
    assert owner_dms(app) == []
    assert _claimed(app) == []  # nothing claimed, nothing marked missed
    # The bot, at the slot, still sends it, once.
    assert sender(app).tick(SLOT) == 1
    assert len(owner_dms(app)) == 1
    assert "shell" not in _claimed(app)


def test_a_sender_kept_to_the_team_sends_and_reminds_its_check_ins(
    running_app: RunningApp,
) -> None:
    app = running_app
    strategy = live(app)
    sender(app).schedule(strategy, SLOT - dt.timedelta(days=1))
    own = _one_team_sender(app, TEAM)
    assert own.tick(SLOT) == 1
    assert len(owner_dms(app)) == 1
    reminders = len(app.slack.calls("chat.postMessage"))
    _one_team_sender(app, "TSHELL").tick(SLOT + REMIND_AFTER + dt.timedelta(minutes=1))
    assert len(app.slack.calls("chat.postMessage")) == reminders  # not the shell's to remind
    own.tick(SLOT + REMIND_AFTER + dt.timedelta(minutes=1))
    reminded = app.slack.calls("chat.postMessage")[reminders:]
    assert [call.params.get("thread_ts") for call in reminded] == [owner_dms(app)[0].response["ts"]]


def test_a_sender_kept_to_one_team_prunes_nothing(running_app: RunningApp) -> None:
    app = running_app
    with app.sessions.begin() as session:
        processed_messages.claim_message(session, TEAM, "C1", "1690000000.000001")

    def kept() -> int:
        with app.sessions.begin() as session:
            return session.scalar(select(func.count()).select_from(ProcessedMessage)) or 0

    far_ahead = app.clock.now() + dt.timedelta(weeks=10)
    _one_team_sender(app, TEAM).tick(far_ahead)
    assert kept() == 1
    sender(app).tick(far_ahead)  # the bot's own tick prunes
    assert kept() == 0


def test_a_bot_with_one_token_sends_only_its_own_workspaces_check_ins(
    running_app: RunningApp,
) -> None:
    """Another workspace on the same database (the shell's, `T0SHELL0`) can't be reached with
    the bot's token: the bot's scheduler leaves its check-ins alone."""
    app = running_app
    weekly = sender(app)  # as `strategy-coach run` makes it: the token's workspace is T111
    ours = live(app)
    theirs = dataclasses.replace(live_strategy(channel="C9", owner="U9"), team_id="T0SHELL0")
    with app.sessions.begin() as session:
        workspaces.ensure_workspace(session, "T0SHELL0")
        strategies.save_strategy(session, theirs)
        weekly.schedule_in(session, theirs, app.clock.now())
    for strategy in (ours, theirs):
        weekly.schedule(strategy, SLOT - dt.timedelta(days=1))
    assert weekly.tick(SLOT) == 1
    assert [call.response["channel"] for call in owner_dms(app, "U2")] == [
        app.slack.dm_channel("U2")
    ]
    assert owner_dms(app, "U9") == []
