"""The installations (issue 11) on real SQLite and PostgreSQL, through migration 0008: slack_sdk's
installation and state stores on our tables, with the tokens encrypted at rest when keys are set."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, MetaData, Table, inspect, text

from storage import team_data
from storage.db import make_engine, make_session_factory
from storage.installations import (
    Rekeyed,
    make_installation_store,
    make_state_store,
    reencrypt_tokens,
)
from storage.token_crypto import TokenDecryptionError, TokenKeys
from tests.support.stored_installations import (
    CLIENT_ID,
    EXPIRES_AT,
    installation,
    new_keys,
    tokens,
)

TOKEN_COLUMNS = {"bot_token", "bot_refresh_token", "user_token", "user_refresh_token"}
BUILDERS: list[tuple[str, Callable[[MetaData, str], Table]]] = [
    ("slack_installations", SQLAlchemyInstallationStore.build_installations_table),
    ("slack_bots", SQLAlchemyInstallationStore.build_bots_table),
    ("slack_oauth_states", SQLAlchemyOAuthStateStore.build_oauth_states_table),
]


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def _raw_rows(engine: Engine) -> list[str]:
    """Every stored value of both tables, as text."""
    with engine.connect() as connection:
        return [
            str(value)
            for table in ("slack_installations", "slack_bots")
            for row in connection.execute(text(f"SELECT * FROM {table}"))
            for value in row
        ]


def _kind(column_type: Any) -> tuple[type, int | None, bool]:
    return (
        column_type.python_type,
        getattr(column_type, "length", None),
        bool(getattr(column_type, "timezone", False)),
    )


@pytest.mark.parametrize(("table_name", "build"), BUILDERS, ids=[name for name, _ in BUILDERS])
def test_the_migrated_tables_are_the_ones_slack_sdk_builds(
    engine: Engine, table_name: str, build: Callable[[MetaData, str], Table]
) -> None:
    """Names, columns, types, nullability, primary key and indexes as slack_sdk's own builders
    make them; only the token columns are wider (Fernet-encrypted tokens are longer)."""
    expected = build(MetaData(), table_name)
    schema = inspect(engine)
    migrated = {column["name"]: column for column in schema.get_columns(table_name)}
    assert list(migrated) == [column.name for column in expected.columns]
    for column in expected.columns:
        found = migrated[column.name]
        assert found["nullable"] == column.nullable, column.name
        wanted_type, found_type = _kind(column.type), _kind(found["type"])
        if column.name in TOKEN_COLUMNS:
            assert wanted_type[1] == 200 and found_type[1] == 1000, column.name
            wanted_type, found_type = wanted_type[::2], found_type[::2]
        assert found_type == wanted_type, column.name
    assert schema.get_pk_constraint(table_name)["constrained_columns"] == ["id"]
    indexes = {index["name"]: index["column_names"] for index in schema.get_indexes(table_name)}
    assert indexes == {
        index.name: [column.name for column in index.columns] for index in expected.indexes
    }


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
@pytest.mark.parametrize("rotation", [False, True], ids=["long-lived", "rotating"])
def test_an_installation_is_found_again_by_team(
    engine: Engine, encrypted: bool, rotation: bool
) -> None:
    keys = new_keys()[0] if encrypted else None
    store = make_installation_store(engine, CLIENT_ID, keys)
    saved = installation("T111", rotation=rotation)
    store.save(saved)
    store.save(installation("T222", rotation=rotation))  # another workspace beside it

    bot = store.find_bot(enterprise_id=None, team_id="T111")
    assert bot is not None
    assert (bot.bot_token, bot.bot_refresh_token, bot.bot_id) == (
        saved.bot_token,
        saved.bot_refresh_token,
        "BT111",
    )
    assert bot.bot_token_expires_at == (EXPIRES_AT if rotation else None)
    found = store.find_installation(enterprise_id=None, team_id="T111")
    assert found is not None
    assert tokens(found) == tokens(saved)
    assert found.user_token_expires_at == (EXPIRES_AT if rotation else None)
    by_user = store.find_installation(enterprise_id=None, team_id="T111", user_id="UINSTALLER")
    assert by_user is not None and tokens(by_user) == tokens(saved)
    assert saved.bot_token == f"{'xoxe.xoxb-1-' if rotation else 'xoxb-'}T111-botsecret"


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_an_org_wide_install_is_found_by_enterprise(engine: Engine, encrypted: bool) -> None:
    keys = new_keys()[0] if encrypted else None
    store = make_installation_store(engine, CLIENT_ID, keys)
    org = installation(None, enterprise_id="E900", rotation=True)
    store.save(org)
    store.save(installation("T333", enterprise_id="E900"))  # one workspace of the same grid

    bot = store.find_bot(enterprise_id="E900", team_id="T333", is_enterprise_install=True)
    assert bot is not None and bot.bot_token == org.bot_token and bot.is_enterprise_install
    found = store.find_installation(enterprise_id="E900", team_id=None, is_enterprise_install=True)
    assert found is not None and tokens(found) == tokens(org)
    workspace = store.find_bot(enterprise_id="E900", team_id="T333")
    assert workspace is not None and workspace.bot_token == "xoxb-T333-botsecret"


def test_with_keys_no_token_is_stored_in_the_clear(engine: Engine) -> None:
    keys, _ = new_keys()
    store = make_installation_store(engine, CLIENT_ID, keys)
    saved = [installation("T111", rotation=True), installation(None, enterprise_id="E900")]
    for one in saved:
        store.save(one)
    stored = " ".join(_raw_rows(engine))
    assert "T111" in stored  # the rows are there
    for token in (token for one in saved for token in tokens(one)):
        assert token not in stored
        assert token.split("-")[-1] not in stored  # not even its secret part
    assert "xox" not in stored


def test_without_keys_the_tokens_are_stored_as_they_are(engine: Engine) -> None:
    store = make_installation_store(engine, CLIENT_ID, None)
    saved = installation("T111", rotation=True)
    store.save(saved)
    stored = _raw_rows(engine)
    assert all(token in stored for token in tokens(saved))


def test_a_refreshed_token_saved_again_is_sealed_once(engine: Engine) -> None:
    """Bolt's token rotation saves the installation it found (with plain, refreshed tokens)."""
    keys, _ = new_keys()
    store = make_installation_store(engine, CLIENT_ID, keys)
    store.save(installation("T111", rotation=True))
    found = store.find_installation(enterprise_id=None, team_id="T111")
    assert found is not None
    found.bot_token = "xoxe.xoxb-1-T111-refreshed"
    store.save(found)
    bot = store.find_bot(enterprise_id=None, team_id="T111")
    assert bot is not None and bot.bot_token == "xoxe.xoxb-1-T111-refreshed"
    assert "refreshed" not in " ".join(_raw_rows(engine))


