"""Which metric a new list's entry is (`carry_ids`), and what an edit would drop with history:
the pure half of "history is never deleted by an edit". The HTTP half, with real reports, is
tests/http/test_edit_history.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bot.builder import coach
from bot.builder.removals import GOAL_REMOVE, METRICS_REMOVE, carry_ids
from bot.domain.model import (
    Conversation,
    Goal,
    HeldReports,
    Metric,
    Status,
    Step,
    Strategy,
)
from bot.i18n.catalogue import translator

TR = translator("en")
TODAY = dt.date(2026, 11, 27)
OLD = [Metric("Instagram followers", "", id=1), Metric("reach", "accounts", id=2)]


def ids(metrics: list[Metric]) -> list[int | None]:
    return [m.id for m in metrics]


def test_the_same_name_is_the_same_metric_case_and_spaces_aside() -> None:
    new = [Metric(" REACH ", ""), Metric("instagram   followers", "")]
    assert ids(carry_ids(OLD, new)) == [2, 1]
    assert [m.name for m in carry_ids(OLD, new)] == [" REACH ", "instagram   followers"]


def test_a_new_name_is_a_new_metric_in_the_thread_but_a_rename_in_the_form() -> None:
    new = [Metric("Instagram followers", ""), Metric("accounts reached", "accounts")]
    assert ids(carry_ids(OLD, new)) == [1, None]
    assert ids(carry_ids(OLD, new, renames=True)) == [1, 2]


def test_a_line_removed_in_the_form_is_not_a_rename() -> None:
    assert ids(carry_ids(OLD, [Metric("reach", "")], renames=True)) == [2]
    assert ids(carry_ids(OLD, [Metric("Instagram followers", "")], renames=True)) == [1]
    # A line added under the old ones is new.
    three = [*OLD, Metric("clicks", "")]
    assert ids(carry_ids(OLD, three, renames=True)) == [1, 2, None]


def _live(held: HeldReports) -> Strategy:
    goals = [
        Goal(
            description=name,
            metric=name,
            baseline=Decimal(10),
            target=Decimal(20),
            deadline=dt.date(2027, 6, 30),
            metrics=[Metric(name, id=number * 10)],
            id=number,
        )
        for number, name in ((1, "followers"), (2, "cost per lead"))
    ]
    goals[0].metrics.append(Metric("reach", id=11))
    return Strategy(
        team_id="T",
        channel_id="C",
        name="Plan",
        started_by="U1",
        owner_id="U1",
        status=Status.LIVE,
        goals=goals,
        held=held,
        conversation=Conversation(step=Step.GOALS, awaiting="goal_more"),
    )


def test_remove_asks_only_for_a_goal_with_reports() -> None:
    quiet = _live(HeldReports())
    outcome = coach.on_reply(quiet, "remove 2", TODAY, TR)
    assert [g.id for g in quiet.goals] == [1] and "Removed goal 2" in outcome.said[0]

    held = _live(HeldReports(goals={2: 14}, metrics={20: 14}))
    outcome = coach.on_reply(held, "remove 2", TODAY, TR)
    assert [g.id for g in held.goals] == [1, 2] and outcome.said == []
    assert held.conversation.awaiting == GOAL_REMOVE
    assert coach.on_reply(held, "what?", TODAY, TR).said == []  # asked again
    outcome = coach.on_reply(held, "yes", TODAY, TR)
    assert [g.id for g in held.goals] == [1]
    assert "Its numbers (14 weekly numbers) stay in the export" in " ".join(outcome.said)


def test_a_metric_with_reports_left_out_is_asked_about_and_kept_on_keep() -> None:
    strategy = _live(HeldReports(goals={1: 3}, metrics={11: 3}))
    strategy.conversation = Conversation(Step.MEASUREMENT, "metrics", {"goal_index": 0})
    coach.on_reply(strategy, "followers", TODAY, TR)
    assert strategy.conversation.awaiting == METRICS_REMOVE
    assert ids(strategy.goals[0].metrics) == [10, 11]  # nothing changed yet
    outcome = coach.on_reply(strategy, "keep", TODAY, TR)
    assert "Kept, with their numbers." in outcome.said
    assert ids(strategy.goals[0].metrics) == [10, 11]
    assert strategy.conversation.draft == {"goal_index": 1}
