"""After an "Add to Slack" install (bot/runtime/oauth.py): the workspace is back if it had
been uninstalled (its data kept, its check-ins resume), and the installer gets a direct
message from the coach, in the team's language or else their own Slack locale, sent with the
new installation's token."""

from __future__ import annotations

import logging
from typing import Protocol

from bot.lifecycle.service import WorkspaceLifecycle
from bot.lifecycle.welcome_message import welcome_message
from bot.people.languages import Languages
from bot.slack.client import SlackIO, make_client
from storage.db import SessionFactory

log = logging.getLogger(__name__)


class NewInstallation(Protocol):
    """What is used of slack_sdk's `Installation`."""

    team_id: str | None
    user_id: str
    bot_token: str | None


def installation_slack(installation: NewInstallation, api_url: str) -> SlackIO:
    """The Slack calls of the new installation, with its own bot token (the one place that
    chooses it)."""
    return SlackIO(make_client(installation.bot_token or "", api_url))


class InstallerWelcome:
    def __init__(
        self, sessions: SessionFactory, lifecycle: WorkspaceLifecycle, api_url: str
    ) -> None:
        self.sessions = sessions
        self.lifecycle = lifecycle
        self.api_url = api_url

    def __call__(self, installation: NewInstallation) -> str:
        """Welcome the installer; the language spoken ("en" or "nb"), for the success page."""
        team_id = installation.team_id or ""
        self.lifecycle.installed(team_id)
        slack = installation_slack(installation, self.api_url)
        tr = Languages(self.sessions, slack).for_user(team_id, installation.user_id)
        channel = slack.open_dm(installation.user_id)
        if channel is None:
            log.warning("No DM with the installer of %s: not welcomed", team_id)
            return tr.language
        text, blocks = welcome_message(tr)
        slack.post(channel, text, blocks)
        return tr.language
