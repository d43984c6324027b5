"""The status chart: exact PNG size, stable colours, gaps for missed weeks, the plan on the first
metric only, localised axes, and no crash on whatever text people type."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from babel.dates import format_date
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from PIL import Image

from bot.domain.model import Direction, Goal, Metric, Period, Report, Snapshot, Strategy
from bot.i18n.catalogue import Translator, translator
from bot.insights import chart_figure
from bot.insights.chart import (
    MAX_PANELS,
    Chart,
    _figure,
    chart_key,
    chart_size,
    metric_colour,
    render_chart,
)
from bot.insights.chart_figure import FRAME_GIDS

TODAY = dt.date(2026, 11, 27)  # a Friday
THIS_WEEK = dt.date(2026, 11, 23)  # its Monday: the chart is drawn as of it
STARTED = dt.date(2026, 9, 1)
DEADLINE = dt.date(2027, 6, 30)
MONDAY = dt.date(2026, 9, 7)
EN, NB = translator("en"), translator("nb")
REPORTED_AT = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


def week(n: int) -> dt.date:
    """The Monday of week n of the reports (week 1 is MONDAY)."""
    return MONDAY + dt.timedelta(weeks=n - 1)


def reports(metric_id: int, values: dict[int, int], goal_id: int = 1) -> list[Report]:
    return [
        Report(metric_id * 1000 + n, goal_id, metric_id, week(n), Decimal(v), "U1", REPORTED_AT)
        for n, v in sorted(values.items())
    ]


def goal(description: str, *metrics: Metric, gid: int = 1, complete: bool = True) -> Goal:
    return Goal(
        description,
        baseline=Decimal(1200) if complete else None,
        target=Decimal(5000) if complete else None,
        deadline=DEADLINE if complete else None,
        metrics=list(metrics),
        id=gid,
    )


def snapshot(
    *goals: Goal, reported: list[Report] | None = None, started: dt.date | None = STARTED
) -> Snapshot:
    strategy = Strategy("T1", "C1", "Kafé Ørnen", "U1", goals=list(goals), started_on=started)
    return Snapshot(strategy, reports=reported or [])


def with_metrics(count: int) -> Snapshot:
    """`count` metrics, three to a goal, each with two reported weeks."""
    goals, reported = [], []
    for g in range(math.ceil(count / 3)):
        ids = [i for i in range(g * 3 + 1, g * 3 + 4) if i <= count]
        goals.append(goal(f"Goal {g + 1}", *(Metric(f"metric {i}", id=i) for i in ids), gid=g))
        for i in ids:
            reported += reports(i, {1: 10 * i, 2: 10 * i + 5}, goal_id=g)
    return snapshot(*goals, reported=reported)


def figure(snap: Snapshot, tr: Translator = EN) -> tuple[Figure, str]:
    built = _figure(snap, TODAY, tr)
    assert built is not None
    return built


def line(ax: Axes, gid: str) -> Line2D:
    found = [candidate for candidate in ax.get_lines() if candidate.get_gid() == gid]
    assert len(found) == 1, (gid, [candidate.get_gid() for candidate in ax.get_lines()])
    return found[0]


def gids(ax: Axes) -> set[str | None]:
    """The data's lines (not the tick marks and grid)."""
    return {candidate.get_gid() for candidate in ax.get_lines()} - FRAME_GIDS


def tick_labels(ax: Axes, axis: str) -> list[tuple[str, float]]:
    """The axis's tick labels with where they are (x: a date number; y: a value)."""
    index = 0 if axis == "x" else 1
    return [
        (t.get_text(), float(t.get_position()[index]))
        for t in ax.texts
        if t.get_gid() == f"{axis}tick"
    ]


def decoded(chart: Chart) -> Image.Image:
    image = Image.open(io.BytesIO(chart.png))
    image.load()
    return image


# Size


@pytest.mark.parametrize(("metrics", "panels"), [(1, 1), (3, 3), (15, MAX_PANELS)])
def test_the_png_is_exactly_chart_size(metrics: int, panels: int) -> None:
    chart = render_chart(with_metrics(metrics), TODAY, EN)
    assert chart is not None
    image = decoded(chart)
    assert image.format == "PNG"
    assert image.size == chart_size(panels) == (chart.width, chart.height)


