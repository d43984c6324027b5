"""`strategy-coach keys rotate`: every stored Slack token encrypted again with the first key of
TOKEN_ENCRYPTION_KEY (plain ones too), so the old keys can then be dropped from the list."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.runtime.config import MAKE_KEY, ConfigError, database_url, token_keys
from storage.db import make_engine, upgrade
from storage.installations import reencrypt_tokens
from storage.token_crypto import TokenDecryptionError


def rotate(env: Mapping[str, str]) -> int:
    keys = token_keys(env)
    if keys is None:
        raise ConfigError(
            f"TOKEN_ENCRYPTION_KEY is not set: make a key with {MAKE_KEY}, put it first in "
            "TOKEN_ENCRYPTION_KEY (the old keys after it, comma-separated), then run this again"
        )
    url = database_url(env)
    parsed = make_url(url)
    file = parsed.database if parsed.get_backend_name() == "sqlite" else None
    if file and file != ":memory:" and not Path(file).exists():
        raise ConfigError(
            f"DATABASE_URL: there is no database at {file}; set DATABASE_URL to the bot's database"
        )
    upgrade(url)  # a database from before the installation tables gets them (as `run` would)
    engine = make_engine(url)
    try:
        done = reencrypt_tokens(engine, keys)
    except TokenDecryptionError as error:
        raise ConfigError(f"{error}; nothing was changed") from None
    finally:
        engine.dispose()
    print(
        f"Re-encrypted {done.fields} tokens in {done.rows} rows with the first key of "
        "TOKEN_ENCRYPTION_KEY; the other keys can now be removed from it."
    )
    return 0
