"""The schema, as typed SQLAlchemy 2 models. Alembic migrations are the only way it changes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Slack ids are short, but enterprise grids and future formats make a little slack worthwhile.
SlackId = String(32)
# Metric values: large enough for revenue, four decimals for rates.
Amount = Numeric(20, 4)


def utc(moment: dt.datetime) -> dt.datetime:
    """An aware datetime in UTC. A naive one would be read as local time on one database and as
    UTC on the other, so it is refused."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: pass an aware UTC datetime")
    return moment.astimezone(dt.UTC)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """An aware UTC datetime in, an aware UTC datetime out, on every database.

    SQLite keeps no zone (it stores text and hands back naive values), so values are turned
    into UTC before they are stored and labelled UTC when read: comparisons in SQL then match
    PostgreSQL's timestamptz, and Python never mixes naive and aware values.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else utc(value)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    pass


class Workspace(Base):
    __tablename__ = "workspaces"

    team_id: Mapped[str] = mapped_column(SlackId, primary_key=True)
    language: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    # Set when the app was uninstalled or its bot token stopped working: nothing is sent to the
    # team from then on, and its data is deleted once the grace period has passed.
    uninstalled_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, index=True)
    # Why: app_uninstalled, tokens_revoked, or the Web API's error (invalid_auth, …).
    uninstall_reason: Mapped[str | None] = mapped_column(String(32))


class StrategyRow(Base):
    __tablename__ = "strategies"
    __table_args__ = (UniqueConstraint("team_id", "channel_id", name="uq_strategy_channel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id"), index=True)
    channel_id: Mapped[str] = mapped_column(SlackId)
    name: Mapped[str] = mapped_column(String(200))
    started_by: Mapped[str] = mapped_column(SlackId)
    owner_id: Mapped[str | None] = mapped_column(SlackId)
    language: Mapped[str] = mapped_column(String(5))
    status: Mapped[str] = mapped_column(String(16))
    thread_ts: Mapped[str | None] = mapped_column(String(32))
    card_ts: Mapped[str | None] = mapped_column(String(32))
    mission: Mapped[str | None] = mapped_column(Text)
    benefits: Mapped[list[str]] = mapped_column(JSON, default=list)
    skipped: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    goals: Mapped[list[GoalRow]] = relationship(
        back_populates="strategy",
        order_by="GoalRow.position",
        cascade="all, delete-orphan",
    )
    schedule: Mapped[ScheduleRow | None] = relationship(cascade="all, delete-orphan")
    conversation: Mapped[ConversationRow | None] = relationship(cascade="all, delete-orphan")


class GoalRow(Base):
    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    strategy_id: Mapped[int] = mapped_column(
        ForeignKey("strategies.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    metric: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40))
    baseline: Mapped[Decimal | None] = mapped_column(Amount)
    target: Mapped[Decimal | None] = mapped_column(Amount)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    goal_type: Mapped[str | None] = mapped_column(String(20))
    direction: Mapped[str | None] = mapped_column(String(4))  # "up" | "down"
    period: Mapped[str | None] = mapped_column(String(8))  # "week" | "month" | … | NULL: a total
    # Removed in an edit while it held reports: kept for the export and history, gone elsewhere.
    archived_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    strategy: Mapped[StrategyRow] = relationship(back_populates="goals")
    metrics: Mapped[list[MetricRow]] = relationship(
        back_populates="goal", order_by="MetricRow.position", cascade="all, delete-orphan"
    )


class MetricRow(Base):
    __tablename__ = "metrics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40))
    # Removed in an edit while it held reports: kept for the export and history, gone elsewhere.
    archived_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    goal: Mapped[GoalRow] = relationship(back_populates="metrics")


class ScheduleRow(Base):
    """When the owner is asked for the numbers, in the owner's own time zone."""

    __tablename__ = "checkin_schedules"

    strategy_id: Mapped[int] = mapped_column(
        ForeignKey("strategies.id", ondelete="CASCADE"), primary_key=True
    )
    weekday: Mapped[int] = mapped_column(Integer)
    local_time: Mapped[dt.time] = mapped_column(Time)
    timezone: Mapped[str] = mapped_column(String(64))
    # The next slot in UTC; NULL = not scheduled. Ticks compare-and-set it (checkin_claims.py).
    next_due_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, index=True)
    # No check-ins through this date (inclusive); `paused` stops them until switched back.
    paused_until: Mapped[dt.date | None] = mapped_column(Date)
    paused: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class ConversationRow(Base):
    """The open question in a strategy's thread, so a restart mid-dialogue loses nothing."""

    __tablename__ = "conversations"

    strategy_id: Mapped[int] = mapped_column(
        ForeignKey("strategies.id", ondelete="CASCADE"), primary_key=True
    )
    step: Mapped[str | None] = mapped_column(String(20))
    awaiting: Mapped[str] = mapped_column(String(40))
    draft: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ProcessedMessage(Base):
    """Thread replies already handled: Slack retries and re-deliveries are dropped here."""

    __tablename__ = "processed_messages"

    team_id: Mapped[str] = mapped_column(SlackId, primary_key=True)
    channel_id: Mapped[str] = mapped_column(SlackId, primary_key=True)
    message_ts: Mapped[str] = mapped_column(String(32), primary_key=True)
    processed_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )

    # The tick prunes the oldest rows in batches (storage/processed_messages.prune).
    __table_args__ = (Index("ix_processed_messages_processed_at", "processed_at"),)


