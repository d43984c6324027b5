"""Finding a channel's members by a written name: the matching (case and accents aside, bots and
deactivated accounts left out) and the paging through the fake Slack Web API, bounded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.people.directory import MAX_PEOPLE_PAGES, Directory, Member, matching
from bot.slack.client import SlackIO, SlackPerson, make_client
from tests.support.fake_slack import FakeSlack


def person(
    user_id: str,
    real_name: str,
    display_name: str = "",
    first_name: str = "",
    is_bot: bool = False,
    deleted: bool = False,
) -> SlackPerson:
    return SlackPerson(user_id, real_name, display_name, first_name, is_bot, deleted)


PEOPLE = [
    person("UKARI", "Kari Nordmann", "kari.n"),
    person("UKARIH", "Kari Hansen", "kari"),
    person("UKARE", "Kåre Olsen", "kare"),
    person("UBJORN", "Bjørn Berg", "bjorn"),
    person("UOLA", "Ola Nordmann", "", first_name="Ola"),
    person("UBOTKARI", "Kari Bot", "karibot", is_bot=True),
    person("UGONE", "Kari Gone", "", deleted=True),
]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Kari Nordmann", ["UKARI"]),
        ("kari nordmann", ["UKARI"]),  # case
        ("KARI NORDMANN", ["UKARI"]),
        ("kari.n", ["UKARI"]),  # the display name
        ("Kari", ["UKARIH", "UKARI"]),  # the first name (and a display name): two people
        ("Kare", ["UKARE"]),  # accents
        ("Kåre", ["UKARE"]),
        ("kåre olsen", ["UKARE"]),
        ("Bjorn", ["UBJORN"]),  # ø typed as o
        ("Ola", ["UOLA"]),
        ("Nordmann", []),  # a last name alone is not how people are named here
        ("Karin", []),
        ("", []),
    ],
)
def test_matching_names(written: str, expected: list[str]) -> None:
    assert [member.user_id for member in matching(written, PEOPLE)] == expected


def test_bots_and_deactivated_accounts_are_never_candidates() -> None:
    assert matching("Kari Bot", PEOPLE) == []
    assert matching("Kari Gone", PEOPLE) == []


def test_two_people_with_the_same_name_are_told_apart() -> None:
    twins = [person("U1", "Kari Nordmann", "kari.oslo"), person("U2", "Kari Nordmann", "")]
    assert matching("Kari Nordmann", twins) == [
        Member("U1", "Kari Nordmann (kari.oslo)"),
        Member("U2", "Kari Nordmann (U2)"),
    ]


# --- through the Web API --------------------------------------------------------------------


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


def directory(fake: FakeSlack) -> Directory:
    return Directory(SlackIO(make_client("xoxb-test", fake.api_url)))


def test_only_the_channels_members_are_found(fake: FakeSlack) -> None:
    fake.add_user("UKARI", name="kari.n", real_name="Kari Nordmann")
    fake.add_user("UKARI2", name="kari", real_name="Kari Hansen")  # not in the channel
    fake.add_user("UOLA", name="ola", real_name="Ola Nordmann")
    fake.add_channel("C1", members=["UKARI", "UOLA", "UBOT"])
    assert directory(fake).find("C1", "Kari") == [Member("UKARI", "Kari Nordmann")]
    [members] = fake.calls("conversations.members")
    assert members.params["channel"] == "C1"


def test_members_and_people_are_read_page_by_page(fake: FakeSlack) -> None:
    for n in range(450):
        fake.add_user(f"U{n:04d}", name=f"person{n}", real_name=f"Person {n}")
    fake.add_user("UKARE", name="kare", real_name="Kåre Olsen")
    fake.add_channel("C1", members=[f"U{n:04d}" for n in range(0, 450, 2)] + ["UKARE"])
    assert directory(fake).find("C1", "kare") == [Member("UKARE", "Kåre Olsen")]
    member_pages = fake.calls("conversations.members")
    people_pages = fake.calls("users.list")
    assert len(member_pages) == 2 and len(people_pages) == 3
    assert all(int(call.params["limit"]) == 200 for call in member_pages + people_pages)
    assert "cursor" not in people_pages[0].params
    assert people_pages[1].params["cursor"] and people_pages[2].params["cursor"]


def test_listing_stops_once_every_member_is_seen(fake: FakeSlack) -> None:
    fake.add_user("UKARI", name="kari", real_name="Kari Nordmann")
    for n in range(600):
        fake.add_user(f"U{n:04d}", name=f"person{n}", real_name=f"Person {n}")
    fake.add_channel("C1", members=["UKARI"])
    assert directory(fake).find("C1", "kari") == [Member("UKARI", "Kari Nordmann")]
    assert len(fake.calls("users.list")) == 1


def test_the_listing_is_bounded(fake: FakeSlack) -> None:
    """Someone beyond the bound is not found (the coach then asks for a mention)."""
    for n in range(MAX_PEOPLE_PAGES * 200 + 5):
        fake.add_user(f"U{n:05d}", name=f"p{n}", real_name=f"P {n}")
    fake.add_user("UKARI", name="kari", real_name="Kari Nordmann")
    fake.add_channel("C1", members=["U00001", "UKARI"])
    assert directory(fake).find("C1", "Kari") == []
    assert len(fake.calls("users.list")) == MAX_PEOPLE_PAGES


@pytest.mark.parametrize("method", ["conversations.members", "users.list"])
def test_slack_failures_find_nobody(fake: FakeSlack, method: str) -> None:
    fake.add_user("UKARI", name="kari", real_name="Kari Nordmann")
    fake.add_channel("C1", members=["UKARI"])
    fake.error(method, "missing_scope")
    assert directory(fake).find("C1", "Kari") == []
    assert directory(fake).find("C1", "Kari") == [Member("UKARI", "Kari Nordmann")]


def test_an_unknown_channel_finds_nobody(fake: FakeSlack) -> None:
    fake.add_user("UKARI", name="kari", real_name="Kari Nordmann")
    assert directory(fake).find("C404", "Kari") == []
    assert fake.calls("users.list") == []
