"""When a reformulation is evidence of a synonym: shared terms, a typo or two, or a co-click."""

from __future__ import annotations

import pytest

from merchandising.relatedness import allowed_edits, edit_distance, relatedness, typo_evidence


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("kitten", "sitting", 3),
        ("headphones", "headphnoes", 1),  # a swap of neighbours is one typo
        ("laptop", "laptops", 1),
        ("laptop", "laptop", 0),
        ("", "abc", 3),
    ],
)
def test_edit_distance(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b, limit=5) == distance


def test_edit_distance_stops_above_the_limit() -> None:
    assert edit_distance("laptop", "samsungtv", limit=2) == 3
    assert edit_distance("a" * 50, "b" * 50, limit=2) == 3


def test_short_words_allow_fewer_typos() -> None:
    assert [allowed_edits(n) for n in (1, 2, 3, 5, 6, 12)] == [0, 0, 1, 1, 2, 2]


@pytest.mark.parametrize(
    ("query", "other", "reason"),
    [
        ("head set", "headset", "the same letters, spaced or punctuated differently"),
        ("wi-fi router", "wifi router", "the same letters, spaced or punctuated differently"),
        ("headphnoes", "headphones", "one typo apart"),
        ("labtop", "laptop", "one typo apart"),
        ("samsnug televison", "samsung television", "2 typos apart"),
        ("samsnug tevelision", "samsung television", None),  # three, even in 16 letters,
        ("tv", "pc", None),  # two letters allow no typo
        ("ipda", "ipad", "one typo apart"),
        ("mouse", "house", "one typo apart"),  # a typo by spelling; the confirm step guards
        ("mous", "house", None),  # two edits are too many for five letters
    ],
)
def test_typos(query: str, other: str, reason: str | None) -> None:
    assert typo_evidence(query, other) == reason


def test_an_unrelated_second_query_is_no_evidence() -> None:
    assert relatedness("laptop", "samsung tv", co_clicked=False) is None
    assert relatedness("earbuds", "headphones", co_clicked=False) is None


def test_a_co_click_relates_queries_that_share_no_letters() -> None:
    assert relatedness("earbuds", "headphones", co_clicked=True) == (
        "shoppers clicked the same product after searching either"
    )


def test_shared_terms_relate_queries() -> None:
    assert relatedness("samsung television", "samsung tv", co_clicked=False) == "shares “samsung”"
    assert relatedness("laptop sleeve", "laptops bag", co_clicked=False) == "shares “laptop”"


def test_a_typo_is_the_strongest_reason() -> None:
    assert relatedness("labtop", "laptop", co_clicked=True) == "one typo apart"
