"""Reading a goal sentence: metric, baseline, target and deadline, in English or Norwegian.

The approach: cut the deadline out first (so "30 June 2027" can't become a target), find the
numbers, give each a role from the words in its own clause ("we have 1200 today", "fra 40 til
120"), and take the metric from what is left of the target's clause once numbers, cue words
and lead verbs ("grow", "øke") are removed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from bot.domain.model import Direction, Period
from bot.text.dates import MONTHS, find_date, parse_date
from bot.text.goal_words import (
    APPROX,
    CURRENCY,
    NOW,
    Relative,
    direction_in_words,
    period_in_words,
    relative_target,
    time_unit_after,
)
from bot.text.metric_words import metric_from
from bot.text.numbers import NumberMatch, blank_noise, find_numbers
from bot.text.user_text import MAX_READ_CHARS

MAX_NUMBERS = 20  # a goal has two or three; more is a pasted table we won't untangle


@dataclass
class GoalParse:
    metric: str | None = None
    unit: str = ""
    baseline: Decimal | None = None
    target: Decimal | None = None
    deadline: dt.date | None = None
    past_deadline: bool = False
    percent: bool = False
    direction: Direction | None = None  # what the words say ("reduce", "øke"), not the numbers
    period: Period | None = None  # "a month", "i uka"
    relative: Relative | None = None  # a target relative to today's value ("by 50 %", "doble")
    target_percent: bool = False  # the target was written as a percentage
    baseline_percent: bool = False


# --- number roles -------------------------------------------------------------------------

_I = re.IGNORECASE
# Where one clause ends: punctuation, the cut-out date ("|"), or a joining word.
_SEPARATOR = re.compile(r"[,;!?\n|]|\.(?=\s|$)|\s(?:and|og|but|men|while|mens|whereas)\s", _I)
_CURRENCY_AFTER = re.compile(rf"\s{{0,3}}(?P<unit>{CURRENCY})(?![\w])", _I)
_CURRENCY_BEFORE = re.compile(rf"(?<![\w])(?P<unit>{CURRENCY})\s{{0,3}}$", _I)
# "1200 today", "1 200 følgere i dag": a time word shortly after the number.
_NOW_AFTER = re.compile(rf"^\s{{0,3}}(?:[^\s|]{{1,30}}\s{{1,3}}){{0,3}}?{NOW}(?![\w])", _I)
_BASELINE_BEFORE = re.compile(
    r"(?<![\w])(?:we\s+have|we've\s+got|we\s+got|we're\s+at|we\s+are\s+at|we're\s+on|"
    r"we\s+are\s+on|we\s+get|we're\s+getting|we\s+do|we\s+make|last\s+year|"
    r"currently|today|now|nå|at\s+the\s+moment|right\s+now|at\s+present|baseline|"
    r"starting\s+(?:at|from|point)|vi\s+har|har\s+vi|har|vi\s+er\s+på|er\s+på|vi\s+får|"
    r"vi\s+gjør|i\s+fjor|ifjor|per\s+i\s+dag|i\s+dag|for\s+øyeblikket|ligger\s+på|står\s+på|"
    r"utgangspunkt(?:et)?)"
    r"(?![\w])",
    _I,
)
# "from 40 to 120", "fra ca. 200": a baseline only right before its number; "leads from LinkedIn
# 200" names where the leads come from.
_FROM_BEFORE = re.compile(
    rf"(?<![\w])(?:from|fra)\s{{1,3}}(?:{APPROX}\s{{1,3}})?(?:{CURRENCY}\s{{0,3}})?$", _I
)
_TARGET_BEFORE = re.compile(
    # "nå" alone means "now" (a baseline); only "å nå" / "skal nå" means "to reach".
    r"(?<![\w])(?:to|til|reach|(?:å|skal|vil)\s+nå|hit|oppnå|få|å\s+ha|get|gain|"
    r"target(?:\s+(?:is|of))?|goal(?:\s+(?:is|of))?|"
    r"aim(?:\s+(?:for|is))?|mål(?:et)?(?:\s+(?:er|om|på))?|at\s+least|minst|up\s+to|opp\s+til|"
    rf"towards|mot|over|above)\s{{1,3}}(?:{APPROX}\s{{1,3}})?$",
    _I,
)
# "40 to 120" with no "from": the first number of a range is the baseline.
_RANGE_AFTER = re.compile(
    rf"^\s{{0,3}}(?:{CURRENCY}|%)?\s{{0,3}}(?:to|til|->|→|–|-)\s{{0,3}}(?:{APPROX}\s{{1,3}})?$",
    _I,
)


@dataclass(frozen=True)
class _Num:
    match: NumberMatch
    role: str | None  # "target" | "baseline" | None (no cue)
    unit: str


def _last_clause(gap: str) -> str:
    return _SEPARATOR.split(gap)[-1]


def _first_clause(gap: str) -> str:
    return _SEPARATOR.split(gap)[0]


def _unit_of(work: str, n: NumberMatch) -> str:
    if n.percent:
        return "%"
    timed = time_unit_after(work, n.end)
    if timed:
        return timed[0]
    m = _CURRENCY_AFTER.match(work, n.end) or _CURRENCY_BEFORE.search(work[: n.start][-12:])
    if not m:
        return ""
    unit = m.group("unit").rstrip(".")
    return "kr" if unit.lower() in ("kr", "kroner") else unit.upper() if unit.isalpha() else unit


def _clause_span(masked: str, start: int, end: int) -> tuple[int, int]:
    """The clause around [start, end) in the text with numbers masked out."""
    left = max((m.end() for m in _SEPARATOR.finditer(masked, 0, start)), default=0)
    right = next((m.start() for m in _SEPARATOR.finditer(masked, end)), len(masked))
    return left, right


def _mask(work: str, numbers: list[NumberMatch]) -> str:
    """Numbers replaced by "#" runs, so "5,000" or "1.5" don't look like clause breaks."""
    chars = list(work)
    for n in numbers:
        chars[n.start : n.end] = "#" * (n.end - n.start)
    return "".join(chars)


