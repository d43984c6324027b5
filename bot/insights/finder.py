"""Which strategy someone asking for a status or an export means, keeping private strategies in
their own channel: one short read of the team's strategies, the pure choice (`choice.py`), and
`conversations.info` for each candidate that would be shown outside its home channel.
"""

from __future__ import annotations

from bot.domain.actor import Actor
from bot.domain.model import Snapshot, StrategyRef
from bot.i18n.catalogue import Translator
from bot.insights import status_messages
from bot.insights.choice import choose
from bot.slack.blocks import notice
from bot.slack.client import SlackIO
from bot.slack.replies import Tell
from storage import standings
from storage.db import SessionFactory

# How many strategies are checked for a list to choose from (each is a conversations.info).
_CANDIDATES = 20


class StrategyFinder:
    def __init__(self, sessions: SessionFactory, slack: SlackIO) -> None:
        self.sessions = sessions
        self.slack = slack

    def _visible_here(self, ref: StrategyRef, channel_id: str) -> bool:
        return ref.channel_id == channel_id or self.slack.is_public_channel(ref.channel_id)

    def find(self, actor: Actor, asked: str, tr: Translator, tell: Tell) -> Snapshot | None:
        """The snapshot of the strategy meant, or None after telling the asker why not.

        A private channel's strategy asked for anywhere else gets the same answer as one that
        does not exist, so its name cannot be probed from outside.
        """
        # Slack escapes &, < and > in the text it sends; names are matched as typed.
        asked = asked.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        with self.sessions.begin() as session:
            refs = standings.strategy_refs(session, actor.team_id)
        choice = choose(refs, actor.channel_id, asked)
        ref = choice.chosen
        if ref is not None and self._visible_here(ref, actor.channel_id):
            with self.sessions.begin() as session:
                return standings.snapshot(session, actor.team_id, ref.id)
        # Never list a private channel's strategy outside it (and bound the lookups).
        candidates = [] if ref is not None else choice.candidates[:_CANDIDATES]
        shown = [r for r in candidates if self._visible_here(r, actor.channel_id)]
        if len(shown) == 1 and choice.matched:  # the only one that may be shown here
            with self.sessions.begin() as session:
                return standings.snapshot(session, actor.team_id, shown[0].id)
        if len(shown) > 1 or (shown and asked):
            tell(*status_messages.choose_message(shown, tr, asked))
        else:
            tell(*notice(_none_here(tr)))
        return None


def _none_here(tr: Translator) -> str:
    return tr(
        "I have no strategy to show here. A strategy whose home is a private channel is shown "
        "only in that channel: ask there. To start one, type `/strategy` in a channel."
    )
