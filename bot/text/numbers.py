"""Numbers as people type them in Slack, in English and Norwegian bokmål.

Babel's `parse_decimal` is strict per locale, but one team mixes both conventions ("5,000" and
"1 234,5" in the same thread), so the separator rules live here:

- a space (also NBSP / narrow NBSP / thin space) between groups of three digits is grouping;
- a comma followed by exactly three digits is grouping ("5,000"), otherwise decimal ("1,5");
- a dot followed by exactly three digits is grouping in nb and decimal in en: `parse_number`
  refuses "1.234" as ambiguous, `find_numbers` reads it as grouping (1234);
- when both "," and "." occur, the last one is the decimal mark ("1.234,5", "1,234.5").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from bot.text.user_text import MAX_READ_CHARS

_SPACES = " \u00a0\u202f\u2009"

# Every branch is anchored on literal separators, so backtracking stays linear.
_NUMBER = re.compile(
    rf"""
    (?<![\w.,])                                  # not glued to a word, id or another number
    (?P<sign>[-\u2212])?
    (?P<num>
        (?P<spaced>[1-9][0-9]{{0,2}}(?:[{_SPACES}][0-9]{{3}})+(?:[.,][0-9]+)?)
      | (?P<comma>[1-9][0-9]{{0,2}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?)
      | (?P<dot>[1-9][0-9]{{0,2}}(?:\.[0-9]{{3}})+(?:,[0-9]+)?)
      | (?P<plain>[0-9]+(?:[.,][0-9]+)?)
    )
    (?![0-9])(?![.,][0-9])                       # "1.2.3" or "30.06.2027" is not a number
    (?:
        (?P<mult_glued>[kKmM](?![\w]))           # 5k, 2m (glued only: "2 m" may be metres)
      | [{_SPACES}]?(?P<mult_word>
            thousand|tusen|mill(?:ion(?:s|er)?)?\.?|mio\.?|mrd\.?|billion|milliard(?:er)?
        )(?![\w])
    )?
    (?P<pct>[{_SPACES}]?(?:%|prosent(?![\w])|percent(?![\w])|per\ cent(?![\w])|pst\.?(?![\w])))?
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Slack markup (<@U123>, <!channel>, <https://…|link>), bare URLs and :emoji: carry digits that
# are not numbers; blank them out with spaces so offsets stay valid.
_NOISE = re.compile(
    r"<[^<>\n]{0,500}>|https?://\S{1,500}|(?<![0-9]):[a-z0-9_+'-]{1,60}:", re.IGNORECASE
)

_MULTIPLIERS: dict[str, int] = {
    "k": 1_000,
    "thousand": 1_000,
    "tusen": 1_000,
    "m": 1_000_000,
    "mill": 1_000_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "millioner": 1_000_000,
    "mio": 1_000_000,
    "billion": 1_000_000_000,
    "mrd": 1_000_000_000,
    "milliard": 1_000_000_000,
    "milliarder": 1_000_000_000,
}


@dataclass(frozen=True)
class NumberMatch:
    value: Decimal
    start: int
    end: int
    raw: str
    percent: bool


@dataclass(frozen=True)
class NumberResult:
    value: Decimal | None
    problem: str | None  # "empty" | "not_a_number" | "ambiguous"


def blank_noise(text: str) -> str:
    """Slack markup, URLs and emoji codes replaced by spaces of the same length."""
    return _NOISE.sub(lambda m: " " * len(m.group()), text)


def _tidy(value: Decimal) -> Decimal:
    """5.0 -> 5 and 0.80 -> 0.8, so values compare and print the way people wrote them."""
    try:
        if value == value.to_integral_value():
            return Decimal(int(value))
        return value.normalize()
    except (InvalidOperation, ValueError, OverflowError):
        return value


def _digits(m: re.Match[str]) -> str:
    """The matched number in Python's notation: no grouping, "." as decimal mark."""
    num = m.group("num")
    for space in _SPACES:
        num = num.replace(space, "")
    if m.group("comma"):
        return num.replace(",", "")
    if m.group("dot"):
        return num.replace(".", "").replace(",", ".")
    if m.group("plain"):
        head, sep, tail = num.replace(",", ".").partition(".")
        # A comma with exactly three digits after it groups thousands ("5,000"); a leading
        # zero ("0,800") can't start a group, so that is a decimal.
        if sep and "," in num and len(tail) == 3 and head.lstrip("0"):
            return head + tail
        return head + sep + tail
    return num.replace(",", ".")  # spaced: "1 234,5"


def _is_ambiguous(m: re.Match[str], text: str) -> bool:
    """ "1.234" or "12.345": nb grouping or en decimal. "kr 5.000,-" is clearly nb."""
    if not m.group("dot") or "," in m.group("num") or m.group("num").count(".") != 1:
        return False
    return not text[m.end("num") : m.end("num") + 2].startswith((",-", ",–"))


def _value(m: re.Match[str]) -> Decimal | None:
    try:
        value = Decimal(_digits(m))
    except InvalidOperation:
        return None
    mult = (m.group("mult_glued") or m.group("mult_word") or "").lower().rstrip(".")
    if mult:
        value *= _MULTIPLIERS.get(mult, 1)
    if m.group("sign"):
        value = -value
    return _tidy(value)


def _matches(text: str) -> list[tuple[re.Match[str], Decimal]]:
    found = []
    for m in _NUMBER.finditer(blank_noise(text[:MAX_READ_CHARS])):
        value = _value(m)
        if value is not None:
            found.append((m, value))
    return found


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number in a sentence with its span (offsets into `text`), in order."""
    text = text[:MAX_READ_CHARS]
    return [
        NumberMatch(value, m.start(), m.end(), text[m.start() : m.end()], bool(m.group("pct")))
        for m, value in _matches(text)
    ]


def parse_number(text: str) -> NumberResult:
    """A reply that should be exactly one number ("ca. 1200", "5k", "12,5 %", "1200 followers")."""
    text = text[:MAX_READ_CHARS]
    if not text.strip():
        return NumberResult(None, "empty")
    found = _matches(text)
    if not found:
        return NumberResult(None, "not_a_number")
    if len(found) > 1:
        return NumberResult(None, "ambiguous")
    m, value = found[0]
    if _is_ambiguous(m, blank_noise(text)):
        return NumberResult(None, "ambiguous")
    return NumberResult(value, None)
