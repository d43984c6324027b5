"""Slack tokens at rest: Fernet encryption with a list of keys (TOKEN_ENCRYPTION_KEY).

The first key encrypts, every key decrypts (`MultiFernet`), so a new key can be put in front,
the stored tokens re-encrypted (`strategy-coach keys rotate`) and the old key dropped. A value
that no key opens is an error that names where it is stored, never the value itself.

`cryptography` is imported when keys are made: without TOKEN_ENCRYPTION_KEY (one workspace,
the usual case) the process never loads it, its Rust bindings hold about 7 MB.
"""

from __future__ import annotations

from collections.abc import Sequence

# Every Slack token starts with "xox" (xoxb-, xoxp-, xoxe.xoxb-, xoxe-); no Fernet token does
# (they start with "gAAAAA", the version byte 0x80 in base64).
SLACK_TOKEN_PREFIX = "xox"
FERNET_PREFIX = "gAAAAA"


class TokenDecryptionError(RuntimeError):
    """A stored token can't be opened with the keys given (or is encrypted and no key is set)."""


class TokenKeys:
    """Fernet keys, newest first. Never shows a key in its repr."""

    def __init__(self, keys: Sequence[str | bytes]) -> None:
        if not keys:
            raise ValueError("no key given")
        from cryptography.fernet import Fernet, MultiFernet

        self._fernet = MultiFernet([Fernet(key) for key in keys])
        self.count = len(keys)

    @classmethod
    def parse(cls, text: str) -> TokenKeys:
        """Comma-separated keys, the new one first. ValueError names the bad key's position."""
        keys = [key.strip() for key in text.split(",") if key.strip()]
        if not keys:
            raise ValueError("no key given")
        from cryptography.fernet import Fernet

        for position, key in enumerate(keys, start=1):
            try:
                Fernet(key)
            except ValueError:  # binascii.Error is one too
                raise ValueError(f"key {position} of {len(keys)} is not a Fernet key") from None
        return cls(keys)

    def __repr__(self) -> str:
        return f"TokenKeys({self.count} keys)"

    def encrypt(self, plain: str) -> str:
        return self._fernet.encrypt(plain.encode()).decode("ascii")

    def decrypt(self, stored: str) -> str:
        """Raises `InvalidToken` when no key opens the value."""
        return self._fernet.decrypt(stored.encode()).decode()

    def opened(self, stored: str) -> str | None:
        """The token, or None when no key opens the value."""
        from cryptography.fernet import InvalidToken

        try:
            return self.decrypt(stored)
        except InvalidToken:
            return None

    def opens(self, stored: str) -> bool:
        return self.opened(stored) is not None


def seal(keys: TokenKeys | None, value: str | None) -> str | None:
    """The value as it is stored: encrypted with the first key when keys are set. A value some
    key already opens is stored as it is (saving a found installation does not wrap it twice)."""
    if keys is None or value is None or keys.opens(value):
        return value
    return keys.encrypt(value)


def unseal(keys: TokenKeys | None, value: str | None, where: str) -> str | None:
    """The token a stored value holds. `where` (table, column, row) goes into the error."""
    if value is None:
        return None
    if keys is None:
        if value.startswith(FERNET_PREFIX):
            raise TokenDecryptionError(
                f"{where} is encrypted but TOKEN_ENCRYPTION_KEY is not set: set it to the key "
                "the tokens were encrypted with"
            )
        return value
    plain = keys.opened(value)
    if plain is not None:
        return plain
    if value.startswith(SLACK_TOKEN_PREFIX):
        return value  # stored before TOKEN_ENCRYPTION_KEY was set; `keys rotate` seals it
    raise TokenDecryptionError(
        f"{where} can't be decrypted with any key in TOKEN_ENCRYPTION_KEY: put the key it "
        "was encrypted with back in the list (after the new one)"
    ) from None
