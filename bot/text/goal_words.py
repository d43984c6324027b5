"""The words around a goal's numbers that change what they mean, in English and Norwegian: which
way the goal goes ("reduce", "øke"), the period a number counts ("a month", "i måneden"), a
target given relative to today ("by 50 %", "double", "halvere", "20 % more"), and units that
belong with the numbers, never in the metric's name ("hours", "timer", "%").

Pure functions on text; `goal_text.py` puts them together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from bot.domain.model import Direction, Period

_I = re.IGNORECASE

# Cue words the goal readers share: currencies, hedges, and "now".
CURRENCY = r"(?:kr\.?|kroner|nok|usd|eur|sek|dkk|gbp|\$|€|£)"
APPROX = r"(?:about|around|approximately|approx\.?|roughly|ca\.?|cirka|omtrent|rundt|some)"
NOW = (
    r"(?:today|now|currently|right\s+now|at\s+the\s+moment|at\s+present|so\s+far|as\s+of\s+today"
    r"|i\s+dag|nå|per\s+i\s+dag|for\s+øyeblikket|akkurat\s+nå|hittil|foreløpig)"
)

_DOWN = re.compile(
    r"(?<![\w])(?:reduce[ds]?|reducing|reduction|decrease[ds]?|decreasing|lower(?:ing)?|cut(?:ting)?|"
    r"shorten(?:ing)?|fewer|less|drop|bring\s+down|minimi[sz]e|halve|faster\s+repl\w*|"
    r"redusere|reduser|reduksjon|senke|senk|kutte|kutt|korte\s+ned|færre|mindre|halvere|"
    r"halver|ned\s+(?:til|fra)|få\s+ned)(?![\w])",
    _I,
)
_UP = re.compile(
    r"(?<![\w])(?:increase[ds]?|increasing|grow(?:s|ing|th)?|raise|boost|more|double|triple|"
    r"gain|improve|rise|øke|øk|økning|vokse|vekst|flere|mer|doble|tredoble|forbedre|heve|"
    r"styrke)(?![\w])",
    _I,
)


def direction_in_words(text: str) -> Direction | None:
    """The way the words say the goal goes; None when they say nothing or both ways."""
    down, up = bool(_DOWN.search(text)), bool(_UP.search(text))
    if down == up:
        return None
    return Direction.DOWN if down else Direction.UP


_PERIOD_WORDS = (
    (Period.WEEK, r"week|uke|uka|uken|veke"),
    (Period.MONTH, r"month|måned|måneden|mnd\.?|md\.?"),
    (Period.QUARTER, r"quarter|kvartal|kvartalet"),
    (Period.YEAR, r"year|år|året"),
)
_PERIOD_ADVERBS = (
    (Period.WEEK, r"weekly|ukentlig"),
    (Period.MONTH, r"monthly|månedlig"),
    (Period.QUARTER, r"quarterly|kvartalsvis"),
    (Period.YEAR, r"yearly|annually|årlig"),
)
_PERIOD_SHORT = (
    (Period.WEEK, r"w|wk|week|uke"),
    (Period.MONTH, r"mnd|mo|month|md|måned"),
    (Period.QUARTER, r"q|kvartal"),
    (Period.YEAR, r"yr|year|år"),
)
PERIOD_PATTERNS = [
    (
        period,
        re.compile(
            rf"(?<![\w])(?:per|a|an|each|every|hver|pr\.?|i)\s+(?:{words})(?![\w])"
            rf"|(?<![\w])(?:{adverbs})(?![\w])"
            rf"|/\s*(?:{short})\.?(?![\w])",
            _I,
        ),
    )
    for (period, words), (_, adverbs), (_, short) in zip(
        _PERIOD_WORDS, _PERIOD_ADVERBS, _PERIOD_SHORT, strict=True
    )
]
# "within a year", "in a month", "i løpet av et år": when, not how often.
_WHEN_BEFORE = re.compile(r"(?:within|in|innen|om|for|løpet\s+av|after|etter)\s*$", _I)


def period_in_words(text: str) -> Period | None:
    """The period a goal's number counts ("2,000 visits a month" → MONTH); None for a total.

    "Within a year" or "i løpet av et år" is a deadline, not a period: only "per", "a", "each",
    "every", "hver", "i" directly before the unit word, "/mnd", or words like "monthly", count.
    """
    found = set()
    for period, pattern in PERIOD_PATTERNS:
        for match in pattern.finditer(text):
            if not _WHEN_BEFORE.search(text[: match.start()]):
                found.add(period)
    return found.pop() if len(found) == 1 else None


@dataclass(frozen=True)
class Relative:
    """A target given relative to today's value: `factor` × baseline, or baseline + `add`."""

    factor: Decimal = Decimal(1)
    add: Decimal = Decimal(0)
    percent: Decimal | None = None  # as typed, for saying it back ("+50 %")
    span: tuple[int, int] | None = field(default=None, compare=False)  # where it was said

    def target(self, baseline: Decimal) -> Decimal:
        return baseline * self.factor + self.add


