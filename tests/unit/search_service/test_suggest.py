"""Completion matching, without a database."""

from __future__ import annotations

from search_service.suggest import Candidate, SuggestionIndex, _within_one_edit, drop_misspellings


def index() -> SuggestionIndex:
    built = SuggestionIndex()
    built.by_kind = {
        "query": [
            Candidate(t, "query", t) for t in ["laptop", "laptop bag", "gaming laptop", "lamp"]
        ],
        "brand": [Candidate("Lenovo", "brand", "lenovo"), Candidate("Café Co", "brand", "cafe co")],
        "type": [Candidate("Laptops", "type", "laptops")],
    }
    return built


def test_prefixes_complete_queries_brands_and_types() -> None:
    found = [(s.text, s.kind) for s in index().complete("lap")]
    assert found == [
        ("laptop", "query"),
        ("laptop bag", "query"),
        ("gaming laptop", "query"),
        ("Laptops", "type"),
    ]
    assert [s.text for s in index().complete("Cafe")] == ["Café Co"]
    assert [s.text for s in index().complete("café")] == ["Café Co"]


def test_one_typo_is_forgiven_when_nothing_matches_exactly() -> None:
    assert [s.text for s in index().complete("labt")][:2] == ["laptop", "laptop bag"]
    assert index().complete("la") != [] and index().complete("xq") == []
    assert index().complete("   ") == []


def test_edit_distance_of_one() -> None:
    assert _within_one_edit("laptop", "labtop") and _within_one_edit("lap", "lapt")
    assert _within_one_edit("lapto", "laptop") and not _within_one_edit("lpatop", "laptop")


def test_misspelt_past_queries_are_not_offered() -> None:
    popular_first = ["laptop", "laptoops", "laptop case", "laptpos", "lapttop", "lamp", "lapm"]
    kept = drop_misspellings([Candidate(q, "query", q) for q in popular_first], ["laptops"])
    assert [c.text for c in kept] == ["laptop", "laptop case", "lamp"]
