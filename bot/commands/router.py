"""`/strategy <subcommand>` and the App Home buttons, each handed to the capability that does it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.builder.service import Builder
from bot.checkins.answers import CheckinAnswers
from bot.checkins.commands import CheckinCommands
from bot.commands.help import help_message, unknown_command
from bot.domain.actor import Actor
from bot.i18n.catalogue import Translator, translator
from bot.insights import home_view
from bot.insights.exports import Exports
from bot.insights.home import HomeTab
from bot.insights.status import StatusReports
from bot.people.languages import Languages
from bot.slack.blocks import notice
from bot.slack.replies import Respond, ephemeral, in_channel, telling
from bot.text.command_words import CHECKIN_COMMANDS, Command, parse_command
from bot.text.ids import row_id

# The Home tab's buttons are the check-in subcommands of the strategy they sit under.
_HOME_COMMANDS = {
    home_view.ACTION_HOME_REPORT: "checkin",
    home_view.ACTION_HOME_PAUSE: "pause",
    home_view.ACTION_HOME_RESUME: "resume",
}


class Commands:
    def __init__(
        self,
        languages: Languages,
        builder: Builder,
        checkin_commands: CheckinCommands,
        answers: CheckinAnswers,
        statuses: StatusReports,
        exports: Exports,
        home: HomeTab,
        now: Callable[[], dt.datetime],
    ) -> None:
        self.languages = languages
        self.builder = builder
        self.checkin_commands = checkin_commands
        self.answers = answers
        self.statuses = statuses
        self.exports = exports
        self.home = home
        self.now = now

    def slash(self, actor: Actor, text: str, channel_name: str, respond: Respond) -> None:
        """`/strategy …`, answered in the asker's language."""
        tr = self.languages.for_user(actor.team_id, actor.user_id)
        command = parse_command(text)
        if command.name == "help":
            ephemeral(respond, *help_message(tr))
        elif command.name == "language":
            self._set_language(actor, command, tr, respond)
        elif command.name == "edit":
            self.builder.edit(actor, command.step, tr, respond)
        elif command.name == "start":
            self.builder.start_or_show(actor, channel_name, tr, respond)
        elif command.name == "status":
            self.statuses.show(
                actor, command.argument, telling(respond), say_here=in_channel(respond)
            )
        elif command.name == "export":
            self.exports.export(actor, command.argument, telling(respond))
        elif command.name in CHECKIN_COMMANDS:
            answer = self.checkin_commands.handle(
                actor.team_id, actor.channel_id, actor.user_id, command, tr
            )
            ephemeral(respond, *notice(answer))
        else:
            ephemeral(respond, *unknown_command(command.argument or text.strip()[:40], tr))

    def _set_language(
        self, actor: Actor, command: Command, tr: Translator, respond: Respond
    ) -> None:
        if command.language is None:
            ephemeral(respond, *notice(tr("Choose `en` or `nb`: `/strategy language nb`.")))
            return
        self.languages.choose_for_team(actor.team_id, command.language)
        tr = translator(command.language)
        ephemeral(respond, *notice(tr("From now on I speak English in this workspace.")))

    def home_button(self, actor: Actor, action_id: str, value: str, trigger_id: str) -> None:
        """Report now, Pause or Resume on the Home tab; every outcome ends in a refreshed Home
        tab (or the report form)."""
        tr = self.languages.for_user(actor.team_id, actor.user_id)
        strategy_id = row_id(value)
        name = _HOME_COMMANDS[action_id]
        # The form first while the trigger is fresh (it lives about 3 s), if this week's
        # check-in is already out; otherwise send it, then open the form.
        if self._open_week_form(name, actor, strategy_id, trigger_id):
            return
        answer = (
            self.checkin_commands.handle_for(
                actor.team_id, strategy_id, actor.user_id, Command(name), tr
            )
            if strategy_id is not None
            else None
        )
        if answer is None:
            self.home.publish(actor.team_id, actor.user_id, tr("That strategy is gone."))
            return
        if self._open_week_form(name, actor, strategy_id, trigger_id):
            return
        self.home.publish(actor.team_id, actor.user_id, answer)

    def _open_week_form(
        self, name: str, actor: Actor, strategy_id: int | None, trigger_id: str
    ) -> bool:
        if name != "checkin" or strategy_id is None:
            return False
        return self.answers.open_week_form(actor, strategy_id, trigger_id, self.now())
