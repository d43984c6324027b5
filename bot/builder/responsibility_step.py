"""Step 4, responsibility: who reports the numbers every week, and on which weekday and time (in
the owner's own time zone). Pure: the caller saves the strategy it changed and asks Slack for the
owner's time zone when the outcome says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.builder.moves import Outcome, advance
from bot.domain.model import Schedule, Strategy
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.text.reply_text import is_accept_suggestion, parse_responsibility


def on_responsibility(strategy: Strategy, text: str, today: dt.date, tr: Translator) -> Outcome:
    slot = parse_responsibility(text)
    understood = (
        slot.owner_id or slot.me or slot.weekday is not None or slot.time is not None
    ) or is_accept_suggestion(text)
    if not understood:
        return Outcome(
            said=[tr("I did not catch who or when. Mention a person and a weekday and time.")]
        )
    owner = slot.owner_id or strategy.owner_id or strategy.started_by
    if slot.me:
        owner = strategy.started_by
    previous = strategy.schedule or Schedule()
    strategy.owner_id = owner
    strategy.schedule = Schedule(
        weekday=slot.weekday if slot.weekday is not None else previous.weekday,
        time=slot.time or previous.time,
        timezone=previous.timezone,
    )
    outcome = advance(strategy, tr)
    outcome.said.insert(
        0,
        tr(
            "<@{owner}> reports the numbers every {weekday} at {time}, in their own time zone.",
            owner=owner,
            weekday=fmt.weekday(strategy.schedule.weekday, tr),
            time=fmt.clock(strategy.schedule.time),
        ),
    )
    outcome.lookup_timezone_of = owner
    return outcome


# Replies this step reads, by `conversation.awaiting` (bot/builder/coach.py dispatches them).
HANDLERS: dict[str, Callable[[Strategy, str, dt.date, Translator], Outcome]] = {
    "responsibility": on_responsibility,
}
