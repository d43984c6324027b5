"""What the coach keeps of an owner's Slack profile (time zone, locale, the DM channel with the
app), and when it is old enough to ask Slack (`users.info`) again. Pure: `now` is passed in.

Slack sends `user_change` whenever someone's data changes (a new time zone included; a DST
change is no change of the IANA zone), so the stored profile stays current without asking.
Asking again is only the net for events that never arrived (the app down longer than Slack's
retries): a moved owner is then found at that ask, as every check-in found them before. A net
renewed daily would cost every weekly check-in two Web API calls (`users.info` and
`chat.postMessage`). So the asking is done beside the check-ins, a few owners at a time
(bot/checkins/profile_refresh.py): a profile is asked again once it is `REFRESH_AHEAD` short of
stale, never the same person twice within `ASK_AT_MOST_EVERY`, and the tick finds it fresh; the
tick asks Slack itself only for a profile the refresh did not reach in time (or never had).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# The tick asks Slack again once the stored profile is this old (five weeks, plus days for DST
# and late ticks): were nothing else asking, a weekly owner's every sixth check-in, 7/6 ≈ 1.17
# Web API calls a check-in. The background refresh asks a week earlier, so the tick need not.
ASK_SLACK_AFTER = dt.timedelta(weeks=5, days=3)
# The background refresh asks Slack this long before a profile would be stale: a week in which
# a workspace's owners are asked a few a minute, whenever their profiles were last checked.
REFRESH_AHEAD = dt.timedelta(weeks=1)
# And never about the same person twice within this long (Slack's answer or not).
ASK_AT_MOST_EVERY = dt.timedelta(days=1)


@dataclass(frozen=True)
class OwnerProfile:
    team_id: str
    user_id: str
    tz: str | None  # IANA name, as Slack last said it
    locale: str | None
    dm_channel: str | None  # the app's DM with the person ("D…"), once a post has shown it
    checked_at: dt.datetime | None  # when Slack last told us tz and locale; None: never


def is_fresh(profile: OwnerProfile | None, now: dt.datetime) -> bool:
    """True when the stored time zone can be used without asking Slack."""
    if profile is None or profile.checked_at is None or profile.tz is None:
        return False
    return now - profile.checked_at < ASK_SLACK_AFTER


def refresh_checked_before(now: dt.datetime) -> dt.datetime:
    """Profiles last checked before this instant are due for the background refresh: within
    `REFRESH_AHEAD` of going stale (or stale already)."""
    return now - (ASK_SLACK_AFTER - REFRESH_AHEAD)
