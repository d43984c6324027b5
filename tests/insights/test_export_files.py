"""`/strategy export`: the reports CSV round-trips, the Markdown renders, file names are safe."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.model import (
    CheckinWeek,
    Goal,
    GoalType,
    Metric,
    Report,
    Schedule,
    Snapshot,
    Status,
    Strategy,
)
from bot.i18n.catalogue import translator
from bot.insights.export_files import (
    CSV_COLUMNS,
    export_filenames,
    plain_decimal,
    reports_csv,
    spreadsheet_safe,
    strategy_markdown,
)
from tests.support.webshop import webshop_goals

D = Decimal
TODAY = dt.date(2026, 11, 27)
W1, W2, W3 = dt.date(2026, 11, 9), dt.date(2026, 11, 16), dt.date(2026, 11, 23)
AT = dt.datetime(2026, 11, 23, 9, 5, tzinfo=dt.UTC)
TRICKY_METRIC = 'reach, "organic"\nper week – æøå ÆØÅ'
FORMULA_GOAL = '=HYPERLINK("http://evil.example","click")'


def make_strategy(**changes: object) -> Strategy:
    goals = [
        Goal(
            "Instagram followers",
            metric="followers",
            baseline=D(1200),
            target=D(5000),
            deadline=dt.date(2027, 6, 30),
            goal_type=GoalType.AWARENESS,
            metrics=[Metric("followers", id=11), Metric(TRICKY_METRIC, "accounts", id=12)],
            id=1,
        ),
        Goal(
            FORMULA_GOAL,
            metric="revenue",
            unit="NOK",
            baseline=D(0),
            target=D(100000),
            deadline=dt.date(2027, 3, 31),
            goal_type=GoalType.SALES,
            metrics=[Metric("revenue", "NOK", id=21), Metric("-returns", id=22)],
            id=2,
        ),
    ]
    fields: dict = {
        "team_id": "T1",
        "channel_id": "C1",
        "name": "Kafé Ørn",
        "started_by": "U1",
        "status": Status.LIVE,
        "owner_id": "U2",
        "mission": "We make Tromsø's mornings better.",
        "benefits": ["Recipes every Friday", "Behind the scenes at the bakery"],
        "goals": goals,
        "schedule": Schedule(0, dt.time(9, 0), "Europe/Oslo"),
        "started_on": dt.date(2026, 11, 2),
        "id": 7,
    }
    fields.update(changes)
    return Strategy(**fields)


def report(id: int, goal: int, metric: int, week: dt.date, value: str, **kw: object) -> Report:
    fields: dict = {"reported_by": "U2", "reported_at": AT + dt.timedelta(minutes=id)}
    fields.update(kw)
    return Report(id, goal, metric, week, D(value), **fields)


HISTORY = [
    report(1, 1, 11, W1, "1500"),
    report(2, 1, 12, W1, "12.5000"),
    report(3, 2, 21, W1, "4350.0000"),
    report(4, 2, 22, W1, "-5"),
    report(5, 1, 11, W1, "1550", correction_of=1, reported_by="U1"),
    report(6, 1, 11, W2, "2150"),
    report(7, 2, 22, W2, "-0.0010"),
    report(8, 2, 22, W2, "-0.0020", correction_of=7),
    report(9, 99, 999, W2, "1E+3"),  # its goal was deleted since
]


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def assert_round_trip(strategy: Strategy, history: list[Report]) -> None:
    data = reports_csv(strategy, history)
    assert not data.startswith(b"\xef\xbb\xbf")
    assert next(csv.reader(io.StringIO(data.decode("utf-8")))) == list(CSV_COLUMNS)
    rows = read_csv(data)
    assert len(rows) == len(history)
    goals = {g.id: g for g in strategy.goals}
    metrics = {m.id: m for g in strategy.goals for m in g.metrics}
    for row, stored in zip(rows, history, strict=True):
        assert int(row["id"]) == stored.id
        assert row["strategy"] == spreadsheet_safe(strategy.name)
        goal, metric = goals.get(stored.goal_id), metrics.get(stored.metric_id)
        assert row["goal"] == (spreadsheet_safe(goal.description) if goal else "")
        assert row["metric"] == (spreadsheet_safe(metric.name) if metric else "")
        assert dt.date.fromisoformat(row["week"]) == stored.week
        assert D(row["value"]) == stored.value
        assert "E" not in row["value"] and "," not in row["value"]
        assert row["reported_by"] == stored.reported_by
        reported_at = dt.datetime.fromisoformat(row["reported_at"])
        assert reported_at == stored.reported_at and reported_at.utcoffset() == dt.timedelta(0)
        correction = int(row["correction_of"]) if row["correction_of"] else None
        assert correction == stored.correction_of


# --- CSV -------------------------------------------------------------------------------------


def test_csv_round_trips_every_report_in_order() -> None:
    assert_round_trip(make_strategy(), HISTORY)


def test_csv_cells_as_a_spreadsheet_sees_them() -> None:
    rows = read_csv(reports_csv(make_strategy(name="+47 Café"), HISTORY))
    assert [row["id"] for row in rows] == [str(r.id) for r in HISTORY]
    assert rows[0]["strategy"] == "'+47 Café"
    assert rows[1]["metric"] == TRICKY_METRIC  # comma, quotes, newline and æøå survive
    assert rows[2]["goal"] == "'" + FORMULA_GOAL
    assert (rows[3]["metric"], rows[3]["value"]) == ("'-returns", "-5")  # the number stays one
    assert rows[2]["value"] == "4350" and rows[1]["value"] == "12.5"
    assert rows[4]["correction_of"] == "1" and rows[0]["correction_of"] == ""
    assert rows[4]["reported_by"] == "U1"
    assert rows[0]["week"] == "2026-11-09"
    assert rows[0]["reported_at"] == "2026-11-23T09:06:00+00:00"
    assert (rows[8]["goal"], rows[8]["metric"], rows[8]["value"]) == ("", "", "1000")


def test_csv_times_are_written_in_utc() -> None:
    oslo = dt.timezone(dt.timedelta(hours=1))
    moment = dt.datetime(2026, 11, 23, 10, 5, tzinfo=oslo)
    rows = read_csv(reports_csv(make_strategy(), [report(1, 1, 11, W3, "1", reported_at=moment)]))
    assert rows[0]["reported_at"] == "2026-11-23T09:05:00+00:00"


def test_csv_with_no_reports_is_the_header() -> None:
    assert reports_csv(make_strategy(), []) == (",".join(CSV_COLUMNS) + "\r\n").encode()


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+2", "'=1+2"),
        ("+47", "'+47"),
        ("-returns", "'-returns"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tfollowers", "'\tfollowers"),
        ("\rfollowers", "'\rfollowers"),
        ("followers", "followers"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_spreadsheet_safe(text: str, safe: str) -> None:
    assert spreadsheet_safe(text) == safe


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("4350.0000", "4350"),
        ("12.5000", "12.5"),
        ("-0.0010", "-0.001"),
        ("1E+3", "1000"),
        ("1.000E+2", "100"),
        ("1.23E+5", "123000"),
        ("-4.2E-3", "-0.0042"),
        ("1E-7", "0.0000001"),
        ("-5", "-5"),
        ("0", "0"),
        ("-0.0000", "0"),
        ("0E+5", "0"),
        ("10", "10"),
        ("100.0100", "100.01"),
        ("99999999999999.9999", "99999999999999.9999"),
        ("-123456789012345678901234567890.5", "-123456789012345678901234567890.5"),
    ],
)
def test_plain_decimal(value: str, text: str) -> None:
    written = plain_decimal(D(value))
    assert written == text
    assert "E" not in written and "e" not in written and "," not in written
    assert D(written) == D(value)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_plain_decimal_refuses_what_is_not_a_number(value: str) -> None:
    with pytest.raises(ValueError):
        plain_decimal(D(value))


VALUES = st.decimals(
    allow_nan=False, allow_infinity=False, places=4, min_value=-(10**14), max_value=10**14
)


@settings(max_examples=150, deadline=None)
@given(
    name=st.text(),
    goal=st.text(),
    metrics=st.lists(st.text(), min_size=1, max_size=3),
    values=st.lists(VALUES, min_size=1, max_size=6),
)
def test_csv_round_trip_property(
    name: str, goal: str, metrics: list[str], values: list[Decimal]
) -> None:
    strategy = make_strategy(
        name=name,
        goals=[Goal(goal, metrics=[Metric(m, id=i) for i, m in enumerate(metrics)], id=1)],
    )
    history = [
        report(
            n,
            1,
            n % len(metrics),
            W1,
            str(value),
            correction_of=n - 1 if n % 2 else None,
            reported_at=AT + dt.timedelta(seconds=n),
        )
        for n, value in enumerate(values, start=1)
    ]
    assert_round_trip(strategy, history)
    for row in read_csv(reports_csv(strategy, history)):
        assert not row["goal"].startswith(("=", "+", "-", "@", "\t", "\r"))
        assert "E" not in row["value"] and "," not in row["value"]


# --- Markdown --------------------------------------------------------------------------------


def make_snapshot(**changes: object) -> Snapshot:
    strategy = make_strategy(**changes)
    reports = [r for r in HISTORY if r.id in (3, 5, 6, 8)]  # the latest per metric and week
    checkins = [
        CheckinWeek(W1, "answered", AT),
        CheckinWeek(W2, "answered", AT),
        CheckinWeek(W3, "missed"),
        CheckinWeek(W3 + dt.timedelta(weeks=1), "sent"),
    ]
    return Snapshot(strategy, reports, checkins, paused=True, paused_until=dt.date(2027, 1, 4))


# A `|` that splits cells: not escaped by an odd number of backslashes before it.
_UNESCAPED_PIPE = re.compile(r"(?<!\\)(?:\\\\)*\|")


def tables(markdown: str) -> list[list[str]]:
    found: list[list[str]] = []
    previous = False
    for line in markdown.splitlines():
        is_row = line.startswith("|")
        if is_row and not previous:
            found.append([])
        if is_row:
            found[-1].append(line)
        previous = is_row
    return found


def goal_rows(markdown: str) -> list[str]:
    return tables(markdown)[0][2:]


def test_markdown_in_english() -> None:
    text = strategy_markdown(make_snapshot(), TODAY, translator("en"), {"U2": "Kari Nordmann"})
    lines = text.splitlines()
    assert lines[0] == "# Kafé Ørn"
    assert "27 November 2026" in lines[2] and "Live" in lines[2]
    assert "We make Tromsø's mornings better." in text
    rows = goal_rows(text)
    assert len(rows) == 2
    # Followers: 1,200 -> 5,000, latest 2,150 (week 2): 950 / 3,800 = 25 %.
    assert rows[0].startswith("| Instagram followers | awareness | 1,200 | 5,000 | 30 June 2027 |")
    assert "| 2,150 | 25% |" in rows[0]
    # Revenue: 4,350 NOK of 100,000 is 4.35 %; the plan at 25 Nov is ~22 %: behind.
    assert "| 4,350 NOK | 4% | behind plan |" in rows[1]
    assert "Kari Nordmann" in text and "U2" not in text
    assert "- Recipes every Friday" in text and "- Behind the scenes at the bakery" in text
    assert "Monday at 09:00 (Europe/Oslo)" in text
    assert "paused until 4 January 2027" in text
    assert '  - reach, "organic" per week – æøå ÆØÅ (accounts)' in text
    checkins = tables(text)[1]
    assert checkins[2].startswith("| 30 November 2026 | sent")  # the latest week first
    assert "| 16 November 2026 | answered | followers: 2,150; -returns: -0.002 |" in text
    assert "| 23 November 2026 | missed | – |" in text


def test_markdown_in_norwegian() -> None:
    text = strategy_markdown(make_snapshot(), TODAY, translator("nb"), {"U2": "Kari Nordmann"})
    assert "## Misjon" in text and "## Mål" in text and "## Fordeler for kundene" in text
    assert "27. november 2026" in text and "Aktiv" in text
    assert "We make Tromsø's mornings better." in text
    rows = goal_rows(text)
    assert len(rows) == 2
    assert "kjennskap" in rows[0] and re.search(r"\| 25\s?% \|", rows[0])
    assert "mandag" in text and "Kari Nordmann" in text
    assert "- Recipes every Friday" in text


def test_owner_without_a_name_shows_the_id() -> None:
    text = strategy_markdown(make_snapshot(), TODAY, translator("en"))
    assert "U2" in text and "<@" not in text


def test_user_text_cannot_break_a_table_or_make_a_heading() -> None:
    nasty = "A | B\nC \\| D\\"
    strategy = make_strategy()
    strategy.goals[0].description = nasty
    strategy.goals[0].metrics[0].name = "# heading | metric"
    strategy.goals[1].unit = "kr|"
    snapshot = make_snapshot(
        name="## Not a heading #",
        goals=strategy.goals,
        mission="# Big\n\n- list\n1. ordered",
        benefits=["# heading", "> quote", "---", "1. one", "<script>x</script>"],
    )
    text = strategy_markdown(snapshot, TODAY, translator("en"), {"U2": "| Kari\n# Boss"})
    for table in tables(text):
        counts = {len(_UNESCAPED_PIPE.findall(row)) for row in table}
        assert len(counts) == 1, table
    assert len(tables(text)[0][0].split(" | ")) == 8
    assert "| A \\| B C \\\\\\| D\\\\ |" in text  # readable once rendered: "A | B C \| D\"
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings[0] == "# \\## Not a heading \\#"
    assert all(h.startswith("## ") and "heading" not in h for h in headings[1:])
    for line in text.splitlines():
        item = line.lstrip(" ")[2:] if line.lstrip(" ").startswith("- ") else None
        if item is not None:
            assert not re.match(r"[#>\-+*_=`~<]|\d+[.)]", item), line
    assert "\\# Big - list 1. ordered" in text


def test_an_empty_draft_still_renders() -> None:
    strategy = Strategy(team_id="T1", channel_id="C1", name="", started_by="U1")
    for language in ("en", "nb"):
        text = strategy_markdown(Snapshot(strategy), TODAY, translator(language))
        assert text.startswith("# ") and text.endswith("\n")
    text = strategy_markdown(Snapshot(strategy), TODAY, translator("en"))
    assert "Draft" in text and "Not set yet." in text and "No check-ins yet." in text
    assert "No owner yet." in text and not tables(text)


def test_goals_with_gaps_show_dashes() -> None:
    strategy = make_strategy(
        goals=[Goal("Newsletter sign-ups", metrics=[Metric("sign-ups", id=5)], id=3)],
        started_on=None,
    )
    snapshot = Snapshot(strategy, [report(1, 3, 5, W2, "40")])
    text = strategy_markdown(snapshot, TODAY, translator("en"))
    assert goal_rows(text) == ["| Newsletter sign-ups | – | – | – | – | 40 | – | – |"]


# --- file names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "base"),
    [
        ("Kafé Ørn", "kafe-orn"),
        ("Blåbær & Æbler", "blabaer-aebler"),
        ("Sales/Marketing\\2027", "sales-marketing-2027"),
        ("../../etc/passwd", "etc-passwd"),
        ("🚀🎉", "strategy"),
        ("", "strategy"),
        ("   --   ", "strategy"),
        ("Ñandú Straße", "nandu-strasse"),
    ],
)
def test_export_filenames(name: str, base: str) -> None:
    csv_name, md_name = export_filenames(make_strategy(name=name), TODAY)
    assert csv_name == f"{base}-reports-2026-11-27.csv"
    assert md_name == f"{base}-2026-11-27.md"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_export_filenames_are_always_safe(name: str) -> None:
    for filename in export_filenames(make_strategy(name=name), TODAY):
        base = filename.removesuffix(".csv").removesuffix(".md").rsplit("-2026-11-27", 1)[0]
        base = base.removesuffix("-reports")
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", base), filename
        assert len(base) <= 40


def test_long_names_are_cut_without_a_trailing_hyphen() -> None:
    _, md_name = export_filenames(make_strategy(name="a" * 39 + " b" + "c" * 50), TODAY)
    assert md_name == "a" * 39 + "-2026-11-27.md"


# --- goals counted per period, and goals that go down ----------------------------------------


def webshop_snapshot() -> Snapshot:
    goals = webshop_goals(goal_ids=(3, 4), metric_ids=(31, 32, 41))
    reported = [
        report(1, 3, 31, W1, "1500"),
        report(2, 4, 41, W1, "9"),
        report(3, 3, 31, W2, "1600"),
        report(4, 4, 41, W2, "6"),
    ]
    return Snapshot(make_strategy(goals=goals), reported, [CheckinWeek(W2, "answered", AT)])


@pytest.mark.parametrize(
    ("language", "rows", "metrics"),
    [
        (
            "en",
            [
                # 1,600 of 1,200 -> 2,000 is half way; the plan for 27 November is about 1,283
                "| 2,000 visits a month | awareness | 1,200 | 2,000 a month | 30 June 2027 | "
                "1,600 | 50% | ahead of plan |",
                # 6 hours of 10 -> 2 is half way; the plan is about 9.2 hours: lower is ahead
                "| Reply within 2 hours | – | 10 hours | 2 hours or lower | 30 June 2027 | "
                "6 hours | 50% | ahead of plan |",
            ],
            "- Goal 1: 2,000 visits a month\n"
            "  - visits, last 30 days\n"
            "  - sign-ups, last 30 days\n"
            "- Goal 2: Reply within 2 hours\n"
            "  - reply time (hours)\n",
        ),
        (
            "nb",
            [
                # one line per cell: a no-break space in a number is a plain space in the file
                "| 2,000 visits a month | kjennskap | 1 200 | 2 000 i måneden | "
                "30. juni 2027 | 1 600 | 50 % | foran planen |",
                "| Reply within 2 hours | – | 10 hours | 2 hours eller lavere | 30. juni 2027 | "
                "6 hours | 50 % | foran planen |",
            ],
            "- Mål 1: 2,000 visits a month\n"
            "  - visits, siste 30 dager\n"
            "  - sign-ups, siste 30 dager\n"
            "- Mål 2: Reply within 2 hours\n"
            "  - reply time (hours)\n",
        ),
    ],
)
def test_markdown_shows_the_period_and_a_goal_going_down(
    language: str, rows: list[str], metrics: str
) -> None:
    text = strategy_markdown(webshop_snapshot(), TODAY, translator(language))
    assert goal_rows(text) == rows
    assert metrics in text
