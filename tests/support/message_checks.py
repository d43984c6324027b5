"""Checks of the strategy messages (Slack's limits, no pings but the starter's and the owner's)
and a small strategy to build them from. Used by the builder message, Block Kit helper and help
tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bot.domain.model import Goal, GoalType, Metric, Schedule, Strategy
from tests.support.block_checks import (
    assert_safe as check_safe,
)
from tests.support.block_checks import assert_within_limits, walk

STARTER = "U0STARTER"
OWNER = "U0OWNER"
ALLOWED_MENTIONS = {STARTER, OWNER}


def small_strategy() -> Strategy:
    return Strategy(
        team_id="T1",
        channel_id="C1",
        name="Bakery & Co",
        started_by=STARTER,
        goals=[
            Goal(
                description="Instagram followers",
                metric="Instagram followers",
                baseline=Decimal(1200),
                target=Decimal(5000),
                deadline=dt.date(2027, 6, 30),
                goal_type=GoalType.AWARENESS,
                metrics=[Metric("reach", "accounts"), Metric("followers")],
            )
        ],
        mission="Everything that creates positive, lasting memories is customer service.",
        owner_id=OWNER,
        schedule=Schedule(weekday=0, time=dt.time(9, 0), timezone="Europe/Oslo"),
        benefits=["A look behind the scenes", "Deals for followers"],
        id=42,
    )


def assert_safe(text: str, block_list: list[dict]) -> None:
    check_safe(text, block_list, ALLOWED_MENTIONS)


def assert_message_ok(text: str, block_list: list[dict]) -> None:
    assert_within_limits(text, block_list)
    for block in block_list:
        if block["type"] == "header":
            assert block["text"]["type"] == "plain_text"
            assert 0 < len(block["text"]["text"]) <= 150
        if block["type"] == "actions":
            for element in block["elements"]:
                assert len(element["text"]["text"]) <= 75
    assert_safe(text, block_list)


def all_text(block_list: list[dict]) -> str:
    return "\n".join(
        obj["text"] for obj in walk(block_list) if obj.get("type") in ("mrkdwn", "plain_text")
    )
