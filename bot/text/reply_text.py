"""Short thread replies: yes / done / keep, who is responsible and when, and lists of items."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from babel.dates import get_day_names

from bot.text.user_text import MAX_READ_CHARS

SHORT_WORDS = 6  # an intent word inside a longer message is not an answer
MAX_ITEMS = 50

_EMOJI_WORDS = {
    ":+1:": "yes",
    ":thumbsup:": "yes",
    ":white_check_mark:": "yes",
    ":heavy_check_mark:": "yes",
    ":ok_hand:": "ok",
    "👍": "yes",
    "✅": "yes",
    "✔️": "yes",
    "👌": "ok",
}


def _short(text: str) -> str | None:
    """Lower-cased reply without edge punctuation or emoji noise; None if it is not short."""
    text = text[:200].lower().replace("’", "'")
    for emoji, word in _EMOJI_WORDS.items():
        text = text.replace(emoji, f" {word} ")
    text = re.sub(r"<[^<>]{0,200}>|:[a-z0-9_+-]{1,40}:", " ", text)  # mentions, other emoji
    text = re.sub(r"[^\w\s']", " ", text)
    text = re.sub(r"\s+", " ", text).strip(" '")
    if not text or len(text.split()) > SHORT_WORDS:
        return None
    # Politeness around the answer doesn't change it.
    text = re.sub(r"^(?:(?:ok|okay|so|then|well|så|da|vel|hmm|um)\s+)+(?=\S)", "", text)
    text = re.sub(r"(?:\s+(?:thanks|thank you|thx|takk|please|pls|da|then|for now))+$", "", text)
    return text.strip()


def _words(spec: str) -> frozenset[str]:
    return frozenset(" ".join(w.split()) for w in spec.split("|") if w.strip())


_DONE = _words(
    """done|that's all|thats all|that is all|that's it|thats it|no more|nothing more|
    nothing else|finished|i'm done|im done|we're done|all done|next|done for now|
    ferdig|jeg er ferdig|vi er ferdige|det var alt|det er alt|ikke flere|ikke mer|ingen flere|
    ingenting mer|neste|nei|no|nope|nah|ferdig med det"""
)
_YES = _words(
    """yes|y|yeah|yep|yup|sure|ok|okay|correct|right|that's right|thats right|exactly|
    absolutely|of course|definitely|yes please|ja|jepp|japp|jo|ja takk|stemmer|det stemmer|
    riktig|greit|ok greit|selvfølgelig|absolutt|korrekt"""
)
_KEEP = _words(
    """keep|keep it|keep that|keep this|keep as is|keep it as is|leave it|leave it as is|
    as is|that's fine|thats fine|it's fine|its fine|fine|ok|okay|good|looks good|no change|
    yes|yes keep|behold|behold den|behold det|behold det slik|behold teksten|la den stå|
    la det stå|greit|fint|det er fint|den er fin|ja|bra|ingen endring"""
)
_ACCEPT = _words(
    """ok|okay|yes|yep|sure|use that|use it|use this|use those|use them|use the suggestion|
    sounds good|good|great|perfect|fine|let's use that|lets use that|go with that|ja|greit|
    ok greit|bruk den|bruk det|bruk denne|bruk dem|bruk forslaget|høres bra ut|supert|fint|
    flott|perfekt|ta den|kjør på|jepp"""
)


_SKIP = _words(
    """skip|skip it|skip this|skip this step|skip for now|later|not now|pass|
    hopp over|hopp over det|hopp over dette|hopp over steget|senere|ikke nå|dropp det"""
)
_BACK = _words(
    """back|go back|previous|previous step|undo|tilbake|gå tilbake|forrige|forrige steg|angre"""
)


def _is(text: str, words: frozenset[str]) -> bool:
    short = _short(text)
    return short is not None and short in words


def is_done(text: str) -> bool:
    """ "done", "det var alt", "no": the user has nothing more to add."""
    return _is(text, _DONE)


def is_yes(text: str) -> bool:
    return _is(text, _YES)


def is_keep(text: str) -> bool:
    """The user wants to keep what they wrote rather than the coach's rewording."""
    return _is(text, _KEEP)


