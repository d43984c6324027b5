"""The strategy builder's messages (card, thread posts, summary): Slack's limits, escaping of
user text, the buttons per step."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from bot.builder import messages as builder_messages
from bot.commands.help import help_message
from bot.domain.model import (
    STEPS,
    Conversation,
    Goal,
    GoalType,
    Metric,
    Schedule,
    Status,
    Step,
    Strategy,
)
from bot.i18n.catalogue import translator
from bot.slack import blocks
from bot.text.user_text import escape
from tests.support.block_checks import (
    ASCII_EVIL,
    LANGUAGES,
    UNICODE_EVIL,
    hostile,
)
from tests.support.message_checks import (
    OWNER,
    STARTER,
    all_text,
    assert_message_ok,
    small_strategy,
)


def longest_strategy(pattern: str = ASCII_EVIL, *, scale: int = 1) -> Strategy:
    """Every cap the coach enforces maxed out (times `scale`), every field hostile."""
    goals = [
        Goal(
            description=hostile(300 * scale, pattern),
            metric=hostile(80 * scale, pattern) if index % 2 else "",  # "" shows the description
            unit=hostile(20 * scale, pattern),
            baseline=Decimal("123456789.1234"),
            target=Decimal("987654321.9876"),
            deadline=dt.date(2027, 6, 30),
            goal_type=list(GoalType)[index % len(GoalType)],
            metrics=[
                Metric(hostile(80 * scale, pattern), hostile(20 * scale, pattern))
                for _ in range(5 * scale)
            ],
        )
        for index in range(10 * scale)
    ]
    return Strategy(
        team_id="T1",
        channel_id="C1",
        name=hostile(80 * scale, pattern),
        started_by=STARTER,
        owner_id=OWNER,
        mission=hostile(1500 * scale, pattern),
        benefits=[hostile(300 * scale, pattern) for _ in range(10 * scale)],
        goals=goals,
        schedule=Schedule(weekday=0, time=dt.time(9, 0), timezone="Europe/Oslo"),
        conversation=Conversation(step=Step.MEASUREMENT),
        id=42,
    )


# --- checks ---------------------------------------------------------------------------------


def section_texts(block_list: list[dict]) -> list[str]:
    return [b["text"]["text"] for b in block_list if b["type"] == "section"]


PATTERNS = [ASCII_EVIL, UNICODE_EVIL, "&", "😀", "\n"]


# --- limits and safety ----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("scale", [1, 3])
def test_longest_strategy_fits_slack(language: str, pattern: str, scale: int) -> None:
    tr = translator(language)
    strategy = longest_strategy(pattern, scale=scale)
    for step in (*STEPS, None):
        strategy.conversation.step = step
        assert_message_ok(*builder_messages.card(strategy, tr))
    strategy.status = Status.LIVE
    assert_message_ok(*builder_messages.card(strategy, tr))
    assert_message_ok(*builder_messages.summary(strategy, tr))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("pattern", [p for p in PATTERNS if p.strip()])
def test_longest_thread_post_fits_slack(language: str, pattern: str) -> None:
    tr = translator(language)
    strategy = longest_strategy(pattern)
    said = [escape(hostile(3000, pattern)) for _ in range(3)]
    question = escape(hostile(3000, pattern))
    for step in STEPS:
        strategy.conversation.step = step
        text, block_list = builder_messages.thread_post(strategy, said, question, tr)
        assert_message_ok(text, block_list)
        assert len(section_texts(block_list)) == 2


def test_user_text_is_escaped_where_shown() -> None:
    tr = translator("en")
    strategy = small_strategy()
    strategy.name = "Us & <!channel> @here"
    strategy.mission = "Ping <@U0EVIL> & <!here>"
    strategy.benefits = ["<https://evil.example|click> & more"]
    _, block_list = builder_messages.summary(strategy, tr)
    shown = all_text(block_list)
    assert "Us &amp; &lt;!channel&gt; @here" in shown
    assert "Ping &lt;@U0EVIL&gt; &amp; &lt;!here&gt;" in shown
    assert "&lt;https://evil.example|click&gt; &amp; more" in shown
    _, card_blocks = builder_messages.card(strategy, tr)
    assert card_blocks[0]["text"]["text"] == "Us &amp; &lt;!channel&gt; @here"


# --- the card -------------------------------------------------------------------------------


def test_card_in_progress_shows_the_step_and_the_marks() -> None:
    tr = translator("en")
    strategy = small_strategy()
    strategy.benefits = []
    strategy.owner_id = None
    strategy.skipped = [Step.MISSION]
    strategy.mission = None
    strategy.conversation.step = Step.RESPONSIBILITY
    text, block_list = builder_messages.card(strategy, tr)
    assert_message_ok(text, block_list)
    assert block_list[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Bakery &amp; Co", "emoji": True},
    }
    assert block_list[1]["elements"][0]["text"] == f"Started by <@{STARTER}>"
    status = section_texts(block_list)[0]
    assert status.startswith("*Step 4 of 5: Responsibility*")
    assert ":white_check_mark: Goals: done" in status
    assert ":warning: Mission: missing" in status
    assert ":white_check_mark: Measurement: done" in status
    assert ":point_right: *Responsibility*: now" in status
    assert ":white_circle: Customer benefits: not yet" in status
    assert "step 4 of 5" in text


def test_card_live() -> None:
    tr = translator("en")
    strategy = small_strategy()
    strategy.status = Status.LIVE
    strategy.conversation.step = None
    text, block_list = builder_messages.card(strategy, tr)
    assert_message_ok(text, block_list)
    status = section_texts(block_list)[0]
    assert status.startswith("*Live*\n")
    assert status.count(":white_check_mark:") == 5
    assert "live" in text


def test_card_step_two_of_five() -> None:
    strategy = small_strategy()
    strategy.conversation.step = Step.MISSION
    _, block_list = builder_messages.card(strategy, translator("en"))
    assert section_texts(block_list)[0].startswith("*Step 2 of 5: Mission*")


# --- thread posts ---------------------------------------------------------------------------

EXPECTED_BUTTONS = {
    Step.GOALS: [builder_messages.ACTION_GOAL_FORM, builder_messages.ACTION_SKIP],
    Step.MISSION: [builder_messages.ACTION_SKIP, builder_messages.ACTION_BACK],
    Step.MEASUREMENT: [
        builder_messages.ACTION_METRICS_FORM,
        builder_messages.ACTION_SKIP,
        builder_messages.ACTION_BACK,
    ],
    Step.RESPONSIBILITY: [builder_messages.ACTION_SKIP, builder_messages.ACTION_BACK],
    Step.BENEFITS: [builder_messages.ACTION_SKIP, builder_messages.ACTION_BACK],
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("step", STEPS)
def test_buttons_per_step(step: Step, language: str) -> None:
    strategy = small_strategy()
    strategy.conversation.step = step
    text, block_list = builder_messages.thread_post(
        strategy, ["Noted: *5,000*."], "What next?", translator(language)
    )
    assert_message_ok(text, block_list)
    actions = block_list[-1]
    assert actions["type"] == "actions"
    assert actions["block_id"] == f"step_{step.value}"
    assert [b["action_id"] for b in actions["elements"]] == EXPECTED_BUTTONS[step]
    assert {b["value"] for b in actions["elements"]} == {"42"}
    assert section_texts(block_list) == ["Noted: *5,000*.", "What next?"]


def test_button_labels() -> None:
    strategy = small_strategy()
    strategy.conversation.step = Step.MEASUREMENT
    _, block_list = builder_messages.thread_post(strategy, [], "Which metrics?", translator("en"))
    labels = [b["text"]["text"] for b in block_list[-1]["elements"]]
    assert labels == ["Use a form", "Skip for now", "Go back"]


def test_no_metrics_form_without_goals() -> None:
    strategy = small_strategy()
    strategy.goals = []
    strategy.conversation.step = Step.MEASUREMENT
    _, block_list = builder_messages.thread_post(strategy, [], "Which metrics?", translator("en"))
    assert builder_messages.ACTION_METRICS_FORM not in json.dumps(block_list)


def test_thread_post_without_question_has_no_buttons() -> None:
    strategy = small_strategy()
    text, block_list = builder_messages.thread_post(
        strategy, ["That's it, the strategy is live.", "", "  "], None, translator("en")
    )
    assert_message_ok(text, block_list)
    assert [b["type"] for b in block_list] == ["section"]
    assert section_texts(block_list) == ["That's it, the strategy is live."]


def test_thread_post_question_only_and_nothing() -> None:
    strategy = small_strategy()
    text, block_list = builder_messages.thread_post(
        strategy, [], "Why are you here?", translator("en")
    )
    assert [b["type"] for b in block_list] == ["section", "actions"]
    assert text == "Why are you here?"
    assert builder_messages.thread_post(strategy, [], None, translator("en"))[1] == []
    assert builder_messages.thread_post(strategy, ["", " "], "", translator("en"))[1] == []


def test_thread_post_without_step_has_no_buttons() -> None:
    strategy = small_strategy()
    strategy.conversation.step = None
    _, block_list = builder_messages.thread_post(strategy, [], "Anything else?", translator("en"))
    assert [b["type"] for b in block_list] == ["section"]


# --- the summary ----------------------------------------------------------------------------


def test_summary_shows_every_part() -> None:
    text, block_list = builder_messages.summary(small_strategy(), translator("en"))
    assert_message_ok(text, block_list)
    assert block_list[0]["type"] == "header"
    goals, mission, measurement, responsibility, benefits = section_texts(block_list)
    assert goals.startswith("*Goals*\n1. Instagram followers from 1,200 to 5,000 by 30 June 2027")
    assert mission.startswith("*Mission*\nEverything that creates")
    assert measurement == "*Measurement*\n1. Instagram followers: reach (accounts), followers"
    assert responsibility == (
        f"*Responsibility*\n<@{OWNER}> reports the numbers every Monday at 09:00 (Europe/Oslo)."
    )
    assert benefits == "*Customer benefits*\n• A look behind the scenes\n• Deals for followers"
    assert "Bakery &amp; Co" in text


def test_summary_missing_and_skipped_parts() -> None:
    strategy = small_strategy()
    strategy.skipped = [Step.MISSION]  # skipped counts as missing even with text kept
    strategy.benefits = []
    strategy.owner_id = None
    _, block_list = builder_messages.summary(strategy, translator("en"))
    parts = section_texts(block_list)
    assert parts[1] == "*Mission*\nMissing — `/strategy edit mission` to fill it in"
    assert parts[3] == "*Responsibility*\nMissing — `/strategy edit responsibility` to fill it in"
    assert parts[4] == "*Customer benefits*\nMissing — `/strategy edit benefits` to fill it in"

    empty = Strategy(team_id="T1", channel_id="C1", name="x", started_by=STARTER)
    text, block_list = builder_messages.summary(empty, translator("en"))
    assert_message_ok(text, block_list)
    for step, part in zip(STEPS, section_texts(block_list), strict=True):
        assert f"Missing — `/strategy edit {step.value}` to fill it in" in part


def test_summary_beyond_the_caps_says_how_many_more() -> None:
    strategy = longest_strategy(scale=3)
    text, block_list = builder_messages.summary(strategy, translator("en"))
    assert_message_ok(text, block_list)
    goals, _, measurement, _, benefits = section_texts(block_list)
    assert "…and 20 more" in goals
    assert "…and 20 more" in benefits
    assert measurement.count("\n") <= 11


def test_summary_goal_without_metrics() -> None:
    strategy = small_strategy()
    strategy.goals.append(Goal(description="More sign-ups", goal_type=GoalType.LEADS))
    _, block_list = builder_messages.summary(strategy, translator("en"))
    assert "2. More sign-ups: no metric yet" in section_texts(block_list)[2]
    assert "2. More sign-ups from ? to ? by ? (leads)" in section_texts(block_list)[0]


def test_summary_in_norwegian_runs() -> None:
    text, block_list = builder_messages.summary(small_strategy(), translator("nb"))
    assert_message_ok(text, block_list)
    assert "09:00" in section_texts(block_list)[3]
    assert "mandag" in section_texts(block_list)[3]


# --- plain data -----------------------------------------------------------------------------


def test_builders_return_plain_json() -> None:
    strategy = small_strategy()
    tr = translator("nb")
    for result in (
        builder_messages.card(strategy, tr),
        builder_messages.thread_post(strategy, ["Hei"], "Hva nå?", tr),
        builder_messages.summary(strategy, tr),
        help_message(tr),
        blocks.notice("Hei"),
    ):
        assert json.loads(json.dumps(result)) == list(result)


def test_step_as_plain_string_from_storage() -> None:
    strategy = small_strategy()
    strategy.conversation.step = "mission"  # type: ignore[assignment]
    _, card_blocks = builder_messages.card(strategy, translator("en"))
    assert section_texts(card_blocks)[0].startswith("*Step 2 of 5: Mission*")
    _, post_blocks = builder_messages.thread_post(strategy, [], "Why?", translator("en"))
    assert post_blocks[-1]["block_id"] == "step_mission"