def test_every_panel_count_gives_exactly_chart_size() -> None:
    # Without drawing: the canvas size is what savefig writes (checked with Pillow above).
    for count in range(1, MAX_PANELS + 1):
        fig, _alt = figure(with_metrics(count))
        assert len(fig.axes) == count
        assert fig.canvas.get_width_height() == chart_size(count), count


def test_chart_size_grid() -> None:
    width, one = chart_size(1)
    assert width == 1200 and chart_size(2) == (1200, one)  # two panels side by side
    assert chart_size(3)[1] > one and chart_size(3) == chart_size(4)
    assert chart_size(12)[1] < 3000
    assert chart_size(40) == chart_size(MAX_PANELS)
    with pytest.raises(ValueError):
        chart_size(0)


def test_one_column_for_one_panel_two_otherwise() -> None:
    fig, _alt = figure(with_metrics(1))
    assert fig.axes[0].get_subplotspec().get_geometry()[:2] == (1, 1)
    fig, _alt = figure(with_metrics(5))
    assert fig.axes[0].get_subplotspec().get_geometry()[:2] == (3, 2)


def test_more_than_twelve_metrics_are_capped_and_the_alt_text_says_so() -> None:
    chart = render_chart(with_metrics(15), TODAY, EN)
    assert chart is not None
    assert "Only the first 12 of 15 metrics are shown." in chart.alt_text
    fig, _alt = figure(with_metrics(15))
    assert [ax.get_ylabel() for ax in fig.axes] == [f"metric {i}" for i in range(1, 13)]
    assert "Only the first" not in figure(with_metrics(12))[1]


# Colours


def test_metric_colour_is_stable_and_distinct_for_neighbours() -> None:
    for metric_id in range(200):
        colour = metric_colour(metric_id)
        assert re.fullmatch(r"#[0-9A-Fa-f]{6}", colour)
        assert colour == metric_colour(metric_id)
        assert colour != metric_colour(metric_id + 1)
        assert colour.upper() not in ("#000000", "#666666", "#333333", "#BBBBBB")


def test_the_line_has_its_metrics_colour_wherever_it_is_drawn() -> None:
    alone = snapshot(goal("Reach", Metric("reach", id=42)), reported=reports(42, {1: 5, 2: 6}))
    fig, _alt = figure(alone)
    assert to_hex(line(fig.axes[0], "values").get_color()) == metric_colour(42).lower()
    later = snapshot(
        goal("Followers", Metric("followers", id=7), Metric("reach", id=42)),
        reported=reports(7, {1: 1, 2: 2}) + reports(42, {1: 5, 2: 6}),
    )
    fig, _alt = figure(later)
    assert to_hex(line(fig.axes[0], "values").get_color()) == metric_colour(7).lower()
    assert to_hex(line(fig.axes[1], "values").get_color()) == metric_colour(42).lower()


# Values, gaps and the plan


def test_missed_weeks_are_gaps_not_zeros() -> None:
    snap = snapshot(
        goal("Followers", Metric("followers", id=1)),
        reported=reports(1, {1: 1300, 2: 1400, 4: 1600}),
    )
    fig, alt = figure(snap)
    values = line(fig.axes[0], "values")
    assert list(values.get_xdata()) == list(mdates.date2num([week(1), week(2), week(3), week(4)]))
    ys = list(values.get_ydata())
    assert ys[:2] == [1300.0, 1400.0] and math.isnan(ys[2]) and ys[3] == 1600.0
    assert "1 week missed." in alt


def test_mid_week_report_dates_count_for_their_week() -> None:
    thursday = week(2) + dt.timedelta(days=3)
    reported = [*reports(1, {1: 1300}), Report(9, 1, 1, thursday, Decimal(1400), "U1", REPORTED_AT)]
    fig, _alt = figure(snapshot(goal("Followers", Metric("followers", id=1)), reported=reported))
    assert list(line(fig.axes[0], "values").get_xdata()) == list(
        mdates.date2num([week(1), week(2)])
    )


