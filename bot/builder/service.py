"""What happens when Slack tells us something: load, let the coach decide, save, then speak.

Every change is committed before anything is posted, so a failed post loses nothing: the next
`/strategy` re-asks the open question. Handlers call these methods after they have acked.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from functools import partial

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from bot.builder import coach, forms
from bot.builder.questions import open_question
from bot.checkins.commands import CheckinCommands
from bot.checkins.sending import WeeklyCheckins
from bot.domain.actor import Actor
from bot.domain.model import Status, Strategy
from bot.i18n.catalogue import Translator, language_for_locale, translator
from bot.insights.status import StatusReports
from bot.slack import blocks
from bot.slack.client import SlackIO
from bot.text.command_words import CHECKIN_COMMANDS, Command, parse_command
from bot.text.user_text import escape
from storage import strategies
from storage.db import SessionFactory

log = logging.getLogger(__name__)

Respond = Callable[..., object]


class Coaching:
    def __init__(
        self,
        sessions: SessionFactory,
        slack: SlackIO,
        today: Callable[[], dt.date] = dt.date.today,
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        weekly: WeeklyCheckins | None = None,
        statuses: StatusReports | None = None,
    ) -> None:
        self.sessions = sessions
        self.slack = slack
        self.today = today
        self.now = now
        self.weekly = weekly
        self.statuses = statuses
        self.checkin_commands = (
            CheckinCommands(sessions, weekly, now) if weekly is not None else None
        )

    # --- language ----------------------------------------------------------------------

    def translator_for(self, team_id: str, user_id: str) -> Translator:
        return translator_for(self.sessions, self.slack, team_id, user_id)

    # --- /strategy ---------------------------------------------------------------------

    def command(self, actor: Actor, text: str, channel_name: str, respond: Respond) -> None:
        tr = self.translator_for(actor.team_id, actor.user_id)
        command = parse_command(text)
        if command.name == "help":
            _respond(respond, *blocks.help_message(tr))
        elif command.name == "language":
            self._set_language(actor, command, respond)
        elif command.name == "edit":
            self._edit(actor, command, tr, respond)
        elif command.name == "start":
            self._start_or_show(actor, channel_name, tr, respond)
        elif command.name in ("status", "export") and self.statuses is not None:
            self._status_or_export(actor, command, respond)
        elif command.name in CHECKIN_COMMANDS and self.checkin_commands is not None:
            answer = self.checkin_commands.handle(
                actor.team_id, actor.channel_id, actor.user_id, command, tr
            )
            _respond(respond, *blocks.notice(answer))
        else:
            text_, block_list = blocks.help_message(tr)
            unknown = tr(
                "I don't know `{command}`. This is what I can do:",
                command=escape(command.argument or text.strip()[:40]),
            )
            _respond(respond, text_, [blocks.notice(unknown)[1][0], *block_list])

    def _status_or_export(self, actor: Actor, command: Command, respond: Respond) -> None:
        assert self.statuses is not None

        def tell(text: str, block_list: list[dict]) -> None:
            _respond(respond, text, block_list)

        if command.name == "export":
            self.statuses.export(actor, command.argument, tell)
            return

        def say_here(text: str, block_list: list[dict]) -> None:
            respond(text=text, blocks=block_list, response_type="in_channel")

        self.statuses.show(actor, command.argument, tell, say_here=say_here)

    def _start_or_show(
        self, actor: Actor, channel_name: str, tr: Translator, respond: Respond
    ) -> None:
        if actor.channel_id.startswith("D"):
            # Thread replies in direct messages never reach the coach: it listens in channels.
            _respond(
                respond,
                *blocks.notice(
                    tr("A strategy lives in a channel: type `/strategy` in your team's channel.")
                ),
            )
            return
        with self.sessions.begin() as session:
            existing = strategies.strategy_in_channel(session, actor.team_id, actor.channel_id)
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
                strategies.save_strategy(session, strategy)
        except IntegrityError:  # someone started one in this channel a moment ago
            with self.sessions.begin() as session:
                existing = strategies.strategy_in_channel(session, actor.team_id, actor.channel_id)
            if existing is not None:
                self._show_existing(existing, tr, respond)
            return
        strategy_tr = translator(strategy.language)
        ts, error = self.slack.post_card(strategy, strategy_tr)
        if ts is None:
            with self.sessions.begin() as session:
                strategies.delete_strategy(session, actor.team_id, strategy.id)
            _respond(respond, *blocks.notice(_post_error(error, tr)))
            return
        strategy.card_ts = strategy.thread_ts = ts
        with self.sessions.begin() as session:
            strategies.save_strategy(session, strategy)
        self.slack.post_in_thread(strategy, [], open_question(strategy, strategy_tr), strategy_tr)

    def _show_existing(self, strategy: Strategy, tr: Translator, respond: Respond) -> None:
        if strategy.status is Status.LIVE and strategy.conversation.step is None:
            _respond(respond, *blocks.summary(strategy, tr))
            return
        link = self.slack.permalink(strategy.channel_id, strategy.thread_ts or "")
        if not link:
            note = tr("This channel's strategy is being built in its thread.")
        elif strategy.status is Status.LIVE:  # live, with a step reopened
            note = tr("This channel's strategy is being edited <{link}|in this thread>.", link=link)
        else:
            note = tr("This channel's strategy is being built <{link}|in this thread>.", link=link)
        _respond(respond, *blocks.notice(note))
        strategy_tr = translator(strategy.language)
        self.slack.post_in_thread(strategy, [], open_question(strategy, strategy_tr), strategy_tr)

    def _edit(self, actor: Actor, command: Command, tr: Translator, respond: Respond) -> None:
        if command.step is None:
            _respond(
                respond,
                *blocks.notice(
                    tr(
                        "Which step? `/strategy edit goals`, `mission`, `measurement`, "
                        "`responsibility` or `benefits`."
                    )
                ),
            )
            return
        refusal: str | None = None
        with self.sessions.begin() as session:
            strategy = strategies.strategy_in_channel(
                session, actor.team_id, actor.channel_id, lock=True
            )
            if strategy is None or not strategy.thread_ts:
                refusal = _no_strategy(tr)
            elif not strategy.may_answer(actor.user_id):
                refusal = _not_yours(strategy, tr)
            else:
                strategy_tr = translator(strategy.language)
                outcome = coach.reopen(strategy, command.step, strategy_tr)
                strategies.save_strategy(session, strategy)
        if refusal is not None or strategy is None or not strategy.thread_ts:
            _respond(respond, *blocks.notice(refusal or _no_strategy(tr)))
            return
        self._speak(strategy, outcome, strategy_tr, card_changed=True)
        link = self.slack.permalink(strategy.channel_id, strategy.thread_ts)
        _respond(
            respond,
            *blocks.notice(
                tr("Reopened it <{link}|in the thread>.", link=link)
                if link
                else tr("Reopened it in the thread.")
            ),
        )

    def _set_language(self, actor: Actor, command: Command, respond: Respond) -> None:
        if command.language is None:
            tr = self.translator_for(actor.team_id, actor.user_id)
            _respond(respond, *blocks.notice(tr("Choose `en` or `nb`: `/strategy language nb`.")))
            return
        with self.sessions.begin() as session:
            strategies.set_team_language(session, actor.team_id, command.language)
        tr = translator(command.language)
        _respond(respond, *blocks.notice(tr("From now on I speak English in this workspace.")))

    # --- thread replies ----------------------------------------------------------------

    def thread_reply(self, actor: Actor, thread_ts: str, ts: str, text: str) -> None:
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
            if not strategies.claim_message(session, actor.team_id, actor.channel_id, ts):
                return  # a retry or a second delivery of a reply already handled
            tr = translator(strategy.language)
            before = (strategy.conversation.step, list(strategy.skipped), strategy.status)
            outcome = coach.on_reply(strategy, text, self.today(), tr)
            strategies.save_strategy(session, strategy)
        if outcome.lookup_timezone_of:
            self._refresh_timezone(strategy, outcome.lookup_timezone_of)
        after = (strategy.conversation.step, list(strategy.skipped), strategy.status)
        self._speak(strategy, outcome, tr, card_changed=before != after)

    def _refresh_timezone(self, strategy: Strategy, user_id: str) -> None:
        tz = self.slack.user(user_id).tz or "UTC"
        with self.sessions.begin() as session:
            strategies.set_schedule_timezone(session, strategy.team_id, strategy.id, tz)
        if strategy.schedule:
            strategy.schedule.timezone = tz

    def _speak(
        self, strategy: Strategy, outcome: coach.Outcome, tr: Translator, card_changed: bool
    ) -> None:
        if outcome.finished and self.weekly is not None:
            # Live (or edited): the weekly check-ins follow the schedule as it now stands.
            self.weekly.schedule(strategy, self.now())
        question = open_question(strategy, tr) if outcome.ask else None
        self.slack.post_in_thread(strategy, outcome.said, question, tr)
        if outcome.finished:
            self.slack.post_summary(strategy, tr)
        if card_changed or outcome.finished:
            self.slack.update_card(strategy, tr)

    # --- buttons and forms -------------------------------------------------------------

    def button(
        self,
        actor: Actor,
        action_id: str,
        value: str,
        block_id: str,
        trigger_id: str,
        respond: Respond,
    ) -> None:
        strategy_id = _int(value)
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
                refusal = partial(_not_yours, strategy)
            elif step is None or block_id != f"step_{step.value}":
                # Answered already, by a double click or an older message's button.
                refusal = _stale
            elif form_builder is None:
                mover = coach.skip if action_id == blocks.ACTION_SKIP else coach.back
                outcome = mover(strategy, tr)
                strategies.save_strategy(session, strategy)
        if refusal is not None:
            user_tr = self.translator_for(actor.team_id, actor.user_id)
            _respond(respond, *blocks.notice(refusal(user_tr)))
        elif outcome is not None:
            self._speak(strategy, outcome, tr, card_changed=True)
        elif form_builder is not None:
            self.slack.open_view(trigger_id, form_builder(strategy, tr))

    def check_goal_form(
        self, team_id: str, values: dict, private_metadata: str
    ) -> tuple[Strategy | None, dict[str, str]]:
        """Validate a submitted goal form before the ack: errors go back into the modal."""
        try:
            strategy = self._strategy(team_id, private_metadata)
        except SQLAlchemyError:
            log.exception("Could not load the strategy for a goal form")
            # Keep the modal open with what the user typed, rather than lose it.
            return None, {"metric": translator(None)("Something went wrong; please try again.")}
        if strategy is None:
            return None, {}
        tr = translator(strategy.language)
        goal, errors = forms.read_goal_form(values, tr, self.today())
        return (strategy if goal else None), errors

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
            if outcome is None or not strategies.claim_message(
                session, actor.team_id, "view", view_id
            ):
                return
            strategies.save_strategy(session, strategy)
        self._speak(strategy, outcome, tr, card_changed=True)

    def _strategy(
        self, team_id: str, strategy_id: str, session: Session | None = None, lock: bool = False
    ) -> Strategy | None:
        number = _int(strategy_id)
        if number is None:
            return None
        if session is not None:
            return strategies.strategy_by_id(session, team_id, number, lock=lock)
        with self.sessions.begin() as own:
            return strategies.strategy_by_id(own, team_id, number)


def translator_for(
    sessions: SessionFactory, slack: SlackIO, team_id: str, user_id: str
) -> Translator:
    """The team's chosen language, else the user's Slack locale (asked only when needed)."""
    return team_translator(sessions, team_id, lambda: slack.user(user_id).locale)


def team_translator(
    sessions: SessionFactory, team_id: str, locale: Callable[[], str | None]
) -> Translator:
    with sessions.begin() as session:
        chosen = strategies.team_language(session, team_id)
    if chosen:
        return translator(chosen)
    return translator(language_for_locale(locale()))


_FORMS = {
    blocks.ACTION_GOAL_FORM: forms.goal_form,
    blocks.ACTION_METRICS_FORM: forms.metrics_form,
}


def _respond(respond: Respond, text: str, block_list: list[dict]) -> None:
    respond(text=text, blocks=block_list, response_type="ephemeral", replace_original=False)


def _int(value: str | None) -> int | None:
    """A row id from a button value or modal metadata; anything else (or out of range) is None."""
    try:
        number = int(value) if value else None
    except ValueError:
        return None
    return number if number is not None and 0 < number < 2**31 else None


def _no_strategy(tr: Translator) -> str:
    return tr("There is no strategy in this channel yet. Type `/strategy` to start one.")


def _not_yours(strategy: Strategy, tr: Translator) -> str:
    if strategy.owner_id in (None, strategy.started_by):
        return tr(
            "Only <@{starter}>, who started this strategy, can answer and change it. Your "
            "comments in the thread are welcome.",
            starter=strategy.started_by,
        )
    return tr(
        "Only <@{starter}>, who started this strategy, or its owner <@{owner}> can answer "
        "and change it. Your comments in the thread are welcome.",
        starter=strategy.started_by,
        owner=strategy.owner_id or strategy.started_by,
    )


def _stale(tr: Translator) -> str:
    return tr("That question has already been answered; see the latest message in the thread.")


def _post_error(error: str | None, tr: Translator) -> str:
    if error in ("not_in_channel", "channel_not_found"):
        return tr(
            "I can't post in this channel yet. Invite me with `/invite @Strategy Coach` and "
            "type `/strategy` again."
        )
    return tr(
        "Slack did not let me post the strategy here ({error}). Please try again.", error=error
    )


__all__ = ["Actor", "Coaching"]
