"""A typed message as the person typed it, from the text Slack sends (pure).

Slack sends a message's `text` with `&`, `<` and `>` as `&amp;`, `&lt;` and `&gt;`, and with
what the client turned into markup: `<@U123>` or `<@U123|kari>` for a person, `<!channel>`,
`<!here>`, `<!everyone>`, `<!subteam^S1|@team>`, `<#C123|marketing>`, links
`<https://x|label>`, dates `<!date^…|fallback>`. Every literal `<` a person types arrives as
`&lt;`, so each `<…>` in the text is markup. `as_typed` undoes both in one pass, so what is
stored is what the person saw when they pressed Enter ("Fast & friendly <3, tell @channel"),
and the output escape (`bot.text.user_text.escape`) is the only encoding it ever gets.

A person is "@name": the name in the markup, else the one the caller found for the id
(`names`), else "@U123" (an id is still better than nothing). The readers of ids in
mentions (the responsibility step, `/strategy owner`) read Slack's text, not this.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_ENTITY = {"amp": "&", "lt": "<", "gt": ">"}
_TOKEN = re.compile(r"<([^<>]*)>|&(amp|lt|gt);")
_ENTITIES = re.compile(r"&(amp|lt|gt);")
_PERSON = re.compile(r"<@([UW][A-Z0-9]{1,30})>")
_BROADCASTS = ("channel", "here", "everyone")


def _decode_entities(text: str) -> str:
    return _ENTITIES.sub(lambda m: _ENTITY[m.group(1)], text)


def _markup(body: str, names: Mapping[str, str]) -> str:
    """One `<…>` as the words it stands for."""
    target, _, label = body.partition("|")
    label = _decode_entities(label).strip()
    if target.startswith("@"):  # a person
        name = label or names.get(target[1:], "") or target[1:]
        return "@" + name.removeprefix("@")
    if target.startswith("#"):  # a channel
        return "#" + (label or target[1:]).removeprefix("#")
    if target.startswith("!"):
        word = target[1:]
        if word in _BROADCASTS:
            return "@" + word
        if word.startswith("subteam^"):  # a user group
            return "@" + (label or word.removeprefix("subteam^")).removeprefix("@")
        if word.startswith("date^"):
            return label  # the fallback text is what the person wrote
        return label or "@" + word
    if not target:
        return "<" + _decode_entities(body) + ">"  # not markup Slack makes; kept as it came
    return label or _decode_entities(target).removeprefix("mailto:")  # a link


def as_typed(slack_text: str, names: Mapping[str, str] | None = None) -> str:
    """`slack_text` as the person typed it; `names` maps user ids to names, for the people
    mentioned as a bare `<@U123>`."""
    known = names or {}

    def one(match: re.Match[str]) -> str:
        if match.group(2) is not None:
            return _ENTITY[match.group(2)]
        return _markup(match.group(1), known)

    return _TOKEN.sub(one, slack_text)


def unnamed_people(slack_text: str) -> list[str]:
    """The ids of the people mentioned without a name (`<@U123>`), each once, in order."""
    return list(dict.fromkeys(_PERSON.findall(slack_text)))
