"""Matching the words next to a number to the metric names a check-in listed, in English or
Norwegian: tolerant of case, plurals and definite endings, hyphens, compounds and small typos,
with words two metrics share counting for less."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_]+(?:[-‐'’][^\W\d_]+)*")


@dataclass(frozen=True)
class MetricRef:
    id: int
    name: str
    unit: str = ""


def _words(spec: str) -> frozenset[str]:
    return frozenset(spec.split())


# Words around a number that name nothing: verbs, time words, units, greetings.
_FILLER = _words(
    """a an the this that last week weeks we i had have has got get is are was were be at
    about around approx approximately roughly ca circa total in on of for to from with and or
    it its our my now so far up down by numbers number here hi hello hey thanks thank you ok
    okay per plus more than just only some value values count kr nok usd eur sek dkk pct
    percent stk pcs pieces skip skipped skipping over n/a
    vi jeg har hadde fikk er var ble blir på av til fra med og eller det den denne dette uka
    uke uken veka forrige siste cirka rundt omtrent totalt nå tall tallene her hei takk stykk
    kroner prosent mer enn bare om så langt opp ned en et ei min vår våre hopp hopper"""
)
# Words in a metric name that don't tell metrics apart.
_NAME_STOP = _words("from per of the a an in on for to and og fra av på i til med kr nok")
_SUFFIXES = ("erne", "ene", "ere", "ers", "er", "en", "s", "e")


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    """Plural and definite endings off, so followers/follower and følgere/følger meet."""
    for _ in range(2):  # "shares" -> "share" -> "shar", the same as "share" -> "shar"
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


@lru_cache(maxsize=8192)
def _closeness(token: str, word: str) -> float:
    if token == word:
        return 1.0
    short = min(len(token), len(word))
    if short >= 3 and (word.startswith(token) or token.startswith(word)):
        return 0.9  # "insta" for "instagram", "follow" for "followers"
    if short >= 4 and (word.endswith(token) or token.endswith(word)):
        return 0.8  # Norwegian compounds: "følgere" in "instagramfølgere"
    if short >= 4 and SequenceMatcher(None, token, word).ratio() >= 0.85:
        return 0.8  # small typos: "folowers"
    return 0.0


def _plain(word: str) -> str:
    return re.sub(r"[-‐'’]", "", word.lower())


def _tokens(words: tuple[str, ...]) -> set[str]:
    """Stems of the words, of hyphen parts and of neighbours joined ("sign ups" -> "signup")."""
    found: set[str] = set()
    for i, word in enumerate(words):
        found.add(_stem(_plain(word)))
        found.update(_stem(p) for p in re.split(r"[-‐'’]", word.lower()) if len(p) >= 3)
        if i + 1 < len(words):
            found.add(_stem(_plain(word) + _plain(words[i + 1])))
    return found


class MetricNames:
    """The listed metric names, ready to match: stemmed words weighted by how rare they are."""

    def __init__(self, metrics: list[MetricRef]) -> None:
        self.metrics = metrics
        per_metric: list[set[str]] = []
        for metric in metrics:
            name = re.sub(r"\([^()]*\)", " ", metric.name)  # "cost per lead (kr)"
            words = [_plain(w) for w in _WORD.findall(name)]
            stems = {_stem(w) for w in words if w not in _NAME_STOP and len(w) >= 2}
            per_metric.append(stems or {_stem(w) for w in words})
        # A word two metrics share ("followers") counts half, so the other word decides.
        counts: dict[str, int] = {}
        for stems in per_metric:
            for stem in stems:
                counts[stem] = counts.get(stem, 0) + 1
        self.weights = [{s: 1 / counts[s] for s in stems} for stems in per_metric]
        self.vocabulary = set(counts)
        self._cache: dict[tuple[str, ...], tuple[list[int], float]] = {}

    def meaningful(self, text: str) -> tuple[str, ...]:
        """The words that might name a metric: no filler, unless a metric is named by it."""
        return tuple(
            w
            for w in _WORD.findall(text)
            if len(w) >= 2 and (w.lower() not in _FILLER or _stem(_plain(w)) in self.vocabulary)
        )

    def match(self, words: tuple[str, ...]) -> tuple[list[int], float]:
        """Ids of the best-matching metrics (more than one on a tie) and the score."""
        if not words:
            return [], 0.0
        if words in self._cache:
            return self._cache[words]
        tokens = _tokens(words)
        best: tuple[float, float] = (0.0, 0.0)
        ids: list[int] = []
        for metric, weights in zip(self.metrics, self.weights, strict=True):
            score = sum(w * max(_closeness(t, s) for t in tokens) for s, w in weights.items())
            if score <= 0:
                continue
            # Rounded so equal matches tie exactly; the share of the name matched breaks ties
            # ("followers" prefers a metric called "followers" to "Instagram followers").
            key = (round(score, 6), round(score / sum(weights.values()), 6))
            if key > best:
                best, ids = key, [metric.id]
            elif key == best:
                ids.append(metric.id)
        result = (ids, best[0])
        self._cache[words] = result
        return result


def names_overlap(one: str, other: str) -> bool:
    """Whether two names share a meaningful word, tolerant of plurals and small typos:
    "followers" and "Instagram followers" do, "sign-ups" and "followers" don't."""
    mine = {_stem(_plain(w)) for w in _WORD.findall(one) if len(w) >= 3}
    theirs = _tokens(tuple(w for w in _WORD.findall(other) if len(w) >= 3))
    mine -= {_stem(w) for w in _NAME_STOP}
    return any(_closeness(token, word) >= 0.8 for word in mine for token in theirs)
