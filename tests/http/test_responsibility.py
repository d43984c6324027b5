"""Step 4 over signed HTTP: a person written without a mention is looked up among the channel's
members and confirmed before anything is saved; an impossible weekday or time gets a question.

Each test asserts what the coach asked and what was stored, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from bot.builder import messages as builder_messages
from bot.domain.model import Step
from tests.conftest import RunningApp
from tests.support.buttons import stored
from tests.support.dialogue import Thread, message_text
from tests.support.fake_slack import Call


def at_responsibility(app: RunningApp, locale: str = "en-US") -> Thread:
    """A strategy in C1 started by U1, at step 4 (goals and mission skipped)."""
    app.slack.add_user("U1", name="starter", real_name="Siri Starter", locale=locale)
    thread = Thread(app)
    thread.start()
    thread.say("skip")
    question = thread.say("hopp over" if locale.startswith("nb") else "skip")
    assert "4" in question and stored(thread).conversation.step is Step.RESPONSIBILITY
    return thread


def team(app: RunningApp, *people: tuple[str, str, str]) -> None:
    """Accounts (id, display name, real name), all members of C1 with the starter, plus an
    outsider who matches every first name but is not in the channel."""
    for user_id, name, real_name in people:
        app.slack.add_user(user_id, name=name, real_name=real_name, tz="America/New_York")
        app.slack.add_user(user_id + "X", name=name + "x", real_name=real_name)
    app.slack.add_channel("C1", members=["U1", *(p[0] for p in people)])


def answer_buttons(post: Call) -> tuple[str, list[tuple[str, str]]]:
    """The ready-made answers under a question: (block_id, [(label, value), ...])."""
    [block] = [
        b
        for b in post.params.get("blocks") or []
        if b.get("type") == "actions" and b["block_id"].startswith("answer_")
    ]
    return block["block_id"], [(e["text"]["text"], e["value"]) for e in block["elements"]]


def click_answer(thread: Thread, post: Call, label: str, response_url: str | None = None) -> None:
    block_id, buttons = answer_buttons(post)
    [value] = [value for shown, value in buttons if shown == label]
    reply = thread.app.driver.block_action(
        builder_messages.ACTION_ANSWER,
        value=value,
        block_id=block_id,
        user_id=thread.user,
        channel_id=thread.channel,
        message_ts=post.response["ts"],
        thread_ts=thread.thread_ts,
        response_url=response_url,
    )
    assert reply.status == 200, reply.body


def click_and_wait(thread: Thread, post: Call, label: str) -> str:
    before = len(thread.thread_posts())
    click_answer(thread, post, label)
    thread.app.slack.wait_for(
        "chat.postMessage",
        count=before + 1,
        where=lambda c: c.params.get("thread_ts") == thread.thread_ts,
    )
    return thread.last()


def owner_and_schedule(thread: Thread) -> tuple:
    strategy = stored(thread)
    schedule = strategy.schedule
    when = (schedule.weekday, schedule.time, schedule.timezone) if schedule else None
    return strategy.owner_id, when


# --- one match: confirmed, then saved ----------------------------------------------------------


def test_a_written_name_is_confirmed_then_saved(running_app: RunningApp) -> None:
    team(running_app, ("UKARI", "kari.n", "Kari Nordmann"), ("UOLA", "ola", "Ola Nordmann"))
    thread = at_responsibility(running_app)

    asked = thread.say("Kari does it on Fridays")
    assert "Kari Nordmann, <@UKARI>?" in asked and "every Friday at 09:00" in asked
    question = thread.thread_posts()[-1]
    assert answer_buttons(question)[1] == [("Yes", "yes <@UKARI>"), ("No", "no")]
    # Nothing is saved on a guess: no owner yet, and the step is still open.
    assert owner_and_schedule(thread) == (None, None)
    assert stored(thread).conversation.step is Step.RESPONSIBILITY
    [lookup] = running_app.slack.calls("conversations.members")
    assert lookup.params["channel"] == "C1"

    said = click_and_wait(thread, question, "Yes")
    assert "<@UKARI> reports the numbers every Friday at 09:00" in said
    assert "Step 5 of 5" in said
    assert owner_and_schedule(thread) == ("UKARI", (4, dt.time(9, 0), "America/New_York"))

    # The same button again: the question was answered, nothing changes.
    posts = len(thread.thread_posts())
    url = running_app.slack.response_url("stale")
    click_answer(thread, question, "Yes", response_url=url)
    note = running_app.slack.wait_for(
        "response_url", where=lambda c: c.params.get("_path") == urlsplit(url).path
    )[-1]
    assert "already been answered" in message_text(note.params)
    assert len(thread.thread_posts()) == posts
    assert owner_and_schedule(thread) == ("UKARI", (4, dt.time(9, 0), "America/New_York"))


def test_typed_yes_works_like_the_button(running_app: RunningApp) -> None:
    team(running_app, ("UKARI", "kari.n", "Kari Nordmann"))
    thread = at_responsibility(running_app)
    asked = thread.say("kari nordmann, fridays at 10")  # lower case
    assert "Kari Nordmann, <@UKARI>?" in asked and "every Friday at 10:00" in asked
    said = thread.say("yes")
    assert "<@UKARI> reports the numbers every Friday at 10:00" in said
    assert owner_and_schedule(thread) == ("UKARI", (4, dt.time(10, 0), "America/New_York"))


def test_no_asks_for_a_mention_and_keeps_the_day(running_app: RunningApp) -> None:
    team(running_app, ("UKARI", "kari.n", "Kari Nordmann"), ("UOLA", "ola", "Ola Nordmann"))
    thread = at_responsibility(running_app)
    thread.say("ask Kari, tuesdays at 14:30")
    question_post = thread.thread_posts()[-1]
    said = click_and_wait(thread, question_post, "No")
    assert "mention the person with @" in said and "Mention them with @" in said
    assert owner_and_schedule(thread) == (None, None)
    said = thread.say("<@UOLA>")
    assert "<@UOLA> reports the numbers every Tuesday at 14:30" in said
    assert owner_and_schedule(thread) == ("UOLA", (1, dt.time(14, 30), "America/New_York"))


# --- several matches: buttons; none: a mention ------------------------------------------------


def test_several_matches_are_offered_as_buttons(running_app: RunningApp) -> None:
    team(running_app, ("UKARI", "kari.n", "Kari Nordmann"), ("UKARIH", "kari", "Kari Hansen"))
    thread = at_responsibility(running_app)
    asked = thread.say("Kari, tuesdays at 10")
    assert "Several people in this channel match Kari" in asked
    question = thread.thread_posts()[-1]
    assert answer_buttons(question)[1] == [
        ("Kari Hansen", "<@UKARIH>"),
        ("Kari Nordmann", "<@UKARI>"),
    ]
    assert owner_and_schedule(thread) == (None, None)

    said = click_and_wait(thread, question, "Kari Nordmann")
    assert "<@UKARI> reports the numbers every Tuesday at 10:00" in said
    assert owner_and_schedule(thread) == ("UKARI", (1, dt.time(10, 0), "America/New_York"))


def test_a_typed_last_name_picks_among_several(running_app: RunningApp) -> None:
    team(running_app, ("UKARI", "kari.n", "Kari Nordmann"), ("UKARIH", "kari", "Kari Hansen"))
    thread = at_responsibility(running_app)
    thread.say("Kari does it, thursdays 9am")
    said = thread.say("Hansen")
    assert "<@UKARIH> reports the numbers every Thursday at 09:00" in said
    assert owner_and_schedule(thread) == ("UKARIH", (3, dt.time(9, 0), "America/New_York"))


def test_nobody_by_that_name_gets_mention_them(running_app: RunningApp) -> None:
    team(running_app, ("UOLA", "ola", "Ola Nordmann"))
    thread = at_responsibility(running_app)
    said = thread.say("Kari does it on Fridays at 10")
    assert "I couldn't find Kari in this channel; mention them with @" in said
    assert not any(
        b["block_id"].startswith("answer_")
        for b in thread.thread_posts()[-1].params["blocks"]
        if b.get("type") == "actions"
    )
    assert owner_and_schedule(thread) == (None, None)
    assert stored(thread).conversation.step is Step.RESPONSIBILITY
    # The day and time said with the name wait for the mention.
    said = thread.say("<@UOLA>")
    assert "<@UOLA> reports the numbers every Friday at 10:00" in said
    assert owner_and_schedule(thread) == ("UOLA", (4, dt.time(10, 0), "America/New_York"))


def test_slack_failing_to_list_members_asks_for_a_mention(running_app: RunningApp) -> None:
    team(running_app, ("UKARI", "kari.n", "Kari Nordmann"))
    thread = at_responsibility(running_app)
    running_app.slack.error("conversations.members", "missing_scope")
    said = thread.say("Kari does it on Fridays")
    assert "I couldn't find Kari in this channel; mention them with @" in said
    assert owner_and_schedule(thread) == (None, None)


def test_a_mention_needs_no_lookup(running_app: RunningApp) -> None:
    team(running_app, ("UKARI", "kari.n", "Kari Nordmann"))
    thread = at_responsibility(running_app)
    said = thread.say("<@UKARI> Kari does it on Wednesdays")
    assert "<@UKARI> reports the numbers every Wednesday at 09:00" in said
    assert running_app.slack.calls("conversations.members") == []
    assert owner_and_schedule(thread) == ("UKARI", (2, dt.time(9, 0), "America/New_York"))


def test_accents_and_case_do_not_matter(running_app: RunningApp) -> None:
    team(running_app, ("UKARE", "kare", "Kåre Olsen"), ("UKARI", "kari.n", "Kari Nordmann"))
    thread = at_responsibility(running_app)
    asked = thread.say("Kare, mondays at 8")  # typed without the å
    assert "Kåre Olsen, <@UKARE>?" in asked and "every Monday at 08:00" in asked
    said = thread.say("yes")
    assert "<@UKARE> reports the numbers every Monday at 08:00" in said
    assert owner_and_schedule(thread) == ("UKARE", (0, dt.time(8, 0), "America/New_York"))


# --- impossible weekdays and times ------------------------------------------------------------


def test_an_impossible_time_is_asked_about(running_app: RunningApp) -> None:
    team(running_app, ("UKARI", "kari.n", "Kari Nordmann"))
    thread = at_responsibility(running_app)
    said = thread.say("Monday 25:00")
    assert "25:00 is not a time of day" in said and "00:00 to 23:59" in said
    assert owner_and_schedule(thread) == (None, None)
    assert stored(thread).conversation.step is Step.RESPONSIBILITY
    said = thread.say("the 32nd at 10")
    assert "I can't read the 32nd as a weekday" in said
    assert owner_and_schedule(thread) == (None, None)
    said = thread.say("Monday 10:00")
    assert "every Monday at 10:00" in said


def test_an_impossible_time_leaves_the_stored_schedule_alone(running_app: RunningApp) -> None:
    team(running_app, ("UKARI", "kari.n", "Kari Nordmann"))
    thread = at_responsibility(running_app)
    thread.say("<@UKARI> Tuesdays at 10:00")
    saved = owner_and_schedule(thread)
    assert saved == ("UKARI", (1, dt.time(10, 0), "America/New_York"))
    before = len(thread.thread_posts())
    running_app.driver.command("edit responsibility", user_id="U1", channel_id="C1")
    running_app.slack.wait_for(
        "chat.postMessage",
        count=before + 1,
        where=lambda c: c.params.get("thread_ts") == thread.thread_ts,
    )
    for typed in ("Monday 25:00", "Kari, friday 14:75", "wensday at 10"):
        said = thread.say(typed)
        assert "not a time of day" in said or "as a weekday" in said, said
        assert owner_and_schedule(thread) == saved
    # Asked to confirm Kari, an impossible time still changes nothing.
    asked = thread.say("Kari, fridays")
    assert "Kari Nordmann, <@UKARI>?" in asked
    said = thread.say("yes, at 24:00")
    assert "24:00 is not a time of day" in said
    assert owner_and_schedule(thread) == saved
    assert stored(thread).conversation.awaiting == "responsibility_confirm"


# --- in Norwegian ------------------------------------------------------------------------------


def test_norwegian_confirmation_and_no(running_app: RunningApp) -> None:
    team(running_app, ("UKARI", "kari.n", "Kari Nordmann"), ("UOLA", "ola", "Ola Nordmann"))
    thread = at_responsibility(running_app, locale="nb-NO")
    asked = thread.say("Kari Nordmann, fredager kl. 10")
    assert "Kari Nordmann, <@UKARI>?" in asked and "hver fredag kl. 10:00" in asked
    question = thread.thread_posts()[-1]
    assert answer_buttons(question)[1] == [("Ja", "yes <@UKARI>"), ("Nei", "no")]
    said = thread.say("nei")
    assert "Nevn personen med @" in said
    assert owner_and_schedule(thread) == (None, None)
    said = thread.say("spør Ola")
    assert "Ola Nordmann, <@UOLA>?" in said and "hver fredag kl. 10:00" in said
    said = click_and_wait(thread, thread.thread_posts()[-1], "Ja")
    assert "<@UOLA> rapporterer tallene hver fredag kl. 10:00" in said
    assert owner_and_schedule(thread) == ("UOLA", (4, dt.time(10, 0), "America/New_York"))


def test_norwegian_names_times_and_nobody_found(running_app: RunningApp) -> None:
    team(running_app, ("UKARE", "kare", "Kåre Olsen"), ("UKARI", "kari.n", "Kari Nordmann"))
    thread = at_responsibility(running_app, locale="nb-NO")
    said = thread.say("mandag kl. 25")
    assert "kl. 25 er ikke et klokkeslett" in said
    said = thread.say("Per gjør det på torsdager")
    assert "Jeg fant ingen som heter Per i denne kanalen; nevn personen med @" in said
    assert owner_and_schedule(thread) == (None, None)
    asked = thread.say("kåre tar det, tirsdager kl 8")
    assert "Kåre Olsen, <@UKARE>?" in asked and "hver tirsdag kl. 08:00" in asked
    said = thread.say("ja")
    assert "<@UKARE> rapporterer tallene hver tirsdag kl. 08:00" in said
    assert owner_and_schedule(thread) == ("UKARE", (1, dt.time(8, 0), "America/New_York"))


# --- times as people write them ---------------------------------------------------------------


def test_four_digit_times(running_app: RunningApp) -> None:
    team(running_app, ("UKARI", "kari.n", "Kari Nordmann"))
    thread = at_responsibility(running_app)
    said = thread.say("friday 1430")
    assert "<@U1> reports the numbers every Friday at 14:30" in said
    assert owner_and_schedule(thread)[1][:2] == (4, dt.time(14, 30))
    running_app.driver.command("edit responsibility", user_id="U1", channel_id="C1")
    running_app.slack.wait_for(
        "chat.postMessage", where=lambda c: "Back to Responsibility" in message_text(c.params)
    )
    said = thread.say("<@UKARI> man 0930")
    assert "<@UKARI> reports the numbers every Monday at 09:30" in said
    assert owner_and_schedule(thread) == ("UKARI", (0, dt.time(9, 30), "America/New_York"))


def test_norwegian_clock_words(running_app: RunningApp) -> None:
    team(running_app, ("UKARI", "kari.n", "Kari Nordmann"))
    thread = at_responsibility(running_app, locale="nb-NO")
    said = thread.say("fredag kl. halv ti")
    assert "<@U1> rapporterer tallene hver fredag kl. 09:30" in said
    assert owner_and_schedule(thread)[1][:2] == (4, dt.time(9, 30))
    assert running_app.slack.calls("conversations.members") == []  # "halv ti" is nobody


def test_fredag_kl_1430(running_app: RunningApp) -> None:
    thread = at_responsibility(running_app, locale="nb-NO")
    said = thread.say("fredag kl 1430")
    assert "hver fredag kl. 14:30" in said
    assert owner_and_schedule(thread)[1][:2] == (4, dt.time(14, 30))


def test_a_part_of_the_day_gets_asked_for_the_time(running_app: RunningApp) -> None:
    team(running_app, ("UKARI", "kari.n", "Kari Nordmann"))
    thread = at_responsibility(running_app, locale="nb-NO")
    asked = thread.say("tirsdag ettermiddag")
    assert "Tirsdag, hvilket klokkeslett?" in asked and "tirsdag 14:00" in asked
    assert stored(thread).conversation.awaiting == "responsibility_time"
    assert owner_and_schedule(thread) == (None, None)
    assert running_app.slack.calls("conversations.members") == []  # "ettermiddag" is nobody
    said = thread.say("kvart over tre om ettermiddagen")
    assert "<@U1> rapporterer tallene hver tirsdag kl. 15:15" in said
    assert owner_and_schedule(thread)[1][:2] == (1, dt.time(15, 15))


def test_tuesday_afternoon_in_english(running_app: RunningApp) -> None:
    team(running_app, ("UKARI", "kari.n", "Kari Nordmann"))
    thread = at_responsibility(running_app)
    asked = thread.say("<@UKARI> tuesday afternoon")
    assert "Tuesday at what time?" in asked
    assert stored(thread).conversation.awaiting == "responsibility_time"
    assert owner_and_schedule(thread) == (None, None)
    said = thread.say("2:30 pm")
    assert "<@UKARI> reports the numbers every Tuesday at 14:30" in said
    assert owner_and_schedule(thread) == ("UKARI", (1, dt.time(14, 30), "America/New_York"))


def test_an_hour_from_one_to_six_is_asked_about(running_app: RunningApp) -> None:
    thread = at_responsibility(running_app)
    asked = thread.say("friday at 3")
    assert "Do you mean Friday at 15:00?" in asked and "03:00" in asked
    question = thread.thread_posts()[-1]
    assert answer_buttons(question)[1] == [("Yes", "yes 15:00")]
    assert stored(thread).conversation.awaiting == "responsibility_hour"
    assert owner_and_schedule(thread) == (None, None)
    said = click_and_wait(thread, question, "Yes")
    assert "<@U1> reports the numbers every Friday at 15:00" in said
    assert owner_and_schedule(thread)[1][:2] == (4, dt.time(15, 0))


def test_norwegian_hour_typed_yes_and_halv_tre(running_app: RunningApp) -> None:
    thread = at_responsibility(running_app, locale="nb-NO")
    asked = thread.say("fredag klokka 3")
    assert "Mener du fredag kl. 15:00?" in asked
    said = thread.say("ja")
    assert "hver fredag kl. 15:00" in said
    assert owner_and_schedule(thread)[1][:2] == (4, dt.time(15, 0))
    before = len(thread.thread_posts())
    running_app.driver.command("edit responsibility", user_id="U1", channel_id="C1")
    running_app.slack.wait_for(
        "chat.postMessage",
        count=before + 1,
        where=lambda c: c.params.get("thread_ts") == thread.thread_ts,
    )
    asked = thread.say("fredag halv tre")
    assert "Mener du fredag kl. 14:30?" in asked and "02:30" in asked
    assert running_app.slack.calls("conversations.members") == []  # "halv tre" is nobody
    said = thread.say("nei")
    assert "Skriv da klokkeslettet med minutter, som 02:30" in said
    assert owner_and_schedule(thread)[1][:2] == (4, dt.time(15, 0))  # unchanged
    said = thread.say("02:30")
    assert "hver fredag kl. 02:30" in said
    assert owner_and_schedule(thread)[1][:2] == (4, dt.time(2, 30))


# --- two people mentioned ----------------------------------------------------------------------


def test_two_mentions_ask_which_one(running_app: RunningApp) -> None:
    team(running_app, ("UKARI", "kari.n", "Kari Nordmann"), ("UOLA", "ola", "Ola Nordmann"))
    thread = at_responsibility(running_app)
    asked = thread.say("<@UKARI> and <@UOLA> friday 12:00")
    assert "Who of <@UKARI> and <@UOLA> reports the numbers" in asked
    question = thread.thread_posts()[-1]
    assert answer_buttons(question)[1] == [("@UKARI", "<@UKARI>"), ("@UOLA", "<@UOLA>")]
    assert stored(thread).conversation.awaiting == "responsibility_who"
    assert owner_and_schedule(thread) == (None, None)
    said = click_and_wait(thread, question, "@UOLA")
    assert "<@UOLA> reports the numbers every Friday at 12:00" in said
    assert owner_and_schedule(thread) == ("UOLA", (4, dt.time(12, 0), "America/New_York"))


def test_two_mentions_in_norwegian(running_app: RunningApp) -> None:
    team(running_app, ("UKARI", "kari.n", "Kari Nordmann"), ("UOLA", "ola", "Ola Nordmann"))
    thread = at_responsibility(running_app, locale="nb-NO")
    asked = thread.say("<@UKARI> og <@UOLA>, fredager kl. 10")
    assert "Hvem av <@UKARI> og <@UOLA> rapporterer tallene" in asked
    said = thread.say("<@UKARI>")
    assert "<@UKARI> rapporterer tallene hver fredag kl. 10:00" in said
    assert owner_and_schedule(thread) == ("UKARI", (4, dt.time(10, 0), "America/New_York"))


# --- hesitation and words that are not people ---------------------------------------------------


def test_hesitation_explains_the_step(running_app: RunningApp) -> None:
    team(running_app, ("UKARI", "kari.n", "Kari Nordmann"))
    thread = at_responsibility(running_app)
    said = thread.say("hmm not sure")
    assert "Once a week I send one person a direct message" in said
    assert "@Kari Friday 14:00" in said
    assert running_app.slack.calls("conversations.members") == []
    assert stored(thread).conversation.awaiting == "responsibility"
    assert owner_and_schedule(thread) == (None, None)
    said = thread.say("every weekday 9")
    assert "I can't read every weekday as a weekday" in said
    assert running_app.slack.calls("conversations.members") == []
    assert owner_and_schedule(thread) == (None, None)


def test_norwegian_hesitation_and_parts_of_the_day(running_app: RunningApp) -> None:
    team(running_app, ("UKARI", "kari.n", "Kari Nordmann"))
    thread = at_responsibility(running_app, locale="nb-NO")
    said = thread.say("vet ikke")
    assert "Én gang i uka sender jeg én person en direktemelding" in said
    said = thread.say("hver mandag morgen")
    assert "Mandag, hvilket klokkeslett?" in said
    assert stored(thread).conversation.awaiting == "responsibility_time"
    assert running_app.slack.calls("conversations.members") == []  # nobody called "morgen"
    assert owner_and_schedule(thread) == (None, None)
    said = thread.say("kvart på ni")
    assert "<@U1> rapporterer tallene hver mandag kl. 08:45" in said
    assert owner_and_schedule(thread)[1][:2] == (0, dt.time(8, 45))
