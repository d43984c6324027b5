"""Block Kit messages for the weekly check-in: the request in the owner's DM, the coach's answer
to a report, and the short digest in the strategy's thread.

Pure functions from plain data to `(fallback text, blocks)`: no Slack calls, no database, no
clock. User text (strategy, goal and metric names, units, the fragments the coach could not
place) is escaped and cut here. Every part has a budget in characters of JSON (see
`bot.slack.blocks.json_cost`), so the biggest strategy the coach keeps (10 goals of 5 metrics, every
name at its longest and full of `&<>`, emoji or æøå) stays within Slack's limits.
"""

from __future__ import annotations

from decimal import Decimal

from bot.domain.limits import MAX_UNIT
from bot.domain.model import Goal, Metric, Period, Strategy
from bot.domain.progress import GoalStatus
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.slack.blocks import (
    SECTION_LIMIT,
    and_more,
    button,
    context,
    fit,
    json_cost,
    section,
    strategy_name,
    user,
)
from bot.slack.blocks import fallback_text as fallback
from bot.slack.progress_text import (
    NAME_CHARS,
    NAME_COST,
    amount_text,
    goal_name,
    goes_down,
    pace_text,
    percent_text,
    plan_amount,
    projection_text,
    safe_goal_line,
    target_text,
)
from bot.text.user_text import one_line

ACTION_REPORT_FORM = "open_report_form"  # the "Report" button; its value is the check-in's id

# Budgets in characters of JSON. With 10 goals, 13 blocks of ~80 characters of wrapping and these
# parts stay under ~11,500 characters in all, whatever the user typed.
_INTRO_COST = 800
_NOTE_COST = 600
_PERIODS_COST = 700  # how to count a weekly, monthly, quarterly or yearly figure (all four)
_METRIC_LINES_COST = 6500  # all metric lines of a request, shared among the metrics
_GOAL_HEADINGS_COST = 2000  # all goal headings of a request, shared among the goals
_GOAL_STATUS_COST = 720  # one goal's section in a reply
_LIST_COST = 1000  # "Saved: …", "I couldn't place: …", "Still missing: …"
_DIGEST_COST = 6000  # one section: its 3000 characters bind first
_LISTED_CHARS = 60
_LISTED_COST = 120
_FRAGMENT_CHARS = 120
_FRAGMENT_COST = 200


# --- shared pieces ----------------------------------------------------------------------------


def ordered_metrics(strategy: Strategy) -> list[tuple[Goal, Metric]]:
    """The metrics in the order the check-in numbers them: goal by goal, metric by metric.

    A bare answer ("4350 12") fills the metrics in this order, so it must never change between
    the request and the parsing of the answer.
    """
    return [(goal, metric) for goal in strategy.goals for metric in goal.metrics]


def _joined(items: list[str], cost: int, tr: Translator) -> str:
    """Items (mrkdwn, escaped) joined by commas while they fit `cost`, then "…and N more"."""
    shown: list[str] = []
    used = 0
    for item in items:
        extra = json_cost(item) + (2 if shown else 0)
        if shown and used + extra > cost:
            break
        shown.append(item)
        used += extra
    text = ", ".join(shown)
    if len(shown) < len(items):
        text += " " + and_more(len(items) - len(shown), tr)
    return text


# --- 1. the request in the owner's DM ---------------------------------------------------------


def _missed_line(missed_weeks: int, tr: Translator) -> str:
    if missed_weeks == 1:
        return tr(
            "No numbers came in for one week since the last report; that week stays a gap in "
            "the trend, not a zero."
        )
    return tr(
        "No numbers came in for {n} weeks since the last report; those weeks stay gaps in the "
        "trend, not zeros.",
        n=missed_weeks,
    )


def _goal_heading(goal: Goal, cost: int, tr: Translator) -> str:
    target = target_text(goal, tr)
    deadline = fmt.date(goal.deadline, tr) if goal.deadline else "?"
    # The name gets what the target and the deadline leave of the heading's share.
    room = max(40, cost - json_cost(target + deadline) - 60)
    name = goal_name(goal, NAME_CHARS, min(NAME_COST, room))
    if goes_down(goal):
        heading = tr(
            "*{goal}*: down to {target} by {deadline}", goal=name, target=target, deadline=deadline
        )
    else:
        heading = tr(
            "*{goal}*: target {target} by {deadline}", goal=name, target=target, deadline=deadline
        )
    return fit(heading, SECTION_LIMIT, cost)


def _metric_line(
    position: int,
    metric: Metric,
    period: Period | None,
    latest: dict[int, Decimal],
    cost: int,
    tr: Translator,
) -> str:
    """One metric to report, e.g. "3. visits, last 30 days: last reported 1,850": a goal counted
    per period asks for the figure of that period up to today, for every metric of the goal."""
    value = latest.get(metric.id) if metric.id is not None else None
    last = (
        tr("no report yet")
        if value is None
        else tr("last reported {value}", value=fmt.number(value, tr))
    )
    window = fmt.period_window("", period, tr)
    # The label gets what the number, the window and the value leave of the line's share.
    room = max(20, cost - json_cost(f"{position}. {window}: {last}"))
    label = user(fmt.metric_label(metric), NAME_CHARS + MAX_UNIT + 3, room)
    return f"{position}. {fmt.period_window(label, period, tr)}: {last}"


