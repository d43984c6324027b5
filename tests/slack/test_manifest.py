"""manifest.yml is valid for Slack and asks for exactly what the code uses.

Two layers, because Slack's schema alone is not enough: it checks the manifest's shape
(unknown keys, types, URL and command patterns) but not the names of scopes or events, which
are free strings there. The surface checks below compare those with ``bot.slack.surface``.
"""

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot.slack.surface import BOT_EVENTS, BOT_SCOPES, COMMAND, EVENTS_PATH

REPO_ROOT = Path(__file__).resolve().parents[2]
MANIFEST_PATH = REPO_ROOT / "manifest.yml"
# Slack's official schema (MIT, see slack_specs/LICENSE.manifest-schema), kept beside the tests
# so that the check runs wherever the repository is cloned.
SCHEMA_PATH = Path(__file__).resolve().parent / "slack_specs" / "manifest.schema.1.0.0.json"

# The schema spells this constraint with the non-standard keyword "regex", which JSON Schema
# validators ignore, so a bad colour would pass validation; the test checks it itself.
BACKGROUND_COLOR = re.compile(r"^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$")


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


@pytest.fixture
def manifest() -> dict:
    return yaml.safe_load(MANIFEST_PATH.read_text(encoding="utf-8"))


def schema_errors(validator: jsonschema.Draft7Validator, document: dict) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '<root>'}: {error.message}"
        for error in validator.iter_errors(document)
    ]


def surface_problems(manifest: dict) -> list[str]:
    """Differences between the manifest and what bot.slack_surface says the code uses."""
    problems = []
    scopes = manifest.get("oauth_config", {}).get("scopes", {})
    if sorted(scopes.get("bot", [])) != sorted(BOT_SCOPES):  # sorted: duplicates count too
        problems.append(f"bot scopes {scopes.get('bot')} != {sorted(BOT_SCOPES)}")
    if scopes.get("user"):
        problems.append(f"unexpected user scopes {scopes['user']}")
    settings = manifest.get("settings", {})
    events = settings.get("event_subscriptions", {})
    if sorted(events.get("bot_events", [])) != sorted(BOT_EVENTS):
        problems.append(f"bot events {events.get('bot_events')} != {sorted(BOT_EVENTS)}")
    if events.get("user_events"):
        problems.append(f"unexpected user events {events['user_events']}")
    commands = [c.get("command") for c in manifest.get("features", {}).get("slash_commands", [])]
    if commands != [COMMAND]:
        problems.append(f"slash commands {commands} != [{COMMAND!r}]")
    return problems


def test_manifest_validates_against_slack_schema(validator, manifest):
    assert schema_errors(validator, manifest) == []


def test_manifest_asks_for_exactly_what_the_code_uses(manifest):
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == set(BOT_SCOPES)
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == set(BOT_EVENTS)
    commands = manifest["features"]["slash_commands"]
    assert [c["command"] for c in commands] == [COMMAND]
    assert surface_problems(manifest) == []


def test_every_request_url_is_the_events_path(manifest):
    settings = manifest["settings"]
    urls = [
        manifest["features"]["slash_commands"][0]["url"],
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
    ]
    for url in urls:
        assert url.startswith("https://")
        assert url.endswith(EVENTS_PATH)
    assert len(set(urls)) == 1


def test_interactivity_is_enabled_and_http_mode_is_the_default(manifest):
    settings = manifest["settings"]
    assert settings["interactivity"]["is_enabled"] is True
    # The URLs above are only used without Socket Mode.
    assert settings["socket_mode_enabled"] is False


def test_display_information(manifest):
    display = manifest["display_information"]
    assert display["name"] == "Strategy Coach"
    assert manifest["features"]["bot_user"]["display_name"] == "Strategy Coach"
    assert BACKGROUND_COLOR.match(display["background_color"])


DROP = object()  # marks a key to delete instead of a value to set


def changed(document: dict, path: tuple, value) -> dict:
    """A deep copy of ``document`` with the item at ``path`` set to ``value`` (or dropped)."""
    result = copy.deepcopy(document)
    target = result
    for key in path[:-1]:
        target = target[key]
    if value is DROP:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return result


SCOPES = ("oauth_config", "scopes", "bot")
EVENTS = ("settings", "event_subscriptions", "bot_events")
FIRST_COMMAND = ("features", "slash_commands", 0)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        pytest.param(SCOPES, "chat:write", id="scopes-not-a-list"),
        pytest.param((*SCOPES[:-1], "bots"), ["chat:write"], id="misspelt-scopes-key"),
        pytest.param(SCOPES, ["x" * 51], id="scope-too-long"),
        pytest.param((*FIRST_COMMAND, "command"), "strategy", id="command-without-slash"),
        pytest.param((*FIRST_COMMAND, "description"), DROP, id="command-without-description"),
        pytest.param(EVENTS, ["message.groups", "message.groups"], id="duplicate-event"),
        pytest.param(
            ("settings", "event_subscriptions", "request_url"),
            "strategy-coach.example.com/slack/events",
            id="url-without-scheme",
        ),
        pytest.param(("settings", "interactivity", "is_enabled"), DROP, id="no-is_enabled"),
        pytest.param(("settings", "socket_mode_enabled"), "false", id="boolean-as-string"),
        pytest.param(("display_information", "name"), "x" * 36, id="name-too-long"),
        pytest.param(("display_information",), DROP, id="no-display-information"),
        pytest.param(("setting",), {}, id="unknown-top-level-key"),
    ],
)
def test_schema_rejects_a_bad_shape(validator, manifest, path, value):
    assert schema_errors(validator, manifest) == []  # only the change below breaks it
    assert schema_errors(validator, changed(manifest, path, value)) != []


@pytest.mark.parametrize(
    ("path", "value"),
    [
        pytest.param(SCOPES, [*BOT_SCOPES, "not:a-scope"], id="unknown-scope"),
        pytest.param(SCOPES, [*BOT_SCOPES, "files:write"], id="unused-scope"),
        pytest.param(SCOPES, list(BOT_SCOPES[1:]), id="missing-scope"),
        pytest.param(SCOPES, [*BOT_SCOPES, BOT_SCOPES[0]], id="duplicate-scope"),
        pytest.param(("oauth_config", "scopes", "user"), ["users:read"], id="user-scope"),
        pytest.param(EVENTS, [*BOT_EVENTS, "reaction_added"], id="unused-event"),
        pytest.param(EVENTS, list(BOT_EVENTS[:1]), id="missing-event"),
        pytest.param((*FIRST_COMMAND, "command"), "/strategi", id="other-command"),
    ],
)
def test_surface_check_catches_what_the_schema_lets_through(validator, manifest, path, value):
    broken = changed(manifest, path, value)
    # Slack's schema does not know scope or event names, so these still validate ...
    assert schema_errors(validator, broken) == []
    # ... and only the comparison with bot.slack_surface catches them.
    assert surface_problems(broken) != []
