"""The kind of a goal (sales, leads, word of mouth, awareness, authority): inferred from the words
of a goal, or read from a short reply that names one, in English or Norwegian."""

from __future__ import annotations

import re
from difflib import get_close_matches

from bot.domain.model import GoalType
from bot.text.numbers import blank_noise
from bot.text.user_text import MAX_READ_CHARS

_I = re.IGNORECASE

# (pattern, weight). English keywords need a word start; Norwegian ones may sit inside a
# compound ("nettbutikksalg", "Instagramfølgere"). "reach" is weak: it is also a verb.
_TYPE_KEYWORDS: dict[GoalType, list[tuple[str, float]]] = {
    GoalType.SALES: [
        (r"\bsales?\b", 1),
        (r"\brevenue", 1),
        (r"\borders?\b", 1),
        (r"\bpurchases?\b", 1),
        (r"\bpromo\s?codes?", 1),
        (r"\bconversions?\b", 1),
        (r"\bconversion\s+rate", 1),
        (r"\bbuyers?\b", 1),
        (r"salg", 1),
        (r"omsetning", 1),
        (r"\bordre", 1),
        (r"bestilling", 1),
        (r"rabattkode", 1),
        (r"konvertering", 1),
        (r"\bkjøp\b", 1),
    ],
    GoalType.LEADS: [
        (r"\bleads?\b", 1),
        (r"\bsign[- ]?ups?\b", 1),
        (r"\bsubscri(?:bers?|ptions?)\b", 1),
        (r"\bnewsletter", 1),
        (r"\bforms?\b", 0.5),
        (r"\bform\s+fills?", 1),
        (r"\bdemo\s+requests?", 1),
        (r"\bcost\s+per\s+lead", 2),
        (r"\binquir(?:y|ies)", 1),
        (r"\bregistrations?\b", 1),
        (r"påmelding", 1),
        (r"registrering", 1),
        (r"abonnent", 1),
        (r"nyhetsbrev", 1),
        (r"henvendelse", 1),
        (r"kostnad\s+per\s+lead", 2),
    ],
    GoalType.WORD_OF_MOUTH: [
        (r"\bshares?\b", 1),
        (r"\bmentions?\b", 1),
        (r"\breviews?\b", 1),
        (r"\bratings?\b", 1),
        (r"\brecommendations?\b", 1),
        (r"\breferrals?\b", 1),
        (r"\bword\s+of\s+mouth", 2),
        (r"deling(?:er|ene)?\b", 1),
        (r"omtaler?\b", 1),
        (r"anmeldelse", 1),
        (r"anbefaling", 1),
        (r"vurdering", 1),
    ],
    GoalType.AWARENESS: [
        (r"\bfollowers?\b", 1),
        (r"\breach\b", 0.5),
        (r"\bimpressions?\b", 1),
        (r"\bviews?\b", 1),
        (r"\bbranded\s+search", 2),
        (r"\bawareness", 1),
        (r"følgere", 1),
        (r"rekkevidde", 1),
        (r"visninger", 1),
        (r"kjennskap", 1),
        (r"synlighet", 1),
    ],
    GoalType.AUTHORITY: [
        (r"\binbound\s+links?", 2),
        (r"\bbacklinks?", 1),
        (r"\blinks?\b", 0.5),
        (r"\bdownloads?\b", 1),
        (r"\bcomments?\b", 1),
        (r"\branking", 1),
        (r"\bsearch\s+rankings?", 2),
        (r"\bauthority", 1),
        (r"lenker", 1),
        (r"nedlasting", 1),
        (r"kommentar", 1),
        (r"rangering", 1),
        (r"autoritet", 1),
    ],
}
_TYPE_PATTERNS = {
    goal_type: [(re.compile(p, _I), w) for p, w in words]
    for goal_type, words in _TYPE_KEYWORDS.items()
}


def infer_goal_type(text: str) -> GoalType | None:
    """The goal type a goal text or metric suggests; None when nothing or a tie."""
    text = blank_noise(text[:MAX_READ_CHARS])
    scores = {
        goal_type: sum(w for pattern, w in patterns if pattern.search(text))
        for goal_type, patterns in _TYPE_PATTERNS.items()
    }
    best = max(scores.values())
    winners = [t for t, s in scores.items() if s == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


_TYPE_NAMES: dict[str, GoalType] = {
    "1": GoalType.SALES,
    "2": GoalType.LEADS,
    "3": GoalType.WORD_OF_MOUTH,
    "4": GoalType.AWARENESS,
    "5": GoalType.AUTHORITY,
}
for _goal_type, _names in {
    GoalType.SALES: "sales|sale|salg|selling|revenue|omsetning",
    GoalType.LEADS: "leads|lead|potensielle kunder|lead generation|leadsgenerering|"
    "leadgenerering|kundeemner",
    GoalType.WORD_OF_MOUTH: "word of mouth|wom|jungeltelegraf|jungeltelegrafen|muntlig omtale|"
    "omtale|buzz|anbefalinger|customer service|service|kundeservice|reputation|omdømme|reviews|"
    "anmeldelser",
    GoalType.AWARENESS: "awareness|brand awareness|kjennskap|synlighet|merkevarekjennskap|"
    "merkekjennskap|visibility",
    GoalType.AUTHORITY: "authority|autoritet|thought leadership|ekspertise|expertise",
}.items():
    _TYPE_NAMES |= dict.fromkeys(_names.split("|"), _goal_type)

_LONG_NAMES = [name for name in _TYPE_NAMES if len(name) >= 5]
_TYPE_FILLER = re.compile(
    r"^(?:(?:it's|it is|its|i think|i'd say|let's go with|lets go with|we choose|go with|"
    r"the type is|type|goal type|answer|det er|det blir|vi velger|vi går for|jeg tror|"
    r"jeg velger|svar|typen er|måltype|type mål|option|alternativ|nr|number|nummer|actually|"
    r"really|rather|more|mostly|more about|about|no|nei|egentlig|heller|mer|mest|mer om|"
    r"det handler om|it's about|its about|it is about|i mean|jeg mener|make it|change it to|"
    r"gjør det til)\s+)+",
    _I,
)


def parse_goal_type(text: str) -> GoalType | None:
    """A short reply that names a goal type ("awareness", "det er salg", "3")."""
    text = blank_noise(text[:200]).lower().replace("’", "'")
    if len(text.split()) > 8:
        return None  # a goal sentence that merely mentions "sales" is not a choice
    text = re.sub(r"[-_/]", " ", text)
    text = re.sub(r"[^\w\s']", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = _TYPE_FILLER.sub("", text)
    text = re.sub(r"^(?:a|an|the|en|et)\s+", "", text)
    text = re.sub(
        r"(?:\s+(?:please|thanks|takk|goal|goals|mål|then|da|i guess|tror jeg|really|egentlig|"
        r"heller|rather|instead|i stedet))+$",
        "",
        text,
    )
    text = text.strip()
    if text in _TYPE_NAMES:
        return _TYPE_NAMES[text]
    # Small typos ("awarness", "autority"); only for longer words, where a near miss is clear.
    close = get_close_matches(text, _LONG_NAMES, n=1, cutoff=0.85) if len(text) >= 5 else []
    return _TYPE_NAMES[close[0]] if close else None
