"""Block Kit messages the coach posts: pure functions from a strategy to (fallback text, blocks).

User text (names, goals, mission, benefits, metrics) is escaped here and cut to fit Slack's
limits; text the coach hands in (`said`, `question`, `notice`) is mrkdwn it has escaped already.
Every mrkdwn object is `verbatim`, so an `@here` someone typed never pings anybody.
"""

from __future__ import annotations

import json
import re

from bot.domain.model import STEPS, Status, Step, Strategy
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.text.user_text import escape

ACTION_SKIP = "step_skip"
ACTION_BACK = "step_back"
ACTION_GOAL_FORM = "open_goal_form"
ACTION_METRICS_FORM = "open_metrics_form"
ACTION_OPEN_THREAD = "open_thread"  # a link button; Slack still sends block_actions, acked

SECTION_LIMIT = 3000
HEADER_LIMIT = 150
BUTTON_LIMIT = 75
FALLBACK_LIMIT = 300
SHOWN_GOALS = 10
SHOWN_BENEFITS = 10
SHOWN_METRICS = 5

# Budgets in characters of JSON (json.dumps with ensure_ascii, the most a block can cost), chosen so
# that a whole summary stays under ~12,000 characters even when every field is full of `&<>`,
# emoji or letters like æøå.
_HEADER_COST = 600
_PART_COST = 2200
_RESPONSIBILITY_COST = 600
_QUESTION_COST = 4500

_ELLIPSIS = "…"
_BROADCAST = re.compile(r"@(here|channel|everyone)\b", re.IGNORECASE)
_MARKS = {
    "done": ":white_check_mark:",
    "missing": ":warning:",
    "current": ":point_right:",
    "later": ":white_circle:",
}


# --- text objects and cutting ---------------------------------------------------------------


def mrkdwn(text: str) -> dict:
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def plain(text: str) -> dict:
    return {"type": "plain_text", "text": text, "emoji": True}


def section(text: str) -> dict:
    return {"type": "section", "text": mrkdwn(fit(text, SECTION_LIMIT))}


def _char_cost(char: str) -> int:
    if " " <= char <= "~" and char not in '"\\':
        return 1
    return len(json.dumps(char)) - 2


def json_cost(text: str) -> int:
    """How many characters `text` takes inside JSON (non-ASCII as \\uXXXX)."""
    return sum(_char_cost(char) for char in text)


def fit(text: str, chars: int, cost: int | None = None) -> str:
    """Prepared mrkdwn cut to `chars` characters and `cost` characters of JSON, marking the cut.

    Never cuts inside an entity (`&amp;`) or a `<…>` token, so a cut cannot expose a raw `<`.
    """
    text = text.strip()
    if len(text) <= chars and (cost is None or json_cost(text) <= cost):
        return text
    room = chars - len(_ELLIPSIS)
    room_cost = None if cost is None else cost - json_cost(_ELLIPSIS)
    used = 0
    end = 0
    for index, char in enumerate(text):
        char_cost = _char_cost(char)
        if index + 1 > room or (room_cost is not None and used + char_cost > room_cost):
            break
        used += char_cost
        end = index + 1
    head = text[:end]
    opened = head.rfind("<")
    if opened > head.rfind(">"):
        head = head[:opened]
    amp = head.rfind("&")
    if amp > head.rfind(";"):
        head = head[:amp]
    return head.rstrip() + _ELLIPSIS


def user(text: str | None, chars: int, cost: int | None = None) -> str:
    """User text made safe (escaped) and cut to fit."""
    return fit(escape(text or ""), chars, cost)


def one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _quiet(text: str) -> str:
    """For notification text: a word joiner after `@` keeps a typed `@here` from ever pinging."""
    return _BROADCAST.sub("@\u2060\\1", text)


def fallback_text(text: str) -> str:
    return _quiet(fit(text, FALLBACK_LIMIT))


