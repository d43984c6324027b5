"""Building the Bolt app: a factory, never an import-time global, so tests build many.

Every service is made here once, with its collaborators passed in at construction; the wiring
is the one place that knows them all.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from collections.abc import Callable
from concurrent.futures import Executor

from slack_bolt import App, BoltContext

from bot.builder.service import Builder
from bot.checkins.answers import CheckinAnswers
from bot.checkins.commands import CheckinCommands
from bot.checkins.fanout import Fanout
from bot.checkins.owners import OwnerProfiles
from bot.checkins.profile_refresh import PER_RUN, ProfileRefresher
from bot.checkins.sending import CheckinSender
from bot.commands.router import Commands
from bot.insights.exports import Exports
from bot.insights.finder import StrategyFinder
from bot.insights.home import HomeTab
from bot.insights.status import CHART_QUEUE, StatusReports
from bot.lifecycle.service import Installations, WorkspaceLifecycle
from bot.lifecycle.welcome import InstallerWelcome
from bot.people.directory import Directory
from bot.people.languages import Languages
from bot.runtime.config import Config
from bot.runtime.executors import ContextExecutor
from bot.runtime.oauth import make_multi_workspace_app
from bot.runtime.request_checks import drop_payloads_without_ids
from bot.runtime.token_sources import token_source
from bot.slack import rate_limits
from bot.slack.client import SlackIO, make_client
from handlers import actions, commands, home, mentions, messages, views
from handlers import lifecycle as lifecycle_listeners
from handlers import people as people_listeners
from handlers.database_guard import database_guard
from handlers.middleware import Direct
from handlers.services import CONTEXT_KEY, Services
from handlers.team_scope import enter_request_team
from storage.db import SessionFactory, make_engine, make_session_factory

log = logging.getLogger(__name__)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def make_lifecycle(
    config: Config,
    sessions: SessionFactory,
    now: Callable[[], dt.datetime] = utc_now,
    installations: Installations | None = None,
) -> WorkspaceLifecycle:
    """`installations`: the App's installation store in multi-workspace mode, where an
    uninstall deletes the workspace's installation too."""
    grace = dt.timedelta(days=config.uninstall_grace_days)
    return WorkspaceLifecycle(sessions, now, grace, installations)


def make_sender(
    config: Config,
    sessions: SessionFactory,
    now: Callable[[], dt.datetime] = utc_now,
    only_team: str | None = None,
) -> CheckinSender:
    """The check-in sender, as the scheduler drives it. `only_team`: the one workspace whose
    check-ins it sends (the shell's). With one bot token that is the token's workspace: another
    one on the same database (`strategy-coach shell`'s, say) can't be reached with it."""
    rate_limits.configure(config.api_url, config.slack_rate_scale)
    slack = SlackIO(
        token_source(config, sessions), make_lifecycle(config, sessions, now).auth_failed
    )
    prunes = only_team is None  # the bot prunes; the shell, whose clock runs ahead, doesn't
    if only_team is None and not config.multi_workspace:
        only_team = slack.whoami()[0]  # unknown while Slack is unreachable: every workspace
    return CheckinSender(
        sessions,
        slack,
        worker_id(),
        clock=now,
        only_team=only_team,
        prunes=prunes,
        fanout=Fanout(config.checkin_send_workers),
        share_posts=rate_limits.shared(config.api_url).share_posts,
    )


def worker_id() -> str:
    # One id per process, so a claim in the database says who is sending.
    return f"{socket.gethostname()}:{os.getpid()}"


def make_tick(config: Config, sessions: SessionFactory) -> Callable[..., int]:
    """What the scheduler calls, `tick(now, should_stop=…)`: send the due check-ins, then
    (hourly at most) delete the data of workspaces uninstalled longer than the grace period."""
    sender = make_sender(config, sessions)
    lifecycle = make_lifecycle(config, sessions)

    def tick(now: dt.datetime, should_stop: Callable[[], bool] = lambda: False) -> int:
        sent = sender.tick(now, should_stop=should_stop)
        if not should_stop():
            lifecycle.purge_expired(now)
        return sent

    return tick


def make_profile_refresh(
    config: Config,
    sessions: SessionFactory,
    now: Callable[[], dt.datetime] = utc_now,
    per_run: int = PER_RUN,
) -> Callable[..., int]:
    """What the scheduler calls every minute beside the tick, `refresh(now, should_stop=…)`:
    a few owners' profiles asked of Slack before they are old (bot/checkins/profile_refresh.py),
    for the workspaces the check-ins are sent in (`make_sender`'s)."""
    rate_limits.configure(config.api_url, config.slack_rate_scale)
    slack = SlackIO(
        token_source(config, sessions), make_lifecycle(config, sessions, now).auth_failed
    )
    only_team = None if config.multi_workspace else slack.whoami()[0]
    owners = OwnerProfiles(sessions, slack, now)
    return ProfileRefresher(sessions, owners, only_team, per_run).run


