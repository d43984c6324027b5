"""The builder's messages: the strategy card in the channel, each turn of the dialogue in its
thread (what the coach saved, its question and the step's buttons), and the whole strategy.

Pure functions from a strategy to `(fallback text, blocks)`. User text (names, goals, mission,
benefits, metrics) is escaped here and cut to fit Slack's limits; text the coach hands in
(`said`, `question`) is mrkdwn it has escaped already.
"""

from __future__ import annotations

from bot.domain.model import STEPS, Status, Step, Strategy
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.slack.blocks import (
    SECTION_LIMIT,
    and_more,
    button,
    context,
    fallback_text,
    fit,
    section,
    strategy_header,
    strategy_name,
    user,
)
from bot.text.user_text import escape, one_line

ACTION_SKIP = "step_skip"
ACTION_BACK = "step_back"
ACTION_GOAL_FORM = "open_goal_form"
ACTION_METRICS_FORM = "open_metrics_form"
# A ready-made answer to the open question (Yes / No, a person to pick): its value is the reply.
ACTION_ANSWER = "step_answer"
MAX_CHOICES = 5  # answers offered as buttons; more are typed
_CHOICE_VALUE_LIMIT = 200

SHOWN_GOALS = 10
SHOWN_BENEFITS = 10
SHOWN_METRICS = 5

# Budgets in characters of JSON (json.dumps with ensure_ascii, the most a block can cost), chosen so
# that a whole summary stays under ~12,000 characters even when every field is full of `&<>`,
# emoji or letters like æøå.
_PART_COST = 2200
_RESPONSIBILITY_COST = 600
_QUESTION_COST = 4500

_MARKS = {
    "done": ":white_check_mark:",
    "missing": ":warning:",
    "current": ":point_right:",
    "later": ":white_circle:",
}


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
        strategy_header(strategy, tr),
        context(tr("Started by <@{user}>", user=strategy.started_by)),
        section(f"*{status}*\n" + "\n".join(lines)),
        context(fit(hint, SECTION_LIMIT)),
    ]
    return fallback_text(text), blocks


# --- one message in the thread --------------------------------------------------------------


def _step_buttons(strategy: Strategy, step: Step, tr: Translator) -> dict:
    value = str(strategy.id)
    buttons = []
    if step == Step.GOALS:
        buttons.append(button(tr("Use a form"), ACTION_GOAL_FORM, value, "primary"))
    elif step == Step.MEASUREMENT and strategy.goals:  # the form has one field per goal
        buttons.append(button(tr("Use a form"), ACTION_METRICS_FORM, value, "primary"))
    buttons.append(button(tr("Skip for now"), ACTION_SKIP, value))
    if step != STEPS[0]:
        buttons.append(button(tr("Go back"), ACTION_BACK, value))
    return {"type": "actions", "block_id": f"step_{step.value}", "elements": buttons}


def answers_block_id(strategy: Strategy) -> str:
    """Names the question a row of answer buttons belongs to, so a click on an older one (or a
    second click) is recognised as stale: the open question, and how many goals there are."""
    return f"answer_{strategy.conversation.awaiting}_{len(strategy.goals)}"


def _answer_buttons(strategy: Strategy, choices: list[tuple[str, str]]) -> dict:
    buttons = [
        button(label, ACTION_ANSWER, reply[:_CHOICE_VALUE_LIMIT])
        for label, reply in choices[:MAX_CHOICES]
    ]
    return {"type": "actions", "block_id": answers_block_id(strategy), "elements": buttons}


def thread_post(
    strategy: Strategy,
    said: list[str],
    question: str | None,
    tr: Translator,
    choices: list[tuple[str, str]] | None = None,
) -> tuple[str, list[dict]]:
    """What the coach says in the thread, then its question, its ready-made answers (`choices`:
    button label and the reply it stands for) and the step's buttons.

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
        if choices:
            blocks.append(_answer_buttons(strategy, choices))
        blocks.append(_step_buttons(strategy, step, tr))
    text = asked or told
    return fallback_text(text), blocks


# --- the whole strategy ---------------------------------------------------------------------


def _missing(step: Step, tr: Translator) -> str:
    return tr("Missing — `/strategy edit {step}` to fill it in", step=step.value)


def _part(step: Step, body: str, tr: Translator) -> dict:
    return section(f"*{fmt.step_title(step, tr)}*\n{body}")


def _listed(lines: list[str], shown: int, tr: Translator) -> list[str]:
    """At most `shown` lines, each cut to its share of the part's budget, then "…and N more"."""
    visible = lines[:shown]
    share = max(40, (_PART_COST - 100) // max(1, len(visible)))
    out = [fit(line, share, share) for line in visible]
    if len(lines) > shown:
        out.append(and_more(len(lines) - shown, tr))
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
                labels.append(and_more(len(goal.metrics) - SHOWN_METRICS, tr))
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
    blocks = [strategy_header(strategy, tr)]
    for step in STEPS:
        body = bodies[step]
        if step in strategy.skipped or not body:
            body = _missing(step, tr)
        blocks.append(_part(step, fit(body, SECTION_LIMIT - 100, _PART_COST), tr))
    blocks.append(
        context(
            tr(
                "Change a part with `/strategy edit goals`, `mission`, `measurement`, "
                "`responsibility` or `benefits`."
            )
        )
    )
    name = strategy_name(strategy, tr)
    return fallback_text(tr("The strategy {name}", name=name)), blocks


# --- short answers to the person who asked (ephemeral) --------------------------------


def no_strategy_note(tr: Translator) -> str:
    return tr("There is no strategy in this channel yet. Type `/strategy` to start one.")


def not_yours_note(strategy: Strategy, tr: Translator) -> str:
    if strategy.owner_id in (None, strategy.started_by):
        return tr(
            "Only <@{starter}>, who started this strategy, can answer and change it. Your "
            "comments in the thread are welcome.",
            starter=strategy.started_by,
        )
    return tr(
        "Only <@{starter}>, who started this strategy, or its owner <@{owner}> can answer "
        "and change it. Your comments in the thread are welcome.",
        starter=strategy.started_by,
        owner=strategy.owner_id or strategy.started_by,
    )


def stale_note(tr: Translator) -> str:
    return tr("That question has already been answered; see the latest message in the thread.")


def post_error_note(error: str | None, tr: Translator) -> str:
    if error in ("not_in_channel", "channel_not_found"):
        return tr(
            "I can't post in this channel yet. Invite me with `/invite @Strategy Coach` and "
            "type `/strategy` again."
        )
    return tr(
        "Slack did not let me post the strategy here ({error}). Please try again.", error=error
    )
