"""The weekly check-in answer: which number belongs to which metric, in English or Norwegian.

The owner got a numbered list of metrics and answers in plain words ("followers 4350, signups
12", "4350 12 180", "1: 4350", "følgere 4 350 og påmeldinger 12"). The approach:

1. blank what carries digits but is no value: Slack markup, "week 48" / "uke 48", dates;
2. cut the text into fragments at line breaks, ";", ",", sentence ends, "and" / "og";
3. in each fragment find the numbers and give each the words on one side of it (the side that
   names metrics better, so both "followers 4350" and "4350 followers" work);
4. match those words to the metric names, tolerant of case, plurals, hyphens and typos
   (bot/text/metric_names.py);
5. numbers with no words at all are bare: after everything named, they fill the metrics still
   open in the order the DM listed them.

Anything unsure is reported back (`unknown`, `ambiguous`) rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from bot.domain.limits import fits_amount
from bot.text.metric_names import MetricNames, MetricRef
from bot.text.numbers import blank_noise, find_numbers, parse_number
from bot.text.user_text import MAX_READ_CHARS, clip

MAX_CHARS = 2 * MAX_READ_CHARS  # a weekly report is a few lines, one number per metric
NAME_WORDS = 8  # words next to a number that may name it
SHOWN_CHARS = 120  # length of a fragment quoted back to the user
SHORT_WORDS = 8  # "nothing this week" is short; a longer message is a report, not a refusal
MAX_QUOTED = 20  # fragments to ask about; a pasted table shouldn't become a hundred questions


@dataclass
class ReportParse:
    values: dict[int, Decimal] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)


# --- blanking what is not a value ---------------------------------------------------------

_MONTH = r"(?:jan|feb|mar|apr|ma[iy]|jun|jul|aug|sep|o[ck]t|nov|de[cs])[a-zæøå]{0,7}\.?"
_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])"
_NOT_VALUE = re.compile(
    rf"""
    (?<![\w.,])(?:week|wk|uke|veke|w)\.?[ \t]?(?:nr\.?[ \t]?)?[0-9]{{1,2}}
        (?:[ \t]?[-–/][ \t]?[0-9]{{1,2}})?(?![0-9])                 # week 48, uke 47-48
    | (?<![\w.,])[0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}}(?![0-9])        # 2026-11-23
    | (?<![\w.,]){_DAY}[./](?:0?[1-9]|1[0-2])[./](?:[0-9]{{4}}|[0-9]{{2}})(?![0-9]|[.,][0-9])
    | (?<![\w.,])(?:[12][0-9]|3[01]|0[1-9])\.(?:0[1-9]|1[0-2])\.?     # 23.11, 23.11.
        (?![0-9,]|\.[0-9]|[ \t]?(?:%|kr|nok|,-))
    | (?<![\w.,]){_DAY}/(?:0?[1-9]|1[0-2])(?![0-9,]|[./][0-9])      # 23/11
    | (?<![\w.,]){_DAY}\.?[ \t]{_MONTH}(?![\w])(?:[ \t][0-9]{{4}}(?![0-9]))?   # 23. nov 2026
    | (?<![\w]){_MONTH}[ \t]{_DAY}(?:st|nd|rd|th)?(?![\w])(?:,?[ \t][0-9]{{4}}(?![0-9]))?
    | (?<![\w])(?:kl\.?|klokka|klokken)[ \t]?[0-9]{{1,2}}(?:[:.][0-9]{{2}})?(?![0-9])
    | (?<![\w.,:])(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?![0-9])(?:[ \t]?[ap]\.?m\.?)?  # 10:30
    | (?<![\w])[QH][1-4](?:[ \t]?20[0-9]{{2}}(?![0-9]))?                # Q4 2026
    """,
    re.VERBOSE | re.IGNORECASE,
)


_ENTITIES = {"&amp;": "&    ", "&lt;": "<   ", "&gt;": ">   "}  # Slack escapes these three


def _blank(text: str) -> str:
    """Markup, weeks and dates replaced by spaces of the same length, so offsets stay valid."""
    text = blank_noise(text)
    for entity, plain in _ENTITIES.items():
        text = text.replace(entity, plain)
    return _NOT_VALUE.sub(lambda m: " " * len(m.group()), text)


# --- fragments ----------------------------------------------------------------------------

# Not case-insensitive as a whole: a sentence ends before a capital letter.
_SEPARATOR = re.compile(
    r";|\||,(?![0-9]|(?<=[0-9],)[-–])|(?<=[0-9%])\.(?=\s)|\.(?=\s+[A-ZÆØÅ])|[!?]+"
    r"|\s(?i:and|og|&)\s|\s/\s"
    # Before an inline position marker: "1: 4350 2: 12". "10:30" is a clock, not a marker.
    r"|\s(?=#[0-9]{1,2}(?![0-9.,])|[0-9]{1,2}:(?![0-9]{2}(?![0-9]))[ \t]?[0-9])"
)
_LINE_MARKER = re.compile(r"[ \t]*(?:(?P<pos>[0-9]{1,2})[.)]|[-*•·–—>]+)(?=[ \t]+\S)")
_MARKER = re.compile(
    r"\s*(?:#[ \t]?(?P<hash>[0-9]{1,2})(?![0-9.,])"
    r"|(?P<pos>[0-9]{1,2})[ \t]?(?:\)|:(?![0-9]{2}(?![0-9]))))"
)
_SPACED_DIGITS = re.compile(r"[0-9][ \t\u00a0\u202f\u2009][0-9]")
_GAP_TO = re.compile(r"\s*(?:to|til|->|→|=>)\s*", re.IGNORECASE)
_SKIP = re.compile(
    r"(?<![\w-])(?:skip(?:ped|ping)?|hopp(?:er)?[ \t]+over|n/a|[-–—])(?![\w-])", re.IGNORECASE
)


# --- reading ------------------------------------------------------------------------------


def _note(fragments: list[str], fragment: str) -> None:
    """Each fragment is asked about once, however many numbers in it we couldn't place."""
    if fragment and fragment not in fragments:
        fragments.append(fragment)


