"""A start that finds the database at the newest migration tells so with one SELECT and never
loads Alembic; a database behind still gets every pending migration (storage/schema_version.py,
storage/db.py `upgrade`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from storage import schema_version
from storage.db import alembic_config, make_engine, upgrade
from storage.schema_version import script_head

ROOT = Path(__file__).resolve().parents[2]


def stored_revisions(url: str) -> list[str] | None:
    engine = make_engine(url)
    try:
        return schema_version.stored_revisions(engine)
    finally:
        engine.dispose()


def at_head(url: str) -> bool:
    return stored_revisions(url) == [script_head()]


def test_the_head_read_from_the_scripts_is_alembics(sqlite_url: str) -> None:
    alembics = ScriptDirectory.from_config(alembic_config(sqlite_url)).get_current_head()
    assert script_head() == alembics


def test_a_migrated_database_is_at_head(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        assert schema_version.stored_revisions(engine) == [script_head()]
        assert schema_version.at_head(engine)
    finally:
        engine.dispose()


def test_a_new_database_is_not_and_gets_every_migration(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    assert stored_revisions(url) is None and not at_head(url)
    upgrade(url)
    assert at_head(url)


def test_a_database_behind_gets_its_pending_migrations(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'behind.db'}"
    command.upgrade(alembic_config(url), "0008")
    assert stored_revisions(url) == ["0008"] and not at_head(url)
    upgrade(url)
    assert at_head(url)
    engine = make_engine(url)
    try:
        assert {"owner_profiles", "status_charts"} <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


PROGRAM = """
import sys
from storage.db import upgrade
upgrade(sys.argv[1])
print("alembic" in sys.modules)
"""


def test_a_start_at_head_does_not_load_alembic(sqlite_url: str) -> None:
    # A fresh interpreter: what this one imported can't hide an import.
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, sqlite_url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == "False", done.stderr
