"""Deadlines as people type them, in English and Norwegian bokmål.

dateparser does the real parsing of day-level dates ("30. juni 2027", "June 30th", "30/06/2027").
This module adds only what it can't do: period ends ("end of June", "utgangen av 2027", "Q2
2027", "juni 2027" — a deadline month means its last day), finding date-like substrings inside a
sentence, and never guessing a year from a plain number like "5000". Everything is relative to
the `today` argument, never to the clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from babel.dates import get_month_names

from bot.text.date_phrases import PHRASES, phrase_date
from bot.text.user_text import MAX_READ_CHARS

MAX_CANDIDATE = 60  # dateparser is slow on long strings; a date is never longer than this
MAX_PARSES = 12  # dateparser calls per find_date; a sentence has one or two dates


@dataclass(frozen=True)
class DateResult:
    value: dt.date | None
    problem: str | None  # "empty" | "not_a_date" | "in_the_past"


@dataclass(frozen=True)
class DateMatch:
    value: dt.date
    start: int
    end: int


def _month_names() -> dict[str, int]:
    """Month name -> number, from Babel's en and nb data plus a few common spellings."""
    names: dict[str, int] = {"sept": 9, "sept.": 9}
    for locale in ("en", "nb"):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    names[name.lower().rstrip(".")] = number
    return names


MONTHS = _month_names()
_MONTH = "(?:" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")\.?"
_YEAR = r"(?:19|20)[0-9]{2}"
_WS = r"[\s,]{1,3}"
_B = r"(?<![\w.,/-])"  # left edge: not inside a word or another number
_E = r"(?![\w]|[.,/-][0-9])"  # right edge

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "første": 1, "andre": 2}
_ORDINALS |= {"tredje": 3, "fjerde": 4}

_END_OF = (
    r"(?:(?:the\s{1,3})?end\s{1,3}of|slutten\s{1,3}av|utgangen\s{1,3}av|enden\s{1,3}av|ultimo)"
)


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month_end(month: int, year: int | None, today: dt.date) -> dt.date | None:
    """Last day of `month`; without a year, the first such day not before today."""
    if not 1 <= month <= 12:
        return None
    if year is not None:
        return _last_day(year, month) if 1 <= year <= 9999 else None
    end = _last_day(today.year, month)
    return end if end >= today else _last_day(today.year + 1, month)


def _year_of(text: str | None) -> int | None:
    return int(text) if text else None


def _month_of(text: str) -> int | None:
    return MONTHS.get(text.lower().rstrip("."))


# Period phrases, tried both as whole answers and inside sentences: (pattern, value builder).
_Builder = Callable[[re.Match[str], dt.date], dt.date | None]


def _end_month(m: re.Match[str], today: dt.date) -> dt.date | None:
    month = _month_of(m.group("month"))
    return _month_end(month, _year_of(m.group("year")), today) if month else None


def _end_year(m: re.Match[str], today: dt.date) -> dt.date | None:
    year = _year_of(m.group("year"))
    if m.group("next"):
        year = today.year + 1
    return dt.date(year or today.year, 12, 31)


def _end_this_month(m: re.Match[str], today: dt.date) -> dt.date | None:
    return _last_day(today.year, today.month)


def _quarter(m: re.Match[str], today: dt.date) -> dt.date | None:
    raw = (m.group("q") or m.group("q2") or m.group("qw") or "").lower()
    quarter = int(raw) if raw.isdigit() else _ORDINALS.get(raw, 0)
    if not 1 <= quarter <= 4:
        return None
    return _month_end(quarter * 3, _year_of(m.group("year")), today)


def _half(m: re.Match[str], today: dt.date) -> dt.date | None:
    return _month_end(6 * int(m.group("h")), _year_of(m.group("year")), today)


def _numeric_month(m: re.Match[str], today: dt.date) -> dt.date | None:
    return _month_end(int(m.group("month")), int(m.group("year")), today)


_Q = r"(?:q(?P<q>[1-4])|(?P<q2>[1-4])\.?\s{0,3}(?:kvartal|quarter))"
_QUARTER_WORD = r"(?P<qw>first|second|third|fourth|første|andre|tredje|fjerde)"

