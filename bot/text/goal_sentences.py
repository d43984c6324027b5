"""Reading a whole message about goals: the goals it holds ("5000 followers by June and 200
sign-ups by March" is two), and whether a reply reads like a goal where something else was
asked. Pure; each goal in it is read by `goal_text.parse_goal`."""

from __future__ import annotations

import datetime as dt
import re

from bot.text.goal_text import parse_goal
from bot.text.user_text import MAX_READ_CHARS

# Between two goals in one message: a line break, ";", a sentence end, or a joining word.
_GOALS_APART = re.compile(
    r"\n+|;|(?<![0-9])\.\s+|\.\s+(?=[A-ZÆØÅ])"
    r"|,?\s+(?i:and|og|also|plus|samt|dessuten|as\s+well\s+as)\s+|,\s+(?=[^,]*[0-9])"
)


def split_goals(text: str, today: dt.date) -> list[str]:
    """The goals in one message, each as its own text ("5000 followers by June and 200 sign-ups
    by March" is two). A piece with no target of its own ("we have 1200 today", "by June")
    belongs to the goal before it. One goal, or none, comes back as the whole text."""
    pieces: list[str] = []
    last = 0
    for match in _GOALS_APART.finditer(text[:MAX_READ_CHARS]):
        pieces.append(text[last : match.start()])
        last = match.end()
    pieces.append(text[last:MAX_READ_CHARS])
    goals: list[str] = []
    for piece in (p.strip() for p in pieces):
        if not piece:
            continue
        parsed = parse_goal(piece, today)
        # A goal of its own: something to measure, and a number, a change or a way to go
        # ("and more newsletter sign-ups" is a wish, but a goal the coach will ask about).
        starts_goal = parsed.metric is not None and (
            parsed.target is not None
            or parsed.relative is not None
            or (parsed.direction is not None and not re.search(r"[0-9]", piece))
        )
        if starts_goal or not goals:
            goals.append(piece)
        else:
            goals[-1] = f"{goals[-1]}, {piece}"
    return goals if len(goals) > 1 else [text]


def reads_like_a_goal(text: str, today: dt.date) -> bool:
    """A sentence with something to measure, a target (or a change), and a date, today's value
    or a direction: a goal, where the name of a number was asked for."""
    parsed = parse_goal(text, today)
    if not parsed.metric or (parsed.target is None and parsed.relative is None):
        return False
    return bool(
        parsed.deadline or parsed.past_deadline or parsed.baseline is not None or parsed.direction
    )
