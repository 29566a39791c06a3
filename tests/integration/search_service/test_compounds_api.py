"""Compounds against the real Elasticsearch: written apart or joined, either side finds the other."""

from __future__ import annotations

from typing import Any

import pytest
from elasticsearch import Elasticsearch
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from catalog.schemas import ProductIn
from catalog.service import import_products
from core.settings import Settings
from indexer.rebuild import rebuild
from tests.fixtures.services import reset_catalog

TITLES = {
    "D1": "BEHR Premium DeckOver 1-gal. Wood and Concrete Coating",
    "D2": "Rust-Oleum Deck Over Resurfacer 5 gal.",
    "D3": "Pressure-Treated Wood Deck Board 8 ft.",
    "S1": "Delta Rain Shower Head in Chrome",
    "S2": "Moen Rainshower Head, Brushed Nickel",
    "S3": "Fabric Shower Curtain in White",
}


@pytest.fixture(scope="module")
def known_catalog(
    engine: Engine, session_factory: sessionmaker[Session], es: Elasticsearch, settings: Settings
) -> int:
    """Index a catalog writing each compound both ways (overrides the package's catalog)."""
    reset_catalog(engine)
    rows = [ProductIn(sku=sku, title=title) for sku, title in TITLES.items()]
    import_products(rows, session_factory=session_factory)
    rebuild(engine=engine, es=es, alias=settings.products_alias, keep=2)
    return len(rows)


def top(client: TestClient, q: str, k: int = 2) -> set[str]:
    """Return the skus of the first k results (few matches relax to partial ones after them)."""
    response = client.get("/api/search", params={"q": q, "ranking": "bm25"})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return {hit["sku"] for hit in body["results"][:k]}


def test_a_joined_query_finds_titles_writing_it_apart(client: TestClient) -> None:
    assert top(client, "deckover") == {"D1", "D2"}
    assert top(client, "rainshower head") == {"S1", "S2"}


def test_a_query_written_apart_finds_joined_titles(client: TestClient) -> None:
    assert top(client, "deck over") == {"D1", "D2"}
    assert top(client, "rain shower head") == {"S1", "S2"}
