"""Building the Bolt app: a factory, never an import-time global, so tests build many."""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.builder import service
from bot.builder.service import Coaching
from bot.checkins.report_form import ReportForms
from bot.checkins.sending import WeeklyCheckins
from bot.insights.home import Dashboard
from bot.insights.status import StatusReports
from bot.runtime.config import Config
from bot.slack.client import SlackIO
from handlers import actions, commands, home, mentions, messages, views
from storage.db import SessionFactory, make_engine, make_session_factory


def make_client(config: Config) -> WebClient:
    return WebClient(
        token=config.bot_token,
        base_url=config.api_url,
        retry_handlers=[
            RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def make_weekly(config: Config, sessions: SessionFactory) -> WeeklyCheckins:
    # One id per process, so a claim in the database says who is sending.
    worker = f"{socket.gethostname()}:{os.getpid()}"
    return WeeklyCheckins(sessions, SlackIO(make_client(config)), worker)


def create_app(
    config: Config,
    sessions: SessionFactory | None = None,
    today: Callable[[], dt.date] = dt.date.today,
    now: Callable[[], dt.datetime] = utc_now,
) -> App:
    if sessions is None:
        sessions = make_session_factory(make_engine(config.database_url))
    client = make_client(config)
    app = App(client=client, signing_secret=config.signing_secret)
    weekly = make_weekly(config, sessions)
    translator_for = partial(service.translator_for, sessions, SlackIO(client))
    # Charts render here, never on the thread that answers Slack or posts the message.
    charts = ThreadPoolExecutor(max_workers=2, thread_name_prefix="status-chart")
    statuses = StatusReports(sessions, SlackIO(client), now, translator_for, charts)
    coaching = Coaching(
        sessions, SlackIO(client), today=today, now=now, weekly=weekly, statuses=statuses
    )
    report_forms = ReportForms(sessions, SlackIO(client), weekly)
    assert coaching.checkin_commands is not None
    dashboard = Dashboard(
        sessions, SlackIO(client), now, translator_for, coaching.checkin_commands, report_forms
    )
    # The owner's Home tab shows the new numbers as soon as a report is saved.
    weekly.after_report = dashboard.publish

    @app.middleware
    def provide_services(context: BoltContext, next: Callable[[], None]) -> None:
        context["coaching"] = coaching
        context["weekly"] = weekly
        context["report_forms"] = report_forms
        context["statuses"] = statuses
        context["dashboard"] = dashboard
        context["now"] = now
        next()

    for listeners in (commands, messages, mentions, home, actions, views):
        listeners.register(app)
    return app
