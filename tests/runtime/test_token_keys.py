"""TOKEN_ENCRYPTION_KEY and `strategy-coach keys rotate`, as an operator uses them, against a
database the installation store filled (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.runtime.cli import main
from bot.runtime.config import load_config
from storage.db import make_engine
from storage.installations import make_installation_store
from storage.token_crypto import TokenDecryptionError, TokenKeys
from tests.conftest import SIGNING_SECRET
from tests.support.stored_installations import CLIENT_ID, installation, new_keys, tokens

SCRIPT = str(Path(sys.executable).parent / "strategy-coach")
MAKE_KEY = "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
NOT_A_KEY = "not-a-fernet-key-but-a-secret-anyway"


def _command(tmp_path: Path, *args: str, **values: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    return subprocess.run(
        [SCRIPT, *args],
        cwd=tmp_path,
        env={**env, **values},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _installed(url: str, keys: TokenKeys | None) -> list[str]:
    """Two workspaces installed through the store; their tokens."""
    engine = make_engine(url)
    try:
        store = make_installation_store(engine, CLIENT_ID, keys)
        saved = [installation("T111", rotation=True), installation("T222")]
        for one in saved:
            store.save(one)
    finally:
        engine.dispose()
    return [token for one in saved for token in tokens(one)]


def _found(url: str, keys: TokenKeys) -> list[str]:
    engine = make_engine(url)
    try:
        store = make_installation_store(engine, CLIENT_ID, keys)
        found = [store.find_installation(enterprise_id=None, team_id=t) for t in ("T111", "T222")]
        return [token for one in found if one is not None for token in tokens(one)]
    finally:
        engine.dispose()


def _stored(url: str) -> str:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return " ".join(
                str(value)
                for table in ("slack_installations", "slack_bots")
                for row in connection.execute(text(f"SELECT * FROM {table}"))
                for value in row
            )
    finally:
        engine.dispose()


@pytest.fixture
def operator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`main()` run in a clean directory (no .env) with no TOKEN_ENCRYPTION_KEY set."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TOKEN_ENCRYPTION_KEY", raising=False)
    return tmp_path


def test_keys_rotate_moves_every_token_to_the_new_key(tmp_path: Path, database_url: str) -> None:
    (old,) = new_keys()[1]
    (new,) = new_keys()[1]
    saved = _installed(database_url, TokenKeys([old]))

    done = _command(
        tmp_path,
        "keys",
        "rotate",
        DATABASE_URL=database_url,
        TOKEN_ENCRYPTION_KEY=f"{new}, {old}",
    )

    assert done.returncode == 0, done.stderr
    # Four rows (an installation and a bot per workspace), 4 + 2 + 2 + 1 tokens.
    assert done.stdout.strip() == (
        "Re-encrypted 9 tokens in 4 rows with the first key of TOKEN_ENCRYPTION_KEY; the other "
        "keys can now be removed from it."
    )
    assert _found(database_url, TokenKeys([new])) == saved
    with pytest.raises(TokenDecryptionError):
        _found(database_url, TokenKeys([old]))


def test_keys_rotate_encrypts_tokens_stored_in_the_clear(
    operator: Path,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    saved = _installed(database_url, None)
    keys, (key,) = new_keys()
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("TOKEN_ENCRYPTION_KEY", key)

    assert main(["keys", "rotate"]) == 0

    assert "Re-encrypted 9 tokens in 4 rows" in capsys.readouterr().out
    stored = _stored(database_url)
    assert "T111" in stored and not any(token in stored for token in saved)
    assert _found(database_url, keys) == saved


def test_keys_rotate_without_a_key_is_one_line(
    operator: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{operator / 'bot.db'}")

    assert main(["keys", "rotate"]) == 2

    error = capsys.readouterr().err.strip()
    assert "\n" not in error
    assert error.startswith("strategy-coach: TOKEN_ENCRYPTION_KEY is not set")
    assert MAKE_KEY in error
    assert not (operator / "bot.db").exists()


def test_keys_rotate_with_a_missing_old_key_changes_nothing(
    operator: Path,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (old,) = new_keys()[1]
    (new,) = new_keys()[1]
    saved = _installed(database_url, TokenKeys([old]))
    before = _stored(database_url)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("TOKEN_ENCRYPTION_KEY", new)  # the old key forgotten

    assert main(["keys", "rotate"]) == 2

    error = capsys.readouterr().err.strip()
    assert "\n" not in error
    assert "can't be decrypted with any key in TOKEN_ENCRYPTION_KEY" in error
    assert error.endswith("nothing was changed")
    assert not any(token in error for token in saved)
    assert _stored(database_url) == before


@pytest.mark.parametrize(
    "value",
    [NOT_A_KEY, f"{new_keys()[1][0]},{NOT_A_KEY}", " , "],
    ids=["not-a-key", "second-key-broken", "only-commas"],
)
def test_a_malformed_key_stops_run_with_one_line(tmp_path: Path, value: str) -> None:
    done = _command(
        tmp_path,
        "run",
        SLACK_BOT_TOKEN="xoxb-1",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}",
        TOKEN_ENCRYPTION_KEY=value,
    )
    assert done.returncode == 2
    error = done.stderr.strip()
    assert "\n" not in error, error
    assert error.startswith("strategy-coach: TOKEN_ENCRYPTION_KEY is not a comma-separated list")
    assert MAKE_KEY in error
    assert NOT_A_KEY not in error
    assert not (tmp_path / "bot.db").exists()  # stopped before touching the database


def test_a_malformed_key_stops_keys_rotate_with_one_line(
    operator: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TOKEN_ENCRYPTION_KEY", NOT_A_KEY)
    assert main(["keys", "rotate"]) == 2
    error = capsys.readouterr().err.strip()
    assert "\n" not in error and "key 1 of 1 is not a Fernet key" in error
    assert NOT_A_KEY not in error


def test_the_key_is_optional_and_keeps_its_order() -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": SIGNING_SECRET}
    assert load_config(env).token_keys is None
    assert load_config({**env, "TOKEN_ENCRYPTION_KEY": "  "}).token_keys is None

    old_keys, (old,) = new_keys()
    (new,) = new_keys()[1]
    config = load_config({**env, "TOKEN_ENCRYPTION_KEY": f"{new},{old}"})
    keys = config.token_keys
    assert keys is not None and keys.count == 2
    sealed_by_old = old_keys.encrypt("xoxb-secret")
    assert keys.decrypt(sealed_by_old) == "xoxb-secret"  # every key decrypts
    assert TokenKeys([new]).decrypt(keys.encrypt("xoxb-secret")) == "xoxb-secret"  # new encrypts
    assert new not in repr(config) and new not in repr(keys)
