"""The shell's renderer: the coach's own messages, views and hand-written Block Kit as a terminal
shows them (plain text without colour, ANSI styles with it), numbered choices, and user text that
is never taken for rich markup or a ping."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console, RenderableType
from rich.text import Text

from bot.builder import forms
from bot.builder import messages as builder_messages
from bot.checkins import messages as checkin_messages
from bot.checkins.report_form import report_form
from bot.commands.help import help_message
from bot.domain.model import Schedule, Snapshot
from bot.domain.standing import standing
from bot.i18n.catalogue import translator
from bot.insights import home_view, status_messages
from bot.insights.status_messages import status_message
from bot.runtime.shell.render import Choice, Option, choices, message, mrkdwn, plain, view
from bot.slack.blocks import button, link_button, section
from tests.support.message_checks import OWNER, STARTER, small_strategy
from tests.support.webshop import webshop_goals, webshop_snapshot

NAMES = {STARTER: "kari", OWNER: "ola", "U1": "per", "C1": "marketing"}
TODAY = dt.date(2026, 11, 27)
ESC = "\x1b["


def names(ident: str) -> str:
    return NAMES.get(ident, ident)


def shown(renderable: RenderableType) -> str:
    """What a terminal without colour shows."""
    console = Console(file=StringIO(), color_system=None, width=100)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def coloured(renderable: RenderableType) -> str:
    console = Console(file=StringIO(), color_system="truecolor", force_terminal=True, width=100)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def rendered(text: str, blocks: list[dict], first_number: int = 1) -> tuple[str, list[Choice]]:
    renderable, found = message({"text": text, "blocks": blocks}, names, first_number)
    return shown(renderable), found


def webshop() -> Snapshot:
    return webshop_snapshot(
        webshop_goals(),
        OWNER,
        mission="Answers that make people *smile*",
        schedule=Schedule(weekday=0, time=dt.time(9, 0), timezone="Europe/Oslo"),
    )


# --- the coach's own messages ------------------------------------------------------------------


def test_help_reads_as_plain_lines_without_markup() -> None:
    out, found = rendered(*help_message(translator("en")))
    assert out.startswith("What I can do\n")
    assert "• /strategy status [name] — where the strategy stands" in out
    assert "• /strategy language en|nb — set the team's language" in out
    assert "*" not in out and "`" not in out
    assert found == []


def test_help_in_norwegian() -> None:
    out, _ = rendered(*help_message(translator("nb")))
    assert "`" not in out and "*" not in out
    assert "/strategy language en|nb" in out


def test_the_card_shows_the_header_mentions_and_emoji() -> None:
    out, found = rendered(*builder_messages.card(small_strategy(), translator("en")))
    lines = out.splitlines()
    assert lines[0] == "Bakery & Co"  # the coach escaped the name; Slack shows it unescaped
    assert lines[1] == "Started by @kari"
    assert "✅ Mission: done" in lines
    assert not any(":white_check_mark:" in line or "<@" in line for line in lines)
    assert found == []


def test_a_thread_post_numbers_the_answers_then_the_step_buttons() -> None:
    strategy = small_strategy()
    strategy.conversation.step = "goals"
    strategy.conversation.awaiting = "goal"
    text, blocks = builder_messages.thread_post(
        strategy,
        ["Saved *1,200 followers*."],
        "Is that right?",
        translator("en"),
        [("Yes", "yes"), ("No", "no")],
    )
    out, found = rendered(text, blocks, first_number=3)
    assert out.splitlines() == [
        "Saved 1,200 followers.",
        "Is that right?",
        "[3] Yes  [4] No",
        "[5] Use a form  [6] Skip for now",
    ]
    assert [c.number for c in found] == [3, 4, 5, 6]
    yes, _, form, skip = found
    assert (yes.kind, yes.action_id, yes.value, yes.style) == ("button", "step_answer", "yes", None)
    assert yes.block_id == builder_messages.answers_block_id(strategy)
    assert (form.action_id, form.value, form.style, form.block_id) == (
        "open_goal_form",
        "42",
        "primary",
        "step_goals",
    )
    assert skip.element == blocks[-1]["elements"][1]
    assert choices(blocks, first_number=3) == found


def test_the_checkin_request_shows_the_numbered_metrics_and_the_report_button() -> None:
    text, blocks = checkin_messages.checkin_request(
        small_strategy(), {}, 2, translator("en"), checkin_id=17
    )
    out, found = rendered(text, blocks)
    assert out.startswith("Time for this week's numbers for Bakery & Co\n")
    assert "`" not in out and "*" not in out
    assert out.rstrip().endswith("[1] Report")
    (report,) = found
    assert (report.label, report.value, report.style) == ("Report", "17", "primary")


def test_status_shows_progress_bars_emoji_and_the_mission() -> None:
    snapshot = webshop()
    tr = translator("en")
    text, blocks = status_message(snapshot, standing(snapshot, TODAY), "Europe/Oslo", tr, "Ola")
    out, found = rendered(text, blocks)
    assert out.startswith("Webshop\nMission: Answers that make people smile\n")
    assert "▰▰▰▰▰▱▱▱▱▱ 50% · 1,600 of 2,000 a month" in out
    assert "🚀 ahead of plan" in out
    assert ":rocket:" not in out and "`" not in out
    assert found == []


def test_the_home_tab_has_its_buttons_a_link_and_a_rule() -> None:
    tr = translator("en")
    link = "https://example.slack.com/archives/C1/p1"
    home = home_view.home([webshop()], 1, OWNER, {9: link}, "Europe/Oslo", TODAY, tr)
    renderable, found = view(home, names)
    out = shown(renderable)
    assert out.startswith("Your social media strategies\n" + "─" * 100 + "\n")
    assert "Webshop · #marketing · " in out
    assert f"[1] Report now  [2] Pause check-ins  [3] Open the thread ({link})" in out
    assert [(c.label, c.url) for c in found] == [
        ("Report now", None),
        ("Pause check-ins", None),
        ("Open the thread", link),
    ]


def test_a_modal_shows_its_title_and_text_but_not_its_inputs() -> None:
    tr = translator("en")
    renderable, found = view(forms.goal_form(small_strategy(), tr), names)
    out = shown(renderable)
    assert out.splitlines()[0] == "Add a goal"
    assert "A goal is a number you want to move by a date" in out
    assert "What do you measure?" not in out and "Choose one" not in out
    assert found == []
    strategy = small_strategy()
    for number, metric in enumerate(strategy.goals[0].metrics, start=1):
        metric.id = number
    renderable, _ = view(report_form(strategy, 3, {}, translator("nb")), names)
    lines = shown(renderable).splitlines()
    assert lines[0] == "Ukens tall"
    assert lines[1].startswith("Ukens tall for Bakery & Co. La et felt stå tomt")


def test_the_digest_and_a_draft_show_people_channels_and_links() -> None:
    tr = translator("en")
    snapshot = webshop()
    statuses = [(g.goal, g.status) for g in standing(snapshot, TODAY).goals if g.status]
    out, _ = rendered(*checkin_messages.digest(snapshot.strategy, statuses, OWNER, tr))
    assert out.splitlines()[:2] == [
        "@ola reported this week's numbers:",
        "• visits: 1,600 → 2,000 a month (50%) 🚀 ahead of plan",
    ]
    draft = small_strategy()
    link = "https://example.slack.com/archives/C1/p1"
    out, _ = rendered(*status_messages.draft_message(draft, link, tr))
    assert out.splitlines()[-1] == f"Carry on in its thread ({link})."
    out, _ = rendered(*status_messages.draft_message(draft, None, tr))
    assert out.splitlines()[-1] == "Carry on with /strategy in #marketing."


# --- hand-written Block Kit --------------------------------------------------------------------


def test_sections_fields_accessories_menus_images_and_files() -> None:
    option = {"text": {"type": "plain_text", "text": "Visits"}, "value": "1"}
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "[bold]Plan[/bold] :tada:"}},
        {
            "type": "section",
            "block_id": "goal",
            "text": {"type": "mrkdwn", "text": "*Goal* 1"},
            "fields": [
                {"type": "mrkdwn", "text": "*Target*"},
                {"type": "plain_text", "text": "5,000 *"},
            ],
            "accessory": button("Delete", "delete", "7", "danger"),
        },
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "Pick one"},
            "accessory": {
                "type": "static_select",
                "action_id": "pick",
                "placeholder": {"type": "plain_text", "text": "A goal"},
                "option_groups": [
                    {"label": {"type": "plain_text", "text": "G"}, "options": [option]}
                ],
            },
        },
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "Photo"},
            "accessory": {"type": "image", "image_url": "https://x/i.png", "alt_text": "a chart"},
        },
        {
            "type": "actions",
            "block_id": "more",
            "elements": [
                {"type": "overflow", "action_id": "menu", "options": [option, option]},
                {"type": "datepicker", "action_id": "day", "initial_date": "2027-01-04"},
                {"type": "users_select", "action_id": "who"},
            ],
        },
        {"type": "image", "image_url": "https://x/c.png", "alt_text": "status chart"},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "_small_ print"}]},
        {"type": "input", "label": {"type": "plain_text", "text": "Hidden"}, "element": {}},
    ]
    msg = {"blocks": blocks, "files": [{"name": "chart.png", "title": "Status chart"}]}
    renderable, found = message(msg, names)
    assert shown(renderable).splitlines() == [
        "[bold]Plan[/bold] 🎉",
        "Goal 1",
        "Target   5,000 *",
        "[1] Delete",
        "Pick one",
        "[2] A goal ▾ (Visits)",
        "Photo",
        "[image: a chart]",
        "[3] ⋯ (Visits / Visits)  [4] 2027-01-04  [5] users select ▾",
        "[image: status chart]",
        "small print",
        "[file: Status chart]",
    ]
    assert [(c.kind, c.action_id, c.block_id, c.style) for c in found] == [
        ("button", "delete", "goal", "danger"),
        ("static_select", "pick", "", None),
        ("overflow", "menu", "more", None),
        ("datepicker", "day", "more", None),
        ("users_select", "who", "more", None),
    ]
    assert found[1].options == (Option("Visits", "1"),)
    assert choices(blocks) == found


def test_rich_text_blocks_show_their_text() -> None:
    block = {
        "type": "rich_text",
        "elements": [
            {
                "type": "rich_text_section",
                "elements": [
                    {"type": "text", "text": "Hi ", "style": {"bold": True}},
                    {"type": "user", "user_id": "U1"},
                    {"type": "text", "text": " see "},
                    {"type": "link", "url": "https://x.org", "text": "this"},
                    {"type": "emoji", "name": "rocket", "unicode": "1f680"},
                    {"type": "broadcast", "range": "channel"},
                ],
            },
            {
                "type": "rich_text_list",
                "style": "ordered",
                "elements": [
                    {"type": "rich_text_section", "elements": [{"type": "text", "text": "one"}]},
                    {"type": "rich_text_section", "elements": [{"type": "text", "text": "two"}]},
                ],
            },
            {"type": "rich_text_quote", "elements": [{"type": "text", "text": "said"}]},
            {"type": "rich_text_preformatted", "elements": [{"type": "text", "text": "*x*"}]},
        ],
    }
    renderable, _ = message({"blocks": [block]}, names)
    assert shown(renderable).splitlines() == [
        "Hi @per see this🚀@channel",
        "1. one",
        "2. two",
        "│ said",
        "*x*",
    ]


def test_text_only_messages_and_blocks_as_a_json_string() -> None:
    renderable, found = message({"text": "Saved *it* <@U1>"}, names)
    assert shown(renderable) == "Saved it @per\n"
    assert found == []
    renderable, found = message({"blocks": '[{"type": "section", "text": "x"}]'}, names)
    assert shown(renderable) == "x\n"


# --- user text stays text ----------------------------------------------------------------------


def test_user_text_is_never_markup_nor_a_ping() -> None:
    said = section("You wrote: [red]x[/red] [bold] &lt;!channel&gt; and <!channel>, <!here>")
    out, _ = rendered("", [said])
    assert out == "You wrote: [red]x[/red] [bold] <!channel> and @channel, @here\n"
    assert ESC not in coloured(mrkdwn("[red]x[/red]", names)).replace(f"{ESC}0m", "")
    assert shown(plain("[b]*x* &amp; :wave:[/b]")) == "[b]*x* & 👋[/b]\n"
    # Terminal control codes someone typed are dropped, so nobody's text can restyle the screen.
    assert ESC not in coloured(mrkdwn("a \x1b[2J\x1b[31mred", names)).replace(f"{ESC}0m", "")


def test_colour_shows_bold_and_the_button_styles() -> None:
    ansi = coloured(mrkdwn("a *bold* word", names))
    assert f"a {ESC}1mbold{ESC}0m word" in ansi
    renderable, _ = message({"blocks": [{"type": "actions", "elements": [
        button("Save", "save", "1", "primary"),
        button("Delete", "delete", "1", "danger"),
        link_button("Open", "https://x.org"),
    ]}]}, names)  # fmt: skip
    ansi = coloured(renderable)
    assert f"{ESC}1;32mSave" in ansi and f"{ESC}1;31mDelete" in ansi
    assert ESC not in shown(renderable)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("*bold* and _italic_ and ~strike~", "bold and italic and strike"),
        ("snake_case_name, 2*3*4 and a * b *", "snake_case_name, 2*3*4 and a * b *"),
        ("*unclosed and _this too", "*unclosed and _this too"),
        ("*bold _and italic_*", "bold and italic"),
        ("`*not bold*` and `<@U1>`", "*not bold* and <@U1>"),
        ("`▰▰▰▱▱` *50%*", "▰▰▰▱▱ 50%"),
        (
            "<https://x.org/a_b|the site> <https://x.org>",
            "the site (https://x.org/a_b) https://x.org",
        ),
        ("<https://x.org|https://x.org> <mailto:a@b.no|a@b.no>", "https://x.org a@b.no"),
        ("<@U1> in <#C1|general> and <#C1>", "@per in #general and #marketing"),
        ("<!here> <!channel> <!everyone> <!subteam^S1|@team>", "@here @channel @everyone @team"),
        ("<!date^1392734382^{date_pretty}|Feb 18>", "Feb 18"),
        ("<!date^1392734382^{date}>", "2014-02-18 14:39 UTC"),
        ("&lt;b&gt; &amp;lt; &amp; AT&T", "<b> &lt; & AT&T"),
        ("<not a link>", "<not a link>"),
        (":white_check_mark: :rocket: :nope: at 09:00:", "✅ 🚀 :nope: at 09:00:"),
        ("> quoted *bold*\nnot quoted", "│ quoted bold\nnot quoted"),
        ("&gt; typed by someone", "> typed by someone"),
        (">>> all\nof this", "│ all\n│ of this"),
        ("before ```x = *1*\n&lt;y&gt;``` after", "before\n  x = *1*\n  <y>\nafter"),
        ("• one\n• two", "• one\n• two"),
    ],
)
def test_mrkdwn(typed: str, expected: str) -> None:
    assert mrkdwn(typed, names).plain == expected


def test_mrkdwn_styles_the_spans() -> None:
    text = mrkdwn("*b* _i_ ~s~ `c` <@U1>", names)
    styles = {text.plain[span.start : span.end]: str(span.style) for span in text.spans}
    assert styles == {
        "b": "bold",
        "i": "italic",
        "s": "strike",
        "c": "yellow",
        "@per": "bold cyan",
    }


# --- any text at all ----------------------------------------------------------------------------


@given(st.text())
def test_any_text_renders(typed: str) -> None:
    text = mrkdwn(typed, names)
    assert isinstance(text, Text)
    assert "\x1b" not in shown(text) + shown(plain(typed))  # no markup, no control codes
    coloured(text)


@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="*_~`<>&:")
    )
)
def test_text_without_slack_markup_comes_out_as_typed(typed: str) -> None:
    assert mrkdwn(typed, names).plain == typed.rstrip()
    assert plain(typed).plain == typed


@given(st.text(), st.text(max_size=80), st.sampled_from([None, "primary", "danger"]))
def test_any_text_in_a_message_renders(typed: str, label: str, style: str | None) -> None:
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": label or "x"}},
        section(typed),
        {"type": "context", "elements": [{"type": "mrkdwn", "text": typed}]},
        {"type": "actions", "elements": [button(label or "x", "a", typed, style)]},
    ]
    renderable, found = message({"text": typed, "blocks": blocks}, names)
    shown(renderable)
    coloured(renderable)
    assert [(c.number, c.value, c.style) for c in found] == [(1, typed, style)]