def test_rotating_from_key_a_to_b_then_only_b_opens_the_tokens(engine: Engine) -> None:
    (key_a,) = new_keys()[1]
    (key_b,) = new_keys()[1]
    saved = [installation("T111", rotation=True), installation("T222")]
    for one in saved:
        make_installation_store(engine, CLIENT_ID, TokenKeys([key_a])).save(one)

    done = reencrypt_tokens(engine, TokenKeys([key_b, key_a]))

    # Each installation has a row in slack_installations and one in slack_bots: 4 rows;
    # tokens: 4 + 2 (rotating) + 2 + 1 (long-lived).
    assert done == Rekeyed(rows=4, fields=9)
    only_b = make_installation_store(engine, CLIENT_ID, TokenKeys([key_b]))
    for one in saved:
        found = only_b.find_installation(enterprise_id=None, team_id=one.team_id)
        assert found is not None and tokens(found) == tokens(one)
    only_a = make_installation_store(engine, CLIENT_ID, TokenKeys([key_a]))
    with pytest.raises(TokenDecryptionError):
        only_a.find_bot(enterprise_id=None, team_id="T111")


def test_rotating_seals_tokens_stored_before_a_key_was_set(engine: Engine) -> None:
    saved = installation("T111")
    make_installation_store(engine, CLIENT_ID, None).save(saved)
    keys, _ = new_keys()
    # Until the rotation, the plain rows are still read with the key set.
    store = make_installation_store(engine, CLIENT_ID, keys)
    before = store.find_bot(enterprise_id=None, team_id="T111")
    assert before is not None and before.bot_token == saved.bot_token

    assert reencrypt_tokens(engine, keys) == Rekeyed(rows=2, fields=3)

    assert "xox" not in " ".join(_raw_rows(engine))
    found = store.find_installation(enterprise_id=None, team_id="T111")
    assert found is not None and tokens(found) == tokens(saved)


