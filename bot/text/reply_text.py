"""Short thread replies: yes / done / keep, names compared, lists of items and of metrics. Who
is responsible and when is `slot_text.py`."""

from __future__ import annotations

import re
import unicodedata

from bot.text.user_text import MAX_READ_CHARS

SHORT_WORDS = 6  # an intent word inside a longer message is not an answer
MAX_ITEMS = 50

_EMOJI_WORDS = {
    ":+1:": "yes",
    ":thumbsup:": "yes",
    ":white_check_mark:": "yes",
    ":heavy_check_mark:": "yes",
    ":ok_hand:": "ok",
    "👍": "yes",
    "✅": "yes",
    "✔️": "yes",
    "👌": "ok",
}


def _short(text: str) -> str | None:
    """Lower-cased reply without edge punctuation or emoji noise; None if it is not short."""
    text = text[:200].lower().replace("’", "'")
    for emoji, word in _EMOJI_WORDS.items():
        text = text.replace(emoji, f" {word} ")
    text = re.sub(r"<[^<>]{0,200}>|:[a-z0-9_+-]{1,40}:", " ", text)  # mentions, other emoji
    text = re.sub(r"[^\w\s']", " ", text)
    text = re.sub(r"\s+", " ", text).strip(" '")
    if not text or len(text.split()) > SHORT_WORDS:
        return None
    # Politeness around the answer doesn't change it.
    text = re.sub(r"^(?:(?:ok|okay|so|then|well|så|da|vel|hmm|um)\s+)+(?=\S)", "", text)
    text = re.sub(r"(?:\s+(?:thanks|thank you|thx|takk|please|pls|da|then|for now))+$", "", text)
    return text.strip()


def _words(spec: str) -> frozenset[str]:
    return frozenset(" ".join(w.split()) for w in spec.split("|") if w.strip())


_DONE = _words(
    """done|that's all|thats all|that is all|that's it|thats it|no more|nothing more|
    nothing else|finished|i'm done|im done|we're done|all done|next|done for now|
    ferdig|jeg er ferdig|vi er ferdige|det var alt|det er alt|ikke flere|ikke mer|ingen flere|
    ingenting mer|neste|nei|no|nope|nah|ferdig med det"""
)
_YES = _words(
    """yes|y|yeah|yep|yup|sure|ok|okay|correct|right|that's right|thats right|exactly|
    absolutely|of course|definitely|yes please|ja|jepp|japp|jo|ja takk|stemmer|det stemmer|
    riktig|greit|ok greit|selvfølgelig|absolutt|korrekt"""
)
_KEEP = _words(
    """keep|keep it|keep that|keep this|keep as is|keep it as is|leave it|leave it as is|
    as is|that's fine|thats fine|it's fine|its fine|fine|ok|okay|good|looks good|no change|
    yes|yes keep|behold|behold den|behold det|behold det slik|behold teksten|la den stå|
    la det stå|greit|fint|det er fint|den er fin|ja|bra|ingen endring"""
)
_ACCEPT = _words(
    """ok|okay|yes|yep|sure|use that|use it|use this|use those|use them|use the suggestion|
    sounds good|good|great|perfect|fine|let's use that|lets use that|go with that|ja|greit|
    ok greit|bruk den|bruk det|bruk denne|bruk dem|bruk forslaget|høres bra ut|supert|fint|
    flott|perfekt|ta den|kjør på|jepp|k|kk|okey|okei|oki"""
)
# Every metric suggested for the goal, not just the first.
_ALL_SUGGESTED = _words(
    """all|all of them|all of those|all of these|all them|them all|all the suggestions|
    all suggestions|all suggested|all the suggested ones|the suggested ones|suggested ones|
    the suggestions|those suggested|use all|use them all|use all of them|take all|
    take them all|take all of them|all four|all three|the ones you suggested|
    alle|alle sammen|alle disse|alle de|alle forslagene|forslagene|de foreslåtte|
    alle de foreslåtte|de du foreslo|bruk alle|bruk alle sammen|bruk forslagene|ta alle|
    ta alle sammen|alle fire|alle tre"""
)
# This goal only: leave it as it is and go on to the next one.
_SKIP_ONE = _words(
    """skip this one|skip that one|skip this goal|skip that goal|skip goal|skip it for this goal|
    skip for this goal|next goal|next one|pass on this one|hopp over denne|hopp over den|
    hopp over dette målet|hopp over målet|hopp over det målet|neste mål|dropp denne|
    dropp dette målet|gå videre til neste mål|videre til neste mål|videre"""
)
_FILLER = re.compile(r"(?:h+m+|m+h*m*|u+h*m+|u+h+|e+h*m*|e+r+m+|ø+h*m*|a+h+|o+h+|tj[ao]+|huh)")


