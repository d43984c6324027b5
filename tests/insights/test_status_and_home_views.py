"""The status message and the Home tab as pure builders: a goal counted per period shows its
period with the numbers, a goal that should go down reads as one, and both stay within Slack's
limits with the biggest strategy."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from slack_sdk.models.views import View

from bot.domain.model import (
    Direction,
    Goal,
    Metric,
    Period,
    Report,
    Snapshot,
)
from bot.domain.standing import standing
from bot.i18n.catalogue import translator
from bot.insights import home_view
from bot.insights.chart import chart_summary, chart_title
from bot.insights.status_messages import status_message
from bot.slack.files import image_file_block
from tests.support.block_checks import (
    ASCII_EVIL,
    LANGUAGES,
    UNICODE_EVIL,
    assert_safe,
    assert_within_limits,
)
from tests.support.checkins import OWNER, biggest_strategy
from tests.support.webshop import REPORTED_AT, W1, W2, webshop_goals, webshop_snapshot

D = Decimal
TODAY = dt.date(2026, 11, 27)
STARTED = dt.date(2026, 11, 2)  # 240 days before the deadline; today is day 25
DEADLINE = dt.date(2027, 6, 30)


def webshop() -> Snapshot:
    goals = [
        *webshop_goals(),
        Goal(  # today's value comes with the first report
            "Cheaper leads",
            metric="cost per lead",
            unit="kr",
            target=D(150),
            deadline=DEADLINE,
            direction=Direction.DOWN,
            metrics=[Metric("cost per lead", "kr", id=4)],
            id=3,
        ),
    ]
    return webshop_snapshot(goals, OWNER)


# Visits: 1,600 is half way from 1,200 to 2,000; the plan for day 25 of 240 is 1,283.33; 100 a
# week from 1,500 on 9 November reaches 2,000 on day 35, 14 December.
# Reply time: 6 hours is half way from 10 to 2; the plan is 9.17 hours, so 6 is ahead; 3 hours
# less a week from 9 reaches 2 on day 17 (16.33), 26 November.
EXPECTED = {
    "en": [
        "*visits from 1,200 to 2,000 a month by 30 June 2027 (awareness)*\n"
        "`▰▰▰▰▰▱▱▱▱▱` *50%* · *1,600* of 2,000 a month\n"
        ":rocket: ahead of plan · plan for now 1,283 · +100 since last report\n"
        "On this trend it reaches the target around 14 December 2026.\n"
        "Last report: week of 16 November 2026",
        "*reply time from 10 hours to 2 hours by 30 June 2027*\n"
        "`▰▰▰▰▰▱▱▱▱▱` *50%* · *6 hours*, target 2 hours or lower\n"
        ":rocket: ahead of plan · plan for now down to 9 hours · −3 hours since last report\n"
        "On this trend it reaches the target around 26 November 2026.\n"
        "Last report: week of 16 November 2026",
        "*cost per lead to 150 kr by 30 June 2027, from the first report on*\n"
        "Numbers still missing: baseline.",
    ],
    "nb": [
        "*visits fra 1\xa0200 til 2\xa0000 i måneden innen 30. juni 2027 (kjennskap)*\n"
        "`▰▰▰▰▰▱▱▱▱▱` *50%* · *1\xa0600* av 2\xa0000 i måneden\n",
        "*reply time fra 10 hours til 2 hours innen 30. juni 2027*\n"
        "`▰▰▰▰▰▱▱▱▱▱` *50%* · *6 hours*, mål 2 hours eller lavere\n"
        ":rocket: foran planen · planen nå: ned til 9 hours · −3 hours",
    ],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_status_shows_the_period_and_a_goal_going_down(language: str) -> None:
    snapshot = webshop()
    text, blocks = status_message(
        snapshot, standing(snapshot, TODAY), "Europe/Oslo", translator(language)
    )
    assert_within_limits(text, blocks)
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    for section, expected in zip(sections, EXPECTED[language], strict=False):
        assert section.startswith(expected), (section, expected)
    assert len(sections) == 3
    words = " ".join(sections).lower()
    for more_is_better in ("growth", "grow", "vekst", "increase"):
        assert more_is_better not in words


@pytest.mark.parametrize(
    ("language", "lines"),
    [
        (
            "en",
            [
                "• visits: `▰▰▰▰▰▱▱▱▱▱` 50% :rocket: ahead of plan · 1,600 of 2,000 a month",
                "• reply time: `▰▰▰▰▰▱▱▱▱▱` 50% :rocket: ahead of plan · "
                "6 hours, target 2 hours or lower",
                "• cost per lead: numbers still missing",
            ],
        ),
        (
            "nb",
            [
                "• visits: `▰▰▰▰▰▱▱▱▱▱` 50% :rocket: foran planen · 1\xa0600 av 2\xa0000 i måneden",
                "• reply time: `▰▰▰▰▰▱▱▱▱▱` 50% :rocket: foran planen · "
                "6 hours, mål 2 hours eller lavere",
                "• cost per lead: tall mangler fortsatt",
            ],
        ),
    ],
)
def test_home_shows_the_numbers_with_the_period_and_the_direction(
    language: str, lines: list[str]
) -> None:
    view = home_view.home([webshop()], 1, OWNER, {}, "Europe/Oslo", TODAY, translator(language))
    View(**view).validate_json()
    goals = [b["text"]["text"] for b in view["blocks"] if b["type"] == "section" and "• " in str(b)]
    assert goals == ["\n".join(lines)]


def _biggest_snapshot(pattern: str) -> Snapshot:
    strategy = biggest_strategy(pattern)
    strategy.started_on = STARTED
    reports = []
    for index, goal in enumerate(strategy.goals):
        goal.period = [*Period, None][index % 5]
        if index % 2:
            goal.baseline, goal.target = goal.target, goal.baseline
        for m, metric in enumerate(goal.metrics):
            for n, week in enumerate((W1, W2)):
                value = D("-987654321987654.1234") if n else D("987654321987654.1234")
                reports.append(
                    Report(
                        index * 100 + m * 10 + n,
                        index,
                        metric.id or 0,
                        week,
                        value,
                        OWNER,
                        REPORTED_AT,
                    )
                )
    return Snapshot(strategy, reports)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("pattern", [ASCII_EVIL, UNICODE_EVIL])
def test_the_biggest_strategy_fits_in_status_and_home(language: str, pattern: str) -> None:
    tr = translator(language)
    snapshot = _biggest_snapshot(pattern)
    text, blocks = status_message(snapshot, standing(snapshot, TODAY), "Europe/Oslo", tr, "Kari")
    assert_within_limits(text, blocks)
    assert_safe(text, blocks, set())
    # However long the names, every goal still shows where it stands: the values fall from
    # +9.9e14 to -9.9e14, behind for the five goals going up, ahead for the five going down.
    shown = json.dumps(blocks)
    assert shown.count(":warning:") == 5 and shown.count(":rocket:") == 5
    view = home_view.home([snapshot] * 18, 18, OWNER, {}, "Europe/Oslo", TODAY, tr)
    View(**view).validate_json()
    assert len(view["blocks"]) <= home_view.BLOCK_LIMIT
    assert len(json.dumps(view)) < 100_000
    first = next(b for b in view["blocks"] if b["type"] == "section" and "• " in str(b))
    assert first["text"]["text"].count("\n• ") == 9
    assert first["text"]["text"].count(":warning:") == 5
    assert first["text"]["text"].count(":rocket:") == 5


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("pattern", [ASCII_EVIL, UNICODE_EVIL])
def test_the_biggest_status_with_its_chart_by_file_id_still_fits(
    language: str, pattern: str
) -> None:
    # An unchanged chart comes in the status message itself (bot/insights/chart_files.py).
    tr = translator(language)
    snapshot = _biggest_snapshot(pattern)
    text, blocks = status_message(snapshot, standing(snapshot, TODAY), "Europe/Oslo", tr, "Kari")
    chart = chart_summary(snapshot, TODAY, tr)
    assert chart is not None
    image = image_file_block("F0123456789", chart.alt_text, chart_title(tr))
    assert_within_limits(text, [*blocks, image])
