"""The name of what a goal measures, from the clause around its target: what is left once the
numbers, their units and cue words, lead verbs ("grow", "øke"), hedges ("ok", "I think") and
periods ("a month") are gone. Pure; `goal_text.py` finds the clause.
"""

from __future__ import annotations

import re

from bot.text.goal_words import APPROX, CURRENCY, FILLERS, NOW, PERIOD_PATTERNS, TIME_UNITS

MAX_METRIC = 200
_I = re.IGNORECASE

_APPROX_CUE = re.compile(rf"(?<![\w]){APPROX}\s{{0,3}}#", _I)
_NUMBER_CUES = re.compile(
    rf"(?<![\w])(?:from|fra|to|til|reach|nå|hit|oppnå|at\s+least|minst|up\s+to|"
    rf"opp\s+til|over|above|of|på)\s{{0,3}}#|#\s{{0,3}}{NOW}(?![\w])",
    _I,
)
_LEAD_PHRASES = re.compile(
    r"^(?:(?:increase|growth|rise|økning|vekst|reduction|reduksjon)\s+(?:in|of|i|av)"
    r"|(?:the\s+)?number\s+of|(?:the\s+)?amount\s+of|total\s+number\s+of|antall|mengden)\s+",
    _I,
)


def _wordset(spec: str) -> frozenset[str]:
    return frozenset(spec.split())


_LEAD_WORDS = _wordset(
    """more most increase increased increasing grow growing get gain boost improve raise double
    triple reduce decrease lower cut achieve reach hit have want wants need we i i'd i'll we'll
    we'd currently now today our my to the a an would like will shall should must aim goal
    target is be at least about around new ca ca. approx approximately roughly some make getting
    flere mer øke økt øket få nå oppnå ha har som planlegger vi jeg vår vårt våre mitt min vil
    skal ønsker å må gjerne mål målet er om et en ei minst cirka omtrent rundt redusere senke
    kutte doble bedre forbedre vokse større høyere fewer less shorter faster halve triple færre
    kortere raskere lavere halvere tredoble reduser senk øk also and plus og samt dessuten max
    maximum maks than enn go zero null no ingen"""
)
_KEEP_ALONE = frozenset({"reach"})  # "Increase reach" — here the verb is also the metric
_TRAIL_PHRASES = re.compile(
    r"\s(?:(?:per|a|an|each|every|hver|i|om|pr\.?)\s+(?:month|week|day|year|quarter|måned|"
    r"måneden|mnd\.?|uke|uka|uken|dag|dagen|år|året|kvartal)|monthly|weekly|daily|yearly|"
    r"månedlig|ukentlig|daglig|årlig|in\s+total|totalt|i\s+dag|per\s+i\s+dag|right\s+now|"
    r"at\s+the\s+moment|or\s+so|ish)$",
    _I,
)
_TRAIL_WORDS = _wordset(
    """by innen before før until til till within in i on at to from fra for per a an the of med
    with and og or eller på som than enn today now currently nå ca approx deadline frist more
    flere down ned under max maximum maks minimum at most up opp løpet av"""
)
_TIME_CUE = re.compile(r"(?<![\w-])(?:by|innen|before|før|until|within)(?![\w-])", _I)
_EDGE = " \t\n:;,.-–—()[]{}\"'*_~!?/\\|#"


_UNIT_AFTER_HASH = re.compile(
    r"#\s{0,2}(?:" + "|".join(TIME_UNITS.values()) + r")(?![\w])", re.IGNORECASE
)


def _strip_words(text: str) -> str:
    words = text.split()
    changed = True
    while words and changed:
        changed = False
        lead = _LEAD_PHRASES.match(" ".join(words))
        if lead:
            words = " ".join(words)[lead.end() :].split()
            changed = True
        elif words and words[0].lower().strip(_EDGE) in _LEAD_WORDS | FILLERS | {""}:
            if len(words) == 1 and words[0].lower() in _KEEP_ALONE:
                break
            words = words[1:]
            changed = True
        trail = _TRAIL_PHRASES.search(" " + " ".join(words))
        if trail and trail.start() > 0:
            words = (" " + " ".join(words))[: trail.start()].split()
            changed = True
        elif words and words[-1].lower().strip(_EDGE) in _TRAIL_WORDS | FILLERS | {""}:
            words = words[:-1]
            changed = True
    return " ".join(words)


def metric_from(clause: str) -> str | None:
    """What's left of a masked clause once numbers, units and cue words are gone."""
    clause = clause[:400]  # a metric is a few words; bounds the word-stripping loop
    text = re.sub(
        rf"(?<![\w]){CURRENCY}\s{{0,3}}(?=#)|(?<=#)\s{{0,3}}{CURRENCY}(?![\w])",
        " ",
        clause,
        flags=_I,
    )
    text = re.sub(r"#+", "#", text)
    text = _UNIT_AFTER_HASH.sub("#", text)  # "from # hours to # hours": the unit is not the name
    for _, pattern in PERIOD_PATTERNS:  # "visits a month": the period is not the name either
        text = pattern.sub(" ", text)
    # "from about #" -> "from #" -> "#"; one pass each, so "Increase reach to #" keeps "reach".
    text = _NUMBER_CUES.sub("#", _APPROX_CUE.sub("#", text))
    text = re.sub(r"\s*#\s*", " ", text)
    text = re.sub(r"\s+", " ", text).strip(_EDGE)
    # What follows "by"/"innen" is when, not what ("want # by summer").
    text = _TIME_CUE.split(text, maxsplit=1)[0]
    text = _strip_words(text).strip(_EDGE)
    if not re.search(r"[^\W\d_]", text):
        return None
    if all(word.lower().strip(_EDGE) in FILLERS for word in text.split()):
        return None  # "ok", "I think", "ca.": hedges, not something to measure
    return text[:MAX_METRIC].strip()
