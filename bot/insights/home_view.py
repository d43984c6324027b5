"""The App Home tab: the strategies a person owns or started, how each goal stands, when the next
check-in comes in their own time zone, and buttons to report, pause, resume or open the thread.

A pure function from snapshots to a Home view. Slack allows 100 blocks in a Home tab; each
strategy takes at most five, so at most `SHOWN` are listed and the rest are counted.
"""

from __future__ import annotations

import datetime as dt

from bot.domain.model import STEPS, Snapshot, Status
from bot.domain.standing import GoalStanding, standing
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.slack.blocks import (
    SECTION_LIMIT,
    button,
    context,
    fit,
    link_button,
    plain,
    section,
    strategy_name,
)
from bot.slack.progress_text import (
    amount_text,
    goal_name,
    pace_text,
    percent_text,
    progress_bar,
    standing_text,
    when_text,
)

ACTION_HOME_REPORT = "home_report"
ACTION_HOME_PAUSE = "home_pause"
ACTION_HOME_RESUME = "home_resume"
HOME_ACTIONS = (ACTION_HOME_REPORT, ACTION_HOME_PAUSE, ACTION_HOME_RESUME)
BLOCK_LIMIT = 100
BLOCKS_PER_STRATEGY = 5
SHOWN = 18  # 18 × 5 + header, notice, intro and "…more" stay within 100 blocks
_GOALS_COST = 3400  # one strategy's goals, shared among them; 18 strategies stay far below 100k
_GOAL_MIN_COST = 200


def _goal_line(item: GoalStanding, cost: int, tr: Translator) -> str:
    """One goal, e.g. "• visits: `▰▰▰▰▱▱▱▱▱▱` 38% :white_check_mark: on track · 1,500 of 2,000 a
    month": the numbers last, so a cut to the line's share takes them before the pace."""
    name = goal_name(item.goal, 60, 120)
    status = item.status
    if status is None:
        line = f"• {name}: " + tr("numbers still missing")
    elif status.latest is None:
        line = f"• {name}: `{progress_bar(None)}` {pace_text(None, tr)}"
    else:
        percent = percent_text(status, tr)
        shown = f"{percent}% " if percent is not None else ""
        numbers = standing_text(amount_text(status.latest, item.goal.unit, tr), item.goal, tr)
        line = (
            f"• {name}: `{progress_bar(status.percent)}` {shown}{pace_text(status.pace, tr)}"
            f" · {numbers}"
        )
    return fit(line, SECTION_LIMIT, cost)


def _state(snapshot: Snapshot, tr: Translator) -> str:
    strategy = snapshot.strategy
    if strategy.status is Status.LIVE:
        return tr("Live")
    done = strategy.done_steps()
    return tr("Being built: {done} of {total} steps done", done=len(done), total=len(STEPS))


def _schedule_line(snapshot: Snapshot, zone: str, tr: Translator) -> str:
    strategy = snapshot.strategy
    parts = []
    if strategy.status is Status.LIVE:
        if snapshot.paused:
            until = snapshot.paused_until
            parts.append(
                tr("Check-ins paused until {date}", date=fmt.date(until, tr))
                if until
                else tr("Check-ins paused")
            )
        elif snapshot.next_checkin is not None:
            when = when_text(snapshot.next_checkin, zone, tr)
            parts.append(tr("Next check-in: {when}", when=when))
    if strategy.owner_id:
        parts.append(tr("Owner: <@{owner}>", owner=strategy.owner_id))
    return " · ".join(parts)


def _buttons(snapshot: Snapshot, viewer: str, link: str | None, tr: Translator) -> list[dict]:
    strategy = snapshot.strategy
    value = str(strategy.id)
    buttons = []
    if strategy.status is Status.LIVE and strategy.schedule and viewer == strategy.owner_id:
        buttons.append(button(tr("Report now"), ACTION_HOME_REPORT, value, "primary"))
        if snapshot.paused:
            buttons.append(button(tr("Resume check-ins"), ACTION_HOME_RESUME, value))
        else:
            buttons.append(button(tr("Pause check-ins"), ACTION_HOME_PAUSE, value))
    if link:
        buttons.append(link_button(tr("Open the thread"), link))
    return buttons


def _strategy_blocks(
    snapshot: Snapshot,
    viewer: str,
    link: str | None,
    zone: str,
    today: dt.date,
    tr: Translator,
) -> list[dict]:
    strategy = snapshot.strategy
    name = strategy_name(strategy, tr)
    blocks: list[dict] = [
        {"type": "divider"},
        section(f"*{name}* · <#{strategy.channel_id}> · {_state(snapshot, tr)}"),
    ]
    if strategy.goals:
        goals = standing(snapshot, today).goals
        cost = max(_GOAL_MIN_COST, _GOALS_COST // len(goals))
        lines = [_goal_line(item, cost, tr) for item in goals]
        blocks.append(section(fit("\n".join(lines), SECTION_LIMIT, _GOALS_COST)))
    line = _schedule_line(snapshot, zone, tr)
    if line:
        blocks.append(context(fit(line, SECTION_LIMIT)))
    buttons = _buttons(snapshot, viewer, link, tr)
    if buttons:
        blocks.append({"type": "actions", "elements": buttons})
    return blocks


def home(
    snapshots: list[Snapshot],
    total: int,
    viewer: str,
    links: dict[int, str],
    zone: str,
    today: dt.date,
    tr: Translator,
    notice: str | None = None,
) -> dict:
    """The Home view for `viewer`; `total` counts all their strategies, listed or not."""
    blocks: list[dict] = [
        {"type": "header", "text": plain(tr("Your social media strategies"))},
    ]
    if notice:
        blocks.append(context(fit(notice, SECTION_LIMIT)))
    if not snapshots:
        blocks.append(
            section(
                tr(
                    "Strategies you start or own show up here. Type `/strategy` in a channel to "
                    "start one, or `/strategy status` to see where a channel's strategy stands."
                )
            )
        )
    for snapshot in snapshots[:SHOWN]:
        link = links.get(snapshot.strategy.id or 0)
        blocks.extend(_strategy_blocks(snapshot, viewer, link, zone, today, tr))
    hidden = max(total, len(snapshots)) - min(len(snapshots), SHOWN)
    if hidden > 0:
        blocks.append(
            context(
                tr(
                    "…and {count} more. `/strategy status <name>` shows any of them.",
                    count=hidden,
                )
            )
        )
    return {"type": "home", "blocks": blocks[:BLOCK_LIMIT]}
