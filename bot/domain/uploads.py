"""Files the coach has uploaded to Slack and shows again by id. Pure."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class UploadedChart:
    """A strategy's status chart as last uploaded: the key of what it shows
    (bot/insights/chart.py `chart_key`) and the id Slack gave the file."""

    key: str
    file_id: str
