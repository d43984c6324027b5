"""The message catalogue: English source sentences, Norwegian bokmål from a gettext `.po` file.

Sentences are written in English in the code as `tr("…{name}…", name=...)`; Babel extracts
them (`pybabel extract -k tr`) and the translations live in
`bot/locale/<lang>/LC_MESSAGES/messages.po`, shipped inside the package. The `.po` file is
read directly with Babel when a Norwegian sentence is first needed, so there is no compile step
to forget.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

LANGUAGES: tuple[str, ...] = ("en", "nb")
DEFAULT_LANGUAGE = "en"
_NORWEGIAN_LOCALES = ("nb", "nn", "no")


def language_for_locale(locale: str | None) -> str:
    """Slack's user locale ("nb-NO", "en-US", ...) to one of our languages."""
    if locale and locale.replace("_", "-").split("-")[0].lower() in _NORWEGIAN_LOCALES:
        return "nb"
    return DEFAULT_LANGUAGE


class Translator:
    def __init__(self, language: str, catalogue: dict[str, str]) -> None:
        self.language = language
        self._catalogue = catalogue

    def __call__(self, message: str, /, **params: object) -> str:
        text = self._catalogue.get(message) or message
        return text.format(**params) if params else text


@cache
def _catalogue(language: str) -> dict[str, str]:
    if language == DEFAULT_LANGUAGE:
        return {}
    # Babel only when a catalogue is read: an English process never needs it (start-up time).
    from babel.messages.pofile import read_po

    path = files("bot.i18n") / "locale" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    return {
        str(message.id): str(message.string)
        for message in catalog
        if message.id and message.string and not message.fuzzy
    }


def translator(language: str | None) -> Translator:
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    return Translator(language, _catalogue(language))