def test_plan_target_and_deadline_on_the_first_metric_only() -> None:
    snap = snapshot(
        goal("Grow followers", Metric("followers", id=1), Metric("posts", id=2)),
        reported=reports(1, {1: 1300, 2: 1400}) + reports(2, {1: 3, 2: 4}),
    )
    fig, _alt = figure(snap)
    first, second = fig.axes
    plan = line(first, "plan")
    assert list(plan.get_xdata()) == list(mdates.date2num([STARTED, DEADLINE]))
    assert list(plan.get_ydata()) == [1200.0, 5000.0]
    assert list(line(first, "target").get_ydata()) == [5000.0, 5000.0]
    assert list(line(first, "deadline").get_xdata()) == [mdates.date2num(DEADLINE)] * 2
    assert plan.get_linestyle() == "--"
    assert {"plan", "target", "deadline"}.isdisjoint(gids(second))
    assert "values" in gids(second)
    lo, hi = first.get_xlim()
    assert lo <= mdates.date2num(STARTED) and hi >= mdates.date2num(DEADLINE)
    assert first.get_title(loc="left") == "Grow followers"
    assert second.get_title(loc="left") == "posts"


def test_an_incomplete_goal_has_no_plan() -> None:
    snap = snapshot(
        goal("Followers", Metric("followers", id=1), complete=False),
        reported=reports(1, {1: 1, 2: 2}),
    )
    fig, alt = figure(snap)
    assert gids(fig.axes[0]) == {"values", "week"}
    assert "Target" not in alt


def test_the_plan_starts_at_the_first_report_without_a_start_date() -> None:
    snap = snapshot(
        goal("Followers", Metric("followers", id=1)),
        reported=reports(1, {3: 1300, 4: 1400}),
        started=None,
    )
    fig, _alt = figure(snap)
    assert line(fig.axes[0], "plan").get_xdata()[0] == mdates.date2num(week(3))


def test_the_x_range_reaches_this_week_past_the_deadline() -> None:
    snap = snapshot(
        Goal(
            "Old",
            baseline=Decimal(0),
            target=Decimal(10),
            deadline=dt.date(2026, 10, 1),
            metrics=[Metric("m", id=1)],
        ),
        reported=reports(1, {1: 1}),
    )
    fig, _alt = figure(snap)
    assert fig.axes[0].get_xlim()[1] >= mdates.date2num(THIS_WEEK)
    assert line(fig.axes[0], "week").get_xdata()[0] == mdates.date2num(THIS_WEEK)


def test_no_reports_but_a_complete_goal_still_renders_the_plan() -> None:
    snap = snapshot(goal("Followers", Metric("followers", id=1)), started=None)
    chart = render_chart(snap, TODAY, EN)
    assert chart is not None and decoded(chart).size == chart_size(1)
    fig, alt = figure(snap)
    assert "values" not in gids(fig.axes[0])
    assert line(fig.axes[0], "plan").get_xdata()[0] == mdates.date2num(THIS_WEEK)
    assert "followers: no values reported yet." in alt


def test_a_metric_without_reports_or_plan_still_gets_a_panel() -> None:
    snap = snapshot(goal("Followers", Metric("followers", id=1), complete=False))
    chart = render_chart(snap, TODAY, EN)
    assert chart is not None and decoded(chart).size == chart_size(1)


@pytest.mark.parametrize(
    "goals",
    [
        [],
        [Goal("No metric yet")],
        [Goal("Unsaved metric", metrics=[Metric("followers")])],
    ],
)
def test_nothing_to_draw_is_none(goals: list[Goal]) -> None:
    assert render_chart(snapshot(*goals), TODAY, EN) is None


# Language


