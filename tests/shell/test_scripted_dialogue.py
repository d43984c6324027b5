"""`strategy-coach shell` end to end, as a script: a strategy built in the thread (English and
Norwegian), the clock moved a week so the check-in DM (and a day later its reminder) arrives
in the shell, the check-in answered in its thread, and the status asked in the channel. The
transcript says what a person would read; the database says what was saved. On SQLite and
PostgreSQL, through the migrations, with the app `strategy-coach run` builds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bot.domain.model import Status
from bot.runtime.shell.conversation import CHANNEL_ID
from bot.runtime.shell.people import user_id_for
from bot.runtime.shell.session import SHELL_WORKSPACE
from storage import reports, strategies
from tests.shell.scripted import ShellRun, shell_on

TEAM = SHELL_WORKSPACE.team_id
KARI = user_id_for("kari")
# The clock stands at NOW (Friday 27 November 2026, 13:00 in Oslo); `:time +1w` passes Monday
# 30 November 09:00, when Kari's first check-in is due, and Tuesday 09:00, its reminder.
MONDAY = dt.date(2026, 11, 30)

ENGLISH = [
    "/strategy",
    "More Instagram followers",
    "5000 by 30 June 2027",
    "1200 today",
    "done",
    "We show the people behind the brand and answer customers fast.",
    "ok",
    "@kari Mondays at 09:00",
    r"A look behind the scenes every Friday\nTips from our experts",
]
NORWEGIAN = [
    "/strategy",
    "Flere følgere på Instagram",
    "5 000 innen 30. juni 2027",
    "1 200 i dag",
    "ferdig",
    "Vi viser menneskene bak merkevaren og hjelper kundene raskt.",
    "ok",
    "@kari mandager kl. 09.00",
    r"Et blikk bak kulissene hver fredag\nTips fra ekspertene våre",
]
A_WEEK_LATER = [":as @kari", ":time +1w", "1350", ":channel", "/strategy status"]


def _in_order(text: str, *parts: str) -> None:
    """Each of `parts` appears in `text`, in this order (wherever the terminal wrapped it)."""
    text = " ".join(text.split())
    at = 0
    for part in parts:
        part = " ".join(part.split())
        found = text.find(part, at)
        assert found >= 0, f"{part!r} not found after position {at} in:\n{text}"
        at = found + len(part)


def _saved(run: ShellRun):  # type: ignore[no-untyped-def]
    with run.app.sessions.begin() as session:
        strategy = strategies.strategy_in_channel(session, TEAM, CHANNEL_ID)
        assert strategy is not None and strategy.id is not None
        return strategy, reports.reports_for_strategy(session, strategy.id)


def test_a_strategy_built_checked_in_and_asked_for_in_english(database_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with shell_on(database_url, tmp_path, language="en", user="maria") as run:
        built = run.type(*ENGLISH)
        _in_order(
            built,
            "@maria #marketing> /strategy",
            "Step 1 of 5: Goals",
            "[1] Use a form [2] Skip for now",
            "@maria #marketing › thread> More Instagram followers",
            "what number do you want to reach, and by when?",
            "Saved goal 1: Instagram followers from 1,200 to 5,000 by 30 June 2027",
            "Step 2 of 5: Mission",
            "Step 3 of 5: Measurement",
            "Step 4 of 5: Responsibility",
            "@kari reports the numbers every Monday at 09:00",
            "Step 5 of 5: Customer benefits",
            "All five steps are done and the strategy is live.",
            "• A look behind the scenes every Friday",
            "• Tips from our experts",
        )
        assert "*" not in built and "<@" not in built  # Slack's markup rendered, not shown

        later = run.type(*A_WEEK_LATER)
        _in_order(
            later,
            "You are @kari now.",
            "The shell's clock: Mon 2026-11-30 09:00 (Europe/Oslo).",
            "Strategy Coach  DM with @kari",
            "Time for this week's numbers for Social media strategy for #marketing",
            "The shell's clock: Tue 2026-12-01 09:00 (Europe/Oslo).",
            "A friendly reminder",
            "The shell's clock: Fri 2026-12-04 13:00 (Europe/Oslo).",
            "@kari DM with the coach › thread> 1350",
            "Saved: Instagram followers 1,350.",
            "@kari reported this week's numbers:",
            "@kari #marketing> /strategy status",
            "1,350 of 5,000",
            "Owner: kari",
            "[chart: strategy-status.png]",
        )

    strategy, saved = _saved(run)
    assert strategy.status is Status.LIVE
    assert strategy.started_by == user_id_for("maria") and strategy.owner_id == KARI
    assert strategy.mission == "We show the people behind the brand and answer customers fast."
    assert strategy.benefits == ["A look behind the scenes every Friday", "Tips from our experts"]
    [goal] = strategy.goals
    assert (goal.baseline, goal.target, goal.deadline) == (
        Decimal(1200),
        Decimal(5000),
        dt.date(2027, 6, 30),
    )
    assert [(r.week, r.value, r.reported_by) for r in saved] == [(MONDAY, Decimal(1350), KARI)]


def test_the_same_in_norwegian(database_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with shell_on(database_url, tmp_path, language="nb", user="maria") as run:
        transcript = run.type(*NORWEGIAN, *A_WEEK_LATER)
        _in_order(
            transcript,
            "Strategy Coach  #marketing",
            "Steg 1 av 5: Mål",
            "[1] Bruk et skjema",
            "@maria #marketing › tråd> Flere følgere på Instagram",
            "1 200 til 5 000 innen 30. juni 2027",
            "Steg 2 av 5: Misjon",
            "@kari rapporterer tallene hver mandag kl. 09:00",
            "Alle fem stegene er ferdige, og strategien er aktiv.",
            "Du er @kari nå.",
            "Skallets klokke: Mon 2026-11-30 09:00 (Europe/Oslo).",
            "Strategy Coach  DM med @kari",
            "Tid for ukens tall",
            "En vennlig påminnelse",
            "@kari DM med coachen › tråd> 1350",
            "Lagret: følgere på Instagram 1 350.",
            "@kari #marketing> /strategy status",
            "1 350 av 5 000",
            "[graf: strategy-status.png]",
        )

    strategy, saved = _saved(run)
    assert strategy.status is Status.LIVE and strategy.language == "nb"
    assert strategy.owner_id == KARI
    assert [(r.week, r.value) for r in saved] == [(MONDAY, Decimal(1350))]


def test_a_later_shell_on_the_same_database_goes_on_where_it_was(
    database_url: str, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """Ids come from names, message stamps from the machine's clock: a second run finds the
    strategy and its owner, and the coach never takes a new message for one it has handled."""
    with shell_on(database_url, tmp_path) as run:
        run.type(*ENGLISH)
    with shell_on(database_url, tmp_path, user="kari") as again:
        status = again.type("/strategy status")
        assert "Owner: kari" in status and "Social media strategy for #marketing" in status
        answered = again.type(":time +1w", "1350")
        assert "Saved: Instagram followers 1,350." in answered
    _, saved = _saved(again)
    assert [r.value for r in saved] == [Decimal(1350)]
