"""Deterministic assignment: the same shopper always lands in the same bucket and arm.

A shopper (a user, or an anonymous id before sign-in) hashes to one of 100 traffic buckets per
surface; a running experiment owns a contiguous range of buckets, so experiments on the same
surface never share a shopper. Within an experiment a second, experiment-salted hash picks
the arm by weight, so arms of different experiments are independent of each other.

Both hashes are HMACs under the server's secret key: without it nobody can work out which
(signed, server-issued) anonymous id or which user lands in which arm, so a shopper cannot
shop for the arm they want.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

BUCKETS = 100
ARM_SLOTS = 10_000


def _hash(key: str, text: str) -> int:
    """Return a stable keyed 64-bit hash (HMAC-SHA-256, not Python's salted hash())."""
    mac = hmac.new(key.encode(), f"assignment:{text}".encode(), hashlib.sha256)
    return int.from_bytes(mac.digest()[:8], "big")


def traffic_bucket(surface: str, unit: str, *, key: str) -> int:
    """Return the shopper's traffic bucket (0..99) on a surface."""
    return _hash(key, f"{surface}:{unit}") % BUCKETS


def arm_index(experiment_id: int, weights: Sequence[int], unit: str, *, key: str) -> int:
    """Return which arm the shopper gets, in proportion to the arms' weights."""
    slot = _hash(key, f"experiment:{experiment_id}:{unit}") % ARM_SLOTS
    total = sum(weights)
    edge = 0
    for index, weight in enumerate(weights):
        edge += weight
        if slot * total < edge * ARM_SLOTS:
            return index
    return len(weights) - 1


def free_range(taken: Sequence[tuple[int, int]], size: int) -> int | None:
    """Return the first bucket starting `size` free buckets, given taken (start, size) ranges."""
    start = 0
    for taken_start, taken_size in sorted(taken):
        if taken_start - start >= size:
            return start
        start = max(start, taken_start + taken_size)
    return start if BUCKETS - start >= size else None