_FACTORS = (
    (Decimal(2), r"double|doble|dobbelt|fordoble"),
    (Decimal(3), r"triple|tredoble|tredobbelt"),
    (Decimal("0.5"), r"halve|halvere|halver|halvparten|halvert"),
)
_NUMBER = r"(?P<n>[0-9]{1,9}(?:[.,][0-9]{1,4})?)"
# "3x", "x3", "3 times", "tre ganger så mange": a multiple of today's value.
_TIMES = re.compile(
    r"(?<![\w.,])(?:(?P<a>[0-9]{1,3}(?:[.,][0-9])?)\s{0,2}(?:x|×|times|ganger)"
    r"|(?:x|×)\s{0,2}(?P<b>[0-9]{1,3}(?:[.,][0-9])?))(?![\w])",
    _I,
)
# "by a third", "med en tredjedel", "by a quarter", "med en fjerdedel", "by half".
_FRACTIONS = re.compile(
    r"(?<![\w])(?:by|with|med)\s+(?:(?:a|an|one|en|ett)\s+)?(?P<f>third|tredjedel|quarter|"
    r"fjerdedel|half|halvparten)(?![\w])",
    _I,
)
_FRACTION_SHARE = {
    "third": Decimal(1) / 3, "tredjedel": Decimal(1) / 3,
    "quarter": Decimal("0.25"), "fjerdedel": Decimal("0.25"),
    "half": Decimal("0.5"), "halvparten": Decimal("0.5"),
}  # fmt: skip
# "by 50 %", "with 20 %", "med 20 %", "50 % more", "20 % flere", "opp 10 %", "ned 30 %".
_PERCENT_BY = re.compile(
    rf"(?<![\w])(?:by|with|med|opp|ned|up|down)\s{{1,3}}(?:about\s+|ca\.?\s+|omtrent\s+)?"
    rf"{_NUMBER}\s{{0,2}}(?:%|percent|prosent)",
    _I,
)
_PERCENT_MORE = re.compile(
    rf"(?<![\w.,]){_NUMBER}\s{{0,2}}(?:%|percent|prosent)\s{{1,3}}"
    rf"(?P<way>more|higher|bigger|fewer|less|lower|smaller|flere|mer|høyere|større|færre|mindre"
    rf"|lavere)(?![\w])",
    _I,
)
# "grow followers by 500", "øke med 500": an amount added (or taken off) rather than a level.
_AMOUNT_BY = re.compile(rf"(?<![\w])(?:by|med)\s{{1,3}}{_NUMBER}(?![\w%.,]|[.,][0-9])", _I)


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def relative_target(text: str, direction: Direction | None) -> Relative | None:
    """A target the words give relative to today's value, or None for an absolute one.

    Percentages go the goal's way ("reduce cost by 20 %" is −20 %); "by 500" counts as an
    amount only when the words say which way the goal goes, so "by 2027" or "by 500 followers"
    in a plain target sentence is not misread.
    """
    for factor, words in _FACTORS:
        match = re.search(rf"(?<![\w])(?:{words})(?![\w])", text, _I)
        if match:
            return Relative(factor=factor, span=match.span())
    down = direction is Direction.DOWN
    match = _TIMES.search(text)
    if match:
        factor = _decimal(match["a"] or match["b"])
        if factor > 1:
            return Relative(factor=1 / factor if down else factor, span=match.span())
    match = _FRACTIONS.search(text)
    if match and direction is not None:
        share = _FRACTION_SHARE[match["f"].lower()]
        return Relative(factor=1 - share if down else 1 + share, span=match.span())
    match = _PERCENT_BY.search(text)
    if match:
        way = match.group(0).lower().split()[0]
        percent = _decimal(match["n"])
        if way in ("ned", "down"):
            down = True
        sign = -1 if down else 1
        return Relative(factor=1 + sign * percent / 100, percent=sign * percent, span=match.span())
    match = _PERCENT_MORE.search(text)
    if match:
        percent = _decimal(match["n"])
        fewer = match["way"].lower() in (
            "fewer", "less", "lower", "smaller", "færre", "mindre", "lavere",
        )  # fmt: skip
        sign = -1 if fewer else 1
        return Relative(factor=1 + sign * percent / 100, percent=sign * percent, span=match.span())
    if direction is not None:
        match = _AMOUNT_BY.search(text)
        if match:
            amount = _decimal(match["n"])
            return Relative(add=-amount if down else amount, span=match.span())
    return None