def is_skip(text: str) -> bool:
    """ "skip", "hopp over": the same as the Skip button."""
    return _is(text, _SKIP)


def is_back(text: str) -> bool:
    """ "back", "tilbake": the same as the Go back button."""
    return _is(text, _BACK)


def is_accept_suggestion(text: str) -> bool:
    """The user takes the coach's suggestion as it stands."""
    return _is(text, _ACCEPT)


# --- responsibility: who and when -------------------------------------------------------

_MENTION = re.compile(r"<@([UW][A-Z0-9]{1,30})(?:\|[^<>]{0,100})?>")
_ME = re.compile(
    r"(?<![\w])(?:me|myself|i will|i'll|i can|i do|i'll do it|it's me|meg|meg selv|jeg)(?![\w])",
    re.IGNORECASE,
)


def _weekday_names() -> tuple[dict[str, int], dict[str, int]]:
    """(full names with plurals, abbreviations) -> Monday=0, from Babel's en and nb data."""
    full: dict[str, int] = {}
    short: dict[str, int] = {"tues": 1, "thur": 3, "thurs": 3, "tirs": 1, "tors": 3}
    for locale in ("en", "nb"):
        for number, name in get_day_names("wide", "format", locale).items():
            name = name.lower()
            full |= {name: number, name + "s": number, name + "er": number, name + "en": number}
            full[name + "ene"] = number
        for number, name in get_day_names("abbreviated", "format", locale).items():
            short[name.lower().rstrip(".")] = number
    # Typed without the Norwegian letters.
    full |= {"lordag": 5, "lordager": 5, "sondag": 6, "sondager": 6}
    short |= {"lor": 5, "son": 6}
    return full, short


_FULL_DAYS, _SHORT_DAYS = _weekday_names()
_FULL_DAY = re.compile(
    r"(?<![\w])(" + "|".join(sorted(_FULL_DAYS, key=len, reverse=True)) + r")(?![\w])",
    re.IGNORECASE,
)
_SHORT_DAY = re.compile(
    r"(?<![\w])(" + "|".join(sorted(_SHORT_DAYS, key=len, reverse=True)) + r")\.?(?![\w])",
    re.IGNORECASE,
)

_AMPM = r"(?P<ampm>a\.?m\.?|p\.?m\.?)"
_CLOCK = re.compile(
    rf"(?<![\w.:,])(?P<h>[0-9]{{1,2}})[:.](?P<m>[0-9]{{2}})(?![0-9])(?:\s{{0,2}}{_AMPM})?",
    re.IGNORECASE,
)
_HOUR_AMPM = re.compile(rf"(?<![\w.:,])(?P<h>[0-9]{{1,2}})\s{{0,2}}{_AMPM}(?![\w])", re.IGNORECASE)
_HOUR_CUE = re.compile(
    r"(?<![\w])(?:kl\.?|klokka|klokken|at|@)\s{0,2}(?P<h>[0-9]{1,2})(?![\w.:,]|[.:,][0-9])",
    re.IGNORECASE,
)
_HOUR_BARE = re.compile(r"(?<![\w.:,])(?P<h>[0-9]{1,2})(?![\w%.:,]|[.:,][0-9])")
_NOON = re.compile(r"(?<![\w])(?:noon|midday|lunch|lunsj|lunsjtid)(?![\w])", re.IGNORECASE)


@dataclass
class SlotParse:
    owner_id: str | None = None
    weekday: int | None = None
    time: dt.time | None = None
    me: bool = False


def _hour(h: int, m: int, ampm: str | None) -> dt.time | None:
    """A clock time, or None when impossible (25:00, 13 pm)."""
    if ampm:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ampm.lower().startswith("p") else 0)
    if 0 <= h <= 23 and 0 <= m <= 59:
        return dt.time(h, m)
    return None


