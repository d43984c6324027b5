"""Which language to speak: the team's choice (`/strategy language`) wins over everyone's Slack
locale; without a choice each person gets their own, asked of Slack only when needed."""

from __future__ import annotations

from collections.abc import Callable

from bot.i18n.catalogue import Translator, language_for_locale, translator
from bot.slack.client import SlackIO
from storage import workspaces
from storage.db import SessionFactory


class Languages:
    def __init__(self, sessions: SessionFactory, slack: SlackIO) -> None:
        self.sessions = sessions
        self.slack = slack

    def for_user(self, team_id: str, user_id: str) -> Translator:
        """The team's chosen language, else the user's Slack locale (`users.info` only then)."""
        return self.for_team(team_id, lambda: self.slack.user(user_id).locale)

    def for_team(self, team_id: str, locale: Callable[[], str | None]) -> Translator:
        """The team's chosen language, else the language of `locale()`, called only then."""
        with self.sessions.begin() as session:
            chosen = workspaces.team_language(session, team_id)
        if chosen:
            return translator(chosen)
        return translator(language_for_locale(locale()))

    def choose_for_team(self, team_id: str, language: str) -> None:
        """From now on the team's language, for everyone and every strategy it has."""
        with self.sessions.begin() as session:
            workspaces.set_team_language(session, team_id, language)
