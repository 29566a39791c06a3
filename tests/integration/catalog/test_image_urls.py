"""Product images are http(s): refused on the way in, never shown from an older row."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from elasticsearch import Elasticsearch
from fastapi import FastAPI
from fastapi.testclient import TestClient
from redis import Redis
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from accounts.models import Role
from catalog.schemas import ProductIn
from catalog.service import import_products
from core.settings import Settings
from indexer.rebuild import rebuild
from search_service.app import create_app
from tests.fixtures.accounts import Browser, make_user, reset_accounts
from tests.fixtures.services import reset_catalog

SCRIPT = "javascript:alert(document.cookie)"


@pytest.fixture(scope="module")
def app(
    engine: Engine, session_factory: sessionmaker[Session], es: Elasticsearch, settings: Settings
) -> Iterator[FastAPI]:
    """Serve a catalog where one row kept a script image from before the rule."""
    reset_catalog(engine)
    rows = [
        ProductIn(sku="IMG1", title="Pictured kettle", image_url="https://img.example/k.jpg"),
        ProductIn(sku="IMG2", title="Scripted kettle"),
    ]
    import_products(rows, session_factory=session_factory)
    with engine.begin() as connection:  # as stored before image_url had to be http(s)
        connection.execute(
            text("UPDATE products SET image_url = :u WHERE sku = 'IMG2'"), {"u": SCRIPT}
        )
    rebuild(engine=engine, es=es, alias=settings.products_alias, keep=2)
    application = create_app(settings)
    with TestClient(application):
        yield application


@pytest.fixture()
def merch(
    app: FastAPI, engine: Engine, session_factory: sessionmaker[Session], settings: Settings
) -> Browser:
    """A signed-in merchandiser."""
    reset_accounts(engine)
    make_user(session_factory, settings, "images@example.com", role=Role.MERCHANDISER)
    browser = Browser(app)
    assert browser.sign_in("images@example.com").status_code == 200
    return browser


def ids(engine: Engine) -> dict[str, int]:
    """Return the product ids by sku."""
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT sku, id FROM products")).all()
    return {sku: product_id for sku, product_id in rows}


def test_an_edit_to_a_script_image_is_refused_naming_the_field(
    merch: Browser, engine: Engine
) -> None:
    product_id = ids(engine)["IMG1"]
    for bad in (SCRIPT, "data:image/svg+xml,<svg onload=alert(1)>", "/k.jpg", "//img.example"):
        answer = merch.send("PATCH", f"/api/products/{product_id}", {"image_url": bad})
        assert answer.status_code == 422, (bad, answer.text)
        (error,) = answer.json()["detail"]
        assert error["loc"] == ["body", "image_url"] and "http(s)" in error["msg"]
    fine = merch.send(
        "PATCH", f"/api/products/{product_id}", {"image_url": "https://img.example/k2.jpg"}
    )
    assert fine.status_code == 200 and fine.json()["image_url"] == "https://img.example/k2.jpg"


def test_an_older_script_image_is_shown_nowhere(
    merch: Browser, engine: Engine, redis_client: Redis
) -> None:
    product_id = ids(engine)["IMG2"]
    page = merch.get(f"/api/products/{product_id}")
    assert page.status_code == 200 and page.json()["image_url"] is None
    hits = merch.get("/api/search", params={"q": "kettle", "ranking": "bm25"}).json()["results"]
    assert {hit["sku"]: hit["image_url"] for hit in hits}["IMG2"] is None
    cart = merch.send("PUT", f"/api/cart/items/{product_id}", {"quantity": 1})
    assert cart.status_code == 200, cart.text
    assert [line["image_url"] for line in cart.json()["items"]] == [None]
    # A merchandiser's edit of another field returns the row without the script, too.
    edited = merch.send("PATCH", f"/api/products/{product_id}", {"stock": 3})
    assert edited.status_code == 200 and edited.json()["image_url"] is None
    assert SCRIPT not in page.text + cart.text + edited.text
