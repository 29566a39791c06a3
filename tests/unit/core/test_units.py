"""The shared normaliser: every spelling of a measure yields the same terms, on both sides."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.text import stem_text, terms

PROPERTIES = settings(max_examples=300, derandomize=True, database=None)

# Spellings shoppers and catalogs use for one measure; each group must agree.
SAME_MEASURE = [
    ["2m", "2 m", "2 meter", "2 meters", "2 metre", "2M"],
    ["3/4 in.", '3/4"', "0.75 in", "3/4 inch", "3/4-in.", ".75 in"],
    ["30 inch", "30 in.", '30"', "30in", "30 inches", "30-in."],
    ["1-gal.", "1 gal", "1 gallon", "1gal", "1 Gal."],
    ["12-Volt", "12v", "12 volt", "12 V"],
    ["1-3/8 in.", "1 3/8 in", "1.375 in"],
    ["6 ft.", "6 feet", "6-ft"],
]


@pytest.mark.parametrize("group", SAME_MEASURE, ids=lambda g: g[0])
def test_every_spelling_of_a_measure_gives_the_same_terms(group: list[str]) -> None:
    assert {stem_text(spelling) for spelling in group} == {stem_text(group[0])}


def test_a_measure_is_its_parts_and_one_joined_token() -> None:
    assert terms("hdmi cable 2m") == ["hdmi", "cable", "2", "m", "2m"]
    assert terms("BEHR DeckOver 1-gal. #SC-141") == [
        "behr",
        "deckover",
        "1",
        "gal",
        "1gal",
        "sc",
        "141",
    ]


def test_dimensions_match_however_they_are_written() -> None:
    title = set(terms("Weyerhaeuser 1 in. x 2 in. x 8 ft. Common Board"))
    assert set(terms("1x2 board")) <= title
    assert set(terms("2x4")) <= set(terms("2 in. x 4 in. x 8 ft. Stud"))
    assert "2x4" in terms("2 x 4") and "x" not in terms("2 x 4")


def test_a_fraction_query_finds_the_decimal_and_the_bare_number() -> None:
    assert set(terms("3/4 plywood")) <= set(terms("3/4 in. x 4 ft. x 8 ft. Plywood"))


def test_numbers_that_are_not_fractions_stay_apart() -> None:
    assert terms("4500/4500-Watt") == ["4500", "4500", "w", "4500w"]
    assert terms("12/6 cable") == ["12", "6", "cable"]


def test_words_and_model_codes_are_left_alone() -> None:
    assert terms("HP-250 G8 laptops") == ["hp", "250", "g8", "laptop"]
    assert terms("x men") == ["x", "men"]


def test_a_prime_after_a_number_means_feet_or_inches_so_only_the_number_counts() -> None:
    assert terms("1 1/2' junction box") == ["1.5", "junction", "box"]
    assert set(terms("6' ladder")) <= set(terms("6 ft. Aluminum Step Ladder"))
    assert terms("men's boots") == ["men", "s", "boot"]


def test_unit_words_alone_take_their_short_form() -> None:
    assert terms("gallon paint") == ["gal", "paint"]
    assert terms("inches") == ["in"]


MEASURE = st.builds(
    lambda n, frac, unit, sep: f"{n}{frac}{sep}{unit}",
    st.integers(0, 120),
    st.sampled_from(["", ".5", " 1/2", "-3/4", ".25"]),
    st.sampled_from(
        [
            "in.",
            "inch",
            '"',
            "ft.",
            "'",
            "gal.",
            "gallon",
            "m",
            "meter",
            "mm",
            "v",
            "volt",
            "w",
            "watt",
            "oz.",
            "lb.",
        ]
    ),
    st.sampled_from(["", " ", "-"]),
)
WORDS = st.lists(
    st.sampled_from(["vanity", "plywood", "x", "board", "cable", "hdmi", "in", "2", "3/4", "g8"]),
    max_size=5,
)


@PROPERTIES
@given(st.text())
def test_normalising_never_crashes_and_is_idempotent(text: str) -> None:
    once = stem_text(text)
    assert stem_text(once) == once


@PROPERTIES
@given(WORDS, st.lists(MEASURE, min_size=1, max_size=3), WORDS)
def test_normalised_text_is_a_fixed_point(
    before: list[str], measures: list[str], after: list[str]
) -> None:
    text = " ".join([*before, " x ".join(measures), *after])
    once = stem_text(text)
    assert stem_text(once) == once


SPELLINGS = {
    "in": ["in.", "inch", "inches", '"', "-in."],
    "ft": ["ft.", "foot", "feet", "-ft."],
    "gal": ["gal.", "gallon", "-gal.", "Gal."],
    "m": ["m", "meter", "metre", "meters", "M"],
    "v": ["v", "volt", "-Volt", "V"],
}


@PROPERTIES
@given(
    st.integers(1, 99),
    st.sampled_from(sorted(SPELLINGS)),
    st.data(),
    st.lists(st.sampled_from(["Oak", "White", "Vanity", "Cable", "Pro", "Board"]), max_size=4),
)
def test_a_query_and_a_title_spelling_a_measure_differently_agree(
    number: int, unit: str, data: st.DataObject, words: list[str]
) -> None:
    title_form = data.draw(st.sampled_from(SPELLINGS[unit]))
    query_form = data.draw(st.sampled_from(SPELLINGS[unit]))
    gap = "" if title_form[0] in "\"'-" else " "
    title = " ".join(["Brand", *words, f"{number}{gap}{title_form}", "Thing"])
    query = f"{number}{'' if query_form[0] in chr(34) + chr(39) + '-' else ' '}{query_form} thing"
    assert set(terms(query)) <= set(terms(title))
    assert f"{number}{unit}" in terms(query)
