"""Reading a row id back from a button value or a modal's metadata."""

from __future__ import annotations

# Ids are INTEGER columns: nothing at or beyond 2**31 names a row (PostgreSQL would refuse it).
_MAX_ID = 2**31 - 1


def row_id(text: str | None) -> int | None:
    """The id in `text`, or None for anything else: ASCII digits only, 1 to 2**31 - 1."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(_MAX_ID)):
        return None
    number = int(text)
    return number if 0 < number <= _MAX_ID else None
