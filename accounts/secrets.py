"""Random secrets and their stored digests: tokens are kept only as SHA-256, never in clear."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def new_secret(nbytes: int = 32) -> str:
    """Return a URL-safe random secret with `nbytes` of entropy."""
    return secrets.token_urlsafe(nbytes)


def digest(secret: str) -> str:
    """Return the hex SHA-256 of a secret, the form in which it is stored and looked up."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def keyed_digest(key: str, message: str) -> str:
    """Return the hex HMAC-SHA-256 of a message under the app's secret key."""
    return hmac.new(key.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()


def same_secret(given: str, expected: str) -> bool:
    """Compare two secrets in constant time."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
