"""Password hashing (argon2id) and the strength policy every new password must pass."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from core.errors import InvalidInputError
from core.settings import Settings

COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent / "data" / "common_passwords.txt"
MAX_LENGTH = 256  # long enough for any passphrase, short enough to bound hashing work
# "password123!" is as weak as "password": strip trailing digits and symbols before looking up.
TRAILING_DECORATION = re.compile(r"[\d\W_]+$")
# zxcvbn's score (0-4) is log10 of the guesses it estimates; 3 is "safely unguessable" at
# 10^8 guesses: "dragondragon", "monkey123monkey" and "zaq12wsxcde3" score 0-2.
MIN_SCORE = 3
# zxcvbn's matching grows faster than linearly with length (30 ms at 64 characters) and it
# refuses input over 72; a password whose first 72 characters are strong is strong.
STRENGTH_INPUT_LENGTH = 72
# Pieces of an email or name this short are too common to count as "made from it".
USER_INPUT_MIN_LENGTH = 3


@lru_cache
def common_passwords() -> frozenset[str]:
    """Return the list of common passwords, lower-cased."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line and not line.startswith("#"))


def check_strength(
    password: str,
    *,
    min_length: int,
    email: str = "",
    display_name: str = "",
    field: str = "password",
) -> None:
    """Refuse a password that is too short or long, common, guessable, or made from the user."""
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
    _check_guessability(password, user_inputs(email, display_name), loc)


def user_inputs(email: str, display_name: str) -> list[str]:
    """Return what zxcvbn should treat as known to an attacker: the email and name, and parts."""
    pieces = [email, *re.split(r"[@.+_\-\s]+", email), display_name, *display_name.split()]
    return [piece for piece in pieces if len(piece) >= USER_INPUT_MIN_LENGTH]


def _check_guessability(password: str, known: list[str], loc: tuple[str, ...]) -> None:
    """Refuse a password zxcvbn scores below `MIN_SCORE`, saying why in its own words."""
    result = zxcvbn(password[:STRENGTH_INPUT_LENGTH], user_inputs=known)
    if result["score"] >= MIN_SCORE:
        return
    feedback = result["feedback"]
    warning = feedback["warning"].rstrip(".")
    because = f": {warning[:1].lower()}{warning[1:]}." if warning else "."
    advice = " ".join(feedback["suggestions"]) or "Add another word or two."
    raise InvalidInputError(f"this password is too easy to guess{because} {advice}", loc=loc)


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
