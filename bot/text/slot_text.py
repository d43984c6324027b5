"""Who reports the numbers and when, read from a short reply: "<@U123> on mondays at 9", "meg,
fredager kl. 14.30", "Kari Nordmann, fridays at 10", "fredag kl. halv ti", "fri 1430"; with what
was impossible ("25:00", "the 32nd"), what could be either of two times ("at 3": 03:00 or
15:00?), and a part of the day given instead of a time ("tuesday afternoon"). Pure.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from difflib import get_close_matches

from babel.dates import get_day_names

from bot.text.user_text import MAX_READ_CHARS

_MENTION = re.compile(r"<@([UW][A-Z0-9]{1,30})(?:\|[^<>]{0,100})?>")
_ME = re.compile(
    r"(?<![\w])(?:me|myself|i will|i'll|i can|i do|i'll do it|it's me|meg|meg selv|jeg)(?![\w])",
    re.IGNORECASE,
)


def _words(spec: str) -> frozenset[str]:
    return frozenset(" ".join(w.split()) for w in spec.split("|") if w.strip())


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
# Said instead of one weekday: a date ("the 32nd", "den 15."), every day, every weekday, the
# weekend, or every morning.
_NOT_A_WEEKDAY = re.compile(
    r"(?<![\w])(?:(?:the\s{1,3})?[0-9]{1,2}(?:st|nd|rd|th)|den\s{1,3}[0-9]{1,2}\.(?![0-9])"
    r"|(?:every|each)\s{1,3}(?:day|weekday|workday|work\s{1,3}day|morning|afternoon|evening)"
    r"|daily|weekdays|workdays|(?:on\s{1,3})?weekends?|hver\s{1,3}(?:dag|ukedag|hverdag|virkedag"
    r"|morgen|formiddag|ettermiddag|kveld)|daglig|alle\s{1,3}(?:dager|ukedager|hverdager)"
    r"|ukedager|hverdager|virkedager|(?:i\s{1,3})?helg(?:en|ene|er)?)(?![\w])",
    re.IGNORECASE,
)

# --- times -------------------------------------------------------------------------------

_AMPM = r"(?P<ampm>a\.?m\.?|p\.?m\.?)"
_CLOCK = re.compile(
    rf"(?<![\w.:,])(?P<h>[0-9]{{1,2}})[:.](?P<m>[0-9]{{2}})(?![0-9])(?:\s{{0,2}}{_AMPM})?",
    re.IGNORECASE,
)
# Hours and minutes run together: "1430", "0930", "930".
_RUN_TOGETHER = re.compile(
    rf"(?<![\w.:,])(?P<h>[0-9]{{1,2}})(?P<m>[0-9]{{2}})(?:\s{{0,2}}{_AMPM})?(?![\w%:]|[.,][0-9])",
    re.IGNORECASE,
)
_HOUR_AMPM = re.compile(rf"(?<![\w.:,])(?P<h>[0-9]{{1,2}})\s{{0,2}}{_AMPM}(?![\w])", re.IGNORECASE)
_HOUR_CUE = re.compile(
    r"(?<![\w])(?:kl\.?|klokka|klokken|at|@)\s{0,2}(?P<h>[0-9]{1,2})(?![\w.:,]|[.:,][0-9])",
    re.IGNORECASE,
)
_HOUR_BARE = re.compile(r"(?<![\w.:,])(?P<h>[0-9]{1,2})(?![\w%.:,]|[.:,][0-9])")
_NOON = re.compile(r"(?<![\w])(?:noon|midday|lunch|lunsj|lunsjtid)(?![\w])", re.IGNORECASE)

_HOUR_WORDS = {
    **dict.fromkeys(("one", "en", "ett", "eitt"), 1),
    **dict.fromkeys(("two", "to"), 2),
    **dict.fromkeys(("three", "tre"), 3),
    **dict.fromkeys(("four", "fire"), 4),
    **dict.fromkeys(("five", "fem"), 5),
    **dict.fromkeys(("six", "seks"), 6),
    **dict.fromkeys(("seven", "sju", "syv"), 7),
    **dict.fromkeys(("eight", "åtte", "atte"), 8),
    **dict.fromkeys(("nine", "ni"), 9),
    **dict.fromkeys(("ten", "ti"), 10),
    **dict.fromkeys(("eleven", "elleve"), 11),
    **dict.fromkeys(("twelve", "tolv"), 12),
}
_FACE = r"(?P<face>[0-9]{1,2}|" + "|".join(sorted(_HOUR_WORDS, key=len, reverse=True)) + ")"
_EN_HOURS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_NB_HOURS = "en|ett|eitt|to|tre|fire|fem|seks|sju|syv|åtte|atte|ni|ti|elleve|tolv"
_OCLOCK = r"(?:\s{0,2}o'?clock)?"
_AMPM_AFTER = rf"(?:\s{{0,2}}{_AMPM}(?![\w]))?"
# "halv ti" is 09:30 (half an hour before ten), "kvart over ni" 09:15, "kvart på ti" 09:45;
# "half past nine", "quarter to ten".
_FACE_TIME = re.compile(
    rf"(?<![\w])(?:(?P<half>halv)|kvart\s{{1,3}}(?P<nb>over|på|pa)"
    rf"|(?P<en>half|quarter|a\s{{1,3}}quarter)\s{{1,3}}(?P<dir>past|after|to|before))"
    rf"\s{{1,3}}{_FACE}{_OCLOCK}(?![\w]){_AMPM_AFTER}",
    re.IGNORECASE,
)
# An hour in words after a cue: "at nine", "kl. ni", "klokka ti"; or "nine o'clock".
_WORD_HOUR = re.compile(
    rf"(?<![\w])(?:at\s{{1,3}}(?P<en>{_EN_HOURS})|(?:kl\.\s{{0,3}}|(?:kl|klokka|klokken)\s{{1,3}})"
    rf"(?P<nb>{_NB_HOURS})|(?P<bare>{_EN_HOURS})(?=\s{{0,2}}o'?clock)){_OCLOCK}(?![\w])"
    rf"{_AMPM_AFTER}",
    re.IGNORECASE,
)

# A part of the day is not a time ("tuesday afternoon"); with an hour it says which half of the
# day it is ("3 in the afternoon", "kl. 9 om kvelden", "3 om natta").
_PART_OF_DAY = re.compile(
    r"(?<![\w])(?P<part>mornings?|morgen(?:en|s)?|morgn(?:ene|er)|formiddag(?:en|er)?|forenoon"
    r"|afternoons?|ettermiddag(?:en|er|ene)?|evenings?|kveld(?:en|er|ene)?|tonight"
    r"|nights?|natt(?:a|en)?)(?![\w])",
    re.IGNORECASE,
)
_PART_KEYS = (
    ("morning", ("morn", "morg", "formiddag", "forenoon")),
    ("afternoon", ("afternoon", "ettermiddag")),
    ("evening", ("evening", "kveld", "tonight")),
    ("night", ("night", "natt")),
)
_LATER_HALF = ("afternoon", "evening")

# Words around a name that are not one ("ask Ola", "Kari does it every Friday", "spør Ola"),
# including words for times and parts of the day ("halv", "morgen") and for hesitating.
_NOT_NAMES = _words(
    """a|an|the|and|or|but|so|then|ok|okay|yes|no|nope|please|pls|thanks|thank|you|hi|hey|hello|
    it|its|it's|is|are|be|was|will|would|can|could|should|shall|may|might|must|do|does|did|done|
    take|takes|handle|handles|report|reports|reporting|send|sends|own|owns|owner|responsible|
    in|charge|care|of|for|on|at|by|to|from|with|every|each|week|weeks|weekly|time|day|days|
    morning|mornings|afternoon|afternoons|evening|evenings|night|nights|tonight|noon|midday|
    lunch|lunsj|half|past|quarter|o'clock|oclock|am|pm|ask|let|lets|let's|have|has|i|we|our|
    us|they|them|he|she|him|her|his|their|who|person|colleague|numbers|figures|same|as|before|
    suggested|suggestion|fine|good|great|sure|maybe|probably|think|guess|around|about|ca|
    roughly|just|also|too|now|from now|on|our|team|that|this|one|works|work|suits|best|usually|
    weekday|weekdays|workday|workdays|weekend|weekends|today|tomorrow|not|unsure|know|idk|
    don't|dont|
    hmm|hm|um|uh|uhm|eh|ehm|er|mm|øh|øhm|tja|
    og|eller|men|så|da|vel|ja|nei|takk|hei|det|den|de|er|var|blir|vil|kan|skal|bør|må|gjør|
    gjøre|tar|ta|seg|av|har|ansvar|ansvaret|ansvarlig|rapporterer|rapportere|sender|eier|på|
    kl|klokka|klokken|hver|hvert|uke|uka|uken|ukentlig|om|morgen|morgenen|formiddag|
    formiddagen|ettermiddag|ettermiddagen|kveld|kvelden|natt|natta|natten|halv|kvart|over|
    ukedag|ukedager|hverdag|hverdager|helg|helgen|i|dag|vet|ikke|usikker|sikker|aner|
    spør|la|vi|oss|vår|våre|han|hun|dem|hans|hennes|som|til|fra|med|fint|bra|greit|
    gjerne|kanskje|tror|omtrent|rundt|cirka|etter|før|nå|tallene|tall|kollega|samme|passer|
    vanligvis|også|dager|fordi|because|since|local|zone|tz|utc|gmt|cet|cest|est|edt|pst|
    pdt|bst|tid|tidssone|norsk|norwegian"""
)
_NAME_WORD = re.compile(r"@?([^\W\d_]+(?:['’-][^\W\d_]+)*)")
_CLAUSE = re.compile(r"[,;:.!?()\[\]{}\"“”/\\|&+*_~`\n]")
_MAX_NAME_WORDS = 4


@dataclass
class SlotParse:
    owner_id: str | None = None
    weekday: int | None = None
    time: dt.time | None = None
    me: bool = False
    name: str | None = None  # a person written without a mention: "Kari Nordmann"
    bad_time: str | None = None  # a time given but impossible, as typed: "25:00", "kl. 25"
    bad_weekday: str | None = None  # not one weekday, as typed: "the 32nd", "Firday"
    also_mentioned: tuple[str, ...] = ()  # more people mentioned: "<@U2> and <@U3>"
    # "at 3", "halv tre": `time` is the hour as said (03:00), this the afternoon's (15:00).
    or_afternoon: dt.time | None = None
    part_of_day: str | None = None  # "morning", "afternoon", "evening", "night", without a time


@dataclass
class _Said:
    """A time as typed: the hour, minutes, am/pm, and whether the hour had a leading zero."""

    hour: int
    minute: int
    ampm: str | None
    zero: bool
    typed: str


def _hour(h: int, m: int, ampm: str | None) -> dt.time | None:
    """A clock time, or None when impossible (25:00, 13 pm)."""
    if ampm:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ampm.lower().startswith("p") else 0)
    if 0 <= h <= 23 and 0 <= m <= 59:
        return dt.time(h, m)
    return None


def _face_time(m: re.Match[str]) -> _Said:
    """ "halv ti" (09:30), "kvart på ti" (09:45), "quarter past nine" (09:15)."""
    face = m.group("face").lower()
    hour = int(face) if face.isdigit() else _HOUR_WORDS[face]
    before = m.group("nb") in ("på", "pa") or (m.group("dir") or "").lower() in ("to", "before")
    if m.group("half"):
        hour, minute = hour - 1, 30  # the Norwegian half is before the hour named
    elif (m.group("en") or "").lower() == "half":
        minute = 30
    else:
        hour, minute = (hour - 1, 45) if before else (hour, 15)
    if hour <= 0:
        hour += 12  # "halv ett" is 12:30
    return _Said(hour, minute, m.group("ampm"), face.startswith("0"), m.group(0))


def _said_time(text: str) -> _Said | None:
    """The first time in the text, most explicit form first."""
    for pattern in (_CLOCK, _RUN_TOGETHER):
        m = pattern.search(text)
        if m:
            h = m.group("h")
            return _Said(int(h), int(m.group("m")), m.group("ampm"), h.startswith("0"), m.group(0))
    m = _FACE_TIME.search(text)
    if m:
        return _face_time(m)
    m = _WORD_HOUR.search(text)
    if m:
        word = (m.group("en") or m.group("nb") or m.group("bare")).lower()
        return _Said(_HOUR_WORDS[word], 0, m.group("ampm"), False, m.group(0))
    for pattern in (_HOUR_AMPM, _HOUR_CUE, _HOUR_BARE):
        m = pattern.search(text)
        if m:
            h = m.group("h")
            ampm = m.groupdict().get("ampm")
            return _Said(int(h), 0, ampm, h.startswith("0"), m.group(0))
    return None


def _part_of_day(text: str) -> str | None:
    m = _PART_OF_DAY.search(text)
    if not m:
        return None
    word = m.group("part").lower()
    return next(key for key, stems in _PART_KEYS if word.startswith(stems))


def _parse_time(text: str) -> tuple[dt.time | None, str | None, dt.time | None, str | None]:
    """(the time, the impossible time as typed, the afternoon's reading of an hour that could be
    either, the part of the day said instead of a time)."""
    part = _part_of_day(text)
    said = _said_time(text)
    if said is None:
        if _NOON.search(text):
            return dt.time(12, 0), None, None, None
        return None, None, None, part
    time = _hour(said.hour, said.minute, said.ampm)
    if time is None:
        return None, " ".join(said.typed.split()), None, None
    if said.ampm:
        return time, None, None, None
    if part in _LATER_HALF and 1 <= time.hour <= 11:
        return time.replace(hour=time.hour + 12), None, None, None
    if part == "night":  # "10 at night" is 22:00, "3 om natta" 03:00
        hour = time.hour + 12 if 7 <= time.hour <= 11 else time.hour % 12
        return time.replace(hour=hour), None, None, None
    # An hour from 1 to 6 is a time nobody reports at, or the afternoon said short: ask.
    if part is None and not said.zero and 1 <= time.hour <= 6:
        return time, None, time.replace(hour=time.hour + 12), None
    return time, None, None, None


def with_minutes(text: str) -> bool:
    """Whether a time is written with its minutes ("3:00", "0300", "14.30")."""
    text = text[:MAX_READ_CHARS]
    return bool(_CLOCK.search(text) or _RUN_TOGETHER.search(text))


# --- weekdays and names ------------------------------------------------------------------


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


_TIME_WORDS = (
    _CLOCK,
    _RUN_TOGETHER,
    _FACE_TIME,
    _WORD_HOUR,
    _HOUR_AMPM,
    _HOUR_CUE,
    _HOUR_BARE,
    _NOON,
    _PART_OF_DAY,
)


def parse_responsibility(text: str) -> SlotParse:
    """Who reports and when: "<@U123ABC> on mondays at 9", "meg, fredager kl. 14.30",
    "Kari Nordmann, fridays at 10"; with what was impossible ("25:00", "the 32nd").

    `owner_id` is the first user mention and `also_mentioned` any other; `me` says the writer
    named themself ("me", "jeg") and is only set when there is no mention, since a mention names
    the owner more surely; `name` is a person written without a mention, only read when there
    is neither. `or_afternoon` is set when the hour could be either half of the day ("at 3",
    "halv tre"), `part_of_day` when a part of the day came instead of a time ("afternoon").
    """
    text = text[:MAX_READ_CHARS]
    mentioned = list(dict.fromkeys(m.group(1) for m in _MENTION.finditer(text)))
    # Blank all markup and emoji, so the digits in <@U123> or <#C42|x> are never read as a time
    # nor :thumbsup: as a name.
    rest = re.sub(r"<[^<>\n]{0,500}>|(?<![0-9]):[a-z_+-][a-z0-9_+-]{0,39}:", " | ", text)
    weekday, bad_weekday, rest = _weekday(rest)
    time, bad_time, or_afternoon, part = _parse_time(rest)
    me = not mentioned and bool(_ME.search(rest))
    name = None
    if not mentioned and not me:
        for pattern in _TIME_WORDS:
            rest = pattern.sub(" | ", rest)
        name = _written_name(rest)
    return SlotParse(
        owner_id=mentioned[0] if mentioned else None,
        weekday=weekday,
        time=time,
        me=me,
        name=name,
        bad_time=bad_time,
        bad_weekday=bad_weekday,
        also_mentioned=tuple(mentioned[1:]),
        or_afternoon=or_afternoon,
        part_of_day=part,
    )
