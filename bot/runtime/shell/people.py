"""Who is in the shell's workspace: the person typing and anyone they name (`:as @kari`,
`@kari` in a message), and what a typed line becomes on its way to the coach.

A name always gets the same user id, so ownership survives from one shell run to the next on
the same database. Slack's client turns `@kari` into `<@U…>` and escapes `&`, `<`, `>` before
the app sees a message; `typed_to_slack` does the same.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.slack_standin import SlackStandin

BOT_NAMES = ("strategy coach", "strategy-coach", "coach")
_SPECIAL = {"here": "<!here>", "channel": "<!channel>", "everyone": "<!everyone>"}
_NAME = re.compile(r"(?<![\w@.<])@([A-Za-z0-9][\w.\-]*)")
_BOT_MENTION = re.compile(
    r"(?<![\w@.])@(" + "|".join(re.escape(n) for n in BOT_NAMES) + r")\b", re.IGNORECASE
)


def user_id_for(name: str) -> str:
    """A Slack-like user id that is the same for the same name."""
    digest = hashlib.sha1(name.lower().encode()).digest()
    return "U" + base64.b32encode(digest).decode()[:9]


def clean_name(text: str) -> str | None:
    """`@kari` or `kari` -> "kari"; None if it is not a name."""
    name = text.strip().removeprefix("@").strip()
    return name if name and re.fullmatch(r"[A-Za-z0-9][\w.\-]*", name) else None


@dataclass(frozen=True)
class Typed:
    text: str  # as Slack sends it
    mentions_coach: bool


class People:
    def __init__(
        self,
        slack: SlackStandin,
        zone: str,
        locale: str,
        coach_id: str,
        joined: Callable[[list[str]], None] | None = None,
    ) -> None:
        self.slack = slack
        self._joined = joined  # told everyone's ids when someone new arrives
        self.zone = zone
        self.locale = locale
        self.coach_id = coach_id
        self._names: dict[str, str] = {coach_id: "strategy-coach"}
        self._ids: dict[str, str] = {}

    def user(self, name: str) -> str:
        """The id of `name`, added to the workspace the first time."""
        key = name.lower()
        if key not in self._ids:
            user_id = user_id_for(key)
            self._ids[key] = user_id
            self._names[user_id] = name
            self.slack.add_user(user_id, name=name, tz=self.zone, locale=self.locale)
            if self._joined is not None:
                self._joined(list(self._ids.values()))
        return self._ids[key]

    def known(self, name: str) -> str | None:
        return self._ids.get(name.lower())

    def name_of(self, user_id: str) -> str:
        return self._names.get(user_id, user_id)

    def speak(self, locale: str) -> None:
        """Everyone's Slack is set to `locale` from now on."""
        self.locale = locale
        for user_id in self._ids.values():
            self.slack.set_locale(user_id, locale)

    def typed_to_slack(self, line: str, command: bool = False) -> Typed:
        """`\\n` typed is a new line (Shift+Enter in Slack). `command`: a slash command's
        text, whose mentions Slack sends with the name (`<@U…|kari>`: the manifest's
        `should_escape`)."""
        line = line.replace("\\n", "\n")
        text = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        mentions_coach = bool(_BOT_MENTION.search(text))
        text = _BOT_MENTION.sub(f"<@{self.coach_id}>", text)

        def mention(match: re.Match[str]) -> str:
            name = match.group(1).rstrip(".-")
            rest = match.group(1)[len(name) :]
            special = _SPECIAL.get(name.lower())
            if special is not None:
                return special + rest
            user_id = self.user(name)
            return (f"<@{user_id}|{name}>" if command else f"<@{user_id}>") + rest

        return Typed(_NAME.sub(mention, text), mentions_coach)
