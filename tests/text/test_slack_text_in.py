"""Slack's encoding of a typed message undone once (bot/text/slack_text_in.py), pure."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.text.slack_text_in import as_typed, unnamed_people
from bot.text.user_text import escape


def slack_encode(typed: str) -> str:
    """What Slack does to the characters a person types: `&`, `<`, `>` as entities."""
    return typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@given(st.text())
def test_any_typed_text_comes_back_as_typed(typed: str) -> None:
    assert as_typed(slack_encode(typed)) == typed


@given(st.text())
def test_what_is_shown_is_escaped_once(typed: str) -> None:
    # What the coach posts (escape of what it stored) is exactly Slack's own encoding: Slack
    # shows the person what they typed, and no `<` of theirs reaches Slack as markup.
    shown = escape(as_typed(slack_encode(typed)))
    assert shown == slack_encode(typed)
    assert "<" not in shown and ">" not in shown


def test_entities_are_decoded_once() -> None:
    # Typed "&lt;" arrives as "&amp;lt;" and is stored as the four characters typed.
    assert as_typed("Fast &amp; friendly &lt;3 &amp;lt; &gt;") == "Fast & friendly <3 &lt; >"


def test_broadcasts_become_plain_words() -> None:
    text = "tell <!channel>, <!here> and <!everyone>; old style <!here|@here>"
    assert as_typed(text) == "tell @channel, @here and @everyone; old style @here"


def test_people_channels_groups_links_and_dates_read_as_written() -> None:
    text = (
        "<@U2|kari> and <@W3> in <#C1|marketing> (<#C9>), <!subteam^S1|@design>, "
        "see <https://example.com/a?b=1&amp;c=2|Q&amp;A> or <https://example.com/x>, "
        "mail <mailto:kari@example.com|kari@example.com>, "
        "<!date^1392734382^{date_num}|2014-02-18>"
    )
    assert as_typed(text, {"W3": "Ola Nordmann"}) == (
        "@kari and @Ola Nordmann in #marketing (#C9), @design, "
        "see Q&A or https://example.com/x, mail kari@example.com, 2014-02-18"
    )


def test_a_person_slack_names_nowhere_keeps_the_id() -> None:
    assert as_typed("<@U123ABC> owns it") == "@U123ABC owns it"


def test_unnamed_people_are_the_bare_mentions_once() -> None:
    text = "<@U2> <@U3|ola> <@U2> <@W4> &lt;@U5&gt;"
    assert unnamed_people(text) == ["U2", "W4"]