@dataclass
class _Item:
    """A number in a fragment; `value` None when it can't be read safely."""

    start: int
    end: int
    value: Decimal | None
    raw: str


@dataclass
class _Reader:
    text: str  # the original, capped
    clean: str  # the same length, with markup and dates blanked
    metrics: list[MetricRef]
    names: MetricNames
    # Metric id -> value, or None for "no value, don't fill" (skipped, or unreadable).
    state: dict[int, Decimal | None] = field(default_factory=dict)
    reserved: set[int] = field(default_factory=set)  # named ambiguously: not for bare numbers
    bare: list[_Item] = field(default_factory=list)
    bare_unclear: bool = False
    unknown: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)

    def shown(self, start: int, end: int) -> str:
        return clip(" ".join(self.text[start:end].split()).strip(" ,;:.-"), SHOWN_CHARS)

    def fragments(self) -> None:
        offset = 0
        for line in self.clean.split("\n"):
            start, end = offset, offset + len(line)
            offset = end + 1
            position = None
            marker = _LINE_MARKER.match(line)
            if marker:
                start += marker.end()
                position = int(marker.group("pos")) if marker.group("pos") else None
            for sep in _SEPARATOR.finditer(self.clean, start, end):
                self.fragment(start, sep.start(), position)
                start, position = sep.end(), None
            self.fragment(start, end, position)

    def items(self, start: int, end: int) -> list[_Item]:
        found = [
            (start + n.start, start + n.end, n.value) for n in find_numbers(self.clean[start:end])
        ]
        items: list[_Item] = []
        run: list[tuple[int, int, Decimal]] = []
        for number in found:
            if run and self.clean[run[-1][1] : number[0]].strip(" \t"):
                items.extend(self.resolve_run(run))
                run = []
            run.append(number)
        items.extend(self.resolve_run(run))
        # "followers 4350 (up 150)": a number in brackets after a value is a comment on it.
        return [
            item
            for i, item in enumerate(items)
            if not i or not re.search(r"\([^)]*$", self.clean[items[i - 1].end : item.start])
        ]

    def resolve_run(self, run: list[tuple[int, int, Decimal]]) -> list[_Item]:
        """Numbers separated only by spaces: "4350 12 180" is three, though "12 180" can group.

        When one of them is 1000 or more written without spaces, the writer doesn't group with
        spaces, so every space separates. Otherwise ("4 350 12 180") we can't tell: one item
        that can't be read.
        """
        if not run:
            return []
        grouped = [n for n in run if _SPACED_DIGITS.search(self.clean[n[0] : n[1]])]
        if len(run) == 1 or not grouped:
            return [self.item(s, e, v) for s, e, v in run]
        if any(abs(v) >= 1000 and not _SPACED_DIGITS.search(self.clean[s:e]) for s, e, v in run):
            items = []
            for s, e, _ in run:
                for part in re.finditer(r"\S+", self.clean[s:e]):
                    items.extend(self.items_plain(s + part.start(), s + part.end()))
            return items
        return [_Item(run[0][0], run[-1][1], None, self.text[run[0][0] : run[-1][1]])]

    def items_plain(self, start: int, end: int) -> list[_Item]:
        return [
            self.item(start + n.start, start + n.end, n.value)
            for n in find_numbers(self.clean[start:end])
        ]

    def item(self, start: int, end: int, value: Decimal) -> _Item:
        raw = self.clean[start:end]
        money = self.clean[end : end + 2] in (",-", ",–")  # "5.000,-" is Norwegian kroner
        # "1.234" is 1234 in Norwegian and 1.234 in English; too big a number can't be stored.
        unsafe = parse_number(raw).problem == "ambiguous" and not money
        return _Item(start, end, None if unsafe or not fits_amount(value) else value, raw)

    def fragment(self, start: int, end: int, position: int | None) -> None:
        marker = _MARKER.match(self.clean, start, end)
        if marker and (marker.group("hash") or marker.group("pos")):
            position = int(marker.group("hash") or marker.group("pos"))
            body_start = marker.end()
        else:
            body_start = start
        items = self.items(body_start, end)
        if not items:
            self.skip(start, body_start, end, position)
            return
        edges = [body_start, *(x for i in items for x in (i.start, i.end)), end]
        gaps = [self.clean[edges[k] : edges[k + 1]] for k in range(0, len(edges), 2)]
        words = [self.names.meaningful(g) for g in gaps]
        # Name before the number ("followers 4350") or after it ("4350 followers").
        before = [w[-NAME_WORDS:] for w in words[:-1]]
        after = [w[:NAME_WORDS] for w in words[1:]]
        score_before = sum(self.names.match(w)[1] for w in before)
        score_after = sum(self.names.match(w)[1] for w in after)
        use_after = score_after > score_before or (
            score_after == score_before == 0 and not words[0] and bool(words[-1])
        )
        names = after if use_after else before
        wordy = any(words) or position is not None
        shown = self.shown(start, end)
        for k, item in enumerate(items):
            if k + 1 < len(items) and _GAP_TO.fullmatch(gaps[k + 1]):
                # "from 4200 to 4350": the later number is the value, named by either side.
                if not names[k + 1]:
                    names[k + 1] = names[k]
                continue
            if names[k]:
                ids, _ = self.names.match(names[k])
                if len(ids) == 1:
                    self.named(ids[0], item, shown)
                elif ids:
                    self.reserved.update(ids)
                    _note(self.ambiguous, shown)
                else:
                    _note(self.unknown, shown)
            elif k == 0 and position is not None:
                if 1 <= position <= len(self.metrics):
                    self.named(self.metrics[position - 1].id, item, shown)
                else:
                    _note(self.unknown, shown)
            elif wordy:
                _note(self.unknown, shown)  # a second number beside a named one: ask
            else:
                self.bare.append(item)
                self.bare_unclear |= (
                    item.value is None and _SPACED_DIGITS.search(item.raw) is not None
                )

    def named(self, metric_id: int, item: _Item, shown: str) -> None:
        self.state[metric_id] = item.value  # the last mention wins, even an unreadable one
        if item.value is None:
            _note(self.ambiguous, shown)

    def skip(self, start: int, body_start: int, end: int, position: int | None) -> None:
        """ "followers: skip", "2: -", "hopp over påmeldinger": no value, and not a zero."""
        body = self.clean[body_start:end]
        if not _SKIP.search(body):
            return
        words = self.names.meaningful(_SKIP.sub(" ", body))
        ids, _ = self.names.match(words)
        if len(ids) == 1:
            self.state[ids[0]] = None
        elif ids:
            self.reserved.update(ids)
            _note(self.ambiguous, self.shown(start, end))
        elif not words and position is not None and 1 <= position <= len(self.metrics):
            self.state[self.metrics[position - 1].id] = None

    def result(self) -> ReportParse:
        open_ids = [
            m.id for m in self.metrics if m.id not in self.state and m.id not in self.reserved
        ]
        for item in self.bare:
            if self.bare_unclear:
                # "4 350 12 180": we can't tell how many numbers there are, so no position holds.
                _note(self.ambiguous, self.shown(item.start, item.end))
            elif not open_ids:
                self.unknown.append(self.shown(item.start, item.end))  # each extra number
            else:
                metric_id = open_ids.pop(0)
                self.state[metric_id] = item.value
                if item.value is None:
                    _note(self.ambiguous, self.shown(item.start, item.end))
        values = {i: v for i, v in self.state.items() if v is not None}
        return ReportParse(
            values=values,
            unknown=self.unknown[:MAX_QUOTED],
            ambiguous=self.ambiguous[:MAX_QUOTED],
            missing=[m.id for m in self.metrics if m.id not in values],
        )


