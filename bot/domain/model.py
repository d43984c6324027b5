"""The strategy as the coach sees it: plain data, no SQL, no Slack.

Storage turns rows into these and back; the coach decides on them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class GoalType(StrEnum):
    SALES = "sales"
    LEADS = "leads"
    WORD_OF_MOUTH = "word_of_mouth"
    AWARENESS = "awareness"
    AUTHORITY = "authority"


class Direction(StrEnum):
    """Which way a goal's number should move: more followers, or a shorter reply time."""

    UP = "up"
    DOWN = "down"


class Period(StrEnum):
    """What a goal's number counts: the total so far (no period), or the amount in each period."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class Step(StrEnum):
    GOALS = "goals"
    MISSION = "mission"
    MEASUREMENT = "measurement"
    RESPONSIBILITY = "responsibility"
    BENEFITS = "benefits"


STEPS: tuple[Step, ...] = (
    Step.GOALS,
    Step.MISSION,
    Step.MEASUREMENT,
    Step.RESPONSIBILITY,
    Step.BENEFITS,
)


class Status(StrEnum):
    DRAFT = "draft"
    LIVE = "live"


@dataclass
class Metric:
    name: str
    unit: str = ""
    id: int | None = None


@dataclass
class Goal:
    """One goal: a metric moving from a baseline to a target by a deadline."""

    description: str
    metric: str = ""
    unit: str = ""
    baseline: Decimal | None = None
    target: Decimal | None = None
    deadline: dt.date | None = None
    goal_type: GoalType | None = None
    metrics: list[Metric] = field(default_factory=list)
    id: int | None = None
    direction: Direction | None = None  # None until both numbers are known
    period: Period | None = None  # "2,000 visits a month": MONTH; a running total: None
    # Metrics removed in an edit while they held reports: read for the export, never edited.
    archived_metrics: list[Metric] = field(default_factory=list)

    def missing(self) -> list[str]:
        """What the coach still has to ask for, in the order it asks."""
        gaps = []
        if self.target is None:
            gaps.append("target")
        if self.deadline is None:
            gaps.append("deadline")
        if self.baseline is None:
            gaps.append("baseline")
        return gaps


@dataclass
class Schedule:
    weekday: int = 0  # Monday = 0, as datetime.weekday()
    time: dt.time = dt.time(9, 0)
    timezone: str = "UTC"


@dataclass
class Conversation:
    """Where the dialogue stands: the step, the open question, and any half-built answer."""

    step: Step | None = Step.GOALS
    awaiting: str = "goal"
    draft: dict = field(default_factory=dict)


def same_name(a: str, b: str) -> bool:
    """Two spellings of one metric's name: case and spaces aside ("Reach " is "reach")."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


@dataclass(frozen=True)
class HeldReports:
    """How many reports each stored goal and metric holds, by id, as storage counted them when
    the strategy was loaded: what an edit would take out of check-ins and status."""

    goals: dict[int, int] = field(default_factory=dict)
    metrics: dict[int, int] = field(default_factory=dict)

    def of_goal(self, goal: Goal) -> int:
        return self.goals.get(goal.id, 0) if goal.id is not None else 0

    def of_metric(self, metric: Metric) -> int:
        return self.metrics.get(metric.id, 0) if metric.id is not None else 0


@dataclass
class Strategy:
    team_id: str
    channel_id: str
    name: str
    started_by: str
    language: str = "en"
    status: Status = Status.DRAFT
    thread_ts: str | None = None
    card_ts: str | None = None
    owner_id: str | None = None
    mission: str | None = None
    benefits: list[str] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    schedule: Schedule | None = None
    skipped: list[Step] = field(default_factory=list)
    conversation: Conversation = field(default_factory=Conversation)
    started_on: dt.date | None = None  # read from storage: where the plan's straight line starts
    id: int | None = None
    # `goals` are the active ones: the builder, check-ins, status and Home see only those. Goals
    # removed while they held reports are archived: kept for the export and history only.
    archived_goals: list[Goal] = field(default_factory=list)
    held: HeldReports = field(default_factory=HeldReports)  # read from storage

    def done_steps(self) -> list[Step]:
        done: list[Step] = []
        # A goal needs its target and deadline; today's value may come with the first report.
        if self.goals and all(g.target is not None and g.deadline is not None for g in self.goals):
            done.append(Step.GOALS)
        if self.mission:
            done.append(Step.MISSION)
        if self.goals and all(g.metrics for g in self.goals):
            done.append(Step.MEASUREMENT)
        if self.owner_id and self.schedule:
            done.append(Step.RESPONSIBILITY)
        if self.benefits:
            done.append(Step.BENEFITS)
        return done

    def may_answer(self, user_id: str) -> bool:
        return user_id in (self.started_by, self.owner_id)


@dataclass(frozen=True)
class Report:
    """One stored value for a metric and week. A later report for the same metric and week
    corrects an earlier one; `correction_of` is the id of the report it replaces."""

    id: int
    goal_id: int
    metric_id: int
    week: dt.date  # the Monday of the week it is for
    value: Decimal
    reported_by: str
    reported_at: dt.datetime  # aware, UTC
    correction_of: int | None = None


class CheckinStatus(StrEnum):
    DUE = "due"  # claimed by a sender, not posted yet
    SENT = "sent"  # in the owner's DMs, waiting for the numbers
    ANSWERED = "answered"
    MISSED = "missed"  # the week passed without numbers: a gap, never a zero


@dataclass(frozen=True)
class Checkin:
    """One week's check-in of one strategy, and where its DM is (answers come in its thread)."""

    id: int
    strategy_id: int
    week: dt.date  # the Monday of that week, in the owner's zone
    due_at: dt.datetime  # aware, UTC
    status: CheckinStatus
    dm_channel: str | None = None
    message_ts: str | None = None
    pending: dict[str, str] | None = None  # metric id -> value held back until confirmed

    @property
    def is_posted(self) -> bool:
        return bool(self.dm_channel and self.message_ts)


@dataclass(frozen=True)
class DueSchedule:
    """A live, unpaused strategy whose check-in slot has come, as the scheduler's tick sees it."""

    strategy_id: int
    team_id: str
    owner_id: str | None
    next_due_at: dt.datetime  # pass back unchanged to advance_schedule as `expected_due_at`
    weekday: int
    local_time: dt.time
    timezone: str


@dataclass(frozen=True)
class DueReminder:
    """A sent check-in unanswered long enough for its one reminder, and where its DM is."""

    checkin_id: int
    team_id: str
    dm_channel: str
    message_ts: str


@dataclass(frozen=True)
class CheckinWeek:
    """What happened to one week's check-in: due, sent, answered or missed."""

    week: dt.date
    status: CheckinStatus
    answered_at: dt.datetime | None = None


@dataclass
class Snapshot:
    """A strategy with its numbers, as stored: what status, App Home and export are made from."""

    strategy: Strategy
    reports: list[Report] = field(default_factory=list)  # latest per (metric, week); by week
    checkins: list[CheckinWeek] = field(default_factory=list)  # by week
    next_checkin: dt.datetime | None = None  # aware, UTC; None when not scheduled
    paused: bool = False
    paused_until: dt.date | None = None


@dataclass(frozen=True)
class StrategyRef:
    """A strategy's name and home, for choosing one without loading it."""

    id: int
    name: str
    channel_id: str
    live: bool