def _roles(work: str, numbers: list[NumberMatch]) -> list[_Num]:
    result: list[_Num] = []
    for i, n in enumerate(numbers):
        prev_end = numbers[i - 1].end if i else 0
        next_start = numbers[i + 1].start if i + 1 < len(numbers) else len(work)
        before_gap = work[prev_end : n.start]
        before = _last_clause(before_gap)
        if i and before == before_gap:
            # No break since the previous number: its "today" is not ours.
            owned = _NOW_AFTER.match(before_gap)
            if owned:
                before = before_gap[owned.end() :]
        after = _first_clause(work[n.end : next_start])
        role: str | None = None
        if _NOW_AFTER.match(after):
            role = "baseline"
        elif _TARGET_BEFORE.search(before):
            role = "target"
        elif (
            _BASELINE_BEFORE.search(before)
            or _FROM_BEFORE.search(before)
            or (i + 1 < len(numbers) and _RANGE_AFTER.match(work[n.end : next_start]))
        ):
            role = "baseline"
        result.append(_Num(n, role, _unit_of(work, n)))
    return result


def _assign(nums: list[_Num], order: tuple[str, ...]) -> tuple[_Num | None, _Num | None]:
    """(target, baseline): cued numbers first, then uncued ones fill the slots in `order`."""
    slots: dict[str, _Num | None] = {"target": None, "baseline": None}
    for num in nums:
        if num.role and slots[num.role] is None:
            slots[num.role] = num
    for num in nums:
        if num.role:
            continue
        free = [s for s in order if slots[s] is None]
        if not free:
            break
        slots[free[0]] = num
    return slots["target"], slots["baseline"]


_DATE_CUE_BEFORE = re.compile(
    r"(?<![\w])(?:by|before|until|within|in|during|innen|før|til|i\s+løpet\s+av|ila\.?|om)"
    r"\s{1,3}$",
    _I,
)


# --- putting it together -----------------------------------------------------------------


# "1) 5000 followers", "2. …", "- …", "Goal 1: …", "Mål 2 –": a list's numbering is no value.
_LIST_MARKER = re.compile(
    r"^[ \t]*(?:(?:goal|mål|maal)\s{0,2}#?[0-9]{1,2}\s{0,2}[:.)\-–]|#?[0-9]{1,2}[.)]|[-•*–])"
    r"(?=[ \t]+\S)",
    re.IGNORECASE | re.MULTILINE,
)


def _without_list_markers(text: str) -> str:
    def blank(m: re.Match[str]) -> str:
        following = text[m.end() :].split(maxsplit=1)
        # "5. juni 2027 …" starts with a date, not a numbered item.
        if following and following[0].lower().rstrip(".,") in MONTHS:
            return m.group(0)
        return " " * len(m.group(0))

    return _LIST_MARKER.sub(blank, text)


def _prepare(text: str) -> str:
    """Cap the length, blank Slack markup and list numbering, drop control characters (offsets
    don't matter now)."""
    work = _without_list_markers(blank_noise(text[:MAX_READ_CHARS]))
    work = _ZERO.sub(lambda m: "0".ljust(len(m.group(0))), work)  # "zero complaints": a target
    return "".join(c if c.isprintable() or c.isspace() else " " for c in work)


