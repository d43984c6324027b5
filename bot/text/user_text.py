"""Making user text safe to show back in Slack."""

from __future__ import annotations


def escape(text: str) -> str:
    """Slack's three control characters, so `<!channel>` or `<@U…>` typed by a user pings nobody."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """Shorten to at most `limit` characters, marking the cut."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
