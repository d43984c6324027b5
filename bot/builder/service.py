"""The five-step dialogue as Slack drives it: load the strategy, let the coach decide, save, then
speak (the card in the channel, the turn in the thread, the whole strategy at the end).

Every change is committed before anything is posted, so a failed post loses nothing: the next
`/strategy` re-asks the open question, and posts the card of a strategy whose card never made it
(bot/builder/thread.py). Going live sets the next check-in in the same transaction. Handlers
and the router call these methods after they have acked.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from functools import partial
from typing import Protocol

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from bot.builder import coach, forms, messages, responsibility_step
from bot.builder.questions import open_question
from bot.builder.thread import StrategyThread, owner_zone, zone_unknown_note
from bot.builder.typed_replies import reply_as_typed
from bot.domain.actor import Actor
from bot.domain.model import Step, Strategy
from bot.i18n.catalogue import Translator, translator
from bot.people.directory import Directory
from bot.people.languages import Languages
from bot.slack.blocks import notice
from bot.slack.client import SlackIO
from bot.slack.replies import Respond, ephemeral
from bot.text.ids import row_id
from storage import processed_messages, strategies
from storage.db import PATIENCE, SessionFactory

log = logging.getLogger(__name__)


class CheckinSchedule(Protocol):
    """Who keeps the weekly check-ins in step with a strategy that went live or was edited."""

    def schedule_in(self, session: Session, strategy: Strategy, now: dt.datetime) -> None: ...


class Builder:
    def __init__(
        self,
        sessions: SessionFactory,
        slack: SlackIO,
        languages: Languages,
        checkins: CheckinSchedule,
        directory: Directory,
        today: Callable[[], dt.date],
        now: Callable[[], dt.datetime],
    ) -> None:
        self.sessions = sessions
        self.slack = slack
        self.languages = languages
        self.checkins = checkins
        self.directory = directory  # finds a person written without a mention in a channel
        self.today = today
        self.now = now
        self.thread = StrategyThread(sessions, slack, now)

    # --- /strategy and /strategy edit ----------------------------------------------------

    def start_or_show(
        self, actor: Actor, channel_name: str, tr: Translator, respond: Respond
    ) -> None:
        """`/strategy`: start one in this channel, or show the one it has."""
        if actor.channel_id.startswith("D"):
            # Thread replies in direct messages never reach the coach: it listens in channels.
            ephemeral(
                respond,
                *notice(
                    tr("A strategy lives in a channel: type `/strategy` in your team's channel.")
                ),
            )
            return
        existing = self._in_channel(actor)
        if existing is not None:
            self._show_existing(existing, tr, respond)
            return
        name = tr("Social media strategy for #{channel}", channel=channel_name or "channel")
        strategy = Strategy(
            team_id=actor.team_id,
            channel_id=actor.channel_id,
            name=name[:80],
            started_by=actor.user_id,
            language=tr.language,
        )
        coach.begin(strategy)
        try:
            with self.sessions.begin() as session:
                strategies.save_strategy(session, strategy, created_at=self.now())
        except IntegrityError:  # someone started one in this channel a moment ago
            existing = self._in_channel(actor)
            if existing is not None:
                self._show_existing(existing, tr, respond)
            return
        self.thread.first_card(strategy, tr, respond)

    def _in_channel(self, actor: Actor) -> Strategy | None:
        with self.sessions.begin() as session:
            return strategies.strategy_in_channel(session, actor.team_id, actor.channel_id)

    def _show_existing(self, strategy: Strategy, tr: Translator, respond: Respond) -> None:
        self.thread.show(strategy, tr, respond)

    def edit(self, actor: Actor, step: Step | None, tr: Translator, respond: Respond) -> None:
        """`/strategy edit <step>`: reopen that step in the thread (starter or owner only)."""
        if step is None:
            ephemeral(
                respond,
                *notice(
                    tr(
                        "Which step? `/strategy edit goals`, `mission`, `measurement`, "
                        "`responsibility` or `benefits`."
                    )
                ),
            )
            return
        unposted = self._in_channel(actor)
        if (
            unposted is not None
            and not unposted.thread_ts
            and self.thread.heal(unposted, tr, respond) is None
        ):
            return
        refusal: str | None = None
        with self.sessions.begin() as session:
            strategy = strategies.strategy_in_channel(
                session, actor.team_id, actor.channel_id, lock=True
            )
            if strategy is None or not strategy.thread_ts:
                refusal = messages.no_strategy_note(tr)
            elif not strategy.may_answer(actor.user_id):
                refusal = messages.not_yours_note(strategy, tr)
            else:
                strategy_tr = translator(strategy.language)
                outcome = coach.reopen(strategy, step, strategy_tr)
                strategies.save_strategy(session, strategy)
        if refusal is not None or strategy is None or not strategy.thread_ts:
            ephemeral(respond, *notice(refusal or messages.no_strategy_note(tr)))
            return
        self._speak(strategy, outcome, strategy_tr, card_changed=True)
        link = self.slack.permalink(strategy.channel_id, strategy.thread_ts)
        ephemeral(
            respond,
            *notice(
                tr("Reopened it <{link}|in the thread>.", link=link)
                if link
                else tr("Reopened it in the thread.")
            ),
        )

    # --- thread replies ------------------------------------------------------------------

    def thread_reply(self, actor: Actor, thread_ts: str, ts: str, text: str) -> None:
        typed = reply_as_typed(self.sessions, self.slack, actor, thread_ts, text)  # no lock
        if typed is None:
            return  # no answer to the coach: looked at without taking the lock
        with self.sessions.begin() as session:
            # Locked: two replies (or a reply and its re-delivery) are handled one after the other.
            strategy = strategies.strategy_in_channel(
                session, actor.team_id, actor.channel_id, lock=True
            )
            if strategy is None or strategy.thread_ts != thread_ts:
                return
            if not strategy.may_answer(actor.user_id):
                return  # a colleague's remark, not an answer
            if strategy.conversation.step is None:
                return
            if not processed_messages.claim_message(session, actor.team_id, actor.channel_id, ts):
                return  # a retry or a second delivery of a reply already handled
            tr = translator(strategy.language)
            before = (strategy.conversation.step, list(strategy.skipped), strategy.status)
            outcome = coach.on_reply(strategy, typed, self.today(), tr, as_sent=text)
            self._save(session, strategy, outcome)
        self._after_reply(strategy, outcome, tr, before)

    def _after_reply(
        self, strategy: Strategy, outcome: coach.Outcome, tr: Translator, before: tuple
    ) -> None:
        """Ask Slack what the decision needs, then speak; `before` is (step, skipped, status)
        before the reply, so the card is updated only when one of them changed."""
        # The reply is claimed and saved by now, so a retry of the whole listener would stop at
        # its claim: each follow-up waits out a short database outage itself, or nothing is said.
        if outcome.lookup_person:
            written = outcome.lookup_person
            found = PATIENCE.run(
                lambda: self._look_up_person(strategy, written, tr), "the person lookup"
            )
            if found is None:
                return  # another answer came first and was answered on its own
            strategy, outcome = found
        if outcome.lookup_timezone_of:
            owner, went_live = outcome.lookup_timezone_of, outcome.finished
            note = PATIENCE.run(
                lambda: self._refresh_timezone(strategy, owner, went_live), "the owner's zone"
            )
            if note is not None:
                outcome.said.append(note(tr))
        after = (strategy.conversation.step, list(strategy.skipped), strategy.status)
        self._speak(strategy, outcome, tr, card_changed=before != after)

    def _look_up_person(
        self, strategy: Strategy, written: str, tr: Translator
    ) -> tuple[Strategy, coach.Outcome] | None:
        """The channel's members called `written`, asked of Slack outside any transaction, then
        the coach's decision on them, saved if the strategy still waits for that name."""
        found = self.directory.find(strategy.channel_id, written)
        people = [(member.user_id, member.name) for member in found]
        with self.sessions.begin() as session:
            fresh = strategies.strategy_by_id(session, strategy.team_id, strategy.id, lock=True)
            if fresh is None:
                return None
            outcome = responsibility_step.on_people_found(fresh, written, people, tr)
            if outcome is None:
                return None
            self._save(session, fresh, outcome)
        return fresh, outcome

    def _refresh_timezone(
        self, strategy: Strategy, user_id: str, went_live: bool
    ) -> Callable[[Translator], str] | None:
        """The owner's zone from Slack, saved (and the next check-in moved to it when the
        strategy just went live). When Slack can't say: the zone known, else the workspace's
        usual one, else UTC; then the line that says so."""
        asked = self.slack.user(user_id)
        with self.sessions.begin() as session:
            zone = owner_zone(session, strategy, user_id, asked, self.now())  # and kept
            strategies.set_schedule_timezone(session, strategy.team_id, strategy.id, zone)
            if strategy.schedule:
                strategy.schedule.timezone = zone
            if went_live:
                self.checkins.schedule_in(session, strategy, self.now())
        return None if asked.tz else partial(zone_unknown_note, user_id, zone)

    def _save(self, session: Session, strategy: Strategy, outcome: coach.Outcome) -> None:
        """Save a decision; a strategy it made live (or re-finished) gets its next check-in in
        the same transaction, so it is never live without one."""
        strategies.save_strategy(session, strategy)
        if outcome.finished:
            self.checkins.schedule_in(session, strategy, self.now())

    # --- speaking ------------------------------------------------------------------------

    def _speak(
        self, strategy: Strategy, outcome: coach.Outcome, tr: Translator, card_changed: bool
    ) -> None:
        question = open_question(strategy, tr) if outcome.ask else None
        self.thread.post(strategy, outcome.said, question, tr)
        if outcome.finished:
            self.slack.post(
                strategy.channel_id, *messages.summary(strategy, tr), thread_ts=strategy.thread_ts
            )
        if (card_changed or outcome.finished) and strategy.card_ts:
            self.slack.update(strategy.channel_id, strategy.card_ts, *messages.card(strategy, tr))

    # --- buttons and forms ---------------------------------------------------------------

    def button(
        self,
        actor: Actor,
        action_id: str,
        value: str,
        block_id: str,
        trigger_id: str,
        respond: Respond,
    ) -> None:
        """Skip, Go back, Use a form, or a ready-made answer under the open question."""
        if action_id == messages.ACTION_ANSWER:
            self._answer_button(actor, value, block_id, respond)
            return
        strategy_id = row_id(value)
        if strategy_id is None:
            return
        refusal: Callable[[Translator], str] | None = None
        outcome: coach.Outcome | None = None
        form_builder = _FORMS.get(action_id)
        with self.sessions.begin() as session:
            strategy = strategies.strategy_by_id(session, actor.team_id, strategy_id, lock=True)
            if strategy is None:
                return
            tr = translator(strategy.language)
            step = strategy.conversation.step
            if not strategy.may_answer(actor.user_id):
                refusal = partial(messages.not_yours_note, strategy)
            elif step is None or block_id != f"step_{step.value}":
                # Answered already, by a double click or an older message's button.
                refusal = messages.stale_note
            elif form_builder is None:
                mover = coach.skip if action_id == messages.ACTION_SKIP else coach.back
                outcome = mover(strategy, tr)
                self._save(session, strategy, outcome)
        if refusal is not None:
            user_tr = self.languages.for_user(actor.team_id, actor.user_id)
            ephemeral(respond, *notice(refusal(user_tr)))
        elif outcome is not None:
            self._speak(strategy, outcome, tr, card_changed=True)
        elif form_builder is not None:
            self.slack.open_view(trigger_id, form_builder(strategy, tr))

    def _answer_button(self, actor: Actor, reply: str, block_id: str, respond: Respond) -> None:
        """A ready-made answer: the same as typing `reply` in the thread, if the question it
        answers is still the open one."""
        refusal: Callable[[Translator], str] | None = None
        with self.sessions.begin() as session:
            strategy = strategies.strategy_in_channel(
                session, actor.team_id, actor.channel_id, lock=True
            )
            if strategy is None:
                return
            tr = translator(strategy.language)
            if not strategy.may_answer(actor.user_id):
                refusal = partial(messages.not_yours_note, strategy)
            elif strategy.conversation.step is None or block_id != messages.answers_block_id(
                strategy
            ):
                refusal = messages.stale_note
            else:
                before = (strategy.conversation.step, list(strategy.skipped), strategy.status)
                outcome = coach.on_reply(strategy, reply, self.today(), tr)
                self._save(session, strategy, outcome)
        if refusal is not None:
            user_tr = self.languages.for_user(actor.team_id, actor.user_id)
            ephemeral(respond, *notice(refusal(user_tr)))
            return
        self._after_reply(strategy, outcome, tr, before)

    def check_goal_form(self, team_id: str, values: dict, private_metadata: str) -> dict[str, str]:
        """Errors for a submitted goal form before the ack: they go back into the modal."""
        try:
            strategy = self._strategy(team_id, private_metadata)
        except SQLAlchemyError:
            log.exception("Could not load the strategy for a goal form")
            # Keep the modal open with what the user typed, rather than lose it.
            return {"metric": translator(None)("Something went wrong; please try again.")}
        if strategy is None:
            return {}
        _, errors = forms.read_goal_form(values, translator(strategy.language), self.today())
        return errors

    def goal_form_submitted(
        self, actor: Actor, values: dict, private_metadata: str, view_id: str
    ) -> None:
        def add_goal(strategy: Strategy, tr: Translator) -> coach.Outcome | None:
            goal, _ = forms.read_goal_form(values, tr, self.today())
            return coach.add_goal(strategy, goal, tr) if goal else None

        self._form_submitted(actor, private_metadata, view_id, add_goal)

    def metrics_form_submitted(
        self, actor: Actor, values: dict, private_metadata: str, view_id: str
    ) -> None:
        def set_metrics(strategy: Strategy, tr: Translator) -> coach.Outcome:
            return coach.set_metrics(strategy, forms.read_metrics_form(values, strategy), tr)

        self._form_submitted(actor, private_metadata, view_id, set_metrics)

    def _form_submitted(
        self,
        actor: Actor,
        private_metadata: str,
        view_id: str,
        decide: Callable[[Strategy, Translator], coach.Outcome | None],
    ) -> None:
        """A modal's answer, once: a second submission of the same view changes nothing."""
        with self.sessions.begin() as session:
            strategy = self._strategy(actor.team_id, private_metadata, session, lock=True)
            if strategy is None or not strategy.may_answer(actor.user_id):
                return
            tr = translator(strategy.language)
            outcome = decide(strategy, tr)
            if outcome is None or not processed_messages.claim_message(
                session, actor.team_id, "view", view_id
            ):
                return
            self._save(session, strategy, outcome)
        self._speak(strategy, outcome, tr, card_changed=True)

    def _strategy(
        self, team_id: str, strategy_id: str, session: Session | None = None, lock: bool = False
    ) -> Strategy | None:
        number = row_id(strategy_id)
        if number is None:
            return None
        if session is not None:
            return strategies.strategy_by_id(session, team_id, number, lock=lock)
        with self.sessions.begin() as own:
            return strategies.strategy_by_id(own, team_id, number)


_FORMS = {
    messages.ACTION_GOAL_FORM: forms.goal_form,
    messages.ACTION_METRICS_FORM: forms.metrics_form,
}
