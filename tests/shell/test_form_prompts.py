"""The shell's forms: a modal asked as a short sequence of prompts, and every typed answer turned
into the `view.state.values` entry Slack would send, or a sentence saying what is wrong.

The coach's own modals are built through its own builders (English and Norwegian), and what the
shell assembles from typed answers is read back by the coach's own readers.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.builder import forms
from bot.checkins.report_form import read_report_form, report_form
from bot.domain.model import Goal, GoalType, Metric, Strategy
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import LANGUAGES, Translator, translator
from bot.runtime.shell.form_prompts import (
    Field,
    answer_value,
    fields,
    prompt_text,
    state_values,
)
from tests.support.views import assert_valid_view

TODAY = dt.date(2026, 11, 27)
PEOPLE = {"@kari": "U0KARI", "@ola": "U0OLA", "#marketing": "C0MARKET"}


def lookup(name: str) -> str | None:
    return PEOPLE.get(name)


def nobody(name: str) -> str | None:
    return None


def bakery(goals: list[Goal] | None = None) -> Strategy:
    return Strategy(
        team_id="T1", channel_id="C1", name="Bakery", started_by="U1", goals=goals or [], id=7
    )


def followers(metrics: list[Metric] | None = None) -> Goal:
    return Goal(
        description="Instagram followers",
        metric="Instagram followers",
        baseline=Decimal(1200),
        target=Decimal(5000),
        deadline=dt.date(2027, 6, 30),
        goal_type=GoalType.AWARENESS,
        metrics=metrics or [],
        id=3,
    )


def by_block(view: dict) -> dict[str, Field]:
    return {field.block_id: field for field in fields(view)}


def submit(view: dict, typed: dict[str, str], tr: Translator | None = None) -> dict:
    """Type an answer into every field (Enter where none is given), as the shell does."""
    answers: dict[tuple[str, str], dict] = {}
    for field in fields(view):
        value = answer_value(field, typed.get(field.block_id, ""), lookup, tr)
        assert isinstance(value, dict), (field.block_id, value)
        answers[(field.block_id, field.action_id)] = value
    return state_values(answers)


# --- the coach's own modals --------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_goal_form_becomes_six_prompts_in_order(language: str) -> None:
    tr = translator(language)
    view = forms.goal_form(bakery(), tr)
    assert_valid_view(view)
    found = fields(view)
    assert [(f.block_id, f.action_id, f.kind) for f in found] == [
        ("metric", "value", "plain_text_input"),
        ("baseline", "value", "plain_text_input"),
        ("target", "value", "plain_text_input"),
        ("unit", "value", "plain_text_input"),
        ("deadline", "value", "datepicker"),
        ("goal_type", "value", "static_select"),
    ]
    assert [f.optional for f in found] == [False, False, False, True, False, False]
    assert found[0].label == tr("What do you measure?")
    assert found[3].hint == tr("Leave it empty when you count things, like followers.")
    assert [value for _label, value in found[5].options] == [kind.value for kind in GoalType]
    assert all(f.initial is None and not f.multiline for f in found)


def test_the_prompts_say_what_to_type() -> None:
    tr = translator("en")
    asked = {f.block_id: prompt_text(f, tr) for f in fields(forms.goal_form(bakery(), tr))}
    assert asked["metric"] == "What do you measure?\ne.g. Instagram followers"
    assert "Optional: '-' leaves it empty." in asked["unit"]
    assert "Optional" not in asked["metric"]
    assert "YYYY-MM-DD" in asked["deadline"]
    assert "1) Sales  2) Leads  3) Word of mouth  4) Awareness  5) Authority" in asked["goal_type"]
    assert asked["goal_type"].startswith("What kind of goal is it?\nSales and leads bring money")


def test_the_prompts_speak_norwegian() -> None:
    tr = translator("nb")
    asked = {f.block_id: prompt_text(f, tr) for f in fields(forms.goal_form(bakery(), tr))}
    assert asked["metric"].startswith("Hva måler du?")
    assert "Valgfritt: '-' lar feltet stå tomt." in asked["unit"]
    assert "1) Salg  2) Leads  3) Jungeltelegraf  4) Kjennskap  5) Autoritet" in asked["goal_type"]
    assert "(år-måned-dag)" in asked["deadline"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_typed_goal_answers_read_back_as_the_goal(language: str) -> None:
    """Proof the shapes match: the coach's own reader gets the typed data back."""
    tr = translator(language)
    view = forms.goal_form(bakery(), tr)
    kind_label = dict((v, k) for k, v in by_block(view)["goal_type"].options)["awareness"]
    typed = {
        "metric": "  Instagram followers ",
        "baseline": "1200",
        "target": "5000",
        "unit": "-",
        "deadline": "2027-06-30",
        "goal_type": kind_label.upper(),  # by name, case-insensitive
    }
    state = submit(view, typed, tr)
    goal, errors = forms.read_goal_form(state["values"], tr, TODAY)
    assert errors == {}
    assert goal is not None
    assert (goal.metric, goal.unit, goal.baseline, goal.target) == (
        "Instagram followers",
        "",
        Decimal(1200),
        Decimal(5000),
    )
    assert (goal.deadline, goal.goal_type) == (dt.date(2027, 6, 30), GoalType.AWARENESS)
    # The same goal type by its number; the unit left out by Enter.
    state = submit(view, {**typed, "unit": "", "goal_type": "4"}, tr)
    assert forms.read_goal_form(state["values"], tr, TODAY)[0] == goal


