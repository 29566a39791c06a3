"""Semantic retrieval against the real Elasticsearch: meaning finds what words miss."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch
from fastapi.testclient import TestClient

from core.settings import Settings, get_settings
from embedding import shared
from ranking.features import feature_clauses
from retrieval.candidates import Retrieval, fetch_window
from retrieval.params import SearchParams
from retrieval.semantic import similarity
from search_service.app import create_app

LAPTOPS = {"L1", "L2", "L3"}


def skus(body: dict[str, object]) -> list[str]:
    return [hit["sku"] for hit in body["results"]]  # type: ignore[attr-defined]


def test_words_no_product_has_find_products_by_meaning(client: TestClient) -> None:
    """No title says "notebook computer"; the laptops are what it means."""
    # ranking=bm25: the no-model path, whatever model another module left active.
    body = client.get("/api/search", params={"q": "notebook computer", "ranking": "bm25"}).json()
    assert body["total"] > 0 and body["relaxed"] is True
    assert body["ranking"] == "semantic"  # the served log still counts no word match
    assert set(skus(body)[:3]) == LAPTOPS


def test_nonsense_finds_nothing_rather_than_anything(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "qzxv wqpl", "ranking": "bm25"}).json()
    assert body["total"] == 0 and body["results"] == []


def test_matching_words_still_decide_the_page(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "laptop"}).json()
    assert body["total"] == 4 and set(skus(body)[:3]) == LAPTOPS


def test_the_window_gets_similarities_and_semantic_only_candidates(
    known_catalog: int, es: Elasticsearch, settings: Settings
) -> None:
    params = SearchParams(q="notebook computer", size=10)
    found = fetch_window(
        Retrieval(es, settings.products_alias),
        params,
        size=10,
        clauses=feature_clauses(params.q),
        semantic_k=5,
    )
    by_sku = {hit["_source"]["sku"]: hit for hit in found.hits}
    assert set(by_sku) >= LAPTOPS
    assert all(similarity(hit) is not None for hit in found.hits)
    laptop = min(similarity(by_sku[sku]) or 0.0 for sku in LAPTOPS)
    battery = similarity(by_sku["B1"]) if "B1" in by_sku else -1.0
    assert laptop > (battery or -1.0)


def test_readyz_reports_the_encoder(client: TestClient) -> None:
    body = client.get("/readyz").json()
    assert body["semantic"] == "ok"


@pytest.fixture
def without_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Point the encoder at an empty directory, as if the model package were broken."""
    monkeypatch.setenv("AISLE_EMBEDDING_MODEL_DIR", str(tmp_path))
    _forget()
    yield get_settings()
    monkeypatch.undo()
    _forget()


def _forget() -> None:
    get_settings.cache_clear()
    shared.forget()


def test_without_a_model_search_is_lexical_and_says_why(
    known_catalog: int, without_model: Settings
) -> None:
    with TestClient(create_app(without_model)) as client:
        ready = client.get("/readyz").json()
        assert ready["semantic"].startswith("unavailable") and "missing" in ready["semantic"]
        assert ready["status"] == "ready"  # search still answers, by words
        for q, total in (("laptop", 4), ("notebook computer", 0)):
            found = client.get("/api/search", params={"q": q, "ranking": "bm25"}).json()
            assert found["total"] == total, q
