"""Goal sentences and follow-up answers, in English and Norwegian."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text.goal_text import GoalParse, parse_followup, parse_goal
from tests.support.typed_text import TEXTS

TODAY = date(2026, 11, 27)
FAST = settings(max_examples=200, deadline=None)
D = Decimal


@pytest.mark.parametrize(
    ("text", "metric", "target", "baseline", "deadline"),
    [
        (
            "5000 Instagram followers by 30 June 2027, we have 1200 today",
            "Instagram followers",
            D(5000),
            D(1200),
            date(2027, 6, 30),
        ),
        (
            "5000 Instagram-følgere innen 30. juni 2027, vi har 1200 i dag",
            "Instagram-følgere",
            D(5000),
            D(1200),
            date(2027, 6, 30),
        ),
        ("More Instagram followers", "Instagram followers", None, None, None),
        ("Flere følgere på Instagram", "følgere på Instagram", None, None, None),
        ("Increase newsletter sign-ups", "newsletter sign-ups", None, None, None),
        ("Øke antall påmeldinger", "påmeldinger", None, None, None),
        (
            "Grow newsletter sign-ups from 40 to 120 a month by end of March",
            "newsletter sign-ups",
            D(120),
            D(40),
            date(2027, 3, 31),
        ),
        (
            "Øke påmeldinger til nyhetsbrevet fra 40 til 120 i måneden innen slutten av mars",
            "påmeldinger til nyhetsbrevet",
            D(120),
            D(40),
            date(2027, 3, 31),
        ),
        (
            "Reduce cost per lead from 250 kr to 150 kr by 2027-12-31",
            "cost per lead",
            D(150),
            D(250),
            date(2027, 12, 31),
        ),
        ("5000 by 30 June 2027", None, D(5000), None, date(2027, 6, 30)),
        ("1200", None, D(1200), None, None),
        ("5\u00a0000 følgere, vi har 1\u202f200", "følgere", D(5000), D(1200), None),
        (
            "We want to reach 5k followers on Instagram by June 2027",
            "followers on Instagram",
            D(5000),
            None,
            date(2027, 6, 30),
        ),
        (
            "Vi har som mål å få 5 000 følgere innen juni",
            "følgere",
            D(5000),
            None,
            date(2027, 6, 30),
        ),
        (
            "Øke antall følgere til 5000 innen juni, i dag har vi 1 200",
            "følgere",
            D(5000),
            D(1200),
            date(2027, 6, 30),
        ),
        (
            "Vi har 1200 følgere og vil ha 5000 innen utgangen av 2027",
            "følgere",
            D(5000),
            D(1200),
            date(2027, 12, 31),
        ),
        ("Increase reach to 10000 by end of June", "reach", D(10000), None, date(2027, 6, 30)),
        ("40 to 120 sign-ups per month", "sign-ups", D(120), D(40), None),
        ("1200 today, 5000 by June 2027", None, D(5000), D(1200), date(2027, 6, 30)),
        ("<@U123ABC> 5000 followers <!channel>", "followers", D(5000), None, None),
        (
            "We currently have 800 subscribers and want 2000 by summer",
            "subscribers",
            D(2000),
            D(800),
            None,
        ),
        ("Target: 300 leads per month. Currently 120.", "leads", D(300), D(120), None),
        (
            "Get our rating up to 4.8 from 4.2 by June",
            "rating",
            D("4.8"),
            D("4.2"),
            date(2027, 6, 30),
        ),
        (
            "Øke omsetningen fra sosiale medier til 2 mill. kr innen 2027",
            "omsetningen fra sosiale medier",
            D(2_000_000),
            None,
            date(2027, 12, 31),
        ),
    ],
)
def test_parse_goal(
    text: str, metric: str | None, target: D | None, baseline: D | None, deadline: date | None
) -> None:
    parsed = parse_goal(text, TODAY)
    assert parsed.metric == metric
    assert parsed.target == target
    assert parsed.baseline == baseline
    assert parsed.deadline == deadline
    assert parsed.past_deadline is False


def test_parse_goal_units_and_percent() -> None:
    cost = parse_goal("Reduce cost per lead from 250 kr to 150 kr by 2027-12-31", TODAY)
    assert (cost.unit, cost.percent) == ("kr", False)
    rate = parse_goal("Conversion rate 3 % by Q2 2027, today 1,5 %", TODAY)
    assert rate == GoalParse(
        "Conversion rate",
        "%",
        D("1.5"),
        D(3),
        date(2027, 6, 30),
        False,
        True,
        target_percent=True,
        baseline_percent=True,
    )
    nb = parse_goal("Konverteringsrate 3 prosent innen 2. kvartal 2027, i dag 1,5", TODAY)
    assert (nb.metric, nb.unit, nb.percent) == ("Konverteringsrate", "%", True)
    assert (nb.target, nb.baseline, nb.deadline) == (D(3), D("1.5"), date(2027, 6, 30))
    assert parse_goal("5000 followers", TODAY).unit == ""


@pytest.mark.parametrize(
    "text",
    ["5000 followers by 30 June 2020, we have 1200", "5000 følgere innen 1. januar 2025"],
)
def test_parse_goal_past_deadline(text: str) -> None:
    parsed = parse_goal(text, TODAY)
    assert parsed.past_deadline is True
    assert parsed.deadline is None
    assert parsed.target == 5000


def test_date_numbers_are_not_targets() -> None:
    parsed = parse_goal("followers by 30.06.2027", TODAY)
    assert (parsed.target, parsed.baseline) == (None, None)
    assert parsed.deadline == date(2027, 6, 30)


@pytest.mark.parametrize(
    ("text", "missing", "target", "baseline", "deadline"),
    [
        ("1200", ["target", "deadline", "baseline"], D(1200), None, None),
        ("1200", ["deadline", "baseline"], None, D(1200), None),
        ("1200", ["baseline"], None, D(1200), None),
        ("1200 today", ["target", "baseline"], None, D(1200), None),
        ("vi har 1200", ["target", "baseline"], None, D(1200), None),
        ("1 200 i dag", ["target", "deadline", "baseline"], None, D(1200), None),
        (
            "1200 today, 5000 by June 2027",
            ["target", "deadline", "baseline"],
            D(5000),
            D(1200),
            date(2027, 6, 30),
        ),
        ("30 June 2027", ["deadline"], None, None, date(2027, 6, 30)),
        ("innen utgangen av juni", ["deadline", "baseline"], None, None, date(2027, 6, 30)),
        ("June", ["deadline"], None, None, date(2027, 6, 30)),
        ("2027", ["deadline"], None, None, date(2027, 12, 31)),
        ("2027", ["target", "deadline"], D(2027), None, None),
        ("30/06", ["target", "deadline"], None, None, date(2027, 6, 30)),
        ("5k by Q2 2027", ["target", "deadline"], D(5000), None, date(2027, 6, 30)),
        ("no idea", ["target"], None, None, None),
    ],
)
def test_parse_followup(
    text: str, missing: list[str], target: D | None, baseline: D | None, deadline: date | None
) -> None:
    parsed = parse_followup(text, TODAY, missing)
    assert (parsed.target, parsed.baseline, parsed.deadline) == (target, baseline, deadline)


def test_parse_followup_past_deadline() -> None:
    parsed = parse_followup("30.06.2025", TODAY, ["deadline"])
    assert parsed.past_deadline is True
    assert parsed.deadline is None


def _check_goal(parsed: GoalParse) -> None:
    assert isinstance(parsed, GoalParse)
    assert parsed.metric is None or (isinstance(parsed.metric, str) and parsed.metric.strip())
    assert isinstance(parsed.unit, str)
    assert parsed.target is None or isinstance(parsed.target, Decimal)
    assert parsed.baseline is None or isinstance(parsed.baseline, Decimal)
    assert parsed.deadline is None or parsed.deadline >= TODAY
    assert not (parsed.past_deadline and parsed.deadline)
    assert isinstance(parsed.percent, bool)


@FAST
@given(TEXTS)
def test_any_text_parse_goal(text: str) -> None:
    _check_goal(parse_goal(text, TODAY))


@FAST
@given(
    TEXTS,
    st.lists(st.sampled_from(["target", "deadline", "baseline"]), unique=True).map(
        lambda xs: [f for f in ("target", "deadline", "baseline") if f in xs]
    ),
)
def test_any_text_parse_followup(text: str, missing: list[str]) -> None:
    _check_goal(parse_followup(text, TODAY, missing))


@pytest.mark.parametrize(
    ("text", "baseline", "target"),
    [
        # "nå" alone is "now": a baseline; "å nå" / "skal nå" is "to reach": a target.
        ("12 % konverteringsrate innen 31.12.2027, nå 4,5 %", Decimal("4.5"), Decimal(12)),
        ("10 nye kunder per uke innen Q3 2027, nå 2", Decimal(2), Decimal(10)),
        (
            "Vi skal nå 5000 følgere innen 30. juni 2027, vi har 1200 i dag",
            Decimal(1200),
            Decimal(5000),
        ),
        # A year inside a date we can't read is never a value.
        ("1000 followers by spring 2027", None, Decimal(1000)),
        ("20 % innen sommeren 2027", None, Decimal(20)),
    ],
)
def test_now_words_and_vague_years(text: str, baseline: Decimal | None, target: Decimal) -> None:
    parsed = parse_goal(text, TODAY)
    assert (parsed.baseline, parsed.target) == (baseline, target)