def _period_note(period: Period, tr: Translator) -> str:
    """How to count a per-period figure when the check-in comes every week."""
    return {
        Period.WEEK: tr("Weekly figures: send the number for the last 7 days."),
        Period.MONTH: tr(
            "Monthly figures: send the number for the last 30 days up to today, not for the "
            "month so far, so every week's number compares with the last one and with the target."
        ),
        Period.QUARTER: tr(
            "Quarterly figures: send the number for the last 90 days up to today, not for the "
            "quarter so far, so every week's number compares with the last one and with the "
            "target."
        ),
        Period.YEAR: tr(
            "Yearly figures: send the number for the last 12 months up to today, not for the "
            "year so far, so every week's number compares with the last one and with the target."
        ),
    }[period]


def checkin_request(
    strategy: Strategy,
    latest: dict[int, Decimal],
    missed_weeks: int,
    tr: Translator,
    *,
    checkin_id: int | None = None,
) -> tuple[str, list[dict]]:
    """The weekly DM asking the owner for this week's numbers, metrics numbered 1..N.

    `latest` is the last reported value by metric id; `missed_weeks` the weeks with no report
    since the last one. With `checkin_id`, a "Report" button opens the form for this check-in.
    """
    intro = fit(
        tr("Time for this week's numbers for *{name}*", name=strategy_name(strategy, tr)),
        SECTION_LIMIT,
        _INTRO_COST,
    )
    blocks: list[dict] = [section(intro)]
    if missed_weeks > 0:
        note = fit(_missed_line(missed_weeks, tr), SECTION_LIMIT, _NOTE_COST)
        blocks.append(context(note))
    ordered = ordered_metrics(strategy)
    goals = [goal for goal in strategy.goals if goal.metrics]
    line_cost = max(60, _METRIC_LINES_COST // max(1, len(ordered)))
    heading_cost = max(60, _GOAL_HEADINGS_COST // max(1, len(goals)))
    position = 0
    for goal in goals:
        lines = [_goal_heading(goal, heading_cost, tr)]
        for metric in goal.metrics:
            position += 1
            lines.append(_metric_line(position, metric, goal.period, latest, line_cost, tr))
        blocks.append(section("\n".join(lines)))
    how = tr(
        "Reply in this thread with the numbers, like `{example}`, or just the numbers in this "
        "order: `{numbers}`.",
        example=tr("followers 4350, sign-ups 12"),
        numbers="4350 12",
    )
    periods = [p for p in Period if any(Period(g.period) is p for g in goals if g.period)]
    notes = [_period_note(period, tr) for period in periods]
    blocks.append(section(fit(" ".join([how, *notes]), SECTION_LIMIT, _NOTE_COST + _PERIODS_COST)))
    if checkin_id is not None:
        report = button(tr("Report"), ACTION_REPORT_FORM, str(checkin_id), style="primary")
        blocks.append({"type": "actions", "block_id": "report", "elements": [report]})
    return fallback(intro), blocks


# --- 2. the coach's answer to a report --------------------------------------------------------


def _saved_line(saved: list[tuple[Metric, Decimal]], tr: Translator) -> str:
    if not saved:
        return tr("Nothing saved this time.")
    items = [
        f"{user(one_line(metric.name), _LISTED_CHARS, _LISTED_COST)} "
        f"{amount_text(value, metric.unit, tr)}"
        for metric, value in saved
    ]
    return tr("Saved: {values}.", values=_joined(items, _LIST_COST - 100, tr))


def _goal_status(goal: Goal, status: GoalStatus, tr: Translator) -> dict:
    lines = [f"*{safe_goal_line(goal, tr)}*"]
    if status.latest is None:
        lines.append(tr("Latest: {latest}", latest=tr("no report yet")))
    else:
        shown = amount_text(status.latest, goal.unit, tr)
        latest = tr("Latest: {latest}", latest=f"*{shown}*")
        percent = percent_text(status, tr)
        if percent is not None:
            latest += ", " + tr("{percent}% of the way to the target", percent=percent)
        lines.append(latest)
    expected = plan_amount(status, goal, tr)
    if goes_down(goal):
        plan = tr("Plan for now: down to {expected}", expected=expected)
    else:
        plan = tr("Plan for now: {expected}", expected=expected)
    if status.pace is not None:
        plan += " · " + pace_text(status.pace, tr)
    lines.append(plan)
    lines.append(projection_text(status, tr))
    return section(fit("\n".join(lines), SECTION_LIMIT, _GOAL_STATUS_COST))


def _questions_line(questions: list[str], tr: Translator) -> str:
    quoted = [
        tr("“{fragment}”", fragment=user(one_line(q), _FRAGMENT_CHARS, _FRAGMENT_COST))
        for q in questions
        if one_line(q)
    ]
    if not quoted:
        return ""
    fragments = _joined(quoted, _LIST_COST - 150, tr)
    if len(quoted) == 1:
        return tr("I couldn't place: {fragments}; which metric is that?", fragments=fragments)
    return tr("I couldn't place: {fragments}; which metrics are those?", fragments=fragments)


def _missing_line(missing: list[Metric], tr: Translator) -> str:
    names = [user(one_line(m.name), _LISTED_CHARS, _LISTED_COST) for m in missing]
    metrics = _joined(names, _LIST_COST - 150, tr)
    if len(names) == 1:
        return tr(
            "Still missing: {metrics}; reply with that too when you have it.", metrics=metrics
        )
    return tr("Still missing: {metrics}; reply with those too when you have them.", metrics=metrics)


def report_reply(
    strategy: Strategy,
    saved: list[tuple[Metric, Decimal]],
    statuses: list[tuple[Goal, GoalStatus]],
    questions: list[str],
    missing: list[Metric],
    tr: Translator,
) -> tuple[str, list[dict]]:
    """The coach's answer in the DM thread: what was saved, where each goal stands, what's open.

    `questions` are fragments of the owner's message (user text) the coach could not map to a
    metric; `missing` the metrics this week's report has no number for yet.
    """
    said = fit(_saved_line(saved, tr), SECTION_LIMIT, _LIST_COST)
    blocks: list[dict] = [section(said)]
    blocks.extend(_goal_status(goal, status, tr) for goal, status in statuses)
    asked = _questions_line(questions, tr)
    if asked:
        blocks.append(section(fit(asked, SECTION_LIMIT, _LIST_COST)))
    if missing:
        blocks.append(section(fit(_missing_line(missing, tr), SECTION_LIMIT, _LIST_COST)))
    return fallback(said), blocks


# --- 3. the digest in the strategy's thread ---------------------------------------------------


def _digest_line(goal: Goal, status: GoalStatus, chars: int, cost: int, tr: Translator) -> str:
    name = goal_name(goal, _LISTED_CHARS, _LISTED_COST)
    if status.latest is None:
        line = f"{name}: {pace_text(None, tr)}"
    else:
        latest = amount_text(status.latest, goal.unit, tr)
        target = target_text(goal, tr)
        percent = percent_text(status, tr)
        pace = pace_text(status.pace, tr)
        if percent is None:
            line = f"{name}: {latest} → {target} {pace}"
        else:
            line = tr(
                "{goal}: {latest} → {target} ({percent}%) {pace}",
                goal=name,
                latest=latest,
                target=target,
                percent=percent,
                pace=pace,
            )
    return "• " + fit(line, chars, cost)


def digest(
    strategy: Strategy, statuses: list[tuple[Goal, GoalStatus]], reporter_id: str, tr: Translator
) -> tuple[str, list[dict]]:
    """A short summary for the strategy's thread in its channel after a report."""
    intro = tr("<@{reporter}> reported this week's numbers:", reporter=user(reporter_id, 40))
    share = max(1, len(statuses))
    chars = max(80, (SECTION_LIMIT - 100 - len(intro)) // share)
    cost = max(80, (_DIGEST_COST - json_cost(intro)) // share)
    lines = [_digest_line(goal, status, chars, cost, tr) for goal, status in statuses]
    text = fit("\n".join([intro, *lines]), SECTION_LIMIT, _DIGEST_COST + 200)
    return fallback(text), [section(text)]


def reminder(strategy: Strategy, tr: Translator) -> tuple[str, list[dict]]:
    """The one nudge, a day after an unanswered check-in, in the same DM thread."""
    text = tr(
        "A friendly reminder: this week's numbers for *{name}* are still open. Answer in this "
        "thread when you have them.",
        name=strategy_name(strategy, tr),
    )
    return fallback(text), [section(text)]


def new_owner(strategy: Strategy, tr: Translator) -> tuple[str, list[dict]]:
    """The DM to someone who was just handed the weekly check-ins."""
    schedule = strategy.schedule
    text = tr(
        "You now own the weekly check-ins for *{name}*: every {weekday} at {time} (your time) "
        "I will ask you for the numbers here.",
        name=strategy_name(strategy, tr),
        weekday=fmt.weekday(schedule.weekday, tr) if schedule else "",
        time=fmt.clock(schedule.time) if schedule else "",
    )
    return fallback(text), [section(text)]


def confirm_doubtful(doubtful: list[tuple[Metric, Decimal, Decimal]], tr: Translator) -> dict:
    """A section asking the owner to confirm values that jumped oddly since last time."""
    lines = [
        tr(
            "{metric} went from {previous} to {value} since last time.",
            metric=user(metric.name, 80),
            previous=fmt.amount(previous, metric.unit, tr),
            value=fmt.amount(value, metric.unit, tr),
        )
        for metric, previous, value in doubtful
    ]
    lines.append(
        tr("Is that right? Reply *yes* and I will save it; otherwise send the number again.")
    )
    return section("\n".join(lines))
