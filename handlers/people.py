"""`user_change`: Slack's word that someone's profile changed (their time zone, their locale),
kept for the check-ins' owners (bot/checkins/owners.py) so no check-in asks `users.info`.

Slack sends it for every member of the workspace; for anyone who owns no strategy it is answered
200 and nothing is stored."""

from __future__ import annotations

from slack_bolt import App, BoltContext

from bot.checkins.owners import OwnerProfiles
from handlers.database_guard import rides_out_outages


def register(app: App, owners: OwnerProfiles) -> None:
    @rides_out_outages  # acked before it runs: a short database outage is waited out
    def user_change(event: dict, context: BoltContext) -> None:
        user = event.get("user")
        if isinstance(user, dict):
            owners.changed(context.team_id or "", user)

    app.event("user_change")(user_change)
