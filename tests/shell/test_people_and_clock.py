"""The shell's pure parts: what a typed line becomes on its way to the coach (as Slack's client
makes it), the ids names get, and where `:time` moves the clock and through which ticks."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.runtime.shell.clock import ShellClock, steps, target_time
from bot.runtime.shell.people import People, clean_name, user_id_for
from bot.slack_standin import SlackStandin

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)  # Friday, 13:00 in Oslo
COACH = "U0COACH0"


@pytest.fixture(scope="module")
def slack():  # type: ignore[no-untyped-def]
    with SlackStandin() as standin:
        yield standin


@pytest.fixture
def people(slack: SlackStandin) -> People:
    return People(slack, "Europe/Oslo", "en-US", COACH)


def test_a_name_always_gets_the_same_slack_like_id() -> None:
    assert user_id_for("kari") == user_id_for("Kari") != user_id_for("ola")
    assert user_id_for("kari").startswith("U") and user_id_for("kari").isalnum()
    assert clean_name("@kari") == "kari" and clean_name(" kari.n ") == "kari.n"
    assert clean_name("@") is None and clean_name("@ka ri") is None


def test_typed_text_is_escaped_and_names_become_mentions_as_slack_sends_them(people) -> None:  # type: ignore[no-untyped-def]
    typed = people.typed_to_slack("Hi @kari & <b>@here</b>, mail me at a@b.no")
    assert typed.text == (
        f"Hi <@{user_id_for('kari')}> &amp; &lt;b&gt;<!here>&lt;/b&gt;, mail me at a@b.no"
    )
    assert not typed.mentions_coach
    assert people.name_of(user_id_for("kari")) == "kari"  # now in the workspace


def test_a_commands_mentions_carry_the_name(people) -> None:  # type: ignore[no-untyped-def]
    typed = people.typed_to_slack("owner @kari & @here", command=True)
    assert typed.text == f"owner <@{user_id_for('kari')}|kari> &amp; <!here>"


def test_naming_the_coach_mentions_it_once(people) -> None:  # type: ignore[no-untyped-def]
    for line in ("@coach status", "@Strategy Coach status", "@strategy-coach status"):
        typed = people.typed_to_slack(line)
        assert typed.mentions_coach and typed.text == f"<@{COACH}> status"


def test_a_typed_backslash_n_is_a_new_line(people) -> None:  # type: ignore[no-untyped-def]
    assert people.typed_to_slack(r"one\ntwo").text == "one\ntwo"


@given(line=st.text(max_size=200))
def test_any_typed_line_reaches_the_coach_without_raw_markup(
    slack: SlackStandin, line: str
) -> None:
    text = People(slack, "UTC", "en-US", COACH).typed_to_slack(line).text
    # Only the markup Slack's client makes itself is left: mentions; never a stray < or >.
    stripped = text
    for mark in ("<!here>", "<!channel>", "<!everyone>", f"<@{COACH}>"):
        stripped = stripped.replace(mark, "")
    stripped = re.sub(r"<@U[A-Z2-7]{9}>", "", stripped)
    assert "<" not in stripped and ">" not in stripped


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("+1w", NOW + dt.timedelta(weeks=1)),
        ("+2d 3h", NOW + dt.timedelta(days=2, hours=3)),
        ("+90m", NOW + dt.timedelta(minutes=90)),
        ("+1 uke", NOW + dt.timedelta(weeks=1)),
        ("2027-01-04 09:00", dt.datetime(2027, 1, 4, 8, 0, tzinfo=dt.UTC)),
        ("monday 9:00", dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)),
        ("mandag 09:00", dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)),
        ("+1x", None),
        ("-1d", None),
        ("", None),
        ("whenever", None),
    ],
)
def test_where_time_moves_the_clock(typed: str, expected: dt.datetime | None) -> None:
    assert target_time(typed, NOW, "Europe/Oslo") == expected


def test_the_clock_moves_only_forward_and_today_is_the_users() -> None:
    clock = ShellClock("Pacific/Auckland", real=lambda: NOW)
    assert clock.today() == dt.date(2026, 11, 28)  # already Saturday in Auckland
    assert not clock.move_to(NOW - dt.timedelta(minutes=1)) and clock.now() == NOW
    assert clock.move_to(NOW + dt.timedelta(days=3)) and clock.now() == NOW + dt.timedelta(days=3)


def test_moving_on_ticks_every_hour_or_in_even_steps() -> None:
    week = steps(NOW, NOW + dt.timedelta(weeks=1))
    assert len(week) == 7 * 24 and week[0] == NOW + dt.timedelta(hours=1)
    assert week[-1] == NOW + dt.timedelta(weeks=1)
    year = steps(NOW, NOW + dt.timedelta(days=365))
    assert len(year) <= 501 and year[-1] == NOW + dt.timedelta(days=365)
    assert steps(NOW, NOW + dt.timedelta(minutes=20)) == [NOW + dt.timedelta(minutes=20)]
    assert steps(NOW, NOW) == []
