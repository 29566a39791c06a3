"""Spelling against the real Elasticsearch: sensible suggestions, known words and codes kept."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient


def search(client: TestClient, q: str) -> dict[str, Any]:
    response = client.get("/api/search", params={"q": q})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_misspelt_word_gets_a_sensible_suggestion(client: TestClient) -> None:
    assert search(client, "hedphones")["did_you_mean"] == "headphones"
    # The words the shopper typed right stay as typed.
    assert search(client, "Sony hedphones")["did_you_mean"] == "Sony headphones"


def test_run_together_words_find_the_title_writing_them_apart(client: TestClient) -> None:
    # The title's adjacent words are indexed joined (core.compounds): nothing left to respell.
    body = search(client, "acme phonecase")
    assert body["results"][0]["sku"] == "P1" and body["did_you_mean"] is None


def test_known_words_are_never_respelt_or_split(client: TestClient) -> None:
    # Every word is in the catalog; no product holds them all: no suggestion, a notice.
    body = search(client, "espresso headphones")
    assert body["did_you_mean"] is None
    assert body["partial_match"] is not None and body["partial_match"]["missing"] == []


def test_model_codes_are_kept(client: TestClient) -> None:
    # E15 is one slip from the catalog's E14, but a model code is never respelt.
    assert search(client, "thinkpad e15")["did_you_mean"] is None


def test_a_word_no_product_holds_is_named(client: TestClient) -> None:
    body = search(client, "sony unicornium")
    assert body["did_you_mean"] is None
    assert body["partial_match"] == {
        "missing": ["unicornium"],
        "dropped": ["unicornium"],
        "showing": "sony",
    }
    assert search(client, "headphones")["partial_match"] is None


def test_a_longer_query_names_the_word_no_product_holds(client: TestClient) -> None:
    # Three words allow near matches (all but one), which must not count as matching them all.
    body = search(client, "sony wireless unicornium")
    assert body["partial_match"] is not None
    assert body["partial_match"]["missing"] == ["unicornium"]


def test_a_suggestion_must_find_more_than_the_query(client: TestClient) -> None:
    # "cash" is one slip from the catalog's "case", but it is a word the catalog holds.
    body = search(client, "cash")
    assert body["total"] >= 1 and body["did_you_mean"] is None