_SKIP = _words(
    """skip|skip it|skip this|skip this step|skip for now|later|not now|pass|
    hopp over|hopp over det|hopp over dette|hopp over steget|senere|ikke nå|dropp det"""
)
_BACK = _words(
    """back|go back|previous|previous step|undo|tilbake|gå tilbake|forrige|forrige steg|angre"""
)


def _is(text: str, words: frozenset[str]) -> bool:
    short = _short(text)
    return short is not None and short in words


def is_done(text: str) -> bool:
    """ "done", "det var alt", "no": the user has nothing more to add."""
    return _is(text, _DONE)


def is_yes(text: str) -> bool:
    return _is(text, _YES)


def is_keep(text: str) -> bool:
    """The user wants to keep what they wrote rather than the coach's rewording."""
    return _is(text, _KEEP)


def is_skip(text: str) -> bool:
    """ "skip", "hopp over": the same as the Skip button."""
    return _is(text, _SKIP)


def is_back(text: str) -> bool:
    """ "back", "tilbake": the same as the Go back button."""
    return _is(text, _BACK)


def is_accept_suggestion(text: str) -> bool:
    """The user takes the coach's suggestion as it stands."""
    return _is(text, _ACCEPT)


def is_all_suggested(text: str) -> bool:
    """ "all of them", "the suggested ones", "alle", "forslagene": every suggestion offered."""
    return _is(text, _ALL_SUGGESTED)


def is_skip_this_one(text: str) -> bool:
    """ "skip this one", "hopp over denne": leave this goal as it is and go on to the next."""
    return _is(text, _SKIP_ONE)


def is_filler(text: str) -> bool:
    """ "hmm", "uhm", "øh", "tja": a sound, not an answer."""
    short = _short(text)
    return short is not None and all(_FILLER.fullmatch(word) for word in short.split() or ["?"])


def has_letters(text: str) -> bool:
    return any(char.isalpha() for char in text[:MAX_READ_CHARS])


# --- names ------------------------------------------------------------------------------

_PLAIN_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ð": "d", "þ": "th", "ł": "l"})


def name_key(name: str) -> str:
    """A name as compared: case, accents and punctuation ignored ("Kåre-Ø. Berg" -> "kare o
    berg"); ø and æ count as o and ae, as people type them without Norwegian letters."""
    text = unicodedata.normalize("NFKD", name.casefold().translate(_PLAIN_LETTERS))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.findall(r"[^\W_]+", text))


# --- lists ------------------------------------------------------------------------------

_BULLET = re.compile(
    r"^\s*(?:[•◦▪‣·]\s*|[-–—*+>]\s+|[-–—](?=\S)|[0-9]{1,2}[.)]\s+|\(?[a-z][.)]\s+)"
)
_SPLIT = re.compile(r"\n|;|,\s|•")
_WRAPPERS = ("*", "_", "~", "`", '"', "“", "”")


def _clean_item(item: str) -> str:
    item = _BULLET.sub("", item, count=1).strip()
    for mark in _WRAPPERS:  # Slack bold/italic around a whole item
        if len(item) > 2 and item.startswith(mark) and item.endswith(mark):
            item = item[1:-1].strip()
    return item.rstrip(" .,;:").strip()


def parse_list(text: str) -> list[str]:
    """Items from a reply: one per line, bullet, ";" or ", " (not "4,5"). At most 50."""
    items = []
    for part in _SPLIT.split(text[:MAX_READ_CHARS]):
        item = _clean_item(part)
        if item:
            items.append(item)
        if len(items) >= MAX_ITEMS:
            break
    return items


_UNIT_PARENS = re.compile(r"^(?P<name>.*?)\s*[(\[](?P<unit>[^()\[\]]*)[)\]]\s*$")
_UNIT_TAIL = re.compile(
    r"^(?P<name>.*?)\s*(?:,|-|–|:|\bin\b|\bi\b)?\s*"
    r"(?P<unit>%|prosent|percent|kr\.?|kroner|nok|usd|eur|sek|dkk|gbp|\$|€|£)$",
    re.IGNORECASE,
)