def _button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    button = {
        "type": "button",
        "text": plain(fit(text, BUTTON_LIMIT)),
        "action_id": action_id,
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def strategy_name(strategy: Strategy, tr: Translator) -> str:
    """The strategy's name, safe and short enough for a header; never empty."""
    return user(one_line(strategy.name), HEADER_LIMIT, _HEADER_COST) or tr("Social media strategy")


def _header(strategy: Strategy, tr: Translator) -> dict:
    return {"type": "header", "text": plain(strategy_name(strategy, tr))}


# --- the card in the channel ----------------------------------------------------------------


def _current_step(strategy: Strategy) -> Step | None:
    """The step the conversation is on, tolerating a plain string from storage."""
    try:
        return Step(strategy.conversation.step) if strategy.conversation.step else None
    except ValueError:
        return None


def _live(strategy: Strategy) -> bool:
    return strategy.status == Status.LIVE


def _mark(strategy: Strategy, step: Step, done: list[Step]) -> str:
    if step == _current_step(strategy):
        return "current"
    if step in strategy.skipped:  # skipped stays missing even where defaults were filled in
        return "missing"
    if step in done:
        return "done"
    if _live(strategy):
        return "missing"
    return "later"


def _step_line(step: Step, mark: str, tr: Translator) -> str:
    title = fmt.step_title(step, tr)
    emoji = _MARKS[mark]
    if mark == "done":
        return tr("{mark} {step}: done", mark=emoji, step=title)
    if mark == "missing":
        return tr("{mark} {step}: missing", mark=emoji, step=title)
    if mark == "current":
        return tr("{mark} *{step}*: now", mark=emoji, step=title)
    return tr("{mark} {step}: not yet", mark=emoji, step=title)


def card(strategy: Strategy, tr: Translator) -> tuple[str, list[dict]]:
    """The strategy card in the channel, posted once and updated as the steps get done."""
    step = _current_step(strategy)
    name = strategy_name(strategy, tr)
    if _live(strategy):
        status = (
            tr("Live, now editing {step}", step=fmt.step_title(step, tr)) if step else tr("Live")
        )
        text = tr("{name} is live", name=name)
        hint = tr("Type `/strategy` in this channel to see the whole strategy.")
    elif step is not None:
        number = STEPS.index(step) + 1
        title = fmt.step_title(step, tr)
        status = tr("Step {n} of {total}: {step}", n=number, total=len(STEPS), step=title)
        text = tr(
            "{name}: step {n} of {total}, {step}", name=name, n=number, total=len(STEPS), step=title
        )
        hint = tr("Answer the coach in the thread below this message.")
    else:
        status = tr("Draft")
        text = tr("{name}: draft", name=name)
        hint = tr("Type `/strategy` in this channel to carry on.")
    done = strategy.done_steps()
    lines = [_step_line(each, _mark(strategy, each, done), tr) for each in STEPS]
    blocks = [
        _header(strategy, tr),
        {
            "type": "context",
            "elements": [mrkdwn(tr("Started by <@{user}>", user=strategy.started_by))],
        },
        section(f"*{status}*\n" + "\n".join(lines)),
        {"type": "context", "elements": [mrkdwn(fit(hint, SECTION_LIMIT))]},
    ]
    return fallback_text(text), blocks


# --- one message in the thread --------------------------------------------------------------


def _step_buttons(strategy: Strategy, step: Step, tr: Translator) -> dict:
    value = str(strategy.id)
    buttons = []
    if step == Step.GOALS:
        buttons.append(_button(tr("Use a form"), ACTION_GOAL_FORM, value, "primary"))
    elif step == Step.MEASUREMENT and strategy.goals:  # the form has one field per goal
        buttons.append(_button(tr("Use a form"), ACTION_METRICS_FORM, value, "primary"))
    buttons.append(_button(tr("Skip for now"), ACTION_SKIP, value))
    if step != STEPS[0]:
        buttons.append(_button(tr("Go back"), ACTION_BACK, value))
    return {"type": "actions", "block_id": f"step_{step.value}", "elements": buttons}


def thread_post(
    strategy: Strategy, said: list[str], question: str | None, tr: Translator
) -> tuple[str, list[dict]]:
    """What the coach says in the thread, then its question and the step's buttons.

    `said` and `question` are mrkdwn the coach has escaped already. With nothing to say the
    blocks are empty (the caller posts nothing then).
    """
    blocks: list[dict] = []
    told = fit(
        "\n".join(line.strip() for line in said if line and line.strip()),
        SECTION_LIMIT,
        _QUESTION_COST,
    )
    if told:
        blocks.append(section(told))
    asked = fit(question or "", SECTION_LIMIT, _QUESTION_COST)
    if asked:
        blocks.append(section(asked))
    step = _current_step(strategy)
    if question is not None and step is not None and blocks:
        blocks.append(_step_buttons(strategy, step, tr))
    text = asked or told
    return fallback_text(text), blocks


# --- the whole strategy ---------------------------------------------------------------------


def _missing(step: Step, tr: Translator) -> str:
    return tr("Missing — `/strategy edit {step}` to fill it in", step=step.value)


def _part(step: Step, body: str, tr: Translator) -> dict:
    return section(f"*{fmt.step_title(step, tr)}*\n{body}")


def _more(count: int, tr: Translator) -> str:
    return tr("…and {count} more", count=count)


def _listed(lines: list[str], shown: int, tr: Translator) -> list[str]:
    """At most `shown` lines, each cut to its share of the part's budget, then "…and N more"."""
    visible = lines[:shown]
    share = max(40, (_PART_COST - 100) // max(1, len(visible)))
    out = [fit(line, share, share) for line in visible]
    if len(lines) > shown:
        out.append(_more(len(lines) - shown, tr))
    return out


def _goals_part(strategy: Strategy, tr: Translator) -> str | None:
    if not strategy.goals:
        return None
    lines = [
        f"{index}. {escape(one_line(fmt.goal_line(goal, tr)))}"
        for index, goal in enumerate(strategy.goals, start=1)
    ]
    return "\n".join(_listed(lines, SHOWN_GOALS, tr))


def _measurement_part(strategy: Strategy, tr: Translator) -> str | None:
    if not any(goal.metrics for goal in strategy.goals):
        return None
    lines = []
    for index, goal in enumerate(strategy.goals, start=1):
        goal_name = user(one_line(goal.metric or goal.description), 80)
        if goal.metrics:
            labels = [escape(fmt.metric_label(m)) for m in goal.metrics[:SHOWN_METRICS]]
            if len(goal.metrics) > SHOWN_METRICS:
                labels.append(_more(len(goal.metrics) - SHOWN_METRICS, tr))
            metrics = ", ".join(labels)
        else:
            metrics = tr("no metric yet")
        lines.append(f"{index}. {goal_name}: {metrics}")
    return "\n".join(_listed(lines, SHOWN_GOALS, tr))


def _responsibility_part(strategy: Strategy, tr: Translator) -> str | None:
    if not strategy.owner_id:
        return None
    schedule = strategy.schedule
    if schedule is None:
        return tr("<@{owner}> reports the numbers every week.", owner=strategy.owner_id)
    return fit(
        tr(
            "<@{owner}> reports the numbers every {weekday} at {time} ({timezone}).",
            owner=strategy.owner_id,
            weekday=fmt.weekday(schedule.weekday, tr),
            time=fmt.clock(schedule.time),
            timezone=user(one_line(schedule.timezone), 64),
        ),
        SECTION_LIMIT,
        _RESPONSIBILITY_COST,
    )


def _benefits_part(strategy: Strategy, tr: Translator) -> str | None:
    benefits = [one_line(benefit) for benefit in strategy.benefits if one_line(benefit)]
    if not benefits:
        return None
    return "\n".join(_listed([f"• {escape(b)}" for b in benefits], SHOWN_BENEFITS, tr))


def summary(strategy: Strategy, tr: Translator) -> tuple[str, list[dict]]:
    """The whole strategy, one section per step; a missing or skipped step says how to fill it."""
    mission = user(strategy.mission, SECTION_LIMIT - 50, _PART_COST) if strategy.mission else None
    bodies = {
        Step.GOALS: _goals_part(strategy, tr),
        Step.MISSION: mission or None,
        Step.MEASUREMENT: _measurement_part(strategy, tr),
        Step.RESPONSIBILITY: _responsibility_part(strategy, tr),
        Step.BENEFITS: _benefits_part(strategy, tr),
    }
    blocks = [_header(strategy, tr)]
    for step in STEPS:
        body = bodies[step]
        if step in strategy.skipped or not body:
            body = _missing(step, tr)
        blocks.append(_part(step, fit(body, SECTION_LIMIT - 100, _PART_COST), tr))
    blocks.append(
        {
            "type": "context",
            "elements": [
                mrkdwn(
                    tr(
                        "Change a part with `/strategy edit goals`, `mission`, `measurement`, "
                        "`responsibility` or `benefits`."
                    )
                )
            ],
        }
    )
    name = strategy_name(strategy, tr)
    return fallback_text(tr("The strategy {name}", name=name)), blocks


# --- help and short answers -----------------------------------------------------------------


def help_message(tr: Translator) -> tuple[str, list[dict]]:
    lines = [
        tr("*What I can do*"),
        tr("• `/strategy` — start a strategy in this channel, or show where it stands"),
        tr(
            "• `/strategy edit goals|mission|measurement|responsibility|benefits` — "
            "reopen a step in the thread"
        ),
        tr("• `/strategy status [name]` — where the strategy stands, with a chart, for everyone"),
        tr("• `/strategy export` — the reports as CSV and the strategy as Markdown, in a DM"),
        tr("• `/strategy checkin` — the owner reports this week's numbers now"),
        tr("• `/strategy pause [until <date>]` — stop the weekly check-ins for a while"),
        tr("• `/strategy resume` — start the weekly check-ins again"),
        tr("• `/strategy schedule <weekday> <time>` — move the weekly check-in"),
        tr("• `/strategy owner @someone` — hand the weekly check-ins over"),
        tr("• `/strategy language en|nb` — set the team's language"),
        tr("• `/strategy help` — this list"),
    ]
    return fallback_text(tr("What I can do with /strategy")), [section("\n".join(lines))]


def notice(text: str) -> tuple[str, list[dict]]:
    """A short answer (usually ephemeral) from mrkdwn the caller has prepared and escaped."""
    return fallback_text(text), [section(text)]
