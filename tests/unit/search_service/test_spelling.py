"""The spelling rules: known words and model codes stay, slips are small, suggestions must find more."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retrieval.params import Filters
from retrieval.queries import suggest_body
from retrieval.spelling import (
    PartialMatch,
    acceptable,
    allowed_slips,
    check,
    is_code,
    respell,
    slips,
    words,
)


def test_a_word_is_never_split_into_two() -> None:
    # What the shingle-field suggester offered: "iphone" read as the bigram "in one".
    assert not acceptable(["iphone", "11"], ["in", "one", "11"], known=set())
    assert not acceptable(["apple", "iphone"], ["angle", "in", "one"], known=set())


def test_known_words_are_kept() -> None:
    assert not acceptable(["apple", "iphone"], ["angle", "iphone"], known={"apple", "iphone"})
    assert not acceptable(["case"], ["cash"], known={"case"})


def test_numbers_and_model_codes_are_kept() -> None:
    assert not acceptable(["iphone", "11"], ["iphone", "12"], known={"iphone"})
    assert not acceptable(["thinkpad", "x1"], ["thinkpad", "xl"], known={"thinkpad"})
    assert not acceptable(["2x4"], ["2x6"], known=set())
    # Nor does a word become a code ("telly" → "tel2").
    assert not acceptable(["telly"], ["tel2"], known=set())


def test_a_changed_word_moves_by_a_typing_slip() -> None:
    assert acceptable(["labtop"], ["laptop"], known=set())
    assert acceptable(["toliet", "seat"], ["toilet", "seat"], known={"seat"})  # a swap is one
    assert acceptable(["logitec", "keybord"], ["logitech", "keyboard"], known=set())
    # Two slips in a short word make another word.
    assert not acceptable(["telly"], ["tele"], known=set())
    assert not acceptable(["beamer"], ["breaker"], known=set())
    # From LONG_WORD letters two slips are a typo.
    assert acceptable(["headphnes"], ["headphones"], known=set())
    assert acceptable(["wirelesss", "chargr"], ["wireless", "charger"], known=set())


def test_short_words_are_never_respelt() -> None:
    assert allowed_slips("tv") == 0
    assert not acceptable(["tv"], ["to"], known=set())


def test_slips_count_edits_and_swaps() -> None:
    assert slips("labtop", "laptop") == 1
    assert slips("toliet", "toilet") == 1
    assert slips("telly", "tele") == 2
    assert slips("", "abc") == 3
    assert slips("same", "same") == 0


def test_only_unknown_words_are_joined_or_split() -> None:
    assert acceptable(["rain", "showr"], ["rainshowr"], known={"rain"}) is False
    assert acceptable(["rainshower"], ["rain", "shower"], known=set())
    assert acceptable(["head", "sett"], ["headsett"], known=set())
    assert not acceptable(["head", "set"], ["headset"], known={"head", "set"})
    assert not acceptable(["xm", "4"], ["xm4"], known=set())  # a code is never rejoined


def test_the_same_words_are_no_suggestion() -> None:
    assert not acceptable(["laptop"], ["laptop"], known=set())
    assert not acceptable(["laptop"], [], known=set())


def test_respell_keeps_what_the_shopper_typed() -> None:
    assert respell("WH-1000XM4 hedphones", ["wh", "1000xm4", "headphones"]) == (
        "WH-1000XM4 headphones"
    )
    assert respell("Lenovo  labtop!", ["lenovo", "laptop"]) == "Lenovo  laptop!"
    assert respell("rainshower", ["rain", "shower"]) == "rain shower"


def test_words_split_like_the_title_field() -> None:
    assert words("WH-1000XM4 15.6 Café") == ["wh", "1000xm4", "15.6", "café"]


def test_the_suggester_draws_single_words_for_missing_words_only() -> None:
    generator = suggest_body("iphone 11")["suggest"]["did_you_mean"]["phrase"]["direct_generator"]
    assert generator[0]["field"] == "title"  # unigrams, not shingles
    assert {g["suggest_mode"] for g in generator} == {"missing"}


class FakeEs:
    """Answers the lookup and the counts the check asks, recording each request."""

    def __init__(
        self,
        *,
        options: list[str],
        known: set[str],
        own: int,
        counts: list[int],
        held: dict[str, int] | None = None,
    ) -> None:
        self.options, self.known, self.own, self.counts = options, known, own, counts
        self.held = held or {}
        self.requests: list[dict[str, Any]] = []

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        self.requests.append(request)
        assert request.get("size") == 0  # every spelling request is a count
        aggs = request["aggs"]
        if "known" not in aggs:
            return {"aggregations": {k: {"doc_count": n} for k, n in zip(aggs, self.counts)}}
        title = aggs["known"]["aggs"]["words"]["filters"]["filters"]
        known = {
            key: {"doc_count": int(c["match"]["title"]["query"] in self.known)}
            for key, c in title.items()
        }
        held = {
            key: {"doc_count": self.held.get(c["match"]["title"]["query"], 1)}
            for key, c in title.items()
        }
        return {
            "suggest": {"did_you_mean": [{"options": [{"text": t} for t in self.options]}]},
            "aggregations": {
                "known": {"words": {"buckets": known}},
                "found": {"buckets": known},
                "shown": {"words": {"buckets": held}},
                "all_words": {"doc_count": self.own},
            },
        }


def run(fake: FakeEs, q: str, *, relaxed: bool = True, shown: int = 2) -> Any:
    return check(fake, q, Filters(), shown=list(range(shown)), relaxed=relaxed)


def test_a_suggestion_must_find_clearly_more_products() -> None:
    assert run(FakeEs(options=["laptop"], known=set(), own=0, counts=[5]), "labtop").did_you_mean
    # As many exact matches as the query's own words: nothing gained.
    fake = FakeEs(options=["laptop"], known=set(), own=4, counts=[7])
    assert run(fake, "labtop").did_you_mean is None
    # No product holds the suggestion's words: no suggestion.
    assert (
        run(FakeEs(options=["laptop"], known=set(), own=0, counts=[0]), "labtop").did_you_mean
        is None
    )


def test_the_first_option_passing_every_rule_is_offered() -> None:
    fake = FakeEs(options=["in one 11", "iphone 12", "iphone 11"], known={"11"}, own=0, counts=[3])
    assert run(fake, "ipone 11").did_you_mean == "iphone 11"


def test_a_refused_option_costs_no_count_request() -> None:
    fake = FakeEs(options=["in one 11"], known={"iphone"}, own=0, counts=[])
    assert run(fake, "iphone 11").did_you_mean is None
    assert len(fake.requests) == 1


def test_the_lookup_counts_within_the_shoppers_filters() -> None:
    fake = FakeEs(options=[], known=set(), own=0, counts=[])
    check(fake, "labtop", Filters(brands=("Acme",)), shown=[1], relaxed=True)
    assert "acme" in json.dumps(fake.requests[0]["query"])
    assert "global" in fake.requests[0]["aggs"]["known"]  # vocabulary ignores filters


def test_partial_match_only_when_no_product_holds_every_word() -> None:
    fake = FakeEs(options=[], known={"iphone", "11"}, own=0, counts=[])
    partial = run(fake, "iphone 11").partial
    assert isinstance(partial, PartialMatch) and partial.missing == []
    assert run(FakeEs(options=[], known=set(), own=3, counts=[]), "iphone 11").partial is None
    assert run(fake, "iphone 11", relaxed=False).partial is None


@pytest.mark.parametrize("q", ["", "!!!"])
def test_no_words_no_request(q: str) -> None:
    fake = FakeEs(options=[], known=set(), own=0, counts=[])
    assert run(fake, q).did_you_mean is None and not fake.requests


def test_partial_match_names_missing_and_dropped_words() -> None:
    fake = FakeEs(options=[], known={"iphone", "11"}, own=0, counts=[], held={"iphone": 4, "11": 0})
    assert run(fake, "iPhone 11", shown=4).partial == PartialMatch(
        missing=[], dropped=["11"], showing="iPhone"
    )
    fake = FakeEs(options=[], known={"sony"}, own=0, counts=[], held={"sony": 4, "unicornium": 0})
    assert run(fake, "Sony unicornium", shown=4).partial == PartialMatch(
        missing=["unicornium"], dropped=["unicornium"], showing="Sony"
    )


word = st.text(alphabet="abcdefgh12", min_size=1, max_size=9)


@given(
    original=st.lists(word, min_size=1, max_size=4),
    suggested=st.lists(word, min_size=1, max_size=5),
    known_share=st.integers(min_value=0, max_value=4),
)
def test_an_acceptable_suggestion_keeps_every_known_word_and_code(
    original: list[str], suggested: list[str], known_share: int
) -> None:
    known = set(original[:known_share])
    if not acceptable(original, suggested, known):
        return
    if len(original) == len(suggested):
        for a, b in zip(original, suggested, strict=True):
            assert a == b or (a not in known and not is_code(a) and slips(a, b) <= 2)
    else:
        assert "".join(original) == "".join(suggested)
        assert all(w in suggested for w in original if w in known or is_code(w))
