"""A Slack Web API stand-in served on 127.0.0.1, used by `strategy-coach shell` and by the tests.

It imports nothing of the coach (no other bot.*, handlers, storage) and no slack_sdk/slack_bolt."""

from bot.slack_standin.calls import Answer, Call
from bot.slack_standin.standin import SlackStandin
from bot.slack_standin.store import Workspace

__all__ = ["Answer", "Call", "SlackStandin", "Workspace"]