def split_metric(item: str) -> tuple[str, str]:
    """Name and unit: "reach (accounts)" -> ("reach", "accounts"), "CTR %" -> ("CTR", "%")."""
    item = re.sub(r"\s+", " ", item[:MAX_READ_CHARS]).strip()
    m = _UNIT_PARENS.match(item)
    if m and m.group("name").strip():
        return m.group("name").strip(), m.group("unit").strip()
    m = _UNIT_TAIL.match(item)
    if m and m.group("name").strip():
        unit = m.group("unit").rstrip(".")
        if unit.lower() in ("prosent", "percent"):
            unit = "%"
        elif unit.lower() in ("kr", "kroner"):
            unit = "kr"
        return m.group("name").strip(), unit
    return item, ""


# --- metrics: picked by number, and lists of names ----------------------------------------

_PICK_WORDS = re.compile(
    r"(?<![\w])(?:and|og|or|eller|plus|nr|no|number|numbers|nummer|numrene|suggestions?|"
    r"forslag(?:ene)?|take|ta|use|bruk)(?![\w])|[#.,;:&+/()]",
    re.IGNORECASE,
)
_PICKS = re.compile(
    r"\s*[0-9]{1,3}(?:\s*[-–]\s*[0-9]{1,3})?(?:\s+[0-9]{1,3}(?:\s*[-–]\s*[0-9]{1,3})?)*\s*"
)
_PICK = re.compile(r"([0-9]{1,3})(?:\s*[-–]\s*([0-9]{1,3}))?")


def suggestion_numbers(text: str) -> list[int] | None:
    """ "1, 3", "1 og 3", "2-4", "#2": the numbers of the suggestions picked, in order, each
    once; None when the reply holds more than numbers. A range backwards gives 0 (no such
    suggestion)."""
    rest = _PICK_WORDS.sub(" ", text[:200])
    if not rest.strip() or not _PICKS.fullmatch(rest):
        return None
    numbers: list[int] = []
    for m in _PICK.finditer(rest):
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) else first
        numbers.extend(range(first, last + 1) if first <= last <= first + MAX_ITEMS else [0])
    return list(dict.fromkeys(numbers))


# Words that name something counted every week: a part of a list joined by "and" with one of
# these is a metric of its own ("reach and followers"); parts without ("questions and answers")
# stay one name.
_METRIC_WORDS = frozenset(
    re.findall(
        r"\S+",
        """reach impression view visit visitor click like comment share mention review rating order
    sale sales revenue sign-up signup lead download link backlink subscriber follower engagement
    conversion save repost retweet booking inquiry enquiry traffic session user ctr search
    ranking cpl cpc cost spend open play stream member fan message dm unsubscribe
    rekkevidde visning visninger besøk besøkende klikk likerklikk liker kommentar kommentarer
    deling delinger omtale omtaler anmeldelse anmeldelser vurdering vurderinger bestilling
    bestillinger ordre ordrer salg omsetning inntekt inntekter påmelding påmeldinger
    registrering registreringer nedlasting nedlastinger lenke lenker abonnent abonnenter
    følger følgere engasjement konvertering konverteringer henvendelse henvendelser melding
    meldinger medlem medlemmer trafikk økt økter bruker brukere søk rangering kostnad
    kostnader avspilling avspillinger lagring lagringer""",
    )
)
_AND = re.compile(r"\s+(?:and|og|&|\+|plus|samt)\s+", re.IGNORECASE)
_METRIC_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _names_a_metric(part: str, known: frozenset[str]) -> bool:
    name = split_metric(part)[0].casefold()
    if name in known:
        return True
    words = _METRIC_WORD.findall(name)
    return any(w in _METRIC_WORDS or w.removesuffix("s") in _METRIC_WORDS for w in words)


def _split_and(item: str, known: frozenset[str]) -> list[str]:
    """ "reach and followers" -> two names; "questions and answers" stays one: a list joined by
    "and" (outside brackets) is split when one of its parts names something counted."""
    parts, last = [], 0
    for m in _AND.finditer(item):
        before = item[last : m.start()]
        depth = item[: m.start()].count("(") - item[: m.start()].count(")")
        if depth == 0 and item[: m.start()].count("[") == item[: m.start()].count("]"):
            parts.append(before)
            last = m.end()
    parts.append(item[last:])
    cleaned = [_clean_item(part) for part in parts]
    if len(cleaned) > 1 and all(cleaned) and any(_names_a_metric(p, known) for p in cleaned):
        return cleaned
    return [item]


def parse_metric_list(text: str, known: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Metric names from a reply: a list as `parse_list` reads it, where "and" / "og" also
    separates names ("reach and followers"), unless the parts read as one name ("questions and
    answers"); `known` are names that count as metrics (the goal's own, the suggestions)."""
    keys = frozenset(name.casefold() for name in known)
    items: list[str] = []
    for item in parse_list(text):
        items.extend(_split_and(item, keys))
    return items[:MAX_ITEMS]
