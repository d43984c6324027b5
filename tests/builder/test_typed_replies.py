"""The coach reads a reply as typed, and the responsibility step reads Slack's text (pure)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.builder import coach
from bot.domain.model import Step, Strategy
from bot.i18n.catalogue import translator
from bot.text.slack_text_in import as_typed
from tests.support.coach_states import strategy_at

TODAY = dt.date(2026, 11, 27)
TR = translator("en")


def reply(strategy: Strategy, sent: str) -> coach.Outcome:
    """What the builder service does with a reply Slack sent."""
    return coach.on_reply(strategy, as_typed(sent), TODAY, TR, as_sent=sent)


def test_the_mission_is_kept_as_typed() -> None:
    strategy = strategy_at(Step.MISSION, "mission")
    reply(strategy, "Fast &amp; friendly &lt;3, for <!channel> with <@U2|kari>")
    assert strategy.mission == "Fast & friendly <3, for @channel with @kari"


def test_the_owner_step_reads_the_id_from_slacks_markup() -> None:
    strategy = strategy_at(Step.RESPONSIBILITY, "responsibility")
    reply(strategy, "<@U2> Tuesdays at 10:00")
    assert strategy.owner_id == "U2"
    assert (strategy.schedule.weekday, strategy.schedule.time) == (1, dt.time(10, 0))


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(
        [
            (Step.MISSION, "mission"),
            (Step.MEASUREMENT, "metrics"),
            (Step.BENEFITS, "benefits"),
            (Step.GOALS, "goal"),
        ]
    ),
    st.text(alphabet=st.sampled_from("ab &<>\n"), max_size=40),
)
def test_what_is_kept_never_holds_slacks_encoding(state: tuple[Step, str], typed: str) -> None:
    sent = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    strategy = strategy_at(*state)
    reply(strategy, sent)
    kept = [strategy.mission or "", *strategy.benefits]
    kept += [m.name for g in strategy.goals for m in g.metrics] + [g.metric for g in strategy.goals]
    assert not any("&amp;" in k or "&lt;" in k or "&gt;" in k for k in kept), kept