def _parse_time(text: str) -> dt.time | None:
    m = _CLOCK.search(text)
    if m:  # an explicit hh:mm decides, even when it is impossible
        return _hour(int(m.group("h")), int(m.group("m")), m.group("ampm"))
    m = _HOUR_AMPM.search(text)
    if m:
        return _hour(int(m.group("h")), 0, m.group("ampm"))
    m = _HOUR_CUE.search(text) or _HOUR_BARE.search(text)
    if m:
        return _hour(int(m.group("h")), 0, None)
    if _NOON.search(text):
        return dt.time(12, 0)
    return None


def parse_responsibility(text: str) -> SlotParse:
    """Who reports and when: "<@U123ABC> on mondays at 9", "meg, fredager kl. 14.30".

    `owner_id` is the first user mention; `me` says the writer named themself ("me", "jeg") and
    is only set when there is no mention, since a mention names the owner more surely.
    """
    text = text[:MAX_READ_CHARS]
    mention = _MENTION.search(text)
    # Blank all markup so the digits in <@U123> or <#C42|x> are never read as a time.
    rest = re.sub(r"<[^<>\n]{0,500}>", " ", text)
    weekday = None
    day = _FULL_DAY.search(rest) or _SHORT_DAY.search(rest)
    if day:
        name = day.group(1).lower()
        weekday = _FULL_DAYS.get(name, _SHORT_DAYS.get(name))
    return SlotParse(
        owner_id=mention.group(1) if mention else None,
        weekday=weekday,
        time=_parse_time(rest),
        me=mention is None and bool(_ME.search(rest)),
    )


# --- lists ------------------------------------------------------------------------------

_BULLET = re.compile(
    r"^\s*(?:[•◦▪‣·]\s*|[-–—*+>]\s+|[-–—](?=\S)|[0-9]{1,2}[.)]\s+|\(?[a-z][.)]\s+)"
)
_SPLIT = re.compile(r"\n|;|,\s|•")
_WRAPPERS = ("*", "_", "~", "`", '"', "“", "”")


def _clean_item(item: str) -> str:
    item = _BULLET.sub("", item, count=1).strip()
    for mark in _WRAPPERS:  # Slack bold/italic around a whole item
        if len(item) > 2 and item.startswith(mark) and item.endswith(mark):
            item = item[1:-1].strip()
    return item.rstrip(" .,;:").strip()


def parse_list(text: str) -> list[str]:
    """Items from a reply: one per line, bullet, ";" or ", " (not "4,5"). At most 50."""
    items = []
    for part in _SPLIT.split(text[:MAX_READ_CHARS]):
        item = _clean_item(part)
        if item:
            items.append(item)
        if len(items) >= MAX_ITEMS:
            break
    return items


_UNIT_PARENS = re.compile(r"^(?P<name>.*?)\s*[(\[](?P<unit>[^()\[\]]*)[)\]]\s*$")
_UNIT_TAIL = re.compile(
    r"^(?P<name>.*?)\s*(?:,|-|–|:|\bin\b|\bi\b)?\s*"
    r"(?P<unit>%|prosent|percent|kr\.?|kroner|nok|usd|eur|sek|dkk|gbp|\$|€|£)$",
    re.IGNORECASE,
)


def split_metric(item: str) -> tuple[str, str]:
    """Name and unit: "reach (accounts)" -> ("reach", "accounts"), "CTR %" -> ("CTR", "%")."""
    item = re.sub(r"\s+", " ", item[:MAX_READ_CHARS]).strip()
    m = _UNIT_PARENS.match(item)
    if m and m.group("name").strip():
        return m.group("name").strip(), m.group("unit").strip()
    m = _UNIT_TAIL.match(item)
    if m and m.group("name").strip():
        unit = m.group("unit").rstrip(".")
        if unit.lower() in ("prosent", "percent"):
            unit = "%"
        elif unit.lower() in ("kr", "kroner"):
            unit = "kr"
        return m.group("name").strip(), unit
    return item, ""
