"""The Block Kit helpers: cutting text to fit, notices, and notification text that never
broadcasts."""

from __future__ import annotations

from slack_sdk.models.blocks import Block

from bot.builder import messages as builder_messages
from bot.i18n.catalogue import translator
from bot.slack import blocks
from tests.support.message_checks import small_strategy


def test_cut_never_splits_an_entity_or_a_token() -> None:
    assert blocks.fit("&amp;&amp;&amp;", 8) == "&amp;…"
    assert blocks.fit("see <@U123> now", 10) == "see…"
    assert blocks.fit("short", 10) == "short"
    cut = blocks.user("<" * 100, 50)
    assert cut.endswith("…") and len(cut) <= 50 and "<" not in cut
    assert blocks.json_cost("ø") == 6 and blocks.json_cost("a\n") == 3


def test_notice_is_one_verbatim_section() -> None:
    text, block_list = blocks.notice("Reopened it <https://x.slack.com/p1|in the thread>.")
    assert block_list == [
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": "Reopened it <https://x.slack.com/p1|in the thread>.",
                "verbatim": True,
            },
        }
    ]
    assert text.startswith("Reopened it")
    long_text, long_blocks = blocks.notice("a" * 5000)
    assert len(long_text) <= 300
    assert len(long_blocks[0]["text"]["text"]) <= 3000
    Block.parse(long_blocks[0]).to_dict()


def test_notification_text_never_broadcasts() -> None:
    strategy = small_strategy()
    strategy.name = "@here and @channel and @everyone"
    for text, _ in (
        builder_messages.card(strategy, translator("en")),
        builder_messages.summary(strategy, translator("en")),
        blocks.notice("@here look"),
    ):
        assert "@here" not in text and "@channel" not in text and "@everyone" not in text
        assert "here" in text
