"""Reading the text after `/strategy` into a subcommand."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.model import Step

# English and Norwegian names of the steps, as people type them after `/strategy edit`.
_STEP_WORDS: dict[str, Step] = {
    "goals": Step.GOALS,
    "goal": Step.GOALS,
    "mål": Step.GOALS,
    "mission": Step.MISSION,
    "misjon": Step.MISSION,
    "measurement": Step.MEASUREMENT,
    "metrics": Step.MEASUREMENT,
    "måling": Step.MEASUREMENT,
    "responsibility": Step.RESPONSIBILITY,
    "owner": Step.RESPONSIBILITY,
    "ansvar": Step.RESPONSIBILITY,
    "benefits": Step.BENEFITS,
    "customer benefits": Step.BENEFITS,
    "fordeler": Step.BENEFITS,
    "kundefordeler": Step.BENEFITS,
}
_NAMES = {
    "": "start",
    "help": "help",
    "hjelp": "help",
    "edit": "edit",
    "endre": "edit",
    "language": "language",
    "språk": "language",
    "checkin": "checkin",
    "check-in": "checkin",
    "innsjekk": "checkin",
    "report": "checkin",
    "rapporter": "checkin",
    "pause": "pause",
    "resume": "resume",
    "fortsett": "resume",
    "schedule": "schedule",
    "tidspunkt": "schedule",
    "owner": "owner",
    "eier": "owner",
    "ansvarlig": "owner",
    "status": "status",
    "stilling": "status",
    "export": "export",
    "eksport": "export",
    "eksporter": "export",
}
# The subcommands about the weekly check-ins (bot/checkins/commands.py answers them).
CHECKIN_COMMANDS = frozenset({"checkin", "pause", "resume", "schedule", "owner"})
_LANGUAGES = {"en": "en", "english": "en", "engelsk": "en", "nb": "nb", "norsk": "nb", "no": "nb"}


@dataclass(frozen=True)
class Command:
    name: str  # start, help, edit, language, or unknown
    argument: str = ""
    step: Step | None = None
    language: str | None = None


def parse_command(text: str) -> Command:
    words = text.strip().split(maxsplit=1)
    head = words[0].lower() if words else ""
    argument = words[1].strip() if len(words) > 1 else ""
    name = _NAMES.get(head, "unknown")
    if name == "unknown":
        return Command("unknown", argument=head[:40])
    if name == "edit":
        return Command(name, argument, step=_STEP_WORDS.get(argument.lower()))
    if name == "language":
        return Command(name, argument, language=_LANGUAGES.get(argument.lower()))
    return Command(name, argument)


_LEADING_MENTION = re.compile(r"^\s*<@([UW][A-Z0-9]+)(?:\|[^>]*)?>[\s:,]*")


def addressed_to(text: str, bot_user_id: str | None) -> bool:
    """True when a message starts by mentioning the bot: a request to it, not an answer."""
    mention = _LEADING_MENTION.match(text or "")
    return bool(mention and bot_user_id and mention.group(1) == bot_user_id)


def parse_mention(text: str, bot_user_id: str | None) -> Command | None:
    """`@Strategy Coach status marketing` as a command; None unless the message starts by
    mentioning the bot (a mention in the middle of a sentence is for the people reading)."""
    if not addressed_to(text, bot_user_id):
        return None
    return parse_command(_LEADING_MENTION.sub("", text, count=1))


def asks_for_status(text: str, bot_user_id: str | None) -> bool:
    """`@Strategy Coach status …`: a request, never an answer to the coach's question."""
    command = parse_mention(text, bot_user_id)
    return command is not None and command.name == "status"
