"""`/strategy export`: the reports as CSV and the whole strategy as one page of Markdown.

The team's numbers should not be locked inside Slack: the CSV is every stored report (corrected
ones included, with `correction_of` pointing at what they replaced) for a spreadsheet, and the
Markdown is the strategy to paste into a wiki or print. Pure builders from plain data to bytes
or text: no Slack, no database, no clock (`today` is passed in), so the caller decides how to
upload and the tests can check the output exactly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from decimal import Decimal

from bot.domain.model import Direction, Goal, Metric, Report, Snapshot, Status, Step, Strategy
from bot.domain.progress import Pace, goal_direction, round_percent
from bot.domain.standing import GoalStanding, goal_standings
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.text.user_text import one_line

CSV_COLUMNS = (
    "id", "strategy", "goal", "metric", "week", "value", "reported_by", "reported_at",
    "correction_of", "archived",
)  # fmt: skip
RECENT_CHECKINS = 8  # weeks of check-in history on the Markdown page
NONE = "–"  # a number or date that is not there (yet)
_SLUG_LIMIT = 40

# --- CSV -------------------------------------------------------------------------------------

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Google Sheets
# (CSV injection, e.g. `=HYPERLINK(...)` in a goal's name). OWASP's advice: prefix a single
# quote so the cell is shown as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """User text made inert for a spreadsheet: a leading formula character gets a `'` before it.

    Only for the text columns (strategy, goal, metric). Values are written by `plain_decimal`
    and must stay numbers, so a negative value is never prefixed.
    """
    return "'" + text if text.startswith(_FORMULA_START) else text


def plain_decimal(value: Decimal) -> str:
    """`4350`, `12.5`, `-0.001`: a dot, no exponent, no grouping, no trailing zeros. Exact."""
    if not value.is_finite():
        raise ValueError(f"not a number to export: {value}")
    if value == 0:
        return "0"  # also for -0 and 0E-4
    text = format(value, "f")  # fixed point from the digits themselves: no rounding context
    return text.rstrip("0").rstrip(".") if "." in text else text


def _utc(moment: dt.datetime) -> str:
    # Stored aware in UTC; a naive value is taken to be UTC. Seconds are enough in a sheet.
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def reports_csv(strategy: Strategy, history: Sequence[Report]) -> bytes:
    """Every report in `history`, one row each and in that order, as UTF-8 CSV without a BOM.

    Goal and metric are named by their current description and name; a report whose goal or
    metric is gone (deleted since) gets an empty name rather than no row. `archived` is "yes"
    when its goal or metric was removed in an edit (kept for this history, out of check-ins).
    """
    goals = {goal.id: goal for goal in _all_goals(strategy) if goal.id is not None}
    metrics = {m.id: m for goal in _all_goals(strategy) for m in _all_metrics(goal)}
    archived_goals = {goal.id for goal in strategy.archived_goals}
    archived_metrics = {m.id for goal in strategy.goals for m in goal.archived_metrics}
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for report in history:
        goal, metric = goals.get(report.goal_id), metrics.get(report.metric_id)
        writer.writerow(
            [
                report.id,
                spreadsheet_safe(strategy.name),
                spreadsheet_safe(goal.description if goal else ""),
                spreadsheet_safe(metric.name if metric else ""),
                report.week.isoformat(),
                plain_decimal(report.value),
                report.reported_by,
                _utc(report.reported_at),
                "" if report.correction_of is None else report.correction_of,
                "yes"
                if report.goal_id in archived_goals or report.metric_id in archived_metrics
                else "",
            ]
        )
    return buffer.getvalue().encode("utf-8")


def _all_goals(strategy: Strategy) -> list[Goal]:
    return [*strategy.goals, *strategy.archived_goals]


def _all_metrics(goal: Goal) -> list[Metric]:
    return [*goal.metrics, *goal.archived_metrics]


# --- Markdown --------------------------------------------------------------------------------

# At the start of a line these would make user text a heading, quote, list, rule, fence or HTML.
_BLOCK_START = re.compile(r"^(?:[#>\-+*_=`~<|]|\d{1,9}(?=[.)]))")


def _inline(text: str) -> str:
    """User text for a paragraph or bullet: one line, never a block of its own making."""
    line = one_line(text)
    match = _BLOCK_START.match(line)
    if match is None:
        return line
    if match.group().isdigit():  # "1. foo" -> "1\. foo"
        return match.group() + "\\" + line[match.end() :]
    return "\\" + line


def _cell(text: str) -> str:
    """User text for a table cell: one line, and no `|` (or backslash) that could split it."""
    return one_line(text).replace("\\", "\\\\").replace("|", "\\|")


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    return [_row(header), _row(["---"] * len(header)), *(_row(row) for row in rows)]


def _amount(value: Decimal | None, unit: str, tr: Translator) -> str:
    return NONE if value is None else _cell(fmt.amount(value, unit, tr))


def _target(goal: Goal, tr: Translator) -> str:
    """The target cell: "2,000 a month"; "2 hours or lower" for a goal that should go down."""
    if goal.target is None:
        return NONE
    shown = fmt.period_amount(fmt.amount(goal.target, goal.unit, tr), goal.period, tr)
    if goal_direction(goal) is Direction.DOWN:
        shown = tr("{amount} or lower", amount=shown)
    return _cell(shown)


def _goal_row(item: GoalStanding, tr: Translator) -> list[str]:
    goal, status = item.goal, item.status
    percent, pace = NONE, NONE
    if status is not None and status.percent is not None:
        percent = tr("{percent}%", percent=round_percent(status.percent))
    if status is not None and status.pace is not None:
        pace = {
            Pace.ON_TRACK: tr("on track"),
            Pace.AHEAD: tr("ahead of plan"),
            Pace.BEHIND: tr("behind plan"),
        }[Pace(status.pace)]
    return [
        _cell(goal.description) or NONE,
        fmt.goal_type_title(goal.goal_type, tr) if goal.goal_type else NONE,
        _amount(goal.baseline, goal.unit, tr),
        _target(goal, tr),
        fmt.date(goal.deadline, tr) if goal.deadline else NONE,
        _amount(item.latest, goal.unit, tr),
        percent,
        pace,
    ]


def _goals(snapshot: Snapshot, today: dt.date, tr: Translator) -> list[str]:
    if not snapshot.strategy.goals:
        return [tr("Not set yet.")]
    header = [
        tr("Goal"),
        tr("Type"),
        tr("Baseline"),
        tr("Target"),
        tr("Deadline"),
        tr("Latest"),
        tr("Progress"),
        tr("Pace"),
    ]
    start = snapshot.strategy.started_on or today
    goals = goal_standings(snapshot.strategy.goals, snapshot.reports, start, today)
    rows = [_goal_row(item, tr) for item in goals]
    return _table(header, rows)


def _measurement(strategy: Strategy, tr: Translator) -> list[str]:
    if not strategy.goals:
        return [tr("Not set yet.")]
    lines = []
    for n, goal in enumerate(strategy.goals, start=1):
        lines.append("- " + _inline(tr("Goal {n}: {goal}", n=n, goal=one_line(goal.description))))
        labels = [fmt.period_window(fmt.metric_label(m), goal.period, tr) for m in goal.metrics]
        metrics = [_inline(label) for label in labels] or [tr("no metric yet")]
        metrics += [_inline(_archived(m.name, tr)) for m in goal.archived_metrics]
        lines.extend(f"  - {metric}" for metric in metrics)
    for goal in strategy.archived_goals:  # removed in an edit; their numbers are in the CSV
        lines.append("- " + _inline(tr("Archived goal: {goal}", goal=one_line(goal.description))))
        lines.extend(f"  - {_inline(fmt.metric_label(m))}" for m in goal.metrics)
    return lines


def _archived(name: str, tr: Translator) -> str:
    return tr("{name} (archived)", name=one_line(name))


def _responsibility(snapshot: Snapshot, tr: Translator, names: Mapping[str, str]) -> list[str]:
    strategy, slot = snapshot.strategy, snapshot.strategy.schedule
    owner = (names.get(strategy.owner_id) or strategy.owner_id) if strategy.owner_id else None
    items = [tr("Owner: {owner}", owner=one_line(owner)) if owner else tr("No owner yet.")]
    if slot is None:
        items.append(tr("No weekly check-in time yet."))
    else:
        weekday, time, zone = fmt.weekday(slot.weekday, tr), fmt.clock(slot.time), slot.timezone
        items.append(
            tr(
                "Weekly check-in: every {weekday} at {time} ({timezone})",
                weekday=weekday,
                time=time,
                timezone=one_line(zone),
            )
        )
    if snapshot.paused_until is not None:
        until = fmt.date(snapshot.paused_until, tr)
        items.append(tr("Check-ins are paused until {date}.", date=until))
    elif snapshot.paused:
        items.append(tr("Check-ins are paused. `/strategy resume` starts them again."))
    return [f"- {item}" for item in items]


def _checkin_status(status: str, tr: Translator) -> str:
    words = {
        "answered": tr("answered"),
        "missed": tr("missed"),
        "sent": tr("sent, not answered yet"),
        "due": tr("due"),
    }
    return words.get(status, _cell(status))


def _recent(snapshot: Snapshot, tr: Translator) -> list[str]:
    recent = snapshot.checkins[-RECENT_CHECKINS:]
    if not recent:
        return [tr("No check-ins yet.")]
    strategy = snapshot.strategy
    metrics: dict[int, Metric] = {
        m.id: m for goal in strategy.goals for m in goal.metrics if m.id is not None
    }
    # Archived metrics' numbers are history too: shown, marked, after the active ones.
    for goal in strategy.goals:
        metrics.update({m.id: _archived_metric(m, tr) for m in goal.archived_metrics})
    for goal in strategy.archived_goals:
        metrics.update({m.id: _archived_metric(m, tr) for m in goal.metrics})
    order = list(metrics)
    rows = []
    for checkin in reversed(recent):  # the latest week first
        reported = sorted(
            (r for r in snapshot.reports if r.week == checkin.week and r.metric_id in metrics),
            key=lambda r: order.index(r.metric_id),
        )
        values = "; ".join(
            f"{_cell(metrics[r.metric_id].name)}: "
            f"{_cell(fmt.amount(r.value, metrics[r.metric_id].unit, tr))}"
            for r in reported
        )
        rows.append(
            [fmt.date(checkin.week, tr), _checkin_status(checkin.status, tr), values or NONE]
        )
    return _table([tr("Week"), tr("Status"), tr("Reported")], rows)


def _archived_metric(metric: Metric, tr: Translator) -> Metric:
    return Metric(_archived(metric.name, tr), metric.unit, metric.id)


def strategy_markdown(
    snapshot: Snapshot, today: dt.date, tr: Translator, names: Mapping[str, str] = {}
) -> str:
    """The whole strategy on one page of Markdown, in the translator's language.

    `names` maps Slack user ids to display names: a Markdown file can't show `<@U…>` mentions.
    All user text is kept to one line and escaped where it sits (table cells or list items), so
    it can neither break a table nor start a heading.
    """
    strategy = snapshot.strategy
    title = _inline(strategy.name) or tr("Social media strategy")
    if title.endswith("#"):  # else taken as the heading's closing sequence
        title = title[:-1] + "\\#"
    status = tr("Live") if strategy.status is Status.LIVE else tr("Draft")
    mission = _inline(strategy.mission or "")
    benefits = [f"- {_inline(b)}" for b in strategy.benefits if b.strip()]
    sections: list[tuple[str, list[str]]] = [
        (fmt.step_title(Step.MISSION, tr), [mission or tr("Not set yet.")]),
        (fmt.step_title(Step.GOALS, tr), _goals(snapshot, today, tr)),
        (fmt.step_title(Step.MEASUREMENT, tr), _measurement(strategy, tr)),
        (fmt.step_title(Step.RESPONSIBILITY, tr), _responsibility(snapshot, tr, names)),
        (fmt.step_title(Step.BENEFITS, tr), benefits or [tr("Not set yet.")]),
        (tr("Recent check-ins"), _recent(snapshot, tr)),
    ]
    exported = tr("Exported on {date}", date=fmt.date(today, tr))
    lines = [f"# {title}", "", exported + " · " + tr("Status: {status}", status=status)]
    for heading, body in sections:
        lines += ["", f"## {heading}", "", *body]
    return "\n".join(lines) + "\n"


# --- file names ------------------------------------------------------------------------------

# Letters NFKD does not take apart into a base letter and a mark.
_TRANSLITERATE = str.maketrans(
    {"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "ß": "ss", "œ": "oe", "Œ": "Oe", "đ": "d", "Đ": "D",
     "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D"}
)  # fmt: skip


def slug(name: str) -> str:
    """An ASCII file-name part: lowercase a-z, 0-9 and hyphens, at most 40 characters."""
    ascii_text = (
        unicodedata.normalize("NFKD", name.translate(_TRANSLITERATE))
        .encode("ascii", "ignore")
        .decode("ascii")
    )
    text = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return text[:_SLUG_LIMIT].rstrip("-") or "strategy"


def export_filenames(strategy: Strategy, today: dt.date) -> tuple[str, str]:
    """("<slug>-reports-<date>.csv", "<slug>-<date>.md"), the date in ISO form."""
    base = slug(strategy.name)
    return f"{base}-reports-{today.isoformat()}.csv", f"{base}-{today.isoformat()}.md"
