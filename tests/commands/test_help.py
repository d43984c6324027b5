"""The help message: every subcommand, within Slack's limits, in both languages."""

from __future__ import annotations

import pytest

from bot.commands.help import help_message
from bot.i18n.catalogue import translator
from tests.support.block_checks import LANGUAGES
from tests.support.message_checks import all_text, assert_message_ok


@pytest.mark.parametrize("language", LANGUAGES)
def test_help_lists_every_subcommand(language: str) -> None:
    text, block_list = help_message(translator(language))
    assert_message_ok(text, block_list)
    shown = all_text(block_list)
    for command in (
        "`/strategy`",
        "`/strategy edit goals|mission|measurement|responsibility|benefits`",
        "`/strategy language en|nb`",
        "`/strategy help`",
    ):
        assert command in shown
