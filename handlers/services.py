"""What the listeners hand their work to: the capabilities' services, built once by the runtime
(bot/runtime/app.py) and put into every request's context by a middleware."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from slack_bolt import BoltContext

from bot.builder.service import Builder
from bot.checkins.answers import CheckinAnswers
from bot.commands.router import Commands
from bot.insights.home import HomeTab
from bot.insights.status import StatusReports

CONTEXT_KEY = "services"


@dataclass(frozen=True)
class Services:
    commands: Commands  # /strategy and the Home tab's buttons
    builder: Builder  # the five-step dialogue: thread replies, its buttons and forms
    answers: CheckinAnswers  # the owner's answers to a check-in, and the Report form
    statuses: StatusReports  # @Strategy Coach status
    home: HomeTab  # publishing the Home tab
    now: Callable[[], dt.datetime]


def services(context: BoltContext) -> Services:
    return context[CONTEXT_KEY]
