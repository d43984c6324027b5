"""Short thread replies: yes / done / keep, who is responsible and when, and lists of items."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from difflib import get_close_matches

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
# Said instead of one weekday: a date ("the 32nd", "den 15."), or every day.
_NOT_A_WEEKDAY = re.compile(
    r"(?<![\w])(?:(?:the\s{1,3})?[0-9]{1,2}(?:st|nd|rd|th)|den\s{1,3}[0-9]{1,2}\.(?![0-9])"
    r"|every\s{1,3}day|each\s{1,3}day|daily|hver\s{1,3}dag|daglig|alle\s{1,3}dager)(?![\w])",
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

# Words around a name that are not one ("ask Ola", "Kari does it every Friday", "spør Ola").
_NOT_NAMES = _words(
    """a|an|the|and|or|but|so|then|ok|okay|yes|no|nope|please|pls|thanks|thank|you|hi|hey|hello|
    it|its|it's|is|are|be|was|will|would|can|could|should|shall|may|might|must|do|does|did|done|
    take|takes|handle|handles|report|reports|reporting|send|sends|own|owns|owner|responsible|
    in|charge|care|of|for|on|at|by|to|from|with|every|each|week|weeks|weekly|time|day|days|
    morning|mornings|afternoon|afternoons|evening|am|pm|ask|let|lets|let's|have|has|i|we|our|
    us|they|them|he|she|him|her|his|their|who|person|colleague|numbers|figures|same|as|before|
    suggested|suggestion|fine|good|great|sure|maybe|probably|think|guess|around|about|ca|
    roughly|just|also|too|now|from now|on|our|team|that|this|one|works|work|suits|best|usually|
    og|eller|men|så|da|vel|ja|nei|takk|hei|det|den|de|er|var|blir|vil|kan|skal|bør|må|gjør|
    gjøre|tar|ta|seg|av|har|ansvar|ansvaret|ansvarlig|rapporterer|rapportere|sender|eier|på|
    kl|klokka|klokken|hver|hvert|uke|uka|uken|ukentlig|om|morgenen|formiddag|ettermiddag|
    kveld|spør|la|vi|oss|vår|våre|han|hun|dem|hans|hennes|som|til|fra|med|fint|bra|greit|
    gjerne|kanskje|tror|omtrent|rundt|cirka|etter|før|nå|tallene|tall|kollega|samme|passer|
    vanligvis|også|dag|dager|fordi|because|since|local|zone|tz|utc|gmt|cet|cest|est|edt|pst|
    pdt|bst|tid|tidssone|norsk|norwegian"""
)
_NAME_WORD = re.compile(r"@?([^\W\d_]+(?:['’-][^\W\d_]+)*)")
_CLAUSE = re.compile(r"[,;:.!?()\[\]{}\"“”/\\|&+*_~`\n]")
_MAX_NAME_WORDS = 4
_PLAIN_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ð": "d", "þ": "th", "ł": "l"})


@dataclass
class SlotParse:
    owner_id: str | None = None
    weekday: int | None = None
    time: dt.time | None = None
    me: bool = False
    name: str | None = None  # a person written without a mention: "Kari Nordmann"
    bad_time: str | None = None  # a time given but impossible, as typed: "25:00", "kl. 25"
    bad_weekday: str | None = None  # not one weekday, as typed: "the 32nd", "Firday"


def _hour(h: int, m: int, ampm: str | None) -> dt.time | None:
    """A clock time, or None when impossible (25:00, 13 pm)."""
    if ampm:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ampm.lower().startswith("p") else 0)
    if 0 <= h <= 23 and 0 <= m <= 59:
        return dt.time(h, m)
    return None


def _parse_time(text: str) -> tuple[dt.time | None, str | None]:
    """(the time, None), or (None, the impossible time as typed); an explicit hh:mm decides."""
    m = _CLOCK.search(text)
    minutes = int(m.group("m")) if m else 0
    m = m or _HOUR_AMPM.search(text) or _HOUR_CUE.search(text) or _HOUR_BARE.search(text)
    if m:
        ampm = m.groupdict().get("ampm")
        time = _hour(int(m.group("h")), minutes, ampm)
        return (time, None) if time else (None, " ".join(m.group(0).split()))
    return (dt.time(12, 0), None) if _NOON.search(text) else (None, None)


def _weekday(text: str) -> tuple[int | None, str | None, str]:
    """(the weekday, what was said instead of one weekday, the text without day words)."""
    full = list(_FULL_DAY.finditer(text))
    if full:
        said = {m.group(1).lower(): _FULL_DAYS[m.group(1).lower()] for m in full}
        bad = " / ".join(m.group(1) for m in full) if len(set(said.values())) > 1 else None
        # With a full day name, a capitalised "Tor" or "Fre" is a person, not a weekday.
        rest = _FULL_DAY.sub(" | ", text)
        rest = _SHORT_DAY.sub(lambda s: s.group(0) if s.group(0)[0].isupper() else " | ", rest)
        return _FULL_DAYS[full[0].group(1).lower()], bad, rest
    short = _SHORT_DAY.search(text)
    if short:
        return _SHORT_DAYS[short.group(1).lower()], None, _SHORT_DAY.sub(" | ", text)
    other = _NOT_A_WEEKDAY.search(text)
    if other:
        return None, " ".join(other.group(0).split()), _NOT_A_WEEKDAY.sub(" | ", text)
    # A weekday misspelt ("firday", "fredga"); capitalised, it may be a name ("Frida").
    for word in re.findall(r"(?<![\w])[^\W\d_A-ZÆØÅ][^\W\d_]{4,11}(?![\w])", text):
        if word[0].islower() and get_close_matches(word, _FULL_DAYS, n=1, cutoff=0.8):
            return None, word, text.replace(word, " | ")
    return None, None, text


def _written_name(text: str) -> str | None:
    """A person named without a mention: the first capitalised run of words that are not day,
    time or filler words ("ask Ola", "Kari Nordmann does it"); else a short lower-case run at the
    start ("kari nordmann, fredager kl. 10")."""
    runs: list[list[str]] = []
    for clause in _CLAUSE.split(text):
        run: list[str] = []
        for token in clause.split():
            word = _NAME_WORD.fullmatch(token.strip("'’"))
            if word and word.group(1).lower() not in _NOT_NAMES:
                run.append(word.group(1))
                continue
            if run:
                runs.append(run)
            run = []
        if run:
            runs.append(run)
    for run in runs:
        capitals = " ".join(w if w[0].isupper() else "|" for w in run).split("|")
        named = next((part.split() for part in capitals if part.strip()), None)
        if named:
            return " ".join(named[:_MAX_NAME_WORDS])
    if runs and len(runs[0]) <= _MAX_NAME_WORDS - 1:
        return " ".join(runs[0])
    return None


def parse_responsibility(text: str) -> SlotParse:
    """Who reports and when: "<@U123ABC> on mondays at 9", "meg, fredager kl. 14.30",
    "Kari Nordmann, fridays at 10"; with what was impossible ("25:00", "the 32nd").

    `owner_id` is the first user mention; `me` says the writer named themself ("me", "jeg") and
    is only set when there is no mention, since a mention names the owner more surely; `name` is
    a person written without a mention, only read when there is neither.
    """
    text = text[:MAX_READ_CHARS]
    mention = _MENTION.search(text)
    # Blank all markup and emoji, so the digits in <@U123> or <#C42|x> are never read as a time
    # nor :thumbsup: as a name.
    rest = re.sub(r"<[^<>\n]{0,500}>|(?<![0-9]):[a-z_+-][a-z0-9_+-]{0,39}:", " | ", text)
    weekday, bad_weekday, rest = _weekday(rest)
    time, bad_time = _parse_time(rest)
    me = mention is None and bool(_ME.search(rest))
    name = None
    if mention is None and not me:
        for pattern in (_CLOCK, _HOUR_AMPM, _HOUR_CUE, _HOUR_BARE, _NOON):
            rest = pattern.sub(" | ", rest)
        name = _written_name(rest)
    return SlotParse(
        owner_id=mention.group(1) if mention else None,
        weekday=weekday,
        time=time,
        me=me,
        name=name,
        bad_time=bad_time,
        bad_weekday=bad_weekday,
    )


def name_key(name: str) -> str:
    """A name as compared: case, accents and punctuation ignored ("Kåre-Ø. Berg" -> "kare o
    berg"); ø and æ count as o and ae, as people type them without Norwegian letters."""
    text = unicodedata.normalize("NFKD", name.casefold().translate(_PLAIN_LETTERS))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.findall(r"[^\W_]+", text))


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
