"""The strategy's card and thread in Slack: posting the card once (also for a strategy whose
card never made it, "healing" it), and re-asking the open question at most once in a while.

A strategy is saved before its card is posted. If the post fails without an answer, or the
process stops in between, the strategy has no `card_ts`; the next `/strategy` posts the card
then. A short claim makes concurrent commands give one card, the card is stored only where
none is (compare-and-set), and a marker finds a card which reached Slack before its answer was
lost (`SlackIO.post_or_error`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.builder import messages
from bot.builder.questions import answer_choices, open_question
from bot.domain.model import Status, Strategy
from bot.i18n.catalogue import Translator, translator
from bot.slack.blocks import notice
from bot.slack.client import SlackIO, SlackUser
from bot.slack.replies import Respond, ephemeral
from storage import checkin_schedules, people, processed_messages, strategies
from storage.db import SessionFactory

# Errors after which nobody knows whether the card is in Slack: the strategy is kept, and the
# next `/strategy` looks for the card before posting it.
UNKNOWN_OUTCOME = ("unknown", "unreachable")
# Many `/strategy` at once re-post the open question once in this long.
REASK_WINDOW = dt.timedelta(seconds=60)
# How long one request may be posting a card before another may try: longer than a post with
# its lookups and retries takes, short enough that a process stopped mid-post blocks nobody long.
CARD_CLAIM = dt.timedelta(minutes=2)


@dataclass(frozen=True)
class CardResult:
    strategy: Strategy | None  # as saved, with its card_ts when the card is there
    error: str | None = None  # Slack's error code when the card could not be posted
    posted_now: bool = False  # this call put the card in Slack (so it asks the question)


class StrategyThread:
    def __init__(
        self, sessions: SessionFactory, slack: SlackIO, now: Callable[[], dt.datetime]
    ) -> None:
        self.sessions = sessions
        self.slack = slack
        self.now = now

    def post_card(self, team_id: str, strategy_id: int, look_first: bool) -> CardResult:
        """Post the card of a strategy that has none; `look_first` when an earlier attempt may
        have reached Slack.

        One poster at a time holds a short claim (`CARD_CLAIM`); the post itself is made outside
        any transaction, so a slow Slack never holds the database (on SQLite a transaction
        holds the whole database), and the card is stored only if none was meanwhile."""
        with self.sessions.begin() as session:
            strategy = strategies.strategy_by_id(session, team_id, strategy_id)
            if strategy is None or strategy.card_ts:
                return CardResult(strategy)
            claimed = processed_messages.claim_within(
                session,
                team_id,
                strategy.channel_id,
                _card_key(strategy_id),
                self.now(),
                CARD_CLAIM,
            )
        if not claimed:  # another request is posting it right now
            return CardResult(strategy)
        strategy_tr = translator(strategy.language)
        ts, error = self.slack.post_or_error(
            strategy.channel_id,
            *messages.card(strategy, strategy_tr),
            post_id=f"card-{strategy.team_id}-{strategy.id}",
            look_first=look_first,
        )
        with self.sessions.begin() as session:
            if ts is None:  # the next `/strategy` may try again at once
                processed_messages.release(
                    session, team_id, strategy.channel_id, _card_key(strategy_id)
                )
                return CardResult(strategy, error=error)
            posted_now = strategies.set_card(session, team_id, strategy_id, ts)
            stored = strategies.strategy_by_id(session, team_id, strategy_id)
        return CardResult(stored, posted_now=posted_now)

    def first_card(self, strategy: Strategy, tr: Translator, respond: Respond) -> None:
        """The card of a strategy just saved, then its first question."""
        assert strategy.id is not None
        result = self.post_card(strategy.team_id, strategy.id, look_first=False)
        if result.error in UNKNOWN_OUTCOME:  # kept: the next `/strategy` finds or posts it
            ephemeral(respond, *notice(being_set_up_note(tr)))
        elif result.error is not None:  # Slack said no (not in the channel, say)
            with self.sessions.begin() as session:
                strategies.delete_strategy(session, strategy.team_id, strategy.id)
            ephemeral(respond, *notice(messages.post_error_note(result.error, tr)))
        elif result.strategy is not None and result.posted_now:  # only re-posts are rationed
            strategy_tr = translator(result.strategy.language)
            self.post(result.strategy, [], open_question(result.strategy, strategy_tr), strategy_tr)
        elif result.strategy is None or not result.strategy.thread_ts:  # another is posting it
            ephemeral(respond, *notice(being_set_up_note(tr)))

    def show(self, strategy: Strategy, tr: Translator, respond: Respond) -> None:
        """`/strategy` where one exists: the summary when live, else the link to its thread
        (the card posted first if it never was) and the open question once in a while."""
        if not strategy.thread_ts:
            healed = self.heal(strategy, tr, respond)
            if healed is None:
                return
            strategy = healed
        if strategy.status is Status.LIVE and strategy.conversation.step is None:
            ephemeral(respond, *messages.summary(strategy, tr))
            return
        link = self.slack.permalink(strategy.channel_id, strategy.thread_ts or "")
        if not link:
            note = tr("This channel's strategy is being built in its thread.")
        elif strategy.status is Status.LIVE:  # live, with a step reopened
            note = tr("This channel's strategy is being edited <{link}|in this thread>.", link=link)
        else:
            note = tr("This channel's strategy is being built <{link}|in this thread>.", link=link)
        ephemeral(respond, *notice(note))
        self.ask_again(strategy)

    def heal(self, strategy: Strategy, tr: Translator, respond: Respond) -> Strategy | None:
        """Post the card of a strategy saved without one (its post was lost, or the process
        stopped); the strategy with its thread, or None (and the user told why) if Slack still
        can't take it. Refused outright (the bot is not in the channel), the cardless strategy
        is removed, as when it was started, so the next `/strategy` starts afresh."""
        if strategy.id is None:
            return None
        result = self.post_card(strategy.team_id, strategy.id, look_first=True)
        if result.strategy is not None and result.strategy.thread_ts:
            return result.strategy
        if result.error is not None and result.error not in UNKNOWN_OUTCOME:
            with self.sessions.begin() as session:
                fresh = strategies.strategy_by_id(session, strategy.team_id, strategy.id, lock=True)
                if fresh is not None and not fresh.thread_ts:
                    strategies.delete_strategy(session, strategy.team_id, strategy.id)
            ephemeral(respond, *notice(messages.post_error_note(result.error, tr)))
            return None
        ephemeral(respond, *notice(being_set_up_note(tr)))
        return None

    def ask_again(self, strategy: Strategy) -> None:
        """The open question in the thread, unless it was (re-)posted within REASK_WINDOW."""
        if not strategy.thread_ts or strategy.id is None or strategy.conversation.step is None:
            return
        with self.sessions.begin() as session:
            claimed = processed_messages.claim_within(
                session,
                strategy.team_id,
                strategy.channel_id,
                f"ask:{strategy.id}",
                self.now(),
                REASK_WINDOW,
            )
        if claimed:
            tr = translator(strategy.language)
            self.post(strategy, [], open_question(strategy, tr), tr)

    def post(
        self, strategy: Strategy, said: list[str], question: str | None, tr: Translator
    ) -> None:
        """Lines and the open question as one post in the thread."""
        if not strategy.thread_ts or not (said or question):
            return
        choices = answer_choices(strategy, tr) if question is not None else None
        text, block_list = messages.thread_post(strategy, said, question, tr, choices)
        self.slack.post(strategy.channel_id, text, block_list, thread_ts=strategy.thread_ts)


def _card_key(strategy_id: int) -> str:
    return f"card:{strategy_id}"


def owner_zone(
    session: Session, strategy: Strategy, owner: str, asked: SlackUser, now: dt.datetime
) -> str:
    """The zone for the owner's check-ins: what Slack just said (`asked`), kept as the owner's
    profile, so their first check-in asks Slack nothing more (bot/checkins/owners.py); when
    Slack couldn't say, `zone_without_slack`."""
    if asked.tz is None:
        return zone_without_slack(session, strategy)
    people.save_checked(session, strategy.team_id, owner, asked.tz, asked.locale, now)
    return asked.tz


def zone_without_slack(session: Session, strategy: Strategy) -> str:
    """The owner's zone when Slack can't tell: the one the schedule has, else the zone most of
    the workspace's schedules use, else UTC."""
    known = strategy.schedule.timezone if strategy.schedule else "UTC"
    if known != "UTC":
        return known
    return checkin_schedules.usual_timezone(session, strategy.team_id) or "UTC"


def being_set_up_note(tr: Translator) -> str:
    return tr("This channel's strategy is being set up; try `/strategy` again in a moment.")


def zone_unknown_note(owner: str, zone: str, tr: Translator) -> str:
    return tr(
        "I could not get <@{owner}>'s time zone from Slack just now, so the check-ins use {zone} "
        "for now; I will look again before each one.",
        owner=owner,
        zone=zone,
    )