def test_norwegian_dates_and_numbers_on_the_axes() -> None:
    snap = snapshot(
        goal("Følgere", Metric("følgere", id=1)), reported=reports(1, {1: 1300, 2: 1400})
    )
    for tr, locale in ((NB, "nb_NO"), (EN, "en_GB")):
        fig, _alt = figure(snap, tr)
        ax = fig.axes[0]
        ticks = tick_labels(ax, "x")
        numbers = [text for text, _y in tick_labels(ax, "y")]
        assert len(ticks) >= 2 and len(numbers) >= 2
        for text, x in ticks:
            assert text == format_date(mdates.num2date(x).date(), format="medium", locale=locale)
        texts = " ".join(text for text, _x in ticks)
        if tr is NB:
            assert re.search(
                r"\d+\. (jan|feb|mar|apr|mai|jun|jul|aug|sep|okt|nov|des)\.? \d{4}", texts
            )
            assert any("\u00a0" in text for text in numbers)  # "5 000"
        else:
            assert re.search(
                r"\d+ (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec) \d{4}", texts
            )
            assert any("," in text for text in numbers)  # "5,000"


def test_legend_labels_go_through_the_translator() -> None:
    snap = snapshot(goal("Følgere", Metric("følgere", id=1)), reported=reports(1, {1: 1300}))
    fig, _alt = figure(snap, NB)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == [NB(s) for s in ("Reported", "Plan", "Target", "Deadline", "This week")]


# Alt text


def test_alt_text_describes_each_metric() -> None:
    snap = snapshot(
        goal("Grow", Metric("followers", id=1), Metric("revenue", "NOK", id=2)),
        reported=reports(1, {1: 1300, 2: 1400, 4: 1600}) + reports(2, {1: 900}),
    )
    chart = render_chart(snap, TODAY, EN)
    assert chart is not None
    assert chart.alt_text.startswith("Chart of Kafé Ørnen: 2 panels.")
    assert "followers: 3 weekly values from 7 September 2026 to 28 September 2026" in chart.alt_text
    assert "latest 1,600" in chart.alt_text and "Target 5,000 by 30 June 2027." in chart.alt_text
    assert "revenue (NOK): one weekly value, 900 NOK in the week of 7 September 2026." in (
        chart.alt_text
    )
    assert len(chart.alt_text) <= 1000


def test_alt_text_is_clipped_to_1000_characters() -> None:
    long = "x" * 500
    metrics = [Metric(f"{long} {i}", long, id=i) for i in range(1, 13)]
    snap = snapshot(goal(long, *metrics), reported=reports(1, {1: 1, 3: 2}))
    chart = render_chart(snap, TODAY, EN)
    assert chart is not None
    assert len(chart.alt_text) <= 1000 and chart.alt_text.endswith("…")
    assert chart.alt_text.count("x" * 60) == 0  # user text is clipped too


# Odd text


ANY_TEXT = st.text(max_size=300)


@pytest.mark.filterwarnings("error")  # no "Glyph missing" warnings either
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=ANY_TEXT,
    description=ANY_TEXT,
    metric=ANY_TEXT,
    unit=ANY_TEXT,
    language=st.sampled_from(["en", "nb"]),
)
@example(name="$\\frac{$ \\", description="_$x^$", metric="$", unit="\\", language="en")
@example(
    name="🚀 <@U123> " * 40,
    description="Følgere på Instagram 😀",
    metric="\x00\n\t",
    unit="₿",
    language="nb",
)
def test_any_text_renders(
    name: str, description: str, metric: str, unit: str, language: str
) -> None:
    strategy = Strategy("T1", "C1", name, "U1", started_on=STARTED)
    strategy.goals = [
        goal(description, Metric(metric, unit, id=1), Metric(metric + unit, unit, id=2))
    ]
    snap = Snapshot(strategy, reports(1, {1: 1300, 2: 1400, 4: 1600}))
    chart = render_chart(snap, TODAY, translator(language))
    assert chart is not None
    assert chart.png.startswith(b"\x89PNG\r\n\x1a\n")
    assert decoded(chart).size == chart_size(2) == (chart.width, chart.height)
    assert len(chart.alt_text) <= 1000


