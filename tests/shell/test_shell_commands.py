"""The shell's own commands and what Slack users do besides typing: pressing buttons, filling a
form as prompts, another person typing, the language, the clock, the chart and the export
files, the Home tab; and what the shell refuses. Against the real app on SQLite (the dialogue
runs on PostgreSQL too: test_scripted_dialogue.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bot.runtime.shell.conversation import CHANNEL_ID
from bot.runtime.shell.people import user_id_for
from bot.runtime.shell.session import SHELL_WORKSPACE
from storage import reports, strategies
from tests.shell.scripted import ShellRun, shell_on

TEAM = SHELL_WORKSPACE.team_id
BUILT = [
    "/strategy",
    "5000 Instagram followers by 30 June 2027, we have 1200 today",
    "done",
    "We show the people behind the brand.",
    "ok",
    "ok",  # the one who started it reports, Mondays at 09:00
    r"A look behind the scenes every Friday\nTips from our experts",
]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _strategy(run: ShellRun):  # type: ignore[no-untyped-def]
    with run.app.sessions.begin() as session:
        return strategies.strategy_in_channel(session, TEAM, CHANNEL_ID)


def test_a_button_opens_the_form_and_its_fields_are_asked_one_by_one(sqlite_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with shell_on(sqlite_url, tmp_path) as run:
        run.type("/strategy")
        said = _flat(
            run.type(
                ":1",  # Use a form
                "newsletter subscribers",
                "300",
                "1000",
                "-",  # no unit
                "2020-01-01",  # a date the coach refuses: the form asks again
                "awareness",
                "2027-06-30",
            )
        )
        assert "┌ Add a goal" in said and "What do you measure?" in said
        assert "By when?: Pick a date after today." in said
        assert said.index("Pick a date after today") < said.index("└ sent")
        assert "Saved goal 1: newsletter subscribers from 300 to 1,000 by 30 June 2027" in said
        strategy = _strategy(run)
    [goal] = strategy.goals
    assert (goal.metric, goal.baseline, goal.target, goal.deadline) == (
        "newsletter subscribers",
        Decimal(300),
        Decimal(1000),
        dt.date(2027, 6, 30),
    )


def test_a_form_cancelled_saves_nothing_and_a_wrong_answer_is_asked_again(
    sqlite_url, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    with shell_on(sqlite_url, tmp_path) as run:
        run.type("/strategy")
        said = _flat(run.type(":1", "newsletter subscribers", "", "300", ":cancel"))
        assert "This one can't be left empty; please type an answer." in said
        assert "Form closed; nothing in it was saved." in said
        assert _strategy(run).goals == []


def test_someone_else_may_not_change_it_and_the_starter_may(sqlite_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with shell_on(sqlite_url, tmp_path, user="maria") as run:
        run.type(*BUILT)
        refused = _flat(run.type(":as @ola", "/strategy edit mission"))
        assert "You are @ola now." in refused
        assert "Strategy Coach only you see this Only @maria, who started this strategy" in refused
        assert _strategy(run).conversation.step is None
        allowed = _flat(run.type(":as @maria", "/strategy edit mission", "We answer fast."))
        assert "Back to Mission." in allowed and "Saved the mission: We answer fast." in allowed
        assert _strategy(run).mission == "We answer fast."


def test_the_language_switches_slack_and_the_shell(sqlite_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with shell_on(sqlite_url, tmp_path) as run:
        said = _flat(
            run.type(":lang nb", "/strategy help", ":lang en", "/strategy help", ":lang de")
        )
        assert "Slack snakker norsk med alle i skallet nå" in said
        assert "Dette kan jeg" in said and "@maria #marketing> /strategy help" in said
        assert "Slack speaks English to everyone in the shell now" in said
        assert said.index("Dette kan jeg") < said.index("What I can do")
        assert "Type :lang en or :lang nb." in said


def test_the_clock_reads_times_and_only_moves_forward(sqlite_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with shell_on(sqlite_url, tmp_path) as run:
        said = _flat(run.type(":time", ":time +1d", ":time 2026-11-01 09:00", ":time soonish"))
        assert "The shell's clock: Fri 2026-11-27 13:00 (Europe/Oslo)." in said
        assert "The shell's clock: Sat 2026-11-28 13:00 (Europe/Oslo)." in said
        assert "The shell's clock only moves forward." in said
        assert "I can't read that time." in said
        assert run.app.clock.today() == dt.date(2026, 11, 28)


def test_a_missed_week_is_a_gap_and_the_chart_and_export_land_here(sqlite_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with shell_on(sqlite_url, tmp_path, user="maria") as run:
        run.type(*BUILT)
        # Monday 30 November: the check-in, unanswered; a day later its reminder; Monday
        # 7 December the next one, saying the week before is a gap.
        weeks = _flat(run.type(":time +10d"))
        assert weeks.count("Time for this week's numbers") == 2
        assert "A friendly reminder" in weeks
        assert "No numbers came in for one week since the last report" in weeks
        answered = _flat(run.type("1350"))
        assert "Saved: Instagram followers 1,350." in answered
        charted = _flat(run.type(":channel", ":chart"))
        assert "Chart saved: " + str(tmp_path / "strategy-status-2026-12-07.png") in charted
        assert (tmp_path / "strategy-status-2026-12-07.png").read_bytes()[
            :8
        ] == b"\x89PNG\r\n\x1a\n"
        # Unchanged: the status shows the chart uploaded before, by its id, and :chart saves it.
        again = _flat(run.type(":chart"))
        assert "Chart saved: " + str(tmp_path / "strategy-status-2026-12-07-2.png") in again
        assert (tmp_path / "strategy-status-2026-12-07-2.png").read_bytes() == (
            tmp_path / "strategy-status-2026-12-07.png"
        ).read_bytes()
        shown = _flat(run.type("/strategy status"))
        assert "[chart: strategy-status.png]" in shown
        assert len(run.app.slack.calls("files.completeUploadExternal")) == 1
        exported = _flat(run.type("/strategy export"))
        assert "Sent the export to you as a direct message." in exported
        [csv] = tmp_path.glob("*-reports-*.csv")
        [markdown] = tmp_path.glob("*.md")
        assert f"saved as {csv}" in exported and f"saved as {markdown}" in exported
        assert "1350" in csv.read_text(encoding="utf-8")
        assert "We show the people behind the brand." in markdown.read_text(encoding="utf-8")
        # A second export never writes over the first.
        run.type("/strategy export")
        assert len(list(tmp_path.glob("*-reports-*.csv"))) == 2
        strategy = _strategy(run)
        with run.app.sessions.begin() as session:
            saved = reports.reports_for_strategy(session, strategy.id)
    assert [(r.week, r.value) for r in saved] == [(dt.date(2026, 12, 7), Decimal(1350))]


def test_no_chart_without_a_strategy(sqlite_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with shell_on(sqlite_url, tmp_path) as run:
        said = _flat(run.type(":chart"))
        assert "No chart this time. This is what the coach said:" in said
        assert list(tmp_path.glob("*.png")) == []


def test_the_home_tab_and_its_buttons(sqlite_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with shell_on(sqlite_url, tmp_path, user="maria") as run:
        run.type(*BUILT)
        home = _flat(run.type(":home"))
        assert "Your Home tab: Your social media strategies" in home
        assert "Pause check-ins" in home


def test_what_the_shell_refuses_and_what_nobody_gets_pinged_by(sqlite_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with shell_on(sqlite_url, tmp_path) as run:
        said = _flat(run.type(":foo", "/foo", ":42", ":as", ":thread", "hello @channel"))
        assert ":foo is not a shell command; :help lists them." in said
        assert "/foo is not a command here. Try /strategy help." in said
        assert "There is no button [42] to press now." in said
        assert "Who? Type :as @name, for example :as @kari." in said
        assert "The coach hasn't asked anything in a thread here yet." in said
        posted = [
            str(call.params.get("text")) + str(call.params.get("blocks"))
            for call in run.app.slack.calls()
            if call.method.startswith("chat.")
        ]
        assert not any("<!channel>" in text for text in posted)


def test_help_lists_every_shell_command(sqlite_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with shell_on(sqlite_url, tmp_path) as run:
        said = run.type(":help")
        for command in (":1, :2", ":as @kari", ":lang nb", ":time +1w", ":chart", ":home"):
            assert command in said
        for command in (":channel / :thread", ":cancel", ":quit", "\\n"):
            assert command in said


def test_the_shell_moves_on_to_where_the_coach_asks(sqlite_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with shell_on(sqlite_url, tmp_path, user="kari") as run:
        run.type(*BUILT)
        assert run.shell._prompt() == "@kari #marketing › thread> "
        run.type(":channel")
        assert run.shell._prompt() == "@kari #marketing> "
        run.type(":thread")
        assert run.shell._prompt() == "@kari #marketing › thread> "
        run.type(":time +3d")  # Monday's check-in, in Kari's DM
        assert run.shell._prompt() == "@kari DM with the coach › thread> "
        assert run.shell.user == user_id_for("kari")


def test_the_check_in_answered_with_its_report_button(sqlite_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with shell_on(sqlite_url, tmp_path, user="maria") as run:
        run.type(*BUILT)
        checkin = _flat(run.type(":time +3d"))  # Monday 09:00: the check-in, with its button
        number = checkin.split("[")[-1].split("]")[0]
        said = _flat(run.type(f":{number}", "1400"))
        assert "┌ This week's numbers" in said and "Instagram followers No report yet" in said
        assert "└ sent" in said and "Saved: Instagram followers 1,400." in said
        strategy = _strategy(run)
        with run.app.sessions.begin() as session:
            saved = reports.reports_for_strategy(session, strategy.id)
    assert [(r.week, r.value) for r in saved] == [(dt.date(2026, 11, 30), Decimal(1400))]


def test_quit_in_a_form_closes_it_and_leaves(sqlite_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with shell_on(sqlite_url, tmp_path) as run:
        run.type("/strategy")
        said = _flat(run.type(":1", "newsletter subscribers", ":quit", "/strategy help"))
        assert "Form closed; nothing in it was saved." in said
        assert "/strategy help" not in said  # the shell left before it
        assert _strategy(run).goals == []


def test_a_command_names_people_as_slack_sends_them(sqlite_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Slack escapes a command's text and sends its mentions with their names (`should_escape`
    in the manifest): the handover finds Kari, and an echo reads as typed."""
    with shell_on(sqlite_url, tmp_path, user="maria") as run:
        run.type(*BUILT)
        said = _flat(run.type("/strategy owner @kari", "/strategy status Fish & <chips>"))
        assert "Strategy Coach DM with @kari You now own the weekly check-ins" in said
        assert "@kari now owns the weekly check-ins; I have told them." in said
        assert "I found no single strategy called “Fish & <chips>”." in said
        assert _strategy(run).owner_id == user_id_for("kari")


def test_someone_who_turned_up_is_found_by_a_written_name(sqlite_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with shell_on(sqlite_url, tmp_path, user="maria") as run:
        run.type(*BUILT[:5], ":as @kari", ":as @maria")
        asked = _flat(run.type("Kari, Mondays 10:00"))
        assert "@kari? Then they report the numbers every Monday at 10:00" in asked
        number = asked.split("] Yes")[0].split("[")[-1]
        run.type(f":{number}")
        assert _strategy(run).owner_id == user_id_for("kari")
