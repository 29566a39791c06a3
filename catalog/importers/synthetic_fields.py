"""Stable pseudo-random shop fields for catalogs that lack them (Icecat has no ratings or stock).

Derived from a hash of the sku, so every import of the same catalog gives the same values.
"""

from __future__ import annotations

import hashlib


def _unit(sku: str, salt: str) -> float:
    """Return a stable number in [0, 1) for the sku and purpose."""
    digest = hashlib.blake2b(f"{salt}:{sku}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def rating(sku: str) -> float:
    """Return a rating from 1.0 to 5.0, skewed towards 3.5-4.7 as real shop ratings are."""
    u = _unit(sku, "rating")
    value = 4.6 - 3.6 * (u**3)  # most mass near the top, a thin tail of poor ratings
    return round(max(1.0, min(5.0, value)), 1)


def review_count(sku: str) -> int:
    """Return a review count from 0 to 2000, most products having few."""
    return int(2000 * _unit(sku, "reviews") ** 4)


def stock(sku: str) -> int:
    """Return units in stock; about 8% of products are sold out."""
    if _unit(sku, "soldout") < 0.08:
        return 0
    return 1 + int(199 * _unit(sku, "stock") ** 2)