@pytest.mark.filterwarnings("error")
def test_odd_numbers_and_dates_render() -> None:
    snap = snapshot(
        Goal(
            "Huge",
            baseline=Decimal("-999999999999999.9999"),
            target=Decimal("999999999999999"),
            deadline=dt.date(9999, 12, 31),
            metrics=[Metric("a", id=1)],
        ),
        Goal(
            "Same",
            baseline=Decimal(5),
            target=Decimal(5),
            deadline=dt.date(1, 1, 1),
            metrics=[Metric("b", id=2)],
        ),
        reported=reports(1, {1: 0}) + reports(2, {1: 5, 2: 5}),
    )
    chart = render_chart(snap, TODAY, NB)
    assert chart is not None and decoded(chart).size == chart_size(2)


def test_rendering_in_threads_gives_the_same_png() -> None:
    snaps = [with_metrics(n) for n in (1, 3)]
    alone = [render_chart(s, TODAY, NB) for s in snaps]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda s: render_chart(s, TODAY, NB), snaps * 2))
    assert together == alone * 2


# Goals counted per period, and goals that go down


def per_period_and_down() -> Snapshot:
    visits = Goal(
        "2,000 visits a month",
        baseline=Decimal(1200),
        target=Decimal(2000),
        deadline=DEADLINE,
        period=Period.MONTH,
        metrics=[Metric("visits", id=1), Metric("sign-ups", id=2)],
        id=1,
    )
    reply_time = Goal(
        "Reply within 2 hours",
        unit="hours",
        baseline=Decimal(10),
        target=Decimal(2),
        deadline=DEADLINE,
        direction=Direction.DOWN,
        metrics=[Metric("reply time", "hours", id=3)],
        id=2,
    )
    reported = reports(1, {1: 1300, 2: 1600}) + reports(2, {2: 40}) + reports(3, {1: 9, 2: 8}, 2)
    return snapshot(visits, reply_time, reported=reported)


def test_a_goal_going_down_is_drawn_and_titled_as_one() -> None:
    fig, _alt = figure(per_period_and_down())
    reply = fig.axes[2]
    assert reply.get_title(loc="left") == "Reply within 2 hours (lower is better)"
    assert reply.get_ylabel() == "reply time (hours)"
    assert list(line(reply, "plan").get_ydata()) == [10.0, 2.0]  # the plan goes down
    assert list(line(reply, "target").get_ydata()) == [2.0, 2.0]
    assert fig.axes[0].get_title(loc="left") == "2,000 visits a month"  # going up: no note


def test_a_per_period_goal_labels_every_metric_with_its_window() -> None:
    fig, _alt = figure(per_period_and_down())
    assert [ax.get_ylabel() for ax in fig.axes] == [
        "visits, last 30 days",
        "sign-ups, last 30 days",
        "reply time (hours)",
    ]
    fig, _alt = figure(per_period_and_down(), NB)
    assert fig.axes[0].get_ylabel() == "visits, siste 30 dager"
    assert fig.axes[2].get_title(loc="left") == "Reply within 2 hours (lavere er bedre)"


def test_alt_text_says_the_period_and_that_lower_is_better() -> None:
    chart = render_chart(per_period_and_down(), TODAY, EN)
    assert chart is not None
    assert chart.alt_text == (
        "Chart of Kafé Ørnen: 3 panels. "
        "visits, last 30 days: 2 weekly values from 7 September 2026 to 14 September 2026, "
        "latest 1,600. Target 2,000 a month by 30 June 2027. "
        "sign-ups, last 30 days: one weekly value, 40 in the week of 14 September 2026. "
        "reply time (hours): 2 weekly values from 7 September 2026 to 14 September 2026, "
        "latest 8 hours. Target 2 hours by 30 June 2027. Lower is better."
    )
    norwegian = render_chart(per_period_and_down(), TODAY, NB)
    assert norwegian is not None
    assert "Målverdi 2\xa0000 i måneden innen 30. juni 2027." in norwegian.alt_text
    assert "visits, siste 30 dager:" in norwegian.alt_text
    assert norwegian.alt_text.endswith("Lavere er bedre.")


