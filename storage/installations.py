"""Installations of the app (Slack's OAuth v2 flow): slack_sdk's SQLAlchemy stores on our engine.

slack_sdk's `SQLAlchemyInstallationStore` and `SQLAlchemyOAuthStateStore` do the queries; their
tables come from migration 0008 (`storage/models.py`), never from their `create_tables()`. The
installation store here seals every token field (bot, bot refresh, user, user refresh) with the
`TokenKeys` when they are given, and opens them again as it builds the `Installation` and `Bot`
it finds. This is the one storage module that imports slack_sdk (see pyproject's contracts).
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, Table, select, update

from storage.models import slack_bots, slack_installations
from storage.token_crypto import TokenKeys, seal, unseal

log = logging.getLogger(__name__)
Entity = TypeVar("Entity", Installation, Bot)

BOT_TOKEN_FIELDS = ("bot_token", "bot_refresh_token")
INSTALLATION_TOKEN_FIELDS = (*BOT_TOKEN_FIELDS, "user_token", "user_refresh_token")


class SealedInstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's store, with the tokens encrypted at rest when `keys` is set."""

    def __init__(self, client_id: str, engine: Engine, keys: TokenKeys | None) -> None:
        super().__init__(client_id=client_id, engine=engine, logger=log)
        self.keys = keys

    def save(self, installation: Installation) -> None:
        # slack_sdk's save also saves `installation.to_bot()` through `save_bot` below; its
        # tokens are sealed by then and `seal` leaves a sealed value as it is.
        super().save(self._sealed(installation, INSTALLATION_TOKEN_FIELDS))

    def save_bot(self, bot: Bot) -> None:
        super().save_bot(self._sealed(bot, BOT_TOKEN_FIELDS))

    # slack_sdk builds every found entity through these two (find_installation also compares
    # its bot token with find_bot's), so the tokens are opened here, once, from the row.
    def build_installation_entity(self, row: Mapping[str, Any]) -> Installation:  # type: ignore[override]
        opened = _opened(self.keys, row, slack_installations.name, INSTALLATION_TOKEN_FIELDS)
        return super().build_installation_entity(opened)

    def build_bot_entity(self, row: Mapping[str, Any]) -> Bot:  # type: ignore[override]
        return super().build_bot_entity(_opened(self.keys, row, slack_bots.name, BOT_TOKEN_FIELDS))

    def _sealed(self, entity: Entity, fields: tuple[str, ...]) -> Entity:
        if self.keys is None:
            return entity
        sealed = copy.copy(entity)  # the caller's object keeps its plain tokens
        for field in fields:
            setattr(sealed, field, seal(self.keys, getattr(entity, field)))
        return sealed


def make_installation_store(
    engine: Engine, client_id: str, keys: TokenKeys | None
) -> SealedInstallationStore:
    return SealedInstallationStore(client_id, engine, keys)


def make_state_store(engine: Engine, expiration_seconds: int = 600) -> SQLAlchemyOAuthStateStore:
    return SQLAlchemyOAuthStateStore(
        expiration_seconds=expiration_seconds, engine=engine, logger=log
    )


@dataclass(frozen=True)
class Rekeyed:
    rows: int  # rows with at least one token
    fields: int  # token values re-encrypted


def reencrypt_tokens(engine: Engine, keys: TokenKeys) -> Rekeyed:
    """Every stored token encrypted again with the first key (plain ones too), in one
    transaction: a value no key opens stops it with `TokenDecryptionError`, nothing changed."""
    rows = fields = 0
    with engine.begin() as connection:
        for table, columns in (
            (slack_installations, INSTALLATION_TOKEN_FIELDS),
            (slack_bots, BOT_TOKEN_FIELDS),
        ):
            for row in connection.execute(_token_rows(table, columns)).mappings().all():
                opened = _opened(keys, row, table.name, columns)
                changes = {c: keys.encrypt(opened[c]) for c in columns if opened[c] is not None}
                if changes:
                    connection.execute(
                        update(table).where(table.c.id == row["id"]).values(**changes)
                    )
                    rows += 1
                    fields += len(changes)
    return Rekeyed(rows=rows, fields=fields)


def _token_rows(table: Table, columns: tuple[str, ...]) -> Any:
    return select(
        table.c.id, table.c.enterprise_id, table.c.team_id, *(table.c[c] for c in columns)
    ).order_by(table.c.id)


def _opened(
    keys: TokenKeys | None, row: Mapping[str, Any], table: str, fields: tuple[str, ...]
) -> dict[str, Any]:
    opened = dict(row)
    workspace = row["team_id"] or row["enterprise_id"]
    for field in fields:
        where = f"{table}.{field} (row {row['id']}, workspace {workspace})"
        opened[field] = unseal(keys, row[field], where)
    return opened


@dataclass(frozen=True)
class InstalledWorkspace:
    team_id: str | None  # None: an org-wide install of `enterprise_id`
    enterprise_id: str | None


def installed_workspaces(engine: Engine, client_id: str) -> list[InstalledWorkspace]:
    """Every workspace (and org) with a stored bot token for this app, in a stable order."""
    query = (
        select(slack_bots.c.enterprise_id, slack_bots.c.team_id)
        .where(slack_bots.c.client_id == client_id, slack_bots.c.bot_token.is_not(None))
        .distinct()
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    found = {
        InstalledWorkspace(team_id=row.team_id, enterprise_id=row.enterprise_id) for row in rows
    }
    return sorted(found, key=lambda w: (w.team_id or "", w.enterprise_id or ""))


def enterprise_of(engine: Engine, client_id: str, team_id: str) -> str | None:
    """The Enterprise Grid org of an installed workspace (None outside a grid): the scheduler
    knows a workspace by its team id alone, slack_sdk's store looks it up by both."""
    query = (
        select(slack_bots.c.enterprise_id)
        .where(slack_bots.c.client_id == client_id, slack_bots.c.team_id == team_id)
        .order_by(slack_bots.c.installed_at.desc())
        .limit(1)
    )
    with engine.connect() as connection:
        return connection.execute(query).scalar()