class CheckinRow(Base):
    """One week's check-in for one strategy. UNIQUE(strategy_id, week) makes it exist once."""

    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint("strategy_id", "week", name="uq_checkin_week"),
        CheckConstraint(
            "status IN ('due', 'sent', 'answered', 'missed')", name="ck_checkin_status"
        ),
        # The sender's sweep for unsent check-ins: status = 'due', oldest first.
        Index("ix_checkins_status_due_at", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategies.id", ondelete="CASCADE"))
    week: Mapped[dt.date] = mapped_column(Date)  # the Monday of that week, in the owner's zone
    due_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(16), default="due")
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    dm_channel: Mapped[str | None] = mapped_column(SlackId)
    message_ts: Mapped[str | None] = mapped_column(String(32))
    reminded_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    answered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    # Values held back until the owner confirms them (a drop of more than half, say).
    pending: Mapped[dict[str, str] | None] = mapped_column(JSON(none_as_null=True))


class ReportRow(Base):
    """One reported value. A later report for the same metric and week corrects this one."""

    __tablename__ = "reports"
    __table_args__ = (
        # A report is corrected at most once, so the history is a chain with one latest end.
        UniqueConstraint("correction_of", name="uq_report_correction"),
        Index("ix_reports_metric_week", "metric_id", "week"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    strategy_id: Mapped[int] = mapped_column(
        ForeignKey("strategies.id", ondelete="CASCADE"), index=True
    )
    # A report outlives its check-in row; answers can also arrive outside a check-in.
    checkin_id: Mapped[int | None] = mapped_column(ForeignKey("checkins.id", ondelete="SET NULL"))
    # History outlives an edit: a goal or metric with reports is archived, never deleted.
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="RESTRICT"))
    metric_id: Mapped[int] = mapped_column(ForeignKey("metrics.id", ondelete="RESTRICT"))
    week: Mapped[dt.date] = mapped_column(Date)
    value: Mapped[Decimal] = mapped_column(Amount)
    reported_by: Mapped[str] = mapped_column(SlackId)
    reported_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    correction_of: Mapped[int | None] = mapped_column(ForeignKey("reports.id", ondelete="SET NULL"))


