"""The simulator's behaviour model: reproducible tastes, queries and decisions."""

from __future__ import annotations

import random

from analytics.shoppers import appeal, examines, make_shopper, misspell, query_for, type_word

CATALOG = {
    "Laptops": {"count": 300, "brands": ["Lenovo", "HP", "Dell"], "median_price": 800.0},
    "Headphones": {"count": 100, "brands": ["Sony", "JBL"], "median_price": 60.0},
    "Mice": {"count": 50, "brands": ["Logitech"], "median_price": 25.0},
}


def test_a_seed_always_makes_the_same_shoppers_and_queries() -> None:
    def run(seed: int) -> list[object]:
        shopper = make_shopper(3, seed, CATALOG)
        return [
            shopper.types,
            shopper.brands,
            shopper.patience,
            [query_for(shopper) for _ in range(20)],
        ]

    assert run(7) == run(7)
    assert run(7) != run(8)


def test_queries_use_the_shoppers_types_and_brands() -> None:
    shopper = make_shopper(1, 7, CATALOG)
    words = {type_word(t) for t in shopper.types} | {b.lower() for b in shopper.brands}
    queries = [query_for(shopper) for _ in range(200)]
    exact = [q for q in queries if all(part in words for part in q.split())]
    assert len(exact) > 120  # most are spelt right; some are misspelt on purpose
    assert len(set(queries)) > len(set(exact))


def test_type_words_and_misspellings() -> None:
    assert type_word("Laptops") == "laptop" and type_word("Glass") == "glass"
    rng = random.Random(1)
    variants = {misspell("keyboard", rng) for _ in range(50)}
    assert "keyboard" not in variants and all(abs(len(v) - 8) <= 1 for v in variants)


def test_appeal_follows_hidden_tastes() -> None:
    shopper = make_shopper(0, 7, CATALOG)
    liked = {
        "product_type": shopper.types[0],
        "brand": shopper.brands[0],
        "price": sum(shopper.price_band) / 2,
    }
    other = {"product_type": "Kettles", "brand": "Acme", "price": 1e6}
    assert appeal(shopper, liked) > 0.7 > 0.1 > appeal(shopper, other)


def test_attention_fades_down_the_list_and_stops_at_patience() -> None:
    shopper = make_shopper(0, 7, CATALOG)
    looked = [sum(examines(shopper, position) for _ in range(400)) for position in (1, 3)]
    assert looked[0] > looked[1] > 0
    assert not any(examines(shopper, shopper.patience + 1) for _ in range(50))
