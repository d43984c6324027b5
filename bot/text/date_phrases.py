"""Deadlines said in words rather than dates, in English and Norwegian: "mid 2027", "medio 2027",
"første halvår 2027", "EOY", "next year", "neste år", "i løpet av året", "within 12 months",
"innen 6 måneder", and Christmas ("til jul", "før jul 2027": in Norwegian "jul" is Christmas,
never July, after such a word). `dates.py` tries these beside its own patterns. Pure.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable

_YEAR = r"(?:19|20)[0-9]{2}"
_B = r"(?<![\w.,/-])"
_E = r"(?![\w]|[.,/-][0-9])"
_I = re.IGNORECASE

Builder = Callable[[re.Match[str], dt.date], dt.date | None]

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "nine": 9, "twelve": 12, "eighteen": 18, "en": 1, "ett": 1, "ei": 1, "to": 2, "tre": 3,
    "fire": 4, "fem": 5, "seks": 6, "ni": 9, "tolv": 12, "atten": 18,
}  # fmt: skip


def _year(m: re.Match[str], today: dt.date, default: int) -> int:
    year = m.groupdict().get("year")
    return int(year) if year else default


def _christmas_eve(today: dt.date, year: int | None = None) -> dt.date:
    """Christmas Eve of `year`, else the next one from today."""
    if year is not None:
        return dt.date(year, 12, 24)
    eve = dt.date(today.year, 12, 24)
    return eve if eve >= today else dt.date(today.year + 1, 12, 24)


def _christmas(m: re.Match[str], today: dt.date) -> dt.date | None:
    year = m.groupdict().get("year")
    return _christmas_eve(today, int(year) if year else None)


def _mid_year(m: re.Match[str], today: dt.date) -> dt.date | None:
    year = _year(m, today, today.year)
    mid = dt.date(year, 6, 30)
    return mid if mid >= today or m.groupdict().get("year") else dt.date(year + 1, 6, 30)


def _half_year(m: re.Match[str], today: dt.date) -> dt.date | None:
    first = m.group("half").lower() in ("første", "first", "1.")
    month = 6 if first else 12
    year = _year(m, today, today.year)
    end = dt.date(year, month, 30 if first else 31)
    return end if end >= today or m.groupdict().get("year") else dt.date(year + 1, month, end.day)


def _year_end(m: re.Match[str], today: dt.date) -> dt.date | None:
    year = _year(m, today, today.year)
    if m.groupdict().get("next"):
        year = today.year + 1
    return dt.date(year, 12, 31)


def _add_months(day: dt.date, months: int) -> dt.date | None:
    month = day.month - 1 + months
    year = day.year + month // 12
    if year > 9999:
        return None
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _within(m: re.Match[str], today: dt.date) -> dt.date | None:
    raw = m.group("n").lower()
    amount = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw, 0)
    if not 0 < amount <= 120:
        return None
    unit = m.group("unit").lower()
    if unit.startswith(("w", "u")):
        return today + dt.timedelta(weeks=amount)
    if unit.startswith(("y", "å")):
        return _add_months(today, 12 * amount)
    return _add_months(today, amount)


_NUMBER = r"(?P<n>[0-9]{1,3}|" + "|".join(_NUMBER_WORDS) + ")"
_UNIT = r"(?P<unit>weeks?|months?|years?|uker?|ukene|måneder?|månedene|mnd\.?|år(?:et)?)"
_CUE = r"(?:by|before|until|within|in|during|innen|før|til|i\s+løpet\s+av|ila\.?|om)"

PHRASES: list[tuple[re.Pattern[str], Builder]] = [
    # "til jul", "før jul 2027", "innen julen": Christmas Eve, not July.
    (
        re.compile(
            rf"{_B}(?:(?:til|før|innen|etter|rundt|frem\s+til|fram\s+til)\s+jul(?:en|a)?"
            rf"|jul(?:en|a))(?:\s+(?P<year>{_YEAR}))?{_E}",
            _I,
        ),
        _christmas,
    ),
    (
        re.compile(
            rf"{_B}(?:mid(?:-|\s+)|medio\s+|midten\s+av\s+|midway\s+through\s+)(?P<year>{_YEAR}){_E}",
            _I,
        ),
        _mid_year,
    ),
    (
        re.compile(
            rf"{_B}(?:(?:the\s+)?(?P<half>første|andre|first|second|1\.|2\.)\s+"
            rf"(?:halvår(?:et)?|half(?:\s+of)?|half-year)(?:\s+(?P<year>{_YEAR}))?){_E}",
            _I,
        ),
        _half_year,
    ),
    (
        re.compile(
            rf"{_B}(?:(?:by\s+)?eoy(?:\s+(?P<year>{_YEAR}))?"
            rf"|(?:(?:{_CUE})\s+)?(?P<next>next\s+year|neste\s+år|neste\s+året)"
            rf"|(?:{_CUE})\s+(?:this\s+year|året|dette\s+året|i\s+år))"
            rf"{_E}",
            _I,
        ),
        _year_end,
    ),
    (
        re.compile(rf"{_B}(?:{_CUE})\s+{_NUMBER}\s+{_UNIT}{_E}", _I),
        _within,
    ),
]


def phrase_date(text: str, today: dt.date) -> dt.date | None:
    """A whole reply that is one of these phrases (or "jul" alone: Christmas), else None."""
    text = " ".join(text.split()).strip(" .!?;:,")
    if text.lower() in ("jul", "julen", "jula"):
        return _christmas_eve(today)
    for pattern, build in PHRASES:
        m = pattern.fullmatch(text)
        if m:
            return build(m, today)
    return None
