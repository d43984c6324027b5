"""The Norwegian catalogue keeps up with the English sentences in the code.

Every `tr("…")` in `bot/` must have a Norwegian translation in the shipped `.po` file, with the
same placeholders and the same Slack markup, so a new sentence without Norwegian fails CI.
To fix a failure here: `pybabel extract -k tr -o /tmp/messages.pot bot`, then
`pybabel update -i /tmp/messages.pot -d bot/i18n/locale -l nb -D messages`, translate, and remove
any `#, fuzzy` flags and `#~` obsolete entries.
"""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.builder.goals_step import REMOVE_GOAL
from bot.domain.model import GoalType
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import language_for_locale, translator
from bot.text.goal_types import parse_goal_type
from bot.text.reply_text import is_accept_suggestion, is_done, is_keep

ROOT = Path(__file__).resolve().parents[2]
BOT = ROOT / "bot"
CATALOGUE = BOT / "i18n" / "locale" / "nb" / "LC_MESSAGES" / "messages.po"

# Markup that has to survive translation. Counted, because the order may change in a sentence.
# `<` and `>` cover Slack mentions and links (`<@{owner}>`, `<{link}|…>`), "\n" the line
# structure of multi-line messages, "•" the bullets of the help list.
MARKS = ("*", "`", "_", "<@", "<", ">", "\n", "•")
_CODE = re.compile(r"`[^`]*`")
_SLACK_TOKEN = re.compile(r"<([^<>|]*)(?:\|[^<>]*)?>")


def _source_msgids() -> dict[str, list[str]]:
    """Every `tr("…")` sentence in the bot package, with where it is used."""
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        BOT, method_map=[("**.py", "python")], keywords={"tr": None}
    ):
        msgid = message if isinstance(message, str) else message[0]
        if msgid:
            found.setdefault(msgid, []).append(f"bot/{filename}:{lineno}")
    return found


def _read_catalogue() -> Catalog:
    with CATALOGUE.open("rb") as handle:
        return read_po(handle, locale="nb")


SOURCE = _source_msgids()
CATALOG = _read_catalogue()
ENTRIES = [message for message in CATALOG if message.id]


def _ids(message: object) -> str:
    return str(message.id)[:60]  # type: ignore[attr-defined]


def _fields(text: str) -> set[str]:
    """The placeholder names in a `str.format` template ("{goal}" -> "goal")."""
    names = set()
    for _literal, field, _spec, _conversion in Formatter().parse(text):
        if field is not None:
            names.add(re.split(r"[.\[]", field, maxsplit=1)[0])
    return names


def _dummies(text: str) -> dict[str, str]:
    return {name: f"<{name.upper()}>" for name in _fields(text)}


def test_the_source_has_sentences() -> None:
    # Guards the extraction itself: if it silently found nothing, every other test would pass.
    assert len(SOURCE) > 100
    assert "Goals" in SOURCE and "Saved goal {n}: {goal}." in SOURCE


def test_every_sentence_has_norwegian() -> None:
    translated = {
        str(message.id)
        for message in ENTRIES
        if isinstance(message.string, str) and message.string.strip() and not message.fuzzy
    }
    missing = {msgid: where for msgid, where in SOURCE.items() if msgid not in translated}
    assert not missing, "No Norwegian translation for:\n" + "\n".join(
        f"  {msgid!r} ({', '.join(where)})" for msgid, where in missing.items()
    )


def test_no_fuzzy_obsolete_or_unused_entries() -> None:
    fuzzy = [str(message.id) for message in ENTRIES if message.fuzzy]
    assert not fuzzy, f"Fuzzy entries (ignored at run time): {fuzzy}"
    assert not CATALOG.obsolete, f"Obsolete #~ entries: {list(CATALOG.obsolete)}"
    unused = [str(message.id) for message in ENTRIES if str(message.id) not in SOURCE]
    assert not unused, f"Entries no code uses any more: {unused}"


