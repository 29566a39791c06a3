"""HyperLogLog: small counts exact, large counts within a few percent, unions of days."""

from __future__ import annotations

import pytest

from analytics.sketch import estimate, sketch, union


def test_small_counts_are_exact_or_nearly() -> None:
    assert estimate(union([])) == 0
    assert estimate(union([sketch(["laptop", "mouse", "laptop"])])) == 2
    assert estimate(union([sketch(f"q{n}" for n in range(100))])) == pytest.approx(100, abs=2)


def test_large_counts_are_within_the_expected_error() -> None:
    found = estimate(union([sketch(f"query {n}" for n in range(100_000))]))
    assert found == pytest.approx(100_000, rel=0.05)  # 1.04 / sqrt(2048) = 2.3 % standard error


def test_a_union_counts_values_seen_on_several_days_once() -> None:
    monday = sketch(f"q{n}" for n in range(0, 6000))
    tuesday = sketch(f"q{n}" for n in range(3000, 9000))
    assert estimate(union([monday, tuesday])) == pytest.approx(9000, rel=0.05)
    assert estimate(union([monday, monday])) == estimate(union([monday]))