_ZERO = re.compile(r"(?<![\w])(?:zero|null)(?![\w])", re.IGNORECASE)


_VAGUE_YEAR = re.compile(
    r"(?<![\w])(?:(?:by|before|until|within|in|innen|før|til|i)\s+(?:the\s+)?)?"
    r"(?:early|late|mid|start\s+of|tidlig|sent|midten\s+av|starten\s+av)?\s*"
    r"(?:spring|summer|autumn|fall|winter|christmas|easter|våren|vår|sommeren|sommer|høsten|høst|"
    r"vinteren|vinter|julen|jul|påsken|påske)\s+(?:of\s+)?(?:19|20)\d\d(?![\w])",
    _I,
)


def _parse(text: str, today: dt.date, order: tuple[str, ...]) -> GoalParse:
    work = _prepare(text)
    result = GoalParse()
    found = find_date(work, today)
    if found:
        if found.value < today:
            result.past_deadline = True
        else:
            result.deadline = found.value
        # "i løpet av 2027", "innen utgangen av": the words that say "by" go with the date.
        start = found.start
        cue = _DATE_CUE_BEFORE.search(work[:start])
        if cue:
            start = cue.start()
        work = f"{work[:start]} | {work[found.end :]}"
    # A year next to a date word we could not read ("by spring 2027") is part of a vague
    # date, never a value; without this it would become the baseline.
    work = _VAGUE_YEAR.sub(lambda m: " " * len(m.group(0)), work)
    result.direction = direction_in_words(work)
    result.period = period_in_words(work)
    result.relative = relative_target(work, result.direction)
    if result.relative is not None and result.relative.span is not None:
        # "by 50 %" is how far to go, not a level: it is neither the target nor today's value.
        start, end = result.relative.span
        work = work[:start] + " " * (end - start) + work[end:]
    numbers = find_numbers(work)[:MAX_NUMBERS]
    nums = _roles(work, numbers)
    target, baseline = _assign(nums, order)
    result.target = target.match.value if target else None
    result.baseline = baseline.match.value if baseline else None
    result.target_percent = bool(target and target.match.percent)
    result.baseline_percent = bool(baseline and baseline.match.percent)
    chosen = [n for n in (target, baseline) if n]
    result.percent = any(n.match.percent for n in chosen) or bool(
        re.search(r"(?<![\w])(?:percent|prosent)(?![\w])|%", work, _I)
    )
    units = [n.unit for n in chosen if n.unit] + [n.unit for n in nums if n.unit]
    result.unit = "%" if result.percent else (units[0] if units else "")

    masked = _mask(work, numbers)
    clauses = [_clause_span(masked, target.match.start, target.match.end)] if target else []
    pos = 0
    for sep in [*_SEPARATOR.finditer(masked), None]:
        end = sep.start() if sep else len(masked)
        clauses.append((pos, end))
        pos = sep.end() if sep else pos
    for start, end in clauses:
        metric = metric_from(masked[start:end])
        if metric:
            result.metric = metric
            break
    return result


def parse_goal(text: str, today: dt.date) -> GoalParse:
    """A goal sentence, e.g. "5000 Instagram followers by 30 June 2027, we have 1200 today"."""
    return _parse(text, today, ("target", "baseline"))


def parse_followup(text: str, today: dt.date, missing: list[str]) -> GoalParse:
    """An answer to "what's the target / deadline / baseline?" for a goal missing `missing`,
    the slot just asked for first.

    Cued numbers go where their words say; an uncued number fills the first missing numeric
    field (the one asked for, else target before baseline). A whole-reply date ("June", "2027")
    fills a missing deadline unless the reply is a bare integer while a number is missing too;
    a bare year is a date when the deadline is what was asked ("By when?" "2027").
    """
    numeric = tuple(f for f in missing if f in ("target", "baseline"))
    order = numeric + tuple(f for f in ("target", "baseline") if f not in numeric)
    result = _parse(text, today, order)
    if "deadline" in missing and result.deadline is None and not result.past_deadline:
        bare = re.fullmatch(r"\s*([0-9]+)\s*", text[:MAX_READ_CHARS])
        year_asked = (
            bare is not None
            and missing[0] == "deadline"
            and today.year - 1 <= int(bare.group(1)[:6]) <= today.year + 50
        )
        if not (bare and numeric) or year_asked:
            whole = parse_date(text, today)
            if whole.value or whole.problem == "in_the_past":
                result.deadline = whole.value
                result.past_deadline = whole.value is None
                result.target = result.baseline = None
                result.metric = None
    return result
