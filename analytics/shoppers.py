"""The shopper behaviour model of the simulator: hidden tastes, queries, attention, choices.

Everything here is pure and driven by one seeded random generator per shopper, so a seed
always produces the same shoppers making the same decisions.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from core.text import fold


@dataclass(frozen=True)
class Shopper:
    """A simulated shopper and the tastes only the simulator knows."""

    number: int
    types: tuple[str, ...]
    brands: tuple[str, ...]
    price_band: tuple[float, float]
    patience: int  # how far down a result list they are willing to read
    eagerness: float  # chance that a session with a full cart ends in an order
    rng: random.Random = field(compare=False, repr=False)


def make_shopper(number: int, seed: int, catalog: dict[str, dict[str, Any]]) -> Shopper:
    """Draw a shopper's tastes from the catalog's types (bigger types are likelier)."""
    rng = random.Random(f"{seed}:{number}")  # noqa: S311 - reproducible, not secret
    names = sorted(catalog)
    weights = [catalog[name]["count"] for name in names]
    chosen = tuple(dict.fromkeys(rng.choices(names, weights=weights, k=2)))
    brands = tuple(
        dict.fromkeys(
            b
            for t in chosen
            for b in rng.sample(catalog[t]["brands"], k=min(2, len(catalog[t]["brands"])))
        )
    )
    median = catalog[chosen[0]]["median_price"] or 100.0
    low = median * rng.uniform(0.3, 0.9)
    return Shopper(
        number=number,
        types=chosen,
        brands=brands,
        price_band=(low, low * 2.5),
        patience=max(3, int(rng.expovariate(1 / 8))),
        eagerness=rng.uniform(0.2, 0.7),
        rng=rng,
    )


def type_word(product_type: str) -> str:
    """Return the word a shopper types for a product type ('Laptops' -> 'laptop')."""
    word = fold(product_type).strip()
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def misspell(word: str, rng: random.Random) -> str:
    """Drop, double or swap one letter, as hurried typists do."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 2)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def query_for(shopper: Shopper) -> str:
    """Make up a query: a favourite type, sometimes with a brand, sometimes misspelt."""
    rng = shopper.rng
    product_type = rng.choice(shopper.types)
    words = [type_word(product_type)]
    if shopper.brands and rng.random() < 0.3:
        words.insert(0, fold(rng.choice(shopper.brands)))
    if rng.random() < 0.15:
        words[-1] = misspell(words[-1], rng)
    return " ".join(words)


def appeal(shopper: Shopper, hit: dict[str, Any]) -> float:
    """Return how much a product appeals: type, brand and price against hidden tastes."""
    score = 0.02
    if hit.get("product_type") in shopper.types:
        score += 0.15
    if hit.get("brand") in shopper.brands:
        score += 0.35
    price = hit.get("price")
    if price is not None and shopper.price_band[0] <= price <= shopper.price_band[1]:
        score += 0.25
    return min(score, 0.9)


def examines(shopper: Shopper, position: int) -> bool:
    """Say whether the shopper looks at the result at this 1-based position (position bias)."""
    if position > shopper.patience:
        return False
    return shopper.rng.random() < 0.95 ** (position - 1)
