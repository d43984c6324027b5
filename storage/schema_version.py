"""Is the database at the newest migration? Asked without Alembic.

`strategy-coach run` applies pending migrations before it serves. Most starts find none, and
loading Alembic to learn that (its environment, its operations and every migration script:
about 0.1 s and 11 MB) is most of what a restart spends on the database. So the head is read
from the migration scripts' own `revision` and `down_revision` lines, and the database's
revision from `alembic_version` with one SELECT; only when they differ, or anything is not
as simple as one line of migrations and one stored revision, does Alembic run
(storage/db.py `upgrade`), and it decides as before.
"""

from __future__ import annotations

import re
from importlib.resources import files

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

_REVISION = re.compile(r"^revision(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision(?::[^=]*)?=\s*(None|['\"]([^'\"]+)['\"])", re.MULTILINE)


def script_head() -> str | None:
    """The newest migration's revision, read from the scripts; None unless the migrations are
    one line (each script one `revision` and one plain `down_revision`, one head)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (files("storage") / "migrations" / "versions").iterdir():
        if not script.name.endswith(".py") or script.name.startswith("__"):
            continue
        source = script.read_text(encoding="utf-8")
        revision, down = _REVISION.findall(source), _DOWN.findall(source)
        if len(revision) != 1 or len(down) != 1:
            return None  # a merge, a branch or a form this reader doesn't know: ask Alembic
        revisions.add(revision[0])
        if down[0][1]:
            parents.add(down[0][1])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def stored_revisions(engine: Engine) -> list[str] | None:
    """The revisions `alembic_version` holds; None when the table can't be read (a new
    database, or one that is not reachable: Alembic then says what is wrong)."""
    try:
        # Outside any transaction: on SQLite a transaction would wait for the write lock.
        with engine.execution_options(isolation_level="AUTOCOMMIT").connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version"))
            return [str(row[0]) for row in rows]
    except SQLAlchemyError:
        return None


def at_head(engine: Engine) -> bool:
    """True only when the database holds exactly the newest migration's revision."""
    head = script_head()
    return head is not None and stored_revisions(engine) == [head]
