"""Forms and buttons in the shell: a modal the coach opens is filled as a short sequence of
prompts (bot/runtime/shell/form_prompts.py) and submitted as Slack submits it; a button or menu
pressed with `:N` is sent as Slack's `block_actions`.

A form the coach refuses (`response_action: errors`) asks again for the fields it named, with
everything else kept; `:cancel` closes it without saving, as the Cancel button does.
"""

from __future__ import annotations

import time
from typing import Any, Protocol

from rich.console import Console
from rich.text import Text

from bot.i18n.catalogue import Translator
from bot.runtime.shell import form_prompts
from bot.runtime.shell import slack_payloads as payloads
from bot.runtime.shell.form_prompts import Field
from bot.runtime.shell.people import People, clean_name
from bot.runtime.shell.screen import Pressable, Screen, Shown
from bot.runtime.shell.session import ShellApp
from bot.runtime.shell.terminal import Lines


class Shell(Protocol):
    """The conversation a form or a button belongs to (bot/runtime/shell/conversation.py)."""

    app: ShellApp
    lines: Lines
    console: Console
    people: People
    screen: Screen
    user: str
    leaving: bool

    @property
    def tr(self) -> Translator: ...

    def note(self, text: str, style: str = "yellow") -> None: ...


CANCEL = ":cancel"
QUIT = (":quit", ":q", ":exit")
_PICKED = {"static_select", "overflow", "radio_buttons", "users_select", "datepicker"}


def _user(shell: Shell) -> dict[str, str]:
    return payloads.user_object(shell.app.workspace, shell.user, shell.people.name_of(shell.user))


def _names_to_ids(shell: Shell) -> Any:
    def find(text: str) -> str | None:
        if text.startswith("#"):
            name = text[1:].lower()
            found = [c for c, n in shell.screen.channels.items() if n == name]
            return found[0] if found else None
        name = clean_name(text)
        return shell.people.user(name) if name else None

    return find


def fill_modal(shell: Shell, view: dict[str, Any]) -> Shown:
    """Ask for each field of `view`, submit, and go on with what the coach answers (errors,
    an updated or pushed view); what the coach did meanwhile, to show."""
    answers: dict[tuple[str, str], dict] = {}
    shown = Shown()
    asking: list[Field] | None = None  # None: every field
    while True:
        tr, zone = shell.tr, shell.app.clock.zone
        fields = form_prompts.fields(view, zone)
        if asking is None:
            title = form_prompts.plain_words(view.get("title")) or tr("Form")
            shell.console.print(Text(f"┌ {title}", style="bold cyan"))
            shell.screen.view({k: v for k, v in view.items() if k != "title"}, tr)
        for field in asking if asking is not None else fields:
            value = _ask(shell, field)
            if value is None:
                _closed(shell, view)
                return shown
            answers[(field.block_id, field.action_id)] = value
        keys = {(f.block_id, f.action_id) for f in fields}
        state = form_prompts.state_values({k: v for k, v in answers.items() if k in keys})
        request = payloads.view_submission(
            shell.app.workspace, view, state["values"], user=_user(shell)
        )
        reply = shell.app.send(request)
        answer = reply.json()
        action = answer.get("response_action")
        if action != "errors":
            shell.console.print(Text("└ " + tr("sent"), style="cyan"))
        shown = shell.screen.show(reply.calls, shell.user, tr)
        if action == "errors":
            errors = answer.get("errors") or {}
            for field in fields:
                if field.block_id in errors:
                    shell.note(f"{field.label}: {errors[field.block_id]}", "red")
            asking = [f for f in fields if f.block_id in errors] or fields
            continue
        if action in ("update", "push") and isinstance(answer.get("view"), dict):
            view = (
                {**answer["view"], "id": view.get("id")} if action == "update" else answer["view"]
            )
            asking = None
            continue
        return shown


def _ask(shell: Shell, field: Field) -> dict | None:
    """One field's answer as Slack sends it; None if the person cancelled the form."""
    tr = shell.tr
    shell.console.print(Text(form_prompts.prompt_text(field, tr), style="bold"))
    while True:
        typed = shell.lines.read("  › ", form=True)
        word = (typed or "").strip().lower()
        if typed is None or word in QUIT:
            shell.leaving = True  # the form closes first, then the shell
            return None
        if word == CANCEL:
            return None
        value = form_prompts.answer_value(
            field, typed, _names_to_ids(shell), tr, shell.app.clock.zone
        )
        if isinstance(value, dict):
            return value
        shell.note("  " + value, "red")


def _closed(shell: Shell, view: dict[str, Any]) -> None:
    if view.get("notify_on_close"):
        request = payloads.view_closed(shell.app.workspace, view, user=_user(shell))
        shell.app.send(request)
    shell.note(shell.tr("Form closed; nothing in it was saved."))


def press_action(shell: Shell, number: int) -> Shown:
    """Press button (or open menu) number `number`, as the person typing."""
    tr = shell.tr
    pressed = shell.screen.pressable.get(number)
    if pressed is None:
        shell.note(tr("There is no button [{number}] to press now.", number=number))
        return Shown()
    choice = pressed.choice
    action: dict[str, Any] = {
        "type": choice.kind,
        "action_id": choice.action_id,
        "block_id": choice.block_id,
        "action_ts": f"{time.time():.6f}",
    }
    if choice.kind == "button":
        action["text"] = {"type": "plain_text", "text": choice.label, "emoji": True}
        if choice.value is not None:
            action["value"] = choice.value
        if choice.url:
            shell.note(tr("Opens {url}", url=choice.url), "cyan")
    elif choice.kind in _PICKED:
        picked = _pick(shell, pressed)
        if picked is None:
            return Shown()
        action.update({k: v for k, v in picked.items() if k != "type"})
    else:
        shell.note(tr("The shell can't press this kind of menu."))
        return Shown()
    return _send_action(shell, pressed, action)


def _pick(shell: Shell, pressed: Pressable) -> dict | None:
    """What is chosen in a menu: an option, a person or a date, asked like a form field."""
    choice = pressed.choice
    kind = "static_select" if choice.kind == "overflow" else choice.kind
    field = Field(
        block_id=choice.block_id,
        action_id=choice.action_id,
        kind=kind,
        label=choice.label,
        hint=None,
        optional=False,
        initial=None,
        options=tuple((o.label, o.value) for o in choice.options),
        multiline=False,
        element={**choice.element, "type": kind},
    )
    value = _ask(shell, field)
    if value is None:
        return None
    if choice.kind == "overflow":
        value = {"selected_option": value.get("selected_option")}
    return value


def _send_action(shell: Shell, pressed: Pressable, action: dict[str, Any]) -> Shown:
    ws, slack = shell.app.workspace, shell.app.slack
    channel = pressed.channel
    request = payloads.block_actions(
        ws,
        action,
        user=_user(shell),
        trigger=payloads.trigger_id(int(time.time())),
        response_url=None if pressed.view is not None else slack.response_url("action"),
        message=pressed.message,
        channel={"id": channel, "name": shell.screen.channel_name(channel)} if channel else None,
        view=pressed.view,
        ephemeral=pressed.ephemeral,
    )
    reply = shell.app.send(request)
    return shell.screen.show(reply.calls, shell.user, shell.tr, origin=pressed)