_PERIODS: list[tuple[re.Pattern[str], _Builder]] = [
    (
        re.compile(
            rf"{_B}(?:{_END_OF}\s{{1,3}})?"
            rf"(?:{_Q}|(?:the\s{{1,3}})?{_QUARTER_WORD}\s{{1,3}}(?:quarter|kvartal))"
            rf"(?:\s{{1,3}}(?:of\s{{1,3}})?(?P<year>{_YEAR}))?{_E}",
            re.IGNORECASE,
        ),
        _quarter,
    ),
    (
        re.compile(
            rf"{_B}(?:{_END_OF}\s{{1,3}})?h(?P<h>[12])(?:\s{{1,3}}(?P<year>{_YEAR}))?{_E}",
            re.IGNORECASE,
        ),
        _half,
    ),
    (
        re.compile(
            rf"{_B}{_END_OF}\s{{1,3}}(?:the\s{{1,3}})?(?P<month>{_MONTH})"
            rf"(?:{_WS}(?P<year>{_YEAR}))?{_E}",
            re.IGNORECASE,
        ),
        _end_month,
    ),
    (
        re.compile(
            rf"{_B}(?:{_END_OF}\s{{1,3}}(?:the\s{{1,3}}|this\s{{1,3}}|dette\s{{1,3}})?"
            rf"(?:(?P<next>next\s{{1,3}}year|neste\s{{1,3}}år)|year|året|(?P<year>{_YEAR}))"
            r"|year[- ]end|end[- ]of[- ]year|årsslutt(?:en)?|nyttår)"
            rf"{_E}",
            re.IGNORECASE,
        ),
        _end_year,
    ),
    (
        re.compile(
            rf"{_B}{_END_OF}\s{{1,3}}(?:the\s{{1,3}}|this\s{{1,3}}|denne\s{{1,3}})?"
            rf"(?:month|måneden|måned){_E}",
            re.IGNORECASE,
        ),
        _end_this_month,
    ),
    (
        re.compile(rf"{_B}(?P<month>{_MONTH}),?\s{{1,3}}(?P<year>{_YEAR}){_E}", re.IGNORECASE),
        _end_month,
    ),
    (
        re.compile(rf"{_B}(?P<month>0?[1-9]|1[0-2])[./](?P<year>{_YEAR}){_E}"),
        _numeric_month,
    ),
]


_PERIODS.extend(PHRASES)  # "mid 2027", "neste år", "til jul": bot/text/date_phrases.py

# Day-level dates, found by regex and then handed to dateparser.
_DAY_PATTERNS: list[re.Pattern[str]] = [
    re.compile(rf"{_B}{_YEAR}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12][0-9]|3[01]){_E}"),
    re.compile(
        rf"{_B}(?:0?[1-9]|[12][0-9]|3[01])[./-](?:0?[1-9]|1[0-2])[./-](?:{_YEAR}|[0-9]{{2}}){_E}"
    ),
    re.compile(
        rf"{_B}(?:0?[1-9]|[12][0-9]|3[01])(?:st|nd|rd|th|\.)?\s{{0,3}}(?:of\s{{1,3}})?"
        rf"{_MONTH}(?:{_WS}{_YEAR})?{_E}",
        re.IGNORECASE,
    ),
    re.compile(
        rf"{_B}{_MONTH}\s{{1,3}}(?:0?[1-9]|[12][0-9]|3[01])(?:st|nd|rd|th)?"
        rf"(?:{_WS}{_YEAR})?{_E}",
        re.IGNORECASE,
    ),
]
_HAS_YEAR = re.compile(rf"(?<![0-9]){_YEAR}(?![0-9])|[0-9][./-][0-9]{{1,2}}[./-][0-9]{{2}}\s*$")

# A bare month or year counts inside a sentence only after a deadline word ("by June", "innen
# 2027"), so "5000" or "we may" is never a date.
_CUE = r"(?:by|before|until|till|within|in|innen|før|til|i|ila\.?|i\s{1,3}løpet\s{1,3}av)"
_CUED_MONTH = re.compile(rf"(?<![\w])(?:{_CUE})\s{{1,3}}(?P<month>{_MONTH})(?![\w])", re.IGNORECASE)
_CUED_YEAR = re.compile(
    rf"(?<![\w])(?:{_CUE})\s{{1,3}}(?P<year>{_YEAR})"
    r"(?![\w]|[.,][0-9]|\s{0,3}(?:%|kr\b|nok\b|k\b))",
    re.IGNORECASE,
)

_AMOUNT = r"(?:[0-9]{1,3}|an?|one|two|three|four|five|six|en|ett|ei|to|tre|fire|fem|seks)"
_UNIT = r"(?:days?|weeks?|months?|years?|dager?|dagar|uker?|måneder?|mnd\.?|år)"
# Whole answers dateparser may read beyond the sentence patterns: "30/06", "1.5.", "in 3 weeks".
_SHORT_OR_RELATIVE = re.compile(
    r"(?:0?[1-9]|[12][0-9]|3[01])[./](?:0?[1-9]|1[0-2])\.?"
    rf"|(?:(?:in|om|within|innen)\s{{1,3}})?{_AMOUNT}\s{{1,3}}{_UNIT}"
    r"|tomorrow|i\s?morgen|next\s{1,3}(?:week|month)|neste\s{1,3}(?:uke|måned)",
    re.IGNORECASE,
)
_LEAD = re.compile(
    rf"^(?:(?:deadline|frist|target date|dato|date)\s{{0,3}}[:=-]?\s{{0,3}}|(?:{_CUE}|den|the|on|"
    r"senest|latest|at\s{1,3}the\s{1,3}latest|ca\.?|about|around|rundt)\s{1,3})+",
    re.IGNORECASE,
)

