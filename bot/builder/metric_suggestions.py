"""Metrics worth reporting every week, by kind of goal (the method's suggestions). Pure."""

from __future__ import annotations

from bot.domain.model import GoalType
from bot.i18n.catalogue import Translator


def suggested_metrics(goal_type: GoalType | None, tr: Translator) -> list[str]:
    """Metrics worth reporting weekly for a kind of goal (the most common ones without a kind)."""
    if goal_type == GoalType.SALES:
        return [
            tr("orders from social"),
            tr("revenue from social"),
            tr("promo codes redeemed"),
            tr("conversion rate"),
        ]
    if goal_type == GoalType.LEADS:
        return [tr("sign-ups from social"), tr("form fills from social"), tr("cost per lead")]
    if goal_type == GoalType.WORD_OF_MOUTH:
        return [tr("shares"), tr("mentions"), tr("reviews"), tr("average rating")]
    if goal_type == GoalType.AWARENESS:
        return [tr("reach"), tr("impressions"), tr("followers"), tr("branded searches")]
    if goal_type == GoalType.AUTHORITY:
        return [
            tr("inbound links"),
            tr("downloads"),
            tr("comments per post"),
            tr("search ranking"),
        ]
    return [tr("reach"), tr("followers"), tr("sign-ups from social")]