@pytest.mark.parametrize("message", ENTRIES, ids=_ids)
def test_placeholders_match_and_format(message) -> None:  # type: ignore[no-untyped-def]
    msgid, msgstr = str(message.id), str(message.string or "")
    if not msgstr:
        return  # reported by test_every_sentence_has_norwegian
    assert _fields(msgstr) == _fields(msgid), (msgid, msgstr)
    values = _dummies(msgid)
    msgid.format(**values)
    formatted = msgstr.format(**values)
    for value in values.values():
        assert value in formatted
    # What the bot really does with it.
    assert translator("nb")(msgid, **values) == formatted
    if not values:
        assert translator("nb")(msgid) == msgstr


@pytest.mark.parametrize("message", ENTRIES, ids=_ids)
def test_markup_survives(message) -> None:  # type: ignore[no-untyped-def]
    msgid, msgstr = str(message.id), str(message.string or "")
    if not msgstr:
        return  # reported by test_every_sentence_has_norwegian
    for mark in MARKS:
        assert msgstr.count(mark) == msgid.count(mark), (mark, msgid, msgstr)
    # Commands in backticks are typed by the user: they stay exactly as in English.
    assert sorted(_CODE.findall(msgstr)) == sorted(_CODE.findall(msgid)), (msgid, msgstr)
    # Mention and link targets stay; only a link's label is translated.
    assert sorted(_SLACK_TOKEN.findall(msgstr)) == sorted(_SLACK_TOKEN.findall(msgid))


def test_translator() -> None:
    nb, en = translator("nb"), translator("en")
    assert nb("Goals") == "Mål"
    assert nb.language == "nb" and en.language == "en"
    assert en("Goals") == "Goals"
    assert en("Saved goal {n}: {goal}.", n=1, goal="x") == "Saved goal 1: x."
    assert nb("Saved goal {n}: {goal}.", n=1, goal="x") == "Lagret mål 1: x."
    assert translator(None)("Goals") == "Goals"
    assert translator("xx")("Goals") == "Goals"
    assert nb("A sentence nobody translated") == "A sentence nobody translated"


def test_step_titles() -> None:
    tr = translator("nb")
    titles = [tr(t) for t in ("Goals", "Mission", "Measurement", "Responsibility")]
    assert [*titles, tr("Customer benefits")] == [
        "Mål",
        "Misjon",
        "Måling",
        "Ansvar",
        "Fordeler for kundene",
    ]


@pytest.mark.parametrize(
    ("locale", "language"),
    [
        ("nb-NO", "nb"),
        ("nn-NO", "nb"),
        ("no", "nb"),
        ("nb_NO", "nb"),
        ("NB-no", "nb"),
        ("en-US", "en"),
        ("de-DE", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_language_for_locale(locale: str | None, language: str) -> None:
    assert language_for_locale(locale) == language


@pytest.mark.parametrize("kind", list(GoalType))
def test_norwegian_goal_types_are_understood_when_typed(kind: GoalType) -> None:
    # The coach says "if that is wrong, just name the right kind": its own words must work.
    assert parse_goal_type(fmt.goal_type_title(kind, translator("nb"))) is kind


@pytest.mark.parametrize(
    ("msgid", "word", "understood"),
    [
        ("That is {n} goals, the most I keep. Say done to go on.", "ferdig", is_done),
        ("Send a shorter mission, or say keep.", "behold", is_keep),
        ("Send concrete content ideas, or say keep.", "behold", is_keep),
        ("I did not find a metric there. Name one, or say ok.", "ok", is_accept_suggestion),
        (
            "Your goals so far:\n{goals}\nAdd another goal, or say *done*. (Wrong kind? Name the "
            "right one. To drop a goal: *remove 2*.)",
            "ferdig",
            is_done,
        ),
        (
            "Your goals so far:\n{goals}\nAdd another goal, or say *done*. (Wrong kind? Name the "
            "right one. To drop a goal: *remove 2*.)",
            "fjern 2",
            lambda text: bool(REMOVE_GOAL.match(text)),
        ),
    ],
)
def test_words_the_coach_asks_for_are_understood(msgid: str, word: str, understood) -> None:  # type: ignore[no-untyped-def]
    said = translator("nb")(msgid, **_dummies(msgid))
    assert word.split()[0] in said
    assert understood(word)


def test_the_catalogue_is_package_data() -> None:
    shipped = files("bot.i18n") / "locale" / "nb" / "LC_MESSAGES" / "messages.po"
    assert shipped.is_file()
    assert shipped.read_bytes() == CATALOGUE.read_bytes()
