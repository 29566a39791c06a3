"""Query rule matching, precedence, windows and pin placement, without a cluster."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from merchandising.rules import effects_of, precedence
from merchandising.schemas import Rule, RuleWrite
from retrieval.plan import merge_pins

pytestmark = pytest.mark.clock

# Rule windows are judged against the moment passed in; taking it from the clock keeps the
# schedules as real as a shopper's search would meet them, on any day.
NOW = datetime.now(UTC)
LATER = NOW + timedelta(days=31)


def rule(rule_id: str, match: str, pattern: str, **then: Any) -> Rule:
    """Build a rule with a consequence."""
    extra = {k: then.pop(k) for k in ("priority", "starts_at", "ends_at", "brand") if k in then}
    condition = {"match": match, "pattern": pattern}
    if "brand" in extra:
        condition["brand"] = extra.pop("brand")
    return Rule(id=rule_id, name=rule_id, condition=condition, consequence=then, **extra)


def effects(rules: list[Rule], q: str, **kwargs: Any):
    """Return the combined effects for a query."""
    options = {"brands": (), "types": (), "now": NOW, "pins_allowed": True, **kwargs}
    return effects_of(precedence(rules), q, **options)


def test_match_kinds_use_whole_words() -> None:
    rules = [
        rule("is", "is", "tv", banner={"text": "is"}),
        rule("starts", "starts_with", "tv", banner={"text": "starts"}),
        rule("contains", "contains", "wall mount", banner={"text": "contains"}),
    ]
    assert [b.text for b in effects(rules, "TVs").banners] == ["is", "starts"]
    assert [b.text for b in effects(rules, "tv wall mount").banners] == ["starts", "contains"]
    assert effects(rules, "tvstand").banners == ()


def test_precedence_decides_pins_and_hides() -> None:
    rules = [
        rule("contains", "contains", "tv", pins=[{"product_id": 1, "position": 1}]),
        rule("low", "is", "tv", pins=[{"product_id": 2, "position": 1}], hide=[3]),
        rule("high", "is", "tv", priority=5, pins=[{"product_id": 3, "position": 2}]),
    ]
    found = effects(rules, "tv")
    assert found.rule_ids == ("high", "low", "contains")
    # high pins 3 first; low takes position 1 with 2 but cannot hide 3; contains loses position 1.
    assert found.pins == {2: 3, 1: 2}
    assert found.hidden == frozenset()


def test_first_redirect_wins_and_filters_add_up() -> None:
    rules = [
        rule("a", "contains", "sale", redirect="/sale", filter_brand=["HP"]),
        rule("b", "is", "sale", redirect="https://example.com/x", filter_type=["Notebooks"]),
    ]
    found = effects(rules, "sale")
    assert found.redirect == "https://example.com/x"
    assert found.filter_brands == ("HP",) and found.filter_types == ("Notebooks",)


def test_validity_window_and_filter_context() -> None:
    later = rule("later", "is", "tv", starts_at=NOW + timedelta(hours=1), banner={"text": "x"})
    over = rule("over", "is", "tv", ends_at=NOW, banner={"text": "y"})
    branded = rule("brand", "is", "tv", brand=["Sony"], banner={"text": "z"})
    assert effects([later, over, branded], "tv").banners == ()
    assert [b.text for b in effects([branded], "tv", brands=("SONY",)).banners] == ["z"]


def test_pins_are_off_when_not_sorted_by_relevance() -> None:
    pinning = rule("p", "is", "tv", pins=[{"product_id": 9, "position": 1}], hide=[4])
    found = effects([pinning], "tv", pins_allowed=False)
    assert found.pins == {} and found.hidden == frozenset({4})


def test_merge_pins_places_and_appends() -> None:
    organic = [{"id": n} for n in (10, 11, 12)]
    pinned = {1: {"id": 1}, 3: {"id": 3}, 9: {"id": 9}}
    assert [h["id"] for h in merge_pins(organic, pinned, 0)] == [1, 10, 3, 11, 12, 9]
    # Page 2 of size 2 (offset 2): organic starts after the one pin placed before it.
    assert [h["id"] for h in merge_pins([{"id": 11}, {"id": 12}], pinned, 2)][:2] == [3, 11]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"consequence": {}}, "the rule does nothing"),
        ({"consequence": {"redirect": "javascript:alert(1)"}}, "redirect must be"),
        ({"consequence": {"pins": [{"product_id": 1, "position": 1}], "hide": [1]}}, "both pinned"),
        ({"ends_at": NOW.isoformat(), "starts_at": LATER.isoformat()}, "ends_at must"),
        ({"starts_at": NOW.replace(tzinfo=None).isoformat()}, "need a time zone"),
        ({"condition": {"match": "is", "pattern": "***"}}, "no letters or digits"),
        ({"consequence": {"boosts": [{"field": "brand", "value": "HP", "weight": 0}]}}, "weight"),
    ],
)
def test_bad_rules_are_refused_with_reasons(change: dict[str, Any], problem: str) -> None:
    body = {
        "name": "r",
        "condition": {"match": "is", "pattern": "tv"},
        "consequence": {"banner": {"text": "hi"}},
        **change,
    }
    with pytest.raises(ValidationError, match=problem):
        RuleWrite.model_validate(body)
