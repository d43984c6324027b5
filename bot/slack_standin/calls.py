"""A request the stand-in received (``Call``), the answer it gives (``Answer``), and how bodies
are read: form-encoded (with slack_sdk's JSON-in-form parameters), JSON and multipart."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from typing import Any
from urllib.parse import parse_qs

# Parameters that slack_sdk sends as JSON strings inside form bodies.
JSON_PARAMS = frozenset(
    {"blocks", "attachments", "view", "metadata", "files", "user_auth_blocks", "unfurls"}
)
# An ``Answer`` status meaning "close the connection without answering".
DROP = -1


class Headers(dict[str, str]):
    """Request headers; lookups ignore case (``headers["authorization"]`` works)."""

    def _key(self, key: object) -> object:
        if isinstance(key, str):
            for k in self.keys():
                if k.lower() == key.lower():
                    return k
        return key

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(self._key(key))  # type: ignore[arg-type]

    def __contains__(self, key: object) -> bool:
        return super().__contains__(self._key(key))

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return super().get(self._key(key), default)  # type: ignore[arg-type]


@dataclass
class Call:
    """One request the stand-in received. Headers and body stay out of repr (the token is secret).

    ``method`` is the Web API method ("chat.postMessage"), "response_url", "upload", or the
    path of any other request ("/slack/events")."""

    method: str
    params: dict[str, Any]
    headers: Headers = field(repr=False)
    body: bytes = field(repr=False)
    at: float
    failed: bool = False
    status: int = 200
    response: Any = field(default=None, repr=False)

    @property
    def token(self) -> str | None:
        """The token sent, from ``Authorization: Bearer ...`` or a ``token`` param."""
        auth = self.headers.get("Authorization") or ""
        if auth.startswith("Bearer "):
            return auth[len("Bearer ") :]
        token = self.params.get("token")
        return token if isinstance(token, str) else None

    @property
    def is_api(self) -> bool:
        """A Web API method call (not ``response_url``, an upload or another path)."""
        return self.method not in ("response_url", "upload") and not self.method.startswith("/")


@dataclass(frozen=True)
class Answer:
    """What the stand-in answers: a JSON object or plain text, with extra headers; a ``status``
    of ``DROP`` closes the connection without any answer."""

    status: int
    payload: dict[str, Any] | str
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def ok(cls, payload: dict[str, Any] | str) -> Answer:
        return cls(200, payload)

    def encoded(self) -> tuple[dict[str, str], bytes]:
        """The headers (``Content-Type`` included) and the bytes of the body."""
        if isinstance(self.payload, dict):
            kind, data = "application/json", json.dumps(self.payload).encode()
        else:
            kind, data = "text/plain", self.payload.encode()
        return {"Content-Type": f"{kind}; charset=utf-8", **self.headers}, data


def truthy(value: Any) -> bool:
    """A flag as Slack reads it: ``true``, ``1`` (any case) or a JSON true."""
    return value is True or str(value).lower() in {"1", "true"}


def parse_form(text: str) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for key, values in parse_qs(text, keep_blank_values=True).items():
        value: Any = values[0] if len(values) == 1 else values
        if key in JSON_PARAMS and isinstance(value, str) and value[:1] in "[{":
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        params[key] = value
    return params


def parse_multipart(content_type: str, body: bytes) -> dict[str, Any]:
    """Form fields become str, file parts stay bytes (``filename`` is recorded too)."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=policy.HTTP).parsebytes(head + body)
    params: dict[str, Any] = {}
    for part in message.iter_parts():  # type: ignore[attr-defined]
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        if filename is not None:
            params[name] = data
            params.setdefault("filename", filename)
        else:
            params[name] = data.decode("utf-8", "replace")
    return params


def parse_params(content_type: str, query: str, body: bytes) -> dict[str, Any]:
    """A request's parameters: the query string, then the body by its content type."""
    params = parse_form(query) if query else {}
    ctype = content_type.lower()
    if "multipart/form-data" in ctype:
        params.update(parse_multipart(content_type, body))
    elif "application/json" in ctype or (not ctype and body.lstrip()[:1] == b"{"):
        loaded = json.loads(body or b"{}")
        params.update(loaded if isinstance(loaded, dict) else {"_json": loaded})
    elif body:
        params.update(parse_form(body.decode("utf-8", "replace")))
    return params


def upload_params(content_type: str, body: bytes) -> dict[str, Any]:
    """An upload to the upload URL: the file's bytes as ``file`` (raw or multipart)."""
    if "multipart/form-data" in content_type.lower():
        parts = parse_multipart(content_type, body)
        data = next((v for v in parts.values() if isinstance(v, bytes)), b"")
        return {**{k: v for k, v in parts.items() if not isinstance(v, bytes)}, "file": data}
    return {"file": body}
