"""Making user text safe and short enough to show back in Slack."""

from __future__ import annotations

# The most of one message any reader looks at: nobody types a longer goal, number, date or answer,
# and it bounds the work on a pasted wall of text. (A weekly report, a few lines, gets twice this.)
MAX_READ_CHARS = 2000


def escape(text: str) -> str:
    """Slack's three control characters, so `<!channel>` or `<@U…>` typed by a user pings nobody."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """Shorten to at most `limit` characters, marking the cut."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def one_line(text: str | None) -> str:
    """Runs of white space, line breaks included, folded into single spaces."""
    return " ".join((text or "").split())
