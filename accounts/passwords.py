"""Password hashing (argon2id) and the strength policy every new password must pass."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from core.errors import InvalidInputError
from core.settings import Settings

COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent / "data" / "common_passwords.txt"
MAX_LENGTH = 256  # long enough for any passphrase, short enough to bound hashing work
# "password123!" is as weak as "password": strip trailing digits and symbols before looking up.
TRAILING_DECORATION = re.compile(r"[\d\W_]+$")


@lru_cache
def common_passwords() -> frozenset[str]:
    """Return the list of common passwords, lower-cased."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line and not line.startswith("#"))


def check_strength(
    password: str, *, min_length: int, email: str = "", field: str = "password"
) -> None:
    """Refuse a password that is too short, too long, common, or made from the email."""
    loc = ("body", field)
    if len(password) < min_length:
        raise InvalidInputError(f"the password must be at least {min_length} characters", loc=loc)
    if len(password) > MAX_LENGTH:
        raise InvalidInputError(f"the password must be at most {MAX_LENGTH} characters", loc=loc)
    lowered = password.lower()
    common = common_passwords()
    if lowered in common or TRAILING_DECORATION.sub("", lowered) in common:
        raise InvalidInputError("this password is too common; choose a less guessable one", loc=loc)
    if len(set(lowered)) < 4:
        raise InvalidInputError("the password repeats too few different characters", loc=loc)
    local_part = email.split("@", 1)[0].lower()
    if len(local_part) >= 4 and local_part in lowered:
        raise InvalidInputError("the password must not contain your email address", loc=loc)


@lru_cache
def _hasher(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    """Return an argon2id hasher with the given cost."""
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)


def hasher(settings: Settings) -> PasswordHasher:
    """Return the argon2id hasher the settings ask for."""
    return _hasher(
        settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism
    )


def hash_password(settings: Settings, password: str) -> str:
    """Return the argon2id hash of a password (salted, encoded with its parameters)."""
    return hasher(settings).hash(password)


def verify_password(settings: Settings, password_hash: str, password: str) -> bool:
    """Say whether a password matches its hash; the comparison is constant-time."""
    try:
        return hasher(settings).verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(settings: Settings, password_hash: str) -> bool:
    """Say whether a hash was made with weaker parameters than the current ones."""
    return hasher(settings).check_needs_rehash(password_hash)


@lru_cache
def _dummy_hash(time_cost: int, memory_kib: int, parallelism: int) -> str:
    """Return a hash of a random password, made once per cost setting."""
    return _hasher(time_cost, memory_kib, parallelism).hash("not a real password: timing only")


def burn_verification_time(settings: Settings, password: str) -> None:
    """Spend the time a real verification would, so unknown emails answer as slowly as known."""
    dummy = _dummy_hash(
        settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism
    )
    verify_password(settings, dummy, password)
