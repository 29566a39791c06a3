"""Autocomplete from real past searches and the real catalog."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine


def test_suggestions_come_from_what_shoppers_searched_and_the_catalog(
    client: TestClient, engine: Engine
) -> None:
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE served_queries"))
    TestClient(client.app).get("/api/search", params={"q": "laptop^10"})  # syntax: not offered
    for n in range(3):  # three different shoppers (fresh browsers) searched "laptop"
        TestClient(client.app).get("/api/search", params={"q": "laptop"})
    TestClient(client.app).get("/api/search", params={"q": "headphones"})
    body = client.get("/api/suggest", params={"q": "la"}).json()
    assert body["query"] == "la"
    assert {"text": "laptop", "kind": "query"} in body["suggestions"]
    assert {"text": "Laptops", "kind": "type"} in body["suggestions"]
    brands = client.get("/api/suggest", params={"q": "len"}).json()["suggestions"]
    assert brands == [{"text": "Lenovo", "kind": "brand"}]
    typo = client.get("/api/suggest", params={"q": "hedp"}).json()["suggestions"]
    assert {"text": "headphones", "kind": "query"} in typo
    assert client.get("/api/suggest", params={"q": ""}).json()["suggestions"] == []
    assert "laptop^10" not in str(client.get("/api/suggest", params={"q": "lapt"}).json())
    assert client.get("/api/suggest", params={"q": "x" * 101}).status_code == 422
