"""What the coach keeps of an owner's Slack profile (time zone, locale, the DM channel with the
app), and when it is old enough to ask Slack (`users.info`) again. Pure: `now` is passed in.

Slack sends `user_change` whenever someone's data changes (a new time zone included; a DST
change is no change of the IANA zone), so the stored profile stays current without asking.
Asking again is only the net for events that never arrived (the app down longer than Slack's
retries): a moved owner is then found at that ask, as every check-in found them before. A net
renewed daily would cost every weekly check-in two Web API calls (`users.info` and
`chat.postMessage`); renewed after five weeks it costs one check-in in six one extra call.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Slack is asked again once the stored profile is this old: never more often than daily, and
# for a weekly owner on every sixth check-in (five weeks, plus days for DST and late ticks), so a
# check-in averages 7/6 ≈ 1.17 Web API calls, under the 1.2 of issue 13.
ASK_SLACK_AFTER = dt.timedelta(weeks=5, days=3)


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