def test_a_token_no_key_opens_is_a_clear_error_without_the_token(engine: Engine) -> None:
    saved = installation("T111", rotation=True)
    make_installation_store(engine, CLIENT_ID, new_keys()[0]).save(saved)
    stored = _raw_rows(engine)
    stranger = make_installation_store(engine, CLIENT_ID, new_keys()[0])

    for find in (
        lambda: stranger.find_bot(enterprise_id=None, team_id="T111"),
        lambda: stranger.find_installation(enterprise_id=None, team_id="T111"),
    ):
        with pytest.raises(TokenDecryptionError) as raised:
            find()
        message = str(raised.value)
        assert "bot_token" in message and "T111" in message
        assert "can't be decrypted with any key in TOKEN_ENCRYPTION_KEY" in message
        assert not any(token in message for token in tokens(saved))
        assert not any(value in message for value in stored if value.startswith("gAAAAA"))
        assert raised.value.__cause__ is None and raised.value.__suppress_context__

    with pytest.raises(TokenDecryptionError, match="TOKEN_ENCRYPTION_KEY"):
        reencrypt_tokens(engine, new_keys()[0])
    assert _raw_rows(engine) == stored  # the failed rotation changed nothing


def test_encrypted_tokens_read_without_a_key_are_an_error(engine: Engine) -> None:
    make_installation_store(engine, CLIENT_ID, new_keys()[0]).save(installation("T111"))
    plain = make_installation_store(engine, CLIENT_ID, None)
    with pytest.raises(TokenDecryptionError, match="TOKEN_ENCRYPTION_KEY is not set"):
        plain.find_bot(enterprise_id=None, team_id="T111")


def test_an_oauth_state_is_consumed_once(engine: Engine) -> None:
    states = make_state_store(engine)
    state = states.issue()
    other = states.issue()
    assert states.consume(state) is True
    assert states.consume(state) is False  # replayed
    assert states.consume("never-issued") is False
    assert states.consume(other) is True


def test_an_expired_oauth_state_is_refused(engine: Engine) -> None:
    states = make_state_store(engine, expiration_seconds=-1)  # expired when issued
    assert states.consume(states.issue()) is False


def test_the_stores_create_no_tables(tmp_path: Any) -> None:
    """The tables come from the migrations only (an unmigrated database stays empty)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'bare.db'}")
    try:
        make_installation_store(engine, CLIENT_ID, new_keys()[0])
        make_state_store(engine)
        assert inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


def test_saving_leaves_the_callers_installation_plain(engine: Engine) -> None:
    saved = installation("T111", rotation=True)
    before = tokens(saved)
    make_installation_store(engine, CLIENT_ID, new_keys()[0]).save(saved)
    assert tokens(saved) == before
    assert isinstance(saved, Installation)


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_a_teams_export_holds_its_installation_without_tokens(
    engine: Engine, encrypted: bool
) -> None:
    """`strategy-coach data export` writes what is stored for the team, never a token (plain or
    sealed); `data delete` and the grace period's deletion remove the installation with it."""
    store = make_installation_store(engine, CLIENT_ID, new_keys()[0] if encrypted else None)
    saved = installation("T111", rotation=True)
    store.save(saved)
    store.save(installation("T222"))
    sessions = make_session_factory(engine)

    with sessions() as session:
        rows = team_data.team_rows(session, "T111")
    assert [row["bot_id"] for row in rows["slack_installations"]] == ["BT111"]
    assert [row["bot_user_id"] for row in rows["slack_bots"]] == ["UBOTT111"]
    exported = repr(rows)
    columns = {key for table in rows.values() for row in table for key in row}
    assert "bot_token_expires_at" in columns and not columns & TOKEN_COLUMNS
    assert not any(token in exported for token in tokens(saved))
    assert "gAAAAA" not in exported

    with sessions.begin() as session:
        deleted = team_data.delete_team(session, "T111")
    assert (deleted["slack_installations"], deleted["slack_bots"]) == (1, 1)
    assert store.find_bot(enterprise_id=None, team_id="T111") is None
    other = store.find_bot(enterprise_id=None, team_id="T222")
    assert other is not None and other.bot_token == "xoxb-T222-botsecret"
