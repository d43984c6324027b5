"""The weekly DMs of a batch of claimed check-ins, loaded in a fixed number of queries: the
check-ins, their strategies (goals and metrics), each metric's last value, the weeks missed and
the owners' stored profiles, then each message built by bot/checkins/messages.py.

A check-in too late to ask (past the grace period) is marked missed here instead: a gap.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.checkins import messages
from bot.checkins.claiming import Claimed
from bot.domain.model import CheckinStatus
from bot.domain.profiles import OwnerProfile
from bot.domain.slots import is_within_grace
from bot.i18n.catalogue import translator
from storage import checkin_batches, checkin_claims, people, reports, strategy_views
from storage.db import SessionFactory


@dataclass(frozen=True)
class CheckinDM:
    team_id: str
    checkin_id: int
    owner_id: str
    known: OwnerProfile | None  # the owner's stored profile: where their DM is, if known
    text: str
    blocks: list[dict]
    claimed_at: dt.datetime  # this process's lease on the check-in runs from here


def checkin_dms(
    sessions: SessionFactory, claimed: list[Claimed], now: dt.datetime
) -> list[CheckinDM]:
    """The DMs to send for these claims, in their order; claims no longer sendable left out."""
    if not claimed:
        return []
    with sessions.begin() as session:
        rows = checkin_batches.checkins_of_teams(session, [claim.checkin_id for claim in claimed])
        found = {checkin.id: (team_id, checkin) for team_id, checkin in rows}
        strategy_ids = {checkin.strategy_id for _, checkin in found.values()}
        loaded = strategy_views.strategies_by_ids(session, strategy_ids)
        latest = reports.latest_values_by_strategy(session, strategy_ids)
        missed = checkin_batches.missed_counts(session, strategy_ids)
        owners = {(s.team_id, s.owner_id) for s in loaded.values() if s.owner_id}
        known = people.profiles(session, owners)
        ready = []
        for claim in claimed:
            team_id, checkin = found.get(claim.checkin_id, (None, None))
            if (
                checkin is None
                or team_id != claim.team_id
                or checkin.status is not CheckinStatus.DUE
            ):
                continue
            strategy = loaded.get(checkin.strategy_id)
            if strategy is None or strategy.team_id != team_id or not strategy.owner_id:
                continue
            if not is_within_grace(checkin.due_at, now):
                checkin_claims.mark_missed(session, checkin.id)  # too late to ask: a gap
                continue
            ready.append((claim, strategy))
    dms = []
    for claim, strategy in ready:
        assert strategy.owner_id is not None and strategy.id is not None
        text, blocks = messages.checkin_request(
            strategy,
            latest.get(strategy.id, {}),
            missed.get(strategy.id, 0),
            translator(strategy.language),
            checkin_id=claim.checkin_id,
        )
        dms.append(
            CheckinDM(
                team_id=claim.team_id,
                checkin_id=claim.checkin_id,
                owner_id=strategy.owner_id,
                known=known.get((claim.team_id, strategy.owner_id)),
                text=text,
                blocks=blocks,
                claimed_at=claim.claimed_at,
            )
        )
    return dms
