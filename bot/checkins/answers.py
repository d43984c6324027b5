"""Taking the owner's answer to a check-in: a reply in the DM's thread or the Report form, saved
once, implausible values held until confirmed; then where each goal stands, in the DM thread, and
a short digest in the strategy's thread.

The database work happens in one transaction per answer, Slack is spoken to after it commits,
and `now` is passed in: nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.checkins import messages
from bot.checkins.report_form import first_metric_field, read_report_form, report_form
from bot.domain.actor import Actor
from bot.domain.model import Checkin, Metric, Report, Strategy
from bot.domain.progress import direction, implausible
from bot.domain.slots import slot_week
from bot.domain.standing import goal_statuses, latest_values
from bot.i18n.catalogue import translator
from bot.slack.blocks import section
from bot.slack.client import SlackIO
from bot.text.ids import row_id
from bot.text.reply_text import is_yes
from bot.text.report_text import MetricRef, parse_report
from bot.text.slack_text_in import as_typed
from storage import checkin_claims, processed_messages, reports, strategies
from storage.db import SessionFactory

log = logging.getLogger(__name__)

# Told (team id, user id) after a report is saved; the runtime wires the reporter's Home tab.
ReportSaved = Callable[[str, str], object]


@dataclass
class _Saved:
    saved: list[tuple[Metric, Decimal]] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    missing: list[Metric] = field(default_factory=list)
    doubtful: list[tuple[Metric, Decimal, Decimal]] = field(default_factory=list)
    gone: int = 0  # values for a metric no longer in the check-in (removed in an edit since)


class CheckinAnswers:
    def __init__(self, sessions: SessionFactory, slack: SlackIO, after_report: ReportSaved) -> None:
        self.sessions = sessions
        self.slack = slack
        self.after_report = after_report

    # --- an answer in the DM thread ------------------------------------------------------

    def report(self, actor: Actor, thread_ts: str, ts: str, text: str, now: dt.datetime) -> None:
        """A reply in a check-in's DM thread."""
        with self.sessions.begin() as session:
            checkin = checkin_claims.checkin_for_message(
                session, actor.team_id, actor.channel_id, thread_ts
            )
            if checkin is None:
                return
            strategy = strategies.strategy_by_id(
                session, actor.team_id, checkin.strategy_id, lock=True
            )
            if strategy is None or actor.user_id != strategy.owner_id:
                return
            if not processed_messages.claim_message(session, actor.team_id, actor.channel_id, ts):
                return  # a retry or a second delivery
            ordered = messages.ordered_metrics(strategy)
            if checkin.pending and is_yes(text):
                # The owner confirms the values held back last time.
                held = {int(k): Decimal(v) for k, v in checkin.pending.items()}
                result = self._save(
                    session, strategy, checkin, held, actor.user_id, now, confirmed=True
                )
            else:
                refs = [MetricRef(m.id, m.name, m.unit) for _, m in ordered if m.id is not None]
                parsed = parse_report(text, refs)
                result = self._save(session, strategy, checkin, parsed.values, actor.user_id, now)
                # Quoted back as the owner typed them: Slack's encoding undone, escaped once.
                result.questions = [as_typed(q) for q in parsed.unknown + parsed.ambiguous]
                by_id = {m.id: m for _, m in ordered}
                result.missing = [by_id[i] for i in parsed.missing]
        self._answer(strategy, result, actor, actor.channel_id, thread_ts, now)

    # --- the Report form -----------------------------------------------------------------

    def open_form(self, actor: Actor, checkin_id_text: str, trigger_id: str) -> bool:
        """Open the form for the check-in's owner; True if it was asked for."""
        checkin_id = row_id(checkin_id_text)
        if checkin_id is None or not trigger_id:
            return False
        with self.sessions.begin() as session:
            found = checkin_claims.checkin_with_strategy(session, actor.team_id, checkin_id)
            strategy = found[1] if found is not None else None
            if strategy is None or strategy.id is None or actor.user_id != strategy.owner_id:
                return False  # the button is in the owner's DM; anyone else gets nothing
            latest = latest_values(reports.reports_for_strategy(session, strategy.id))
        form = report_form(strategy, checkin_id, latest, translator(strategy.language))
        return self.slack.open_view(trigger_id, form)

    def open_week_form(
        self, actor: Actor, strategy_id: int, trigger_id: str, now: dt.datetime
    ) -> bool:
        """Open the form for this week's check-in of a strategy, if that check-in is out already
        (App Home's "Report now"); True if it was asked for."""
        with self.sessions.begin() as session:
            strategy = strategies.strategy_by_id(session, actor.team_id, strategy_id)
            if strategy is None or strategy.schedule is None or strategy.id is None:
                return False
            week = slot_week(now, strategy.schedule.timezone)
            checkin = checkin_claims.checkin_of_week(session, strategy.id, week)
        if checkin is None or not checkin.is_posted:
            return False
        return self.open_form(actor, str(checkin.id), trigger_id)

    def check_form(self, team_id: str, values: dict, metadata: str) -> dict[str, str]:
        """Errors for `ack(response_action="errors")` before the ack, in the strategy's language."""
        checkin_id = row_id(metadata)
        if checkin_id is None:
            return {}
        try:
            with self.sessions.begin() as session:
                found = checkin_claims.checkin_with_strategy(session, team_id, checkin_id)
        except SQLAlchemyError:
            log.exception("Could not load the check-in for a report form")
            tr = translator(None)
            _, errors = read_report_form(values, tr)
            first = first_metric_field(values)
            # Keep the modal open with what the user typed, rather than lose it.
            return {first: tr("Something went wrong; please try again.")} if first else errors
        if found is None:
            return {}  # not this workspace's check-in: the submit saves nothing
        _, errors = read_report_form(values, translator(found[1].language))
        return errors

    def submit_form(
        self, actor: Actor, values: dict, metadata: str, view_id: str, now: dt.datetime
    ) -> bool:
        """Save the form's numbers once per view id; True if something was saved."""
        checkin_id = row_id(metadata)
        if checkin_id is None or not view_id:
            return False
        found, errors = read_report_form(values, translator(None))
        if errors or not found:
            return False
        return self.report_values(actor, checkin_id, found, view_id, now)

    def report_values(
        self,
        actor: Actor,
        checkin_id: int,
        values: dict[int, Decimal],
        submission_id: str,
        now: dt.datetime,
    ) -> bool:
        """Values by metric id (from the form); False if nothing was saved.

        `submission_id` (the modal's view id) makes a double-clicked submit count once.
        """
        with self.sessions.begin() as session:
            found = checkin_claims.checkin_with_strategy(
                session, actor.team_id, checkin_id, lock=True
            )
            if found is None or not found[0].is_posted or actor.user_id != found[1].owner_id:
                return False
            checkin, strategy = found
            if not processed_messages.claim_message(session, actor.team_id, "view", submission_id):
                return False
            listed = {m.id for _, m in messages.ordered_metrics(strategy)}
            chosen = {k: v for k, v in values.items() if k in listed}
            result = self._save(session, strategy, checkin, chosen, actor.user_id, now)
            channel, thread_ts = checkin.dm_channel, checkin.message_ts
        self._answer(strategy, result, actor, channel, thread_ts, now)
        return bool(result.saved)

    # --- saving and answering ------------------------------------------------------------

    def _save(
        self,
        session: Session,
        strategy: Strategy,
        checkin: Checkin,
        values: dict[int, Decimal],
        reporter: str,
        now: dt.datetime,
        confirmed: bool = False,
    ) -> _Saved:
        """Save the values, except implausible ones, which wait for the owner's yes."""
        assert strategy.id is not None
        by_id = {m.id: (goal, m) for goal, m in messages.ordered_metrics(strategy)}
        result = _Saved()
        previous = latest_values(
            [r for r in reports.reports_for_strategy(session, strategy.id) if r.week < checkin.week]
        )
        held: dict[str, str] = {}
        for metric_id, value in values.items():
            if metric_id not in by_id:
                # Held before an edit that removed (or archived) the metric: not saved, and said.
                result.gone += 1
                continue
            goal, metric = by_id[metric_id]
            # Sending the same number again after the question confirms it, like "yes" does.
            repeated = (checkin.pending or {}).get(str(metric_id)) == str(value)
            if not (confirmed or repeated) and implausible(previous.get(metric_id), value):
                held[str(metric_id)] = str(value)
                result.doubtful.append((metric, previous[metric_id], value))
                continue
            assert goal.id is not None
            reports.add_report(
                session,
                strategy.id,
                checkin.id,
                goal.id,
                metric_id,
                checkin.week,
                value,
                reporter,
                now,
            )
            result.saved.append((metric, value))
        if result.saved:
            checkin_claims.mark_answered(session, checkin.id, now)
            self._take_baselines(session, strategy, result.saved)
        checkin_claims.hold_values(session, checkin.id, held or None)
        result.reports = reports.reports_for_strategy(session, strategy.id)
        return result

    @staticmethod
    def _take_baselines(
        session: Session, strategy: Strategy, saved: list[tuple[Metric, Decimal]]
    ) -> None:
        """A goal saved without today's value ("we haven't counted yet") takes the first number
        reported for its first metric as its baseline, and its direction from the numbers. The
        strategy in hand changes too, so the answer already shows the goal's progress."""
        values = {metric.id: value for metric, value in saved if metric.id is not None}
        for goal in strategy.goals:
            if goal.baseline is not None or goal.id is None or not goal.metrics:
                continue
            value = values.get(goal.metrics[0].id)
            if value is None:
                continue
            way = direction(value, goal.target) if goal.target is not None else goal.direction
            if strategies.set_deferred_baseline(session, strategy.team_id, goal.id, value, way):
                goal.baseline, goal.direction = value, way

    def _answer(
        self,
        strategy: Strategy,
        result: _Saved,
        actor: Actor,
        channel: str,
        thread_ts: str,
        now: dt.datetime,
    ) -> None:
        """Where each goal stands, in the DM thread; a digest in the strategy's thread."""
        tr = translator(strategy.language)
        statuses = goal_statuses(strategy, result.reports, now.date())
        reply_text, reply_blocks = messages.report_reply(
            strategy, result.saved, statuses, result.questions, result.missing, tr
        )
        if result.doubtful:
            reply_blocks = [*reply_blocks, messages.confirm_doubtful(result.doubtful, tr)]
        if result.gone:
            note = tr(
                "I did not save {count} of the numbers held back: their metric is no longer in "
                "the check-in (it was removed from the strategy since).",
                count=result.gone,
            )
            reply_blocks = [*reply_blocks, section(note)]
        self.slack.post(channel, reply_text, reply_blocks, thread_ts=thread_ts)
        if result.saved and strategy.thread_ts:
            digest_text, digest_blocks = messages.digest(strategy, statuses, actor.user_id, tr)
            self.slack.post(
                strategy.channel_id, digest_text, digest_blocks, thread_ts=strategy.thread_ts
            )
        if result.saved:
            self.after_report(strategy.team_id, actor.user_id)