def create_app(
    config: Config,
    sessions: SessionFactory | None = None,
    today: Callable[[], dt.date] = dt.date.today,
    now: Callable[[], dt.datetime] = utc_now,
    process_before_response: bool = False,
    charts: ContextExecutor | None = None,
    listener_executor: Executor | None = None,
) -> App:
    """`process_before_response=True` (tests) answers the HTTP request only after the listener
    has finished, so "nothing happened" can be checked on the reply; production acks first
    (Slack's 3 seconds). `charts` runs the status charts (tests pass one they can wait on).
    `listener_executor` runs Bolt's listeners after the ack (`strategy-coach run` passes its
    own, to let them finish when it stops; None: one like Bolt's default). Both run their tasks
    in the submitter's context, the request's workspace in scope (bot/runtime/executors.py)."""
    if sessions is None:
        sessions = make_session_factory(make_engine(config.database_url))
    rate_limits.configure(config.api_url, config.slack_rate_scale)  # shared by the process
    client = make_client(config.bot_token, config.api_url)  # multi-workspace: no token
    if listener_executor is None:  # Bolt's default size, each listener in its request's scope
        listener_executor = ContextExecutor(max_workers=5, thread_name_prefix="listener")
    if config.multi_workspace:  # "Add to Slack": each workspace's token from its installation
        app = make_multi_workspace_app(
            config,
            sessions.kw["bind"],
            client,
            # The workspace is back if it was uninstalled, and the installer gets a DM.
            welcome=InstallerWelcome(
                sessions, make_lifecycle(config, sessions, now), config.api_url
            ),
            process_before_response=process_before_response,
            listener_executor=listener_executor,
        )
    else:
        app = App(
            client=client,
            signing_secret=config.signing_secret,
            process_before_response=process_before_response,
            listener_executor=listener_executor,
        )
    installations = app.installation_store if config.multi_workspace else None
    lifecycle = make_lifecycle(config, sessions, now, installations)
    # Each call with the token of the workspace in scope (the request's, entered first below).
    slack = SlackIO(token_source(config, sessions, installations, client), lifecycle.auth_failed)
    team_id = None if config.multi_workspace else slack.whoami()[0]
    if team_id:
        _back_at_start(lifecycle, team_id)  # the token works: a reinstall resumes
    languages = Languages(sessions, slack)
    # The one the requests use (`/strategy checkin`, going live); the scheduler has its own.
    owners = OwnerProfiles(sessions, slack, now)  # kept current by `user_change`
    sender = CheckinSender(sessions, slack, worker_id(), clock=now, owners=owners)
    home_tab = HomeTab(sessions, slack, languages, now)
    # The reporter's Home tab shows the new numbers as soon as a report is saved.
    answers = CheckinAnswers(sessions, slack, after_report=home_tab.publish)
    builder = Builder(sessions, slack, languages, sender, Directory(slack), today=today, now=now)
    finder = StrategyFinder(sessions, slack)
    # Charts render here, never on the thread that answers Slack or posts the message.
    if charts is None:  # its queue bounded: a burst of statuses queues no unbounded work
        charts = ContextExecutor(2, "status-chart", max_pending=CHART_QUEUE)
    statuses = StatusReports(sessions, slack, finder, languages, now, charts)
    router = Commands(
        languages=languages,
        builder=builder,
        checkin_commands=CheckinCommands(sessions, slack, sender, now),
        answers=answers,
        statuses=statuses,
        exports=Exports(sessions, slack, finder, languages, now),
        home=home_tab,
        now=now,
    )
    found = Services(
        commands=router,
        builder=builder,
        answers=answers,
        statuses=statuses,
        home=home_tab,
        now=now,
    )

    # First of all: the request's workspace in scope, for every Slack call it leads to.
    # (Each wrapped in `Direct`: Bolt calls it as it is, without inspecting it per request.)
    app.middleware(Direct(enter_request_team))
    # Before any listener: payloads without the ids they need go no further (Socket Mode; over
    # HTTP they were refused already), and with the database away nothing is acked.
    app.middleware(Direct(drop_payloads_without_ids))
    app.middleware(Direct(database_guard(sessions, slack)))

    def provide_services(body: dict, context: BoltContext, next: Callable[[], None]) -> None:
        context[CONTEXT_KEY] = found
        next()

    app.middleware(Direct(provide_services))

    for listeners in (commands, messages, mentions, home, actions, views):
        listeners.register(app)
    lifecycle_listeners.register(app, lifecycle)
    people_listeners.register(app, owners)
    return app


def _back_at_start(lifecycle: WorkspaceLifecycle, team_id: str) -> None:
    try:
        lifecycle.seen(team_id)
    except Exception as error:  # the database may come later; a request clears the mark then
        log.warning("Could not check whether workspace %s is back: %s", team_id, error)
