"""Compounds: a word written apart on one side and joined on the other still matches."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from core.compounds import MAX_JOINED_VARIANTS, joinable, joined_pairs, joined_variants
from core.text import GRAMMAR_WORDS, terms
from core.units import UNITS

PROPERTIES = settings(max_examples=300, derandomize=True, database=None)

# Lower-case words as terms() yields them: letters only, two or more.
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9).filter(
    lambda w: w not in GRAMMAR_WORDS and w not in UNITS
)


def test_a_title_indexes_its_adjacent_words_joined() -> None:
    assert joined_pairs(terms("BEHR Premium Deck Over 1-gal. Wood Coating")) == [
        "behrpremium",
        "premiumdeck",
        "deckover",
        "woodcoating",
    ]
    assert "rainshower" in joined_pairs(terms("Delta Rain Showers Head"))


def test_numbers_units_and_grammar_words_never_join() -> None:
    assert joined_pairs(terms("30 in. Vanity in White")) == []
    assert joined_pairs(terms("2 x 4 board")) == []
    assert not joinable("in") and not joinable("60w") and not joinable("a")


def test_a_query_tries_each_pair_joined_up_to_a_limit() -> None:
    assert joined_variants(terms("rain shower head")) == [
        ["rainshower", "head"],
        ["rain", "showerhead"],
    ]
    assert joined_variants(["deckover"]) == []
    assert len(joined_variants(terms("one two three four five six"))) == MAX_JOINED_VARIANTS


@given(st.lists(WORD, max_size=4), WORD, WORD, st.lists(WORD, max_size=4))
@PROPERTIES
def test_apart_in_the_title_joined_in_the_query(
    before: list[str], left: str, right: str, after: list[str]
) -> None:
    # The shopper's joined word is among the title's indexed pairs.
    title = [*before, left, right, *after]
    assert left + right in joined_pairs(title)


@given(st.lists(WORD, max_size=2), WORD, WORD, st.lists(WORD, max_size=2))
@PROPERTIES
def test_apart_in_the_query_joined_in_the_title(
    before: list[str], left: str, right: str, after: list[str]
) -> None:
    # Some variant of the query holds the title's joined word, every other word unchanged.
    query = [*before, left, right, *after]
    assert [*before, left + right, *after] in joined_variants(query)


@given(st.lists(WORD, max_size=8))
@PROPERTIES
def test_each_variant_keeps_the_letters_of_the_query(query: list[str]) -> None:
    for variant in joined_variants(query):
        assert "".join(variant) == "".join(query) and len(variant) == len(query) - 1