# Units that belong with a number, never in a metric's name: time and counts of time.
TIME_UNITS = {
    "hours": r"hours?|hrs?|h|timer|time|t",
    "minutes": r"minutes?|mins?|minutter|minutt",
    "seconds": r"seconds?|secs?|sekunder|sekund|sek|s",
    "days": r"days?|dager|dag|døgn",
}
_UNIT_AFTER = re.compile(
    r"\s{0,2}(?P<unit>"
    + "|".join(f"(?P<{name}>{words})" for name, words in TIME_UNITS.items())
    + r")(?![\w])",
    _I,
)
_NORWEGIAN_UNITS = {"hours": "timer", "minutes": "minutter", "seconds": "sekunder", "days": "dager"}


def time_unit_after(text: str, position: int) -> tuple[str, int] | None:
    """A time unit right after a number ("10 hours", "2 t", "30 min"): (the unit as the user's
    language writes it, where it ends), else None."""
    match = _UNIT_AFTER.match(text, position)
    if match is None:
        return None
    name = next(key for key in TIME_UNITS if match.group(key))
    typed = match.group("unit").lower()
    norwegian = typed in ("timer", "time", "t", "minutter", "minutt", "sekunder", "sekund", "sek")
    norwegian = norwegian or typed in ("dager", "dag", "døgn")
    return (_NORWEGIAN_UNITS[name] if norwegian else name), match.end()


# Words that never name a metric on their own: hedges and answers, not things to measure.
FILLERS = frozenset(
    [
        "ok",
        "okay",
        "okey",
        "k",
        "kk",
        "yes",
        "yeah",
        "yep",
        "no",
        "nope",
        "sure",
        "fine",
        "right",
        "roughly",
        "about",
        "around",
        "approximately",
        "approx",
        "probably",
        "maybe",
        "perhaps",
        "guess",
        "think",
        "i'd",
        "i'm",
        "im",
        "we're",
        "i",
        "we",
        "well",
        "so",
        "hmm",
        "um",
        "eh",
        "like",
        "just",
        "only",
        "ca",
        "ca.",
        "cirka",
        "omtrent",
        "rundt",
        "vel",
        "kanskje",
        "trolig",
        "sikkert",
        "tror",
        "jeg",
        "vi",
        "ja",
        "jo",
        "nei",
        "nja",
        "greit",
        "bare",
        "nok",
        "liksom",
        "vel",
    ]
)
