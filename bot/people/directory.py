"""Finding a channel's members by a name written without a mention ("Kari does it on Fridays").

Who is in the channel comes from `conversations.members`; their names from `users.list`, read a
page at a time and kept only for the channel's members, until every member has been seen.
`users.info` for each member would cost one call per member, so a 40-person channel would need
40 calls before the coach could answer; `users.list` gives 200 accounts a call, so a workspace
of up to 200 people takes one call however large the channel is. Both are bounded: at most
1,000 members (5 pages) and 2,000 accounts (10 pages) are read, so a huge workspace costs a
few seconds at most, never a rate-limit storm. Someone beyond those bounds, like anyone not
found, is asked for with an @-mention, which is never wrong.

Names are compared case- and accent-insensitively (`bot.text.reply_text.name_key`): the written
name may be the whole real name, the display name, or the first name. Bots, Slackbot and
deactivated accounts are never candidates. Slack's failures give an empty answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.slack.client import SlackIO, SlackPerson
from bot.text.reply_text import name_key

PAGE_SIZE = 200
MAX_MEMBER_PAGES = 5  # 1,000 members
MAX_PEOPLE_PAGES = 10  # 2,000 accounts


@dataclass(frozen=True)
class Member:
    """A channel member whose name matched: the id and the name to show (unique among those
    found: two Kari Nordmanns are told apart by their display names)."""

    user_id: str
    name: str


class Directory:
    def __init__(self, slack: SlackIO) -> None:
        self.slack = slack

    def find(self, channel_id: str, written: str) -> list[Member]:
        """The channel's members called `written`, by name; empty when none (or Slack failed)."""
        if not name_key(written):
            return []
        members = self._members(channel_id)
        if not members:
            return []
        return matching(written, self._people(members))

    def _members(self, channel_id: str) -> set[str]:
        members: set[str] = set()
        cursor: str | None = None
        for _ in range(MAX_MEMBER_PAGES):
            page = self.slack.channel_members_page(channel_id, cursor, PAGE_SIZE)
            if page is None:
                return set()
            found, cursor = page
            members.update(found)
            if cursor is None:
                break
        return members

    def _people(self, members: set[str]) -> list[SlackPerson]:
        people: list[SlackPerson] = []
        unseen = set(members)
        cursor: str | None = None
        for _ in range(MAX_PEOPLE_PAGES):
            page = self.slack.people_page(cursor, PAGE_SIZE)
            if page is None:
                return []
            found, cursor = page
            for person in found:
                if person.user_id in unseen:
                    unseen.discard(person.user_id)
                    people.append(person)
            if cursor is None or not unseen:
                break
        return people


def matching(written: str, people: Iterable[SlackPerson]) -> list[Member]:
    """The people whose real name, display name or first name is `written` (case, accents and
    punctuation aside), bots and deactivated accounts left out, in name order."""
    wanted = name_key(written)
    if not wanted:
        return []
    found = [
        person
        for person in people
        if not person.is_bot and not person.deleted and wanted in _keys(person)
    ]
    found.sort(key=lambda person: (name_key(_shown(person)), person.user_id))
    shown = [_shown(person) for person in found]
    return [
        Member(person.user_id, _told_apart(person, name, shown))
        for person, name in zip(found, shown, strict=True)
    ]


def _keys(person: SlackPerson) -> set[str]:
    first = person.first_name or (person.real_name.split() or [""])[0]
    return {name_key(name) for name in (person.real_name, person.display_name, first)} - {""}


def _shown(person: SlackPerson) -> str:
    return person.real_name or person.display_name or person.user_id


def _told_apart(person: SlackPerson, name: str, shown: list[str]) -> str:
    if shown.count(name) == 1:
        return name
    if person.display_name and person.display_name != name:
        return f"{name} ({person.display_name})"
    return f"{name} ({person.user_id})"