def test_the_goal_form_rejects_what_the_coach_would_reject() -> None:
    """A well-formed answer the coach refuses (a past date) still reaches the coach's reader."""
    tr = translator("en")
    view = forms.goal_form(bakery(), tr)
    typed = {"metric": "x", "baseline": "1", "target": "2", "deadline": "2020-01-01"}
    state = submit(view, {**typed, "goal_type": "1"}, tr)
    _goal, errors = forms.read_goal_form(state["values"], tr, TODAY)
    assert errors == {"deadline": "Pick a date after today."}


def test_the_metrics_form_keeps_or_replaces_the_lines() -> None:
    tr = translator("en")
    strategy = bakery([followers([Metric("reach", "accounts"), Metric("likes")])])
    view = forms.metrics_form(strategy, tr)
    (field,) = fields(view)
    assert field.multiline and field.initial == "reach (accounts) | likes"
    assert "Several lines: separate them with |." in prompt_text(field, tr)
    assert "Enter keeps: reach (accounts) | likes" in prompt_text(field, tr)
    kept = submit(view, {})
    assert kept["values"]["goal_0"]["value"]["value"] == "reach (accounts)\nlikes"
    assert forms.read_metrics_form(kept["values"], strategy) == [
        [Metric("reach", "accounts"), Metric("likes")]
    ]
    typed = submit(view, {"goal_0": "followers|shares (posts) | mentions"})
    assert forms.read_metrics_form(typed["values"], strategy) == [
        [Metric("followers"), Metric("shares", "posts"), Metric("mentions")]
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_report_form_reads_back_numbers_and_gaps(language: str) -> None:
    tr = translator(language)
    goal = followers([Metric("followers", id=31), Metric("reach", "accounts", id=32)])
    view = report_form(bakery([goal]), 9, {31: Decimal(1300)}, tr)
    found = fields(view)
    assert [f.block_id for f in found] == ["metric_31", "metric_32"]
    assert all(f.optional for f in found)
    assert found[0].hint == tr("Last reported: {value}", value=fmt.number(Decimal(1300), tr))
    assert found[1].hint == tr("No report yet")
    state = submit(view, {"metric_31": "1450", "metric_32": "-"}, tr)
    assert state["values"]["metric_32"] == {"value": {"type": "plain_text_input", "value": None}}
    assert read_report_form(state["values"], tr) == ({31: Decimal(1450)}, {})


def test_escaped_labels_show_as_slack_shows_them() -> None:
    tr = translator("en")
    goal = followers([Metric("a & b", id=1)])
    goal.metric = goal.description = "Fans <vip> & friends"
    (field,) = fields(forms.metrics_form(bakery([goal]), tr))
    assert field.label == "Goal 1: Fans <vip> & friends"  # the view carries &lt;vip&gt; &amp;


# --- every Block Kit input element --------------------------------------------------------------


def option(label: str, value: str) -> dict:
    return {"text": {"type": "plain_text", "text": label, "emoji": True}, "value": value}


COLOURS = [option("Red", "r"), option("Green", "g"), option("Blue", "b")]


def one(element: dict, optional: bool = False, hint: str | None = None) -> Field:
    block = {
        "type": "input",
        "block_id": "b",
        "label": {"type": "plain_text", "text": "Question"},
        "element": {"action_id": "a", **element},
        "optional": optional,
    }
    if hint:
        block["hint"] = {"type": "plain_text", "text": hint}
    (field,) = fields({"type": "modal", "blocks": [{"type": "divider"}, block]})
    return field


ELEMENTS: dict[str, dict] = {
    "plain_text_input": {"type": "plain_text_input", "max_length": 10, "min_length": 2},
    "multiline": {"type": "plain_text_input", "multiline": True},
    "number_input": {"type": "number_input", "is_decimal_allowed": False, "min_value": "1"},
    "decimal": {"type": "number_input", "is_decimal_allowed": True, "max_value": "100"},
    "email_text_input": {"type": "email_text_input"},
    "url_text_input": {"type": "url_text_input"},
    "rich_text_input": {"type": "rich_text_input"},
    "static_select": {"type": "static_select", "options": COLOURS},
    "groups": {
        "type": "static_select",
        "option_groups": [
            {"label": {"type": "plain_text", "text": "Warm"}, "options": COLOURS[:1]},
            {"label": {"type": "plain_text", "text": "Cold"}, "options": COLOURS[1:]},
        ],
    },
    "multi_static_select": {"type": "multi_static_select", "options": COLOURS},
    "checkboxes": {"type": "checkboxes", "options": COLOURS},
    "radio_buttons": {"type": "radio_buttons", "options": COLOURS},
    "users_select": {"type": "users_select"},
    "multi_users_select": {"type": "multi_users_select", "max_selected_items": 2},
    "conversations_select": {"type": "conversations_select"},
    "multi_conversations_select": {"type": "multi_conversations_select"},
    "channels_select": {"type": "channels_select"},
    "multi_channels_select": {"type": "multi_channels_select"},
    "datepicker": {"type": "datepicker"},
    "timepicker": {"type": "timepicker"},
    "datetimepicker": {"type": "datetimepicker"},
    "external_select": {"type": "external_select"},
    "file_input": {"type": "file_input"},
}

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
STAMP = int(dt.datetime(2027, 3, 1, 9, 30, tzinfo=OSLO).timestamp())


@pytest.mark.parametrize(
    ("name", "typed", "sent"),
    [
        ("plain_text_input", " hello ", {"value": "hello"}),
        ("multiline", "-", {"value": "-"}),  # required: a dash is just text
        ("multiline", "one | two|three", {"value": "one\ntwo\nthree"}),
        ("number_input", "42", {"value": "42"}),
        ("decimal", "12,5", {"value": "12.5"}),
        ("email_text_input", "kari@example.com", {"value": "kari@example.com"}),
        ("url_text_input", "https://example.com/a", {"value": "https://example.com/a"}),
        (
            "rich_text_input",
            "hi",
            {
                "rich_text_value": {
                    "type": "rich_text",
                    "elements": [
                        {"type": "rich_text_section", "elements": [{"type": "text", "text": "hi"}]}
                    ],
                }
            },
        ),
        ("static_select", "2", {"selected_option": COLOURS[1]}),
        ("static_select", "blue", {"selected_option": COLOURS[2]}),
        ("static_select", "gr", {"selected_option": COLOURS[1]}),  # a unique start
        ("groups", "3", {"selected_option": COLOURS[2]}),
        ("radio_buttons", "RED", {"selected_option": COLOURS[0]}),
        ("multi_static_select", "1,3", {"selected_options": [COLOURS[0], COLOURS[2]]}),
        ("checkboxes", "3, red, 3", {"selected_options": [COLOURS[2], COLOURS[0]]}),
        ("checkboxes", "1 2", {"selected_options": COLOURS[:2]}),
        ("users_select", "@kari", {"selected_user": "U0KARI"}),
        ("users_select", "kari", {"selected_user": "U0KARI"}),
        ("users_select", "<@U0SOMEONE>", {"selected_user": "U0SOMEONE"}),
        ("users_select", "U0ELSE", {"selected_user": "U0ELSE"}),
        ("multi_users_select", "@kari, @ola", {"selected_users": ["U0KARI", "U0OLA"]}),
        ("multi_users_select", "@kari @ola", {"selected_users": ["U0KARI", "U0OLA"]}),
        ("conversations_select", "#marketing", {"selected_conversation": "C0MARKET"}),
        ("multi_conversations_select", "#marketing", {"selected_conversations": ["C0MARKET"]}),
        ("channels_select", "<#C0OTHER|other>", {"selected_channel": "C0OTHER"}),
        ("multi_channels_select", "marketing, C0B", {"selected_channels": ["C0MARKET", "C0B"]}),
        ("datepicker", "2027-03-01", {"selected_date": "2027-03-01"}),
        ("timepicker", "9.05", {"selected_time": "09:05"}),
        ("datetimepicker", "2027-03-01 09:30", {"selected_date_time": STAMP}),
    ],
)
def test_each_element_sends_what_slack_sends(name: str, typed: str, sent: dict) -> None:
    field = one(ELEMENTS[name])
    value = answer_value(field, typed, lookup, translator("en"), zone=OSLO)
    assert value == {"type": field.kind, **sent}


@pytest.mark.parametrize(
    ("name", "typed", "wrong"),
    [
        ("plain_text_input", "x" * 11, "Keep it to 10 characters."),
        ("plain_text_input", "x", "Write at least 2 characters."),
        ("number_input", "1.5", "Write a whole number here, like 12."),
        ("number_input", "twelve", "Write a number here, like 1200."),
        ("number_input", "0", "At least 1."),
        ("decimal", "100.5", "At most 100."),
        ("decimal", "NaN", "Write a number here, like 1200."),
        ("email_text_input", "kari", "That doesn't look like an email address"),
        ("url_text_input", "example.com", "That doesn't look like a web address"),
        ("static_select", "4", "Type a number from 1 to 3, or the name of a choice."),
        ("static_select", "purple", "Type a number from 1 to 3"),
        ("checkboxes", "1,9", "Type a number from 1 to 3"),
        ("users_select", "@nobody", "I don't know @nobody. Type @ and the person's name"),
        ("users_select", "@kari, @ola", "Just one, please."),
        ("multi_users_select", "@kari, @ola, U0X", "Choose at most 2."),
        ("channels_select", "#nowhere", "I don't know #nowhere. Type # and the name"),
        ("datepicker", "1.3.2027", "Write the date as YYYY-MM-DD (year-month-day)"),
        ("datepicker", "2027-02-30", "Write the date as YYYY-MM-DD"),
        ("timepicker", "25:00", "Write the time as HH:MM, like 09:30."),
        ("datetimepicker", "2027-03-01", "Write the date and time as YYYY-MM-DD HH:MM"),
        ("external_select", "x", "This kind of field can't be filled in from the terminal."),
        ("file_input", "x", "This kind of field can't be filled in from the terminal."),
        ("static_select", "", "This one can't be left empty; please type an answer."),
        ("checkboxes", "-", "Type a number from 1 to 3"),  # required: no dash way out
    ],
)
def test_a_wrong_answer_gets_a_sentence(name: str, typed: str, wrong: str) -> None:
    value = answer_value(one(ELEMENTS[name]), typed, lookup, translator("en"), zone=OSLO)
    assert isinstance(value, str) and value.startswith(wrong)


def test_the_sentences_speak_norwegian() -> None:
    tr = translator("nb")
    assert answer_value(one(ELEMENTS["datepicker"]), "i morgen", nobody, tr) == (
        "Skriv datoen som YYYY-MM-DD (år-måned-dag), som 2027-03-01."
    )
    assert answer_value(one(ELEMENTS["static_select"]), "", nobody, tr) == (
        "Dette feltet kan ikke stå tomt; skriv et svar."
    )


@pytest.mark.parametrize("name", sorted(ELEMENTS))
def test_dash_leaves_an_optional_field_empty_as_slack_sends_it(name: str) -> None:
    field = one(ELEMENTS[name], optional=True)
    emptied = answer_value(field, "-", nobody)
    blank = answer_value(field, "  ", nobody)
    assert emptied == blank
    assert isinstance(emptied, dict) and emptied["type"] == field.kind
    (key,) = set(emptied) - {"type"}
    assert emptied[key] in (None, [])
    assert emptied[key] == ([] if field.kind.startswith(("multi_", "checkboxes", "file")) else None)


@pytest.mark.parametrize(
    ("element", "initial", "kept"),
    [
        (
            {"type": "plain_text_input", "initial_value": "1200"},
            "1200",
            {"value": "1200"},
        ),
        (
            {"type": "static_select", "options": COLOURS, "initial_option": COLOURS[1]},
            "Green",
            {"selected_option": COLOURS[1]},
        ),
        (
            {"type": "checkboxes", "options": COLOURS, "initial_options": [COLOURS[0], COLOURS[2]]},
            "Red, Blue",
            {"selected_options": [COLOURS[0], COLOURS[2]]},
        ),
        (
            {"type": "users_select", "initial_user": "U0KARI"},
            "<@U0KARI>",
            {"selected_user": "U0KARI"},
        ),
        (
            {"type": "multi_channels_select", "initial_channels": ["C1", "C2"]},
            "<#C1>, <#C2>",
            {"selected_channels": ["C1", "C2"]},
        ),
        ({"type": "datepicker", "initial_date": "2027-01-04"}, "2027-01-04", {}),
        (
            {"type": "timepicker", "initial_time": "09:00", "timezone": "Europe/Oslo"},
            "09:00",
            {"selected_time": "09:00", "timezone": "Europe/Oslo"},
        ),
        (
            {"type": "datetimepicker", "initial_date_time": STAMP},
            "2027-03-01 09:30",
            {"selected_date_time": STAMP},
        ),
    ],
)
def test_enter_keeps_the_initial_value(element: dict, initial: str, kept: dict) -> None:
    field = fields(
        {"blocks": [{"type": "input", "block_id": "b", "label": "Q", "element": element}]},
        zone=OSLO,
    )[0]
    assert field.initial == initial
    assert f"Enter keeps: {initial}" in prompt_text(field, translator("en"))
    sent = answer_value(field, "", nobody, zone=OSLO)
    assert sent == {"type": element["type"], **(kept or {"selected_date": initial})}
    # Typing the kept value back gives the same answer.
    assert answer_value(field, initial, lookup, zone=OSLO) == sent


def test_the_prompts_for_each_kind() -> None:
    tr = translator("en")
    asked = {name: prompt_text(one(e, hint="Think"), tr) for name, e in ELEMENTS.items()}
    assert asked["static_select"] == (
        "Question\nThink\n1) Red  2) Green  3) Blue\nType the number or the name of your choice."
    )
    assert "separated by commas, like 1,3" in asked["checkboxes"]
    assert "A whole number. At least 1." in asked["number_input"]
    assert "A number. At most 100." in asked["decimal"]
    assert "@kari" in asked["users_select"] and "#marketing" in asked["channels_select"]
    assert "HH:MM (24-hour clock)" in asked["timepicker"]
    assert "YYYY-MM-DD HH:MM" in asked["datetimepicker"]
    assert "https://" in asked["url_text_input"]


def test_many_options_wrap() -> None:
    many = [option(f"Option number {n}", str(n)) for n in range(1, 21)]
    asked = prompt_text(one({"type": "static_select", "options": many}), translator("en"))
    numbered = [line for line in asked.splitlines() if line.startswith("1) ") or "20)" in line]
    assert numbered and all(len(line) <= 78 for line in asked.splitlines()[1:-1])
    assert "20) Option number 20" in asked


def test_state_values_nests_by_block_and_action() -> None:
    entry = {"type": "datepicker", "selected_date": "2027-01-04"}
    other = {"type": "plain_text_input", "value": None}
    assert state_values({("b1", "a"): entry, ("b1", "c"): other, ("b2", "a"): other}) == {
        "values": {"b1": {"a": entry, "c": other}, "b2": {"a": other}}
    }


def test_names_are_looked_up_with_their_sign_first() -> None:
    asked: list[str] = []

    def record(name: str) -> str | None:
        asked.append(name)
        return None

    assert isinstance(answer_value(one(ELEMENTS["users_select"]), "@kari", record), str)
    assert asked == ["@kari", "kari"]


# --- any input ------------------------------------------------------------------------------------


def _all_fields() -> list[Field]:
    tr = translator("nb")
    strategy = bakery([followers([Metric("reach", "accounts", id=1)])])
    views = [
        forms.goal_form(strategy, tr),
        forms.metrics_form(strategy, tr),
        report_form(strategy, 1, {1: Decimal(5)}, tr),
    ]
    coach = [field for view in views for field in fields(view)]
    return coach + [one(e, optional=o) for e in ELEMENTS.values() for o in (False, True)]


ALL_FIELDS = _all_fields()


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(ALL_FIELDS),
    st.text(max_size=40) | st.sampled_from(["-", "", "1", "1,2", "@kari", "#x", "2027-02-29"]),
    st.sampled_from(LANGUAGES),
)
def test_any_typed_text_gives_an_answer_or_a_sentence(
    field: Field, typed: str, language: str
) -> None:
    value = answer_value(field, typed, lookup, translator(language), zone=OSLO)
    assert isinstance(value, dict | str)
    if isinstance(value, dict):
        assert value["type"] == field.kind
        assert len(value) >= 2
    else:
        assert value.strip()


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=dt.datetime(1970, 1, 2), max_value=dt.datetime(9999, 12, 30)))
def test_any_date_and_time_typed_as_shown_comes_back(moment: dt.datetime) -> None:
    moment = moment.replace(second=0, microsecond=0)
    day, time = moment.date().isoformat(), moment.strftime("%H:%M")
    assert answer_value(one(ELEMENTS["datepicker"]), day, nobody) == {
        "type": "datepicker",
        "selected_date": day,
    }
    assert answer_value(one(ELEMENTS["timepicker"]), time, nobody) == {
        "type": "timepicker",
        "selected_time": time,
    }
    stamp = answer_value(one(ELEMENTS["datetimepicker"]), f"{day} {time}", nobody)
    assert isinstance(stamp, dict)
    assert stamp["selected_date_time"] == int(moment.replace(tzinfo=dt.UTC).timestamp())


def test_a_field_can_be_a_key() -> None:
    """Fields are frozen: the shell may key its answers by them, raw element and all."""
    found = fields(forms.goal_form(bakery(), translator("en")))
    assert len({field: field.block_id for field in found}) == 6
