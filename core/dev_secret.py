"""The development server's own secret: random per install, kept in the state directory.

A development server with no AISLE_SECRET_KEY must not sign with a secret printed in the
source, or anyone on its network could compute its CSRF tokens and anonymous ids. So the
first process that needs one writes 32 random bytes (owner-only) to `<state_dir>/secret_key`,
and every later process (API, worker, CLI) reads the same file, so they agree.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

FILE_NAME = "secret_key"
MIN_LENGTH = 32


def dev_secret(state_dir: Path) -> str:
    """Return this install's development secret, creating it on first use."""
    path = state_dir / FILE_NAME
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    state_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(32)
    try:
        # O_EXCL: of two processes starting at once, one writes and the other reads its secret.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read(path)
    with os.fdopen(fd, "w") as handle:
        handle.write(secret + "\n")
    return secret


def _read(path: Path) -> str:
    """Read a stored secret, refusing one too short to be a real secret."""
    try:
        secret = path.read_text().strip()
    except PermissionError as exc:  # made by another user (root running `aisle services`)
        raise ValueError(f"cannot read {path} ({exc.strerror}): set AISLE_SECRET_KEY") from exc
    if len(secret) < MIN_LENGTH:
        raise ValueError(f"{path} holds no usable secret: delete it to have a new one made")
    return secret
