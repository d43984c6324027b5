"""Replies that answer a question with something other than the answer: a question back ("what
do you mean by today's value?"), not knowing ("I don't know, we haven't counted", "vet ikke"),
putting it off ("later", "senere"), or a plain no. The coach explains instead of repeating.
"""

from __future__ import annotations

import re

_WORDS = 12  # longer than this, a reply is an answer that happens to contain these words


def _plain(text: str) -> str:
    text = text[:300].lower().replace("’", "'")
    text = re.sub(r"<[^<>]{0,200}>|:[a-z0-9_+-]{1,40}:", " ", text)
    return re.sub(r"\s+", " ", text).strip()


_UNSURE = re.compile(
    r"(?<![\w'])(?:i\s+don'?t\s+know|i\s+do\s+not\s+know|dunno|don'?t\s+know|no\s+idea|"
    r"not\s+sure|unsure|i'?m\s+not\s+sure|haven'?t\s+(?:counted|checked|measured)|"
    r"have\s+not\s+(?:counted|checked|measured)|no\s+clue|can'?t\s+say|"
    r"vet\s+ikke|aner\s+ikke|usikker|ikke\s+sikker|har\s+ikke\s+(?:telt|sjekket|målt)|"
    r"ingen\s+anelse|vet\s+ikke\s+helt|har\s+ikke\s+peiling|kan\s+ikke\s+si)(?![\w])"
)
_QUESTION_START = re.compile(
    r"^(?:what|how|which|where|why|who|do\s+you|does|can\s+you|could\s+you|is\s+it|should|"
    r"hva|hvordan|hvilken|hvilke|hvor|hvorfor|hvem|mener\s+du|kan\s+du|er\s+det|skal)(?![\w])"
)
_LATER = re.compile(
    r"^(?:later|not\s+yet|not\s+now|we'?ll\s+(?:count|check|measure)\s+(?:it\s+)?later|"
    r"senere|ikke\s+ennå|ikke\s+enda|ikke\s+nå|vi\s+(?:teller|sjekker|måler)\s+(?:det\s+)?senere|"
    r"etterpå|seinere)[.!]*$"
)
_NO = re.compile(
    r"^(?:no|nope|nah|not\s+right|wrong|that'?s\s+wrong|incorrect|no\s+thanks|"
    r"nei|nei\s+takk|feil|det\s+er\s+feil|stemmer\s+ikke|ikke\s+riktig)[.!]*$"
)
_HAS_DIGIT = re.compile(r"[0-9]")


def is_unsure(text: str) -> bool:
    """ "I don't know", "not sure, we haven't counted", "vet ikke": no number to give (yet)."""
    plain = _plain(text)
    return len(plain.split()) <= _WORDS and bool(_UNSURE.search(plain))


def is_question(text: str) -> bool:
    """A question back about what was asked ("what do you mean by today's value?"), with no
    number in it (a number with a "?" is a hesitant answer, not a question)."""
    plain = _plain(text)
    if _HAS_DIGIT.search(plain) or len(plain.split()) > 2 * _WORDS:
        return False
    return plain.endswith("?") or bool(_QUESTION_START.match(plain))


def is_later(text: str) -> bool:
    """ "later", "not yet", "senere": leave this number for now."""
    return bool(_LATER.match(_plain(text)))


def is_no(text: str) -> bool:
    """ "no", "wrong", "nei", "stemmer ikke": the answer to a yes/no question is no."""
    return bool(_NO.match(_plain(text).strip(" ,")))


_CORRECTION = re.compile(
    r"^(?:(?:no|nope|nei|sorry|beklager|oops|oj|wait|vent|hmm+|well|oh|åh|ok)[,.!]?\s+)*"
    r"(?:actually|i\s+meant|i\s+mean|make\s+(?:it|that)|change\s+(?:it\s+|that\s+)?to|rather|"
    r"correction|jeg\s+mente|jeg\s+mener|egentlig|heller|gjør\s+(?:det|den)\s+til|endre\s+til|"
    r"rettelse)(?![\w])"
    r"|(?<![\w])(?:rather|instead|i\s+stedet|heller)[.!]*$"
)


def is_correction(text: str) -> bool:
    """ "actually 6000", "no, I meant 2028", "sorry, December 2027 rather", "nei, jeg mente
    desember": a change to something said before, not the answer to the question."""
    return bool(_CORRECTION.search(_plain(text)))


_YES_WORDS = frozenset(
    [
        "yes",
        "yeah",
        "yep",
        "yup",
        "ya",
        "y",
        "sure",
        "ok",
        "okay",
        "k",
        "correct",
        "right",
        "exactly",
        "absolutely",
        "definitely",
        "indeed",
        "ja",
        "jepp",
        "japp",
        "jo",
        "jada",
        "riktig",
        "stemmer",
        "korrekt",
        "nettopp",
        "absolutt",
        "selvfølgelig",
        "👍",
        "✅",
    ]
)
_NO_WORDS = frozenset(
    ["no", "nope", "nah", "n", "wrong", "incorrect", "nei", "feil", "neppe", "👎"]
)
_FIRST_WORD = re.compile(r"^\W*?([\w👍✅👎]+)")


def answer_word(text: str) -> str | None:
    """ "yes" or "no" when a reply to a yes/no question starts with one ("ja, stemmer",
    "yep 👍", "nei det stemmer ikke", "no, 1500"), else None."""
    match = _FIRST_WORD.match(_plain(text))
    if match is None:
        return None
    word = match.group(1)
    if word in _YES_WORDS:
        return "yes"
    if word in _NO_WORDS:
        return "no"
    return None


def without_answer_word(text: str) -> str:
    """The reply after its leading yes/no or correction words ("no, I meant 2028" → "2028")."""
    plain = text.strip()
    while True:
        stripped = re.sub(
            r"^\W*(?:yes|yeah|yep|no|nope|nah|ja|jo|nei|sorry|beklager|hmm+|well|oh|actually|i\s+meant|"
            r"i\s+mean|make\s+it|change\s+it\s+to|jeg\s+mente|egentlig|heller)(?![\w])[\s,.!:]*",
            "",
            plain,
            flags=re.IGNORECASE,
        )
        if stripped == plain:
            return plain
        plain = stripped
