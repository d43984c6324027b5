"""Block Kit for "how does the strategy stand": the status message in a channel, the list to
choose from, and the short notes around them.

Pure functions from plain data (a snapshot, its standing, the time zone to show times in) to
`(fallback text, blocks)`. User text is escaped and cut here, within the same budgets as the
check-in messages (bot/slack/progress_text.py), so ten goals with the longest names stay within
Slack's limits.
"""

from __future__ import annotations

from decimal import Decimal

from bot.domain.model import STEPS, Snapshot, Strategy, StrategyRef
from bot.domain.standing import GoalStanding, Standing
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.slack.blocks import (
    SECTION_LIMIT,
    and_more,
    context,
    fit,
    section,
    strategy_header,
    strategy_name,
    user,
)
from bot.slack.blocks import fallback_text as fallback
from bot.slack.progress_text import (
    amount_text,
    goes_down,
    pace_text,
    percent_text,
    plan_amount,
    progress_bar,
    projection_text,
    safe_goal_line,
    standing_text,
    when_text,
)
from bot.text.user_text import one_line

_GOAL_COST = 900  # one goal's section; ten of them stay well under Slack's ~13k
_MISSION_CHARS = 300
_LISTED = 10  # strategies offered in a list to choose from
_MISSED_SHOWN = 4


def change_text(change: Decimal | None, unit: str, tr: Translator) -> str:
    if change is None:
        return tr("no trend yet")
    if change == 0:
        return tr("no change since last report")
    sign = "+" if change > 0 else "−"
    return tr("{change} since last report", change=sign + amount_text(abs(change), unit, tr))


def _goal_section(item: GoalStanding, tr: Translator) -> dict:
    goal, status = item.goal, item.status
    lines = [f"*{safe_goal_line(goal, tr)}*"]
    if status is None:
        missing = ", ".join(
            {"target": tr("target"), "deadline": tr("deadline"), "baseline": tr("baseline")}[gap]
            for gap in goal.missing()
        )
        lines.append(tr("Numbers still missing: {missing}.", missing=missing))
        return section(fit("\n".join(lines), SECTION_LIMIT, _GOAL_COST))
    if status.latest is None:
        lines.append(f"`{progress_bar(None)}` " + pace_text(None, tr))
    else:
        percent = percent_text(status, tr)
        latest = standing_text(f"*{amount_text(status.latest, goal.unit, tr)}*", goal, tr)
        shown = f"`{progress_bar(status.percent)}` "
        shown += f"*{percent}%* · {latest}" if percent is not None else latest
        lines.append(shown)
        expected = plan_amount(status, goal, tr)
        if goes_down(goal):
            plan = tr("plan for now down to {expected}", expected=expected)
        else:
            plan = tr("plan for now {expected}", expected=expected)
        lines.append(
            f"{pace_text(status.pace, tr)} · {plan} · {change_text(item.change, goal.unit, tr)}"
        )
        lines.append(projection_text(status, tr))
    if item.last_week is not None:
        lines.append(tr("Last report: week of {date}", date=fmt.date(item.last_week, tr)))
    return section(fit("\n".join(lines), SECTION_LIMIT, _GOAL_COST))


def _checkin_line(
    snapshot: Snapshot, standing: Standing, zone: str, owner: str, tr: Translator
) -> str:
    parts = []
    if standing.last_checkin is not None:
        parts.append(tr("Last check-in: {date}", date=fmt.date(standing.last_checkin, tr)))
    if standing.missed:
        weeks = ", ".join(fmt.date(week, tr) for week in standing.missed[-_MISSED_SHOWN:])
        if len(standing.missed) == 1:
            parts.append(tr("1 week missed (week of {weeks})", weeks=weeks))
        else:
            parts.append(
                tr("{n} weeks missed (latest: {weeks})", n=len(standing.missed), weeks=weeks)
            )
    if snapshot.paused:
        parts.append(tr("Check-ins are paused"))
    elif snapshot.next_checkin is not None:
        parts.append(tr("Next check-in: {when}", when=when_text(snapshot.next_checkin, zone, tr)))
    if owner:
        parts.append(tr("Owner: {owner}", owner=owner))
    return " · ".join(parts)


def _no_reports_line(snapshot: Snapshot, zone: str, tr: Translator) -> str:
    if snapshot.next_checkin is not None and not snapshot.paused:
        return tr(
            "No numbers yet. The owner reports them every week; the first check-in is {when}.",
            when=when_text(snapshot.next_checkin, zone, tr),
        )
    return tr(
        "No numbers yet. The owner reports them in the weekly check-in, or now with "
        "`/strategy checkin`."
    )


def status_message(
    snapshot: Snapshot, standing: Standing, zone: str, tr: Translator, owner: str = ""
) -> tuple[str, list[dict]]:
    """The status of a live strategy, for everyone in the channel; times in `zone`.

    `owner` is the owner's name (plain text, escaped here), not a mention: asking for the
    status must not notify the owner every time.
    """
    owner = user(one_line(owner), 80)
    strategy = snapshot.strategy
    name = strategy_name(strategy, tr)
    blocks: list[dict] = [strategy_header(strategy, tr)]
    if strategy.mission:
        mission = user(one_line(strategy.mission), _MISSION_CHARS)
        blocks.append(context(tr("_Mission:_ {mission}", mission=mission)))
    if standing.reports == 0:
        blocks.append(section(_no_reports_line(snapshot, zone, tr)))
    blocks.extend(_goal_section(item, tr) for item in standing.goals)
    line = _checkin_line(snapshot, standing, zone, owner, tr)
    if line:
        blocks.append(context(fit(line, SECTION_LIMIT)))
    return fallback(tr("How {name} stands", name=name)), blocks


def draft_message(strategy: Strategy, link: str | None, tr: Translator) -> tuple[str, list[dict]]:
    """A strategy still being built: which steps are missing, and where to carry on."""
    name = strategy_name(strategy, tr)
    done = strategy.done_steps()
    missing = [fmt.step_title(step, tr) for step in STEPS if step not in done]
    text = tr(
        "*{name}* is still being built. Missing: {steps}.",
        name=name,
        steps=", ".join(missing) or tr("nothing, it just needs to be finished"),
    )
    if link:
        text += "\n" + tr("Carry on in <{link}|its thread>.", link=link)
    else:
        text += "\n" + tr("Carry on with `/strategy` in <#{channel}>.", channel=strategy.channel_id)
    return fallback(text), [section(text)]


def choose_message(
    refs: list[StrategyRef], tr: Translator, asked: str = ""
) -> tuple[str, list[dict]]:
    """More than one strategy could be meant: list them with how to ask for one."""
    if asked:
        intro = tr("I found no single strategy called “{name}”.", name=user(asked, 80))
    else:
        intro = tr("This workspace has several strategies. Which one?")
    lines = [intro]
    for ref in refs[:_LISTED]:
        state = tr("live") if ref.live else tr("being built")
        lines.append(f"• {user(one_line(ref.name), 120)} (<#{ref.channel_id}>, {state})")
    if len(refs) > _LISTED:
        lines.append(and_more(len(refs) - _LISTED, tr))
    lines.append(
        tr("Ask with `/strategy status <name>` or `/strategy status #channel`, or ask there.")
    )
    text = fit("\n".join(lines), SECTION_LIMIT)
    return fallback(intro), [section(text)]
