"""Honest stock over the real Postgres: the cart holds no more than the stock, and an order is
placed only as reviewed, with the stock checked again at that moment."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from redis import Redis
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from core.settings import Settings
from search_service.app import create_app
from tests.fixtures.accounts import Browser, make_user
from tests.fixtures.shop import open_shop


@pytest.fixture(scope="module")
def app(settings: Settings, engine: Engine) -> Iterator[FastAPI]:
    application = create_app(settings)
    with TestClient(application):
        yield application


@pytest.fixture()
def stocked(
    engine: Engine, session_factory: sessionmaker[Session], redis_client: Redis
) -> dict[str, int]:
    return open_shop(
        engine,
        session_factory,
        redis_client,
        [
            ("K", "Acme kettle", "20.00", 3),
            ("T", "Acme toaster", "35.50", 1),
            ("M", "Acme mug", "4.00", 40),
        ],
    )


@pytest.fixture()
def ann(app: FastAPI, session_factory: sessionmaker[Session], settings: Settings) -> Browser:
    make_user(session_factory, settings, "ann@example.com")
    b = Browser(app)
    b.sign_in("ann@example.com")
    return b


def set_stock(engine: Engine, sku: str, stock: int) -> None:
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE products SET stock = :s WHERE sku = :k"), {"s": stock, "k": sku}
        )


def reviewed(cart: dict[str, Any]) -> dict[str, Any]:
    """The order body a review of `cart` sends."""
    lines = [{"product_id": i["product_id"], "quantity": i["quantity"]} for i in cart["items"]]
    return {"lines": lines, "total": cart["total"]}


def test_the_cart_refuses_more_than_the_stock_with_a_sentence(
    stocked: dict[str, int], ann: Browser
) -> None:
    refused = ann.send("PUT", f"/api/cart/items/{stocked['T']}", {"quantity": 2})
    assert refused.status_code == 409
    error = refused.json()["detail"][0]
    assert error["msg"] == "Only 1 of Acme toaster is left, so you can buy at most 1."
    assert error["loc"] == ["body", "quantity"]
    assert ann.get("/api/cart").json()["items"] == []  # nothing half-added
    cart = ann.send("PUT", f"/api/cart/items/{stocked['K']}", {"quantity": 3}).json()
    line = cart["items"][0]
    assert (line["stock_label"], line["max_quantity"], line["problem"]) == ("Only 3 left", 3, None)
    assert cart["checkout_blocked"] is None


def test_a_line_over_stock_says_so_and_blocks_checkout(
    stocked: dict[str, int], ann: Browser, engine: Engine
) -> None:
    ann.send("PUT", f"/api/cart/items/{stocked['K']}", {"quantity": 3})
    ann.send("PUT", f"/api/cart/items/{stocked['M']}", {"quantity": 2})
    set_stock(engine, "K", 1)  # sold elsewhere meanwhile
    cart = ann.get("/api/cart").json()
    kettle, mug = cart["items"]
    assert kettle["problem"] == "Only 1 of Acme kettle is left, so you can buy at most 1."
    assert kettle["in_stock"] is False and kettle["stock_label"] == "Only 1 left"
    assert mug["problem"] is None and mug["stock_label"] == "In stock"
    assert cart["checkout_blocked"] == (
        "Change or remove one item before checking out: " + kettle["problem"]
    )
    # Lowering the quantity to what is left clears it.
    fixed = ann.send("PUT", f"/api/cart/items/{stocked['K']}", {"quantity": 1}).json()
    assert fixed["checkout_blocked"] is None


def test_merging_carts_at_sign_in_adds_up_to_the_stock(
    app: FastAPI,
    stocked: dict[str, int],
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    make_user(session_factory, settings, "bob@example.com")
    phone = Browser(app)
    phone.sign_in("bob@example.com")
    phone.send("PUT", f"/api/cart/items/{stocked['K']}", {"quantity": 2})
    phone.send("PUT", f"/api/cart/items/{stocked['M']}", {"quantity": 5})
    laptop = Browser(app)  # anonymous until it signs in
    laptop.send("PUT", f"/api/cart/items/{stocked['K']}", {"quantity": 2})
    laptop.send("PUT", f"/api/cart/items/{stocked['M']}", {"quantity": 6})
    laptop.sign_in("bob@example.com")
    cart = laptop.get("/api/cart").json()
    quantities = {line["product_id"]: line["quantity"] for line in cart["items"]}
    # 2 + 2 kettles would be more than the 3 left; the mugs add up as they are plenty.
    assert quantities == {stocked["K"]: 3, stocked["M"]: 11}
    assert cart["checkout_blocked"] is None


def test_the_reviewed_order_is_placed(
    stocked: dict[str, int], ann: Browser, engine: Engine
) -> None:
    ann.send("PUT", f"/api/cart/items/{stocked['K']}", {"quantity": 2})
    cart = ann.send("PUT", f"/api/cart/items/{stocked['M']}", {"quantity": 1}).json()
    placed = ann.post("/api/orders", reviewed(cart))
    assert placed.status_code == 201, placed.text
    assert placed.json()["total"] == "44.00"


def test_stock_sold_between_review_and_place_refuses_and_keeps_the_cart(
    stocked: dict[str, int], ann: Browser, engine: Engine
) -> None:
    cart = ann.send("PUT", f"/api/cart/items/{stocked['T']}", {"quantity": 1}).json()
    set_stock(engine, "T", 0)  # another shopper bought the last one while Ann reviewed
    refused = ann.post("/api/orders", reviewed(cart))
    assert refused.status_code == 409
    assert refused.json()["detail"][0]["msg"] == (
        "Acme toaster is out of stock. Nothing was ordered; your cart is unchanged."
    )
    assert ann.get("/api/orders").json() == []
    assert [i["quantity"] for i in ann.get("/api/cart").json()["items"]] == [1]


def test_a_cart_changed_since_the_review_is_not_ordered(
    stocked: dict[str, int], ann: Browser, engine: Engine
) -> None:
    cart = ann.send("PUT", f"/api/cart/items/{stocked['K']}", {"quantity": 1}).json()
    ann.send("PUT", f"/api/cart/items/{stocked['M']}", {"quantity": 5})  # another tab
    refused = ann.post("/api/orders", reviewed(cart))
    assert refused.status_code == 409
    assert refused.json()["detail"][0]["msg"] == (
        "Your cart changed since you reviewed it. Nothing was ordered; review it again."
    )
    with engine.begin() as connection:  # a price change is caught the same way
        connection.execute(text("UPDATE products SET price = 25 WHERE sku = 'K'"))
    now = ann.send("PUT", f"/api/cart/items/{stocked['M']}", {"quantity": 0}).json()
    repriced = ann.post("/api/orders", reviewed(cart) | {"lines": reviewed(now)["lines"]})
    assert repriced.status_code == 409 and "A price changed" in repriced.text
    with engine.connect() as connection:
        assert connection.execute(text("SELECT stock FROM products WHERE sku = 'K'")).scalar() == 3


def test_the_product_page_offers_what_is_left_and_readable_specs(
    stocked: dict[str, int], ann: Browser
) -> None:
    toaster = ann.get(f"/api/products/{stocked['T']}").json()
    assert (toaster["stock_label"], toaster["stock_left"], toaster["max_quantity"]) == (
        "Only 1 left",
        1,
        1,
    )
    assert toaster["specs"] == {"key_specs": [], "groups": []}
    mug = ann.get(f"/api/products/{stocked['M']}").json()
    assert (mug["stock_label"], mug["stock_left"]) == ("In stock", None)
