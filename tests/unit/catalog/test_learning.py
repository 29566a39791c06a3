"""The brand and type learners on small made-up catalogs (no trade's words in the code)."""

from __future__ import annotations

import random

from catalog.learning.brands import learn_brands
from catalog.learning.types import head_phrase, learn_types
from catalog.learning.vocabulary import learn
from catalog.schemas import ProductIn

COLOURS = ["White", "Black", "Red", "Blue", "Green", "Grey"]
MAKERS = ["ZORBAX", "Quill Works", "Hampo Bay Co", "Vexa"]
KINDS = ["Garden Hose", "Bathroom Vanity", "Angle", "Deck Coating", "Light Bulb"]


def catalog() -> list[str]:
    """Return titles as a trade writes them: maker, size, words, kind, then options."""
    titles = []
    for i in range(120):
        maker, kind = MAKERS[i % len(MAKERS)], KINDS[i % len(KINDS)]
        colour = COLOURS[i % len(COLOURS)]
        titles.append(f"{maker} {10 + i % 7} in. Model{i} {kind} in {colour}")
    # Unbranded rows open with a size or a colour; colours also appear mid-title everywhere.
    titles += [f"{3 + i % 4} ft. {COLOURS[i % 6]} Garden Hose" for i in range(12)]
    titles += [f"{COLOURS[i % 6]} Light Bulb (2-Pack)" for i in range(12)]
    return titles


def test_brands_are_recurring_leading_words() -> None:
    brands = learn_brands(catalog())
    assert brands.brand_of("ZORBAX 12 in. Angle") == "ZORBAX"
    assert brands.brand_of("Quill Works Bathroom Vanity") == "Quill Works"
    assert brands.brand_of("Hampo Bay Co 30 in. Light Bulb") == "Hampo Bay Co"


def test_generic_leading_words_numbers_and_units_are_no_brand() -> None:
    brands = learn_brands(catalog())
    # "White" opens a dozen titles but turns up mid-title far more often.
    assert brands.brand_of("White Light Bulb (2-Pack)") is None
    assert brands.brand_of("5 ft. Red Garden Hose") is None
    assert brands.brand_of("Unheardof 5 in. Angle") is None  # one title is no pattern


def test_a_known_brand_counts_even_when_rare() -> None:
    brands = learn_brands([*catalog(), "Solo Maker Angle"], known=["Solo Maker"])
    assert brands.brand_of("Solo Maker Angle") == "Solo Maker"


def test_types_are_recurring_head_phrases_before_options() -> None:
    titles = catalog()
    brands = learn_brands(titles)
    types = learn_types((t, brands.brand_of(t)) for t in titles)
    assert types.type_of("ZORBAX 10 in. Bathroom Vanity in White", "ZORBAX") == "Bathroom Vanity"
    assert types.type_of("Vexa 1-gal. Tugboat Wood and Deck Coating", "Vexa") == "Deck Coating"
    assert types.type_of("Simple 12-Gauge Angle") == "Angle"
    assert types.type_of("Red Light Bulb (2-Pack)") == "Light Bulb"
    assert types.type_of("Vexa Something Unheard") is None
    # The colour after "in" is an option learned from the titles, never the type.
    assert "white" in types.options and types.type_of("Vexa Garden Hose White") == "Garden Hose"


def test_head_phrase_skips_the_brand_specs_and_options() -> None:
    title = "Vexa 30 in. Bathroom Vanity with Top, 2 Doors"
    assert head_phrase(title, "Vexa") == ["Bathroom", "Vanity"]
    assert head_phrase("Vexa Drill Kit DCD771C2", "Vexa") == ["Drill", "Kit"]


def test_learning_is_deterministic_whatever_the_order() -> None:
    titles = catalog()
    shuffled = titles[:]
    random.Random(7).shuffle(shuffled)
    first = learn((t, None) for t in titles)
    again = learn((t, None) for t in shuffled)
    assert first == again
    assert list(first.types.names) == sorted(first.types.names)


def test_explicit_columns_win_over_learned_ones() -> None:
    vocabulary = learn((t, None) for t in catalog())
    given = ProductIn(sku="1", title="ZORBAX 10 in. Angle", brand="Acme", product_type="Brackets")
    assert vocabulary.fill(given) is given
    learned = vocabulary.fill(ProductIn(sku="2", title="ZORBAX 10 in. Angle"))
    assert (learned.brand, learned.product_type) == ("ZORBAX", "Angle")
    # A given brand is stripped before the type is read, and the type is still learned.
    half = vocabulary.fill(ProductIn(sku="3", title="Quill Works Garden Hose", brand="Quill"))
    assert (half.brand, half.product_type) == ("Quill", "Garden Hose")


def test_a_learned_type_is_marked_and_names_no_intent() -> None:
    from datetime import UTC, datetime

    from catalog.models import Product
    from indexer.documents import product_document

    vocabulary = learn((t, None) for t in catalog())
    given = ProductIn(sku="1", title="ZORBAX 10 in. Angle", product_type="Brackets")
    assert vocabulary.fill(given).type_learned is False
    learned = vocabulary.fill(ProductIn(sku="2", title="ZORBAX 10 in. Angle"))
    assert learned.type_learned is True
    now = datetime.now(UTC)
    for row, keys in ((given, ["bracket"]), (learned, [])):
        product = Product(id=1, version=1, updated_at=now, **row.model_dump())
        assert product_document(product)["type_keys"] == keys
        assert product_document(product)["product_type"] == row.product_type