def parse_report(text: str, metrics: list[MetricRef]) -> ReportParse:
    """The values in a check-in answer, by metric id; see the module docstring for the forms."""
    listed: list[MetricRef] = []
    for metric in metrics:  # a metric listed twice is still one metric
        if all(m.id != metric.id for m in listed):
            listed.append(metric)
    text = text[:MAX_CHARS]
    reader = _Reader(text=text, clean=_blank(text), metrics=listed, names=MetricNames(listed))
    reader.fragments()
    return reader.result()


# --- nothing to report --------------------------------------------------------------------

_NOTHING = re.compile(
    r"""
    (?:(?:hi|hey|hei|hello|sorry|beklager|ok|okay|so|well|nope|no|nei|unfortunately|dessverre)
        \s)*
    (?:nothing(?:\s(?:to\s(?:report|share|add)|new|yet|here))?
      | no\s(?:numbers|data|update|updates|report|results)
      | none | skip(?:ping)?(?:\s(?:it|this(?:\sone)?|report|reporting))? | we\sskip | pass
      | n/a | na | - | – | —
      | ingenting(?:\s(?:å\s(?:rapportere|melde)|nytt|her))?
      | ikke\snoe(?:\s(?:å\s(?:rapportere|melde)|nytt))?
      | ingen\s(?:tall|data|oppdatering|endring|resultater)
      | (?:vi\s)?hopp(?:er)?\sover(?:\s(?:denne|det|den))?
    )
    (?:\s(?:this\s(?:week|time)|for\snow|today|denne\s(?:uka|uken|veka|gangen)|i\sdag|i\s(?:uke|uka)
        |takk|thanks|thank\syou|sorry|beklager))*
    """,
    re.VERBOSE,
)


def is_nothing_to_report(text: str) -> bool:
    """A short "nothing this week", "ingenting denne uka", "skip", "hopp over"."""
    short = _blank(text[:200]).lower().replace("’", "'")
    short = re.sub(r":[a-z0-9_+'-]{1,60}:", " ", short)  # emoji codes
    if re.search(r"[0-9]", short):
        return False
    short = re.sub(r"[^\w\s/–—-]|(?<=\w)-|-(?=\w)", " ", short)
    short = " ".join(short.split())
    if not short or len(short.split()) > SHORT_WORDS:
        return False
    return _NOTHING.fullmatch(short) is not None