def test_a_goal_going_down_without_a_baseline_yet_still_says_lower_is_better() -> None:
    # Today's value comes with the first report; the dialogue already knows the direction.
    waiting = Goal(
        "Cheaper leads",
        target=Decimal(150),
        deadline=DEADLINE,
        direction=Direction.DOWN,
        metrics=[Metric("cost per lead", "kr", id=1)],
    )
    fig, alt = figure(snapshot(waiting))
    assert fig.axes[0].get_title(loc="left") == "Cheaper leads (lower is better)"
    assert "plan" not in gids(fig.axes[0])
    assert alt.endswith("cost per lead (kr): no values reported yet. Lower is better.")


# Drawn once a week: the same chart all week, and a key that says when it changed


def test_the_chart_is_the_same_all_week_and_its_key_says_so() -> None:
    snap = snapshot(
        goal("Followers", Metric("followers", id=1)), reported=reports(1, {1: 1300, 2: 1400})
    )
    sunday = THIS_WEEK + dt.timedelta(days=6)
    monday = render_chart(snap, THIS_WEEK, EN)
    assert monday is not None and render_chart(snap, sunday, EN) == monday
    assert chart_key(snap, THIS_WEEK, EN) == chart_key(snap, sunday, EN) is not None
    next_week = THIS_WEEK + dt.timedelta(weeks=1)
    assert render_chart(snap, next_week, EN) != monday
    assert chart_key(snap, next_week, EN) != chart_key(snap, THIS_WEEK, EN)


def test_the_key_changes_with_anything_the_chart_shows() -> None:
    def key(
        values: dict[int, int] | None = None, name: str = "Kafé Ørnen", tr: Translator = EN
    ) -> str | None:
        snap = snapshot(
            goal("Followers", Metric("followers", "accounts", id=1)),
            reported=reports(1, values or {1: 1300, 2: 1400}),
        )
        snap.strategy.name = name
        return chart_key(snap, TODAY, tr)

    same = key()
    assert same is not None and key() == same
    assert key({1: 1300, 2: 1401}) != same  # a value
    assert key({1: 1300, 2: 1400, 3: 1500}) != same  # a new week
    assert key(name="Kafé Ørnen AS") != same  # the title
    assert key(tr=NB) != same  # the language
    renamed = snapshot(
        goal("Followers", Metric("followers", "people", id=1)),
        reported=reports(1, {1: 1300, 2: 1400}),
    )
    assert chart_key(renamed, TODAY, EN) != same  # a metric's unit (its y label)
    assert chart_key(snapshot(), TODAY, EN) is None  # nothing to draw


def test_ticks_are_in_view_and_six_values_at_most() -> None:
    fig, _alt = figure(with_metrics(4))
    for ax in fig.axes:
        (left, right), (bottom, top) = ax.get_xlim(), ax.get_ylim()
        xs, ys = tick_labels(ax, "x"), tick_labels(ax, "y")
        assert len(xs) >= 2 and 2 <= len(ys) <= 6
        assert all(left <= x <= right for _text, x in xs)
        assert all(bottom <= y <= top for _text, y in ys)
        assert len(line(ax, "yticks").get_ydata()) == len(ys)
        assert len(line(ax, "xticks").get_xdata()) == len(xs)


def test_the_png_holds_exactly_the_pixels_drawn() -> None:
    fig, _alt = figure(with_metrics(3))
    written = Image.open(io.BytesIO(chart_figure.png(fig)))
    assert written.mode == "RGB" and written.size == chart_size(3)
    drawn = Image.frombuffer("RGBA", written.size, fig.canvas.buffer_rgba()).convert("RGB")
    assert written.tobytes() == drawn.tobytes()


def test_the_left_and_bottom_spines_frame_each_panel() -> None:
    # No Tick objects are made (chart_axes.py); the spines still sit on the axes.
    fig, _alt = figure(with_metrics(3))
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    for ax in fig.axes:
        x0, y0, x1, y1 = ax.get_window_extent().extents
        assert ax.xaxis.majorTicks == [] and ax.yaxis.majorTicks == []
        left = ax.spines["left"].get_window_extent(renderer).extents
        bottom = ax.spines["bottom"].get_window_extent(renderer).extents
        assert left == pytest.approx([x0, y0, x0, y1])
        assert bottom == pytest.approx([x0, y0, x1, y0])