class OwnerProfileRow(Base):
    """What Slack last said of a person the coach DMs (storage/people.py): kept so a check-in
    needs no `users.info` or `conversations.open`; `user_change` events keep it current."""

    __tablename__ = "owner_profiles"

    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id"), primary_key=True)
    user_id: Mapped[str] = mapped_column(SlackId, primary_key=True)
    tz: Mapped[str | None] = mapped_column(String(64))
    locale: Mapped[str | None] = mapped_column(String(16))
    dm_channel: Mapped[str | None] = mapped_column(SlackId)
    # When Slack last told us tz and locale (users.info or user_change); NULL: never.
    checked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class StatusChartRow(Base):
    """The status chart last uploaded for a strategy (storage/status_charts.py): its key, a
    digest of all it shows, and Slack's file id, so an unchanged chart is shown by id."""

    __tablename__ = "status_charts"

    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id"), primary_key=True)
    strategy_id: Mapped[int] = mapped_column(
        ForeignKey("strategies.id", ondelete="CASCADE"), primary_key=True
    )
    chart_key: Mapped[str] = mapped_column(String(64))
    file_id: Mapped[str] = mapped_column(SlackId)
    uploaded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


# slack_sdk's SQLAlchemy OAuth stores (storage/installations.py) own these three tables' queries;
# they are declared here so the schema stays in one place. Migration 0008 explains the columns;
# tests/storage/test_installations.py checks them against slack_sdk's own table builders.
SealedToken = String(1000)  # a Slack token, Fernet-encrypted when TOKEN_ENCRYPTION_KEY is set
# Columns `storage/team_data.py` never exports (the team's rows are still deleted with it).
SECRET_COLUMNS = "secret_columns"

slack_installations = Table(
    "slack_installations",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client_id", String(32), nullable=False),
    Column("app_id", String(32), nullable=False),
    Column("enterprise_id", String(32)),
    Column("enterprise_name", String(200)),
    Column("enterprise_url", String(200)),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    Column("bot_token", SealedToken),
    Column("bot_id", String(32)),
    Column("bot_user_id", String(32)),
    Column("bot_scopes", String(1000)),
    Column("bot_refresh_token", SealedToken),
    Column("bot_token_expires_at", DateTime),
    Column("user_id", String(32), nullable=False),
    Column("user_token", SealedToken),
    Column("user_scopes", String(1000)),
    Column("user_refresh_token", SealedToken),
    Column("user_token_expires_at", DateTime),
    Column("incoming_webhook_url", String(200)),
    Column("incoming_webhook_channel", String(200)),
    Column("incoming_webhook_channel_id", String(200)),
    Column("incoming_webhook_configuration_url", String(200)),
    Column("is_enterprise_install", Boolean, default=False, nullable=False),
    Column("token_type", String(32)),
    Column("installed_at", DateTime, nullable=False, default=func.now()),
    Index(
        "slack_installations_idx",
        "client_id",
        "enterprise_id",
        "team_id",
        "user_id",
        "installed_at",
    ),
    info={SECRET_COLUMNS: ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")},
)

slack_bots = Table(
    "slack_bots",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client_id", String(32), nullable=False),
    Column("app_id", String(32), nullable=False),
    Column("enterprise_id", String(32)),
    Column("enterprise_name", String(200)),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    Column("bot_token", SealedToken),
    Column("bot_id", String(32)),
    Column("bot_user_id", String(32)),
    Column("bot_scopes", String(1000)),
    Column("bot_refresh_token", SealedToken),
    Column("bot_token_expires_at", DateTime),
    Column("is_enterprise_install", Boolean, default=False, nullable=False),
    Column("installed_at", DateTime, nullable=False, default=func.now()),
    Index("slack_bots_idx", "client_id", "enterprise_id", "team_id", "installed_at"),
    info={SECRET_COLUMNS: ("bot_token", "bot_refresh_token")},
)

slack_oauth_states = Table(
    "slack_oauth_states",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("state", String(200), nullable=False),
    Column("expire_at", DateTime, nullable=False),
)