_SETTINGS = {
    "DATE_ORDER": "DMY",
    "PREFER_DATES_FROM": "future",
    "REQUIRE_PARTS": ["day", "month"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}


@lru_cache(maxsize=1024)
def _dateparser(text: str, today: dt.date) -> dt.date | None:
    """dateparser on one short candidate; a missing year means the next such day from today."""
    if not text or len(text) > MAX_CANDIDATE:
        return None
    settings = dict(_SETTINGS, RELATIVE_BASE=dt.datetime(today.year, today.month, today.day))
    import dateparser  # here, not at start-up: 4 MB and 30-100 ms a running app may not need

    try:
        parsed = dateparser.parse(text, languages=["en", "nb"], settings=settings)
    except Exception:  # dateparser has raised on odd input before; a failed parse is just None
        return None
    if parsed is None:
        return None
    value = parsed.date()
    # dateparser's "future" treats today as past ("27 Nov" on 27 Nov -> next year); we want the
    # next occurrence on or after today. Only for explicit day + month, not "in 3 weeks".
    if (
        not _HAS_YEAR.search(text)
        and re.search(r"[0-9]", text)
        and not re.search(r"\b(?:in|om|next|neste|weeks?|uker?|days?|dager?)\b", text, re.I)
    ):
        value = _next_occurrence(value.month, value.day, today) or value
    return value


def _next_occurrence(month: int, day: int, today: dt.date) -> dt.date | None:
    for year in (today.year, today.year + 1, today.year + 2, today.year + 3, today.year + 4):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:  # 29 February
            continue
        if candidate >= today:
            return candidate
    return None


def _normalise(text: str) -> str:
    text = re.sub(r"\s+", " ", text[:MAX_READ_CHARS]).strip()
    return text.strip(" .!?;:,()[]\"'*_")


def _whole(text: str, today: dt.date) -> dt.date | None:
    """`text` read as nothing but a date (cue words like "by"/"innen" allowed in front)."""
    raw = _normalise(text)
    phrase = phrase_date(raw, today)  # before "til jul" loses its "til" to _LEAD
    if phrase is not None:
        return phrase
    if _SHORT_OR_RELATIVE.fullmatch(raw):  # before "i morgen" loses its "i" to _LEAD
        return _dateparser(raw, today)
    text = _LEAD.sub("", raw).strip()
    if not text or len(text) > MAX_CANDIDATE:
        return None
    for pattern, build in _PERIODS:
        m = pattern.fullmatch(text)
        if m:
            return build(m, today)
    month = _month_of(text)
    if month:  # "June" alone, as an answer to "by when?"
        return _month_end(month, None, today)
    if re.fullmatch(_YEAR, text):  # "2027" alone: the end of that year
        return dt.date(int(text), 12, 31)
    if any(p.fullmatch(text) for p in _DAY_PATTERNS) or _SHORT_OR_RELATIVE.fullmatch(text):
        return _dateparser(text, today)
    return None  # dateparser alone is too lenient: "1200 today" or "1 2" would become dates


def _candidates(text: str, today: dt.date) -> Iterator[tuple[int, int, int, dt.date]]:
    """(priority, start, end, date) for every date-like substring."""
    for pattern, build in _PERIODS:
        for m in pattern.finditer(text):
            value = build(m, today)
            if value:
                yield 2, m.start(), m.end(), value
    day_matches = sorted(
        (m for pattern in _DAY_PATTERNS for m in pattern.finditer(text)), key=lambda m: m.start()
    )
    for m in day_matches[:MAX_PARSES]:
        value = _dateparser(m.group(), today)
        if value:
            yield 2, m.start(), m.end(), value
    for m in _CUED_MONTH.finditer(text):
        month = _month_of(m.group("month"))
        value = _month_end(month, None, today) if month else None
        if value:
            yield 1, m.start("month"), m.end("month"), value
    for m in _CUED_YEAR.finditer(text):
        year = int(m.group("year"))
        if today.year <= year <= today.year + 20:  # "grow by 2000" is an amount, not a year
            yield 0, m.start("year"), m.end("year"), dt.date(year, 12, 31)


def find_date(text: str, today: dt.date) -> DateMatch | None:
    """The deadline inside a sentence, with its span in `text`.

    Dates before `today` are returned too (the caller decides what a past deadline means).
    Full expressions beat cued bare months ("by June"), which beat cued bare years ("by 2027");
    among equals the earliest wins. A span that lies inside a longer one is dropped.
    """
    text = text[:MAX_READ_CHARS]
    found = list(_candidates(text, today))
    outer = [
        c
        for c in found
        if not any(o[1] <= c[1] and c[2] <= o[2] and o[2] - o[1] > c[2] - c[1] for o in found)
    ]
    if not outer:
        return None
    _, start, end, value = min(outer, key=lambda c: (-c[0], c[1], -(c[2] - c[1])))
    return DateMatch(value, start, end)


def parse_date(text: str, today: dt.date) -> DateResult:
    """A reply that should be a deadline. Past dates are refused with "in_the_past"."""
    text = text[:MAX_READ_CHARS]
    if not text.strip():
        return DateResult(None, "empty")
    value = _whole(text, today)
    if value is None:
        match = find_date(text, today)
        value = match.value if match else None
    if value is None:
        return DateResult(None, "not_a_date")
    if value < today:
        return DateResult(None, "in_the_past")
    return DateResult(value, None)
