"""The password policy and argon2id hashing."""

from __future__ import annotations

import pytest

from accounts.passwords import check_strength, hash_password, needs_rehash, verify_password
from core.errors import InvalidInputError
from core.settings import Settings


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short", "at least 10"),
        ("x" * 257, "at most 256"),
        ("qwertyuiop", "too common"),
        ("Password123!", "too common"),  # a common word dressed up with digits and symbols
        ("baseball2024", "too common"),
        ("aaaaaaaaaaaa", "too few different"),
        ("ann.smith-is-great", "email"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password: str, reason: str) -> None:
    with pytest.raises(InvalidInputError, match=reason):
        check_strength(password, min_length=10, email="ann.smith@example.com")


@pytest.mark.parametrize(
    "password", ["plum-harbour-velvet-42", "correct horse battery", "Zq8!r2Lm#p0v"]
)
def test_reasonable_passwords_pass(password: str) -> None:
    check_strength(password, min_length=10, email="ann.smith@example.com")


def test_production_defaults_hash_with_argon2id_rfc9106_parameters() -> None:
    settings = Settings(_env_file=None, argon2_memory_kib=65536, argon2_time_cost=3)  # type: ignore[call-arg]
    stored = hash_password(settings, "plum-harbour-velvet-42")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,")
    assert verify_password(settings, stored, "plum-harbour-velvet-42")
    assert not verify_password(settings, stored, "plum-harbour-velvet-43")
    assert not verify_password(settings, "not a hash", "anything")


def test_weaker_hashes_are_upgraded() -> None:
    cheap = Settings(_env_file=None, argon2_memory_kib=8192, argon2_time_cost=1)  # type: ignore[call-arg]
    strong = Settings(_env_file=None, argon2_memory_kib=65536, argon2_time_cost=3)  # type: ignore[call-arg]
    assert needs_rehash(strong, hash_password(cheap, "plum-harbour-velvet-42"))
    assert not needs_rehash(cheap, hash_password(cheap, "plum-harbour-velvet-42"))


@pytest.mark.parametrize(
    "password", ["dragondragon", "12345678901", "abcd1234efgh", "monkey123monkey", "zaq12wsxcde3"]
)
def test_guessable_passwords_are_refused_with_zxcvbns_reason(password: str) -> None:
    with pytest.raises(InvalidInputError, match=r"too easy to guess(: .+)?\. .+") as refused:
        check_strength(password, min_length=10)
    assert password not in str(refused.value)  # the reason never echoes the password


def test_the_users_own_name_counts_as_guessable() -> None:
    check_strength("xanthippequorlby", min_length=10, email="q@example.com")
    with pytest.raises(InvalidInputError, match="too easy to guess"):
        check_strength(
            "xanthippequorlby",
            min_length=10,
            email="q@example.com",
            display_name="Xanthippe Quorlby",
        )


def test_zxcvbn_sees_a_bounded_prefix_of_a_long_password() -> None:
    # zxcvbn refuses input over 72 characters and slows down with length; 256 must still pass.
    check_strength("plum-harbour-velvet-42 " * 11, min_length=10)
