"""Anonymous carts and history merge on sign-in; deleting an account erases its personal data."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from redis import Redis
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from accounts.models import Role
from catalog.schemas import ProductIn
from catalog.service import import_products
from core.settings import Settings
from tests.fixtures.accounts import PASSWORD, Browser, make_user
from tests.fixtures.services import reset_catalog

EMAIL = "ann@example.com"


@pytest.fixture(scope="module")
def products(engine: Engine, session_factory: sessionmaker[Session]) -> list[int]:
    reset_catalog(engine)
    # Stock untracked: these tests are about the cart's own limits (the stock's are in
    # tests/integration/catalog/test_stock_limits.py).
    import_products(
        [
            ProductIn(sku=f"S{n}", title=f"Thing {n}", price=f"{10 * n}.50", stock=None)  # type: ignore[arg-type]
            for n in range(1, 4)
        ],
        session_factory=session_factory,
    )
    with engine.connect() as connection:
        return list(connection.execute(text("SELECT id FROM products ORDER BY id")).scalars())


def cart(b: Browser) -> dict[int, int]:
    return {line["product_id"]: line["quantity"] for line in b.get("/api/cart").json()["items"]}


def test_an_anonymous_cart_works_and_validates(
    browser: Callable[..., Browser], products: list[int]
) -> None:
    b = browser()
    first, second, _ = products
    assert b.send("PUT", f"/api/cart/items/{first}", {"quantity": 2}).status_code == 200
    body = b.send("PUT", f"/api/cart/items/{second}", {"quantity": 1}).json()
    assert body["item_count"] == 3 and body["total"] == "41.50"
    assert b.send("PUT", f"/api/cart/items/{first}", {"quantity": 100}).status_code == 422
    assert b.send("PUT", f"/api/cart/items/{first}", {"quantity": -1}).status_code == 422
    assert b.send("PUT", "/api/cart/items/999999", {"quantity": 1}).status_code == 404
    assert b.send("PUT", f"/api/cart/items/{first}", {"quantity": 0}).json()["item_count"] == 1
    assert cart(browser()) == {}  # another browser has its own cart


def test_sign_in_merges_the_anonymous_cart(
    browser: Callable[..., Browser],
    products: list[int],
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    make_user(session_factory, settings, EMAIL)
    first, second, third = products
    phone = browser()  # the account already has a cart from another device
    phone.sign_in(EMAIL)
    phone.send("PUT", f"/api/cart/items/{first}", {"quantity": 1})
    phone.send("PUT", f"/api/cart/items/{third}", {"quantity": 98})
    laptop = browser()
    laptop.send("PUT", f"/api/cart/items/{first}", {"quantity": 2})
    laptop.send("PUT", f"/api/cart/items/{second}", {"quantity": 1})
    laptop.send("PUT", f"/api/cart/items/{third}", {"quantity": 5})
    laptop.sign_in(EMAIL)
    assert cart(laptop) == {first: 3, second: 1, third: 99}  # capped at the maximum
    assert cart(phone) == cart(laptop)
    laptop.post("/api/auth/sign-out")
    assert cart(laptop) == {}  # the anonymous cart was moved, not copied


def test_sign_in_merges_search_and_view_history(
    browser: Callable[..., Browser],
    products: list[int],
    session_factory: sessionmaker[Session],
    settings: Settings,
    redis_client: Redis,
) -> None:
    make_user(session_factory, settings, EMAIL)
    b = browser()
    b.get(f"/api/products/{products[1]}")
    anonymous = b.get("/api/history").json()
    assert anonymous["recently_viewed"] == [products[1]]
    b.sign_in(EMAIL)
    assert b.get("/api/history").json()["recently_viewed"] == [products[1]]
    b.get(f"/api/products/{products[0]}")
    assert b.get("/api/history").json()["recently_viewed"] == [products[0], products[1]]


def test_deleting_an_account_erases_personal_data(
    browser: Callable[..., Browser],
    products: list[int],
    session_factory: sessionmaker[Session],
    settings: Settings,
    engine: Engine,
    redis_client: Redis,
) -> None:
    user_id = make_user(session_factory, settings, EMAIL)
    b = browser()
    b.sign_in(EMAIL)
    b.send("PUT", f"/api/cart/items/{products[0]}", {"quantity": 1})
    b.get(f"/api/products/{products[0]}")
    b.post("/api/account/tokens", {"name": "t"})
    b.post("/api/auth/forgot-password", {"email": EMAIL})
    anonymous_before = b.refresh()["anonymous_id"]
    wrong = b.post("/api/account/delete", {"password": "not-my-password"})
    assert wrong.status_code == 403
    deleted = b.post("/api/account/delete", {"password": PASSWORD})
    assert deleted.status_code == 200 and deleted.json()["user"] is None
    assert deleted.json()["anonymous_id"] != anonymous_before
    with engine.connect() as connection:
        for table, column in [
            ("users", "id"),
            ("cart_items", "user_id"),
            ("api_tokens", "user_id"),
            ("one_time_tokens", "user_id"),
        ]:
            left = connection.execute(
                text(f"SELECT count(*) FROM {table} WHERE {column} = :id"), {"id": user_id}
            ).scalar_one()
            assert left == 0, table
        mail = connection.execute(
            text("SELECT count(*) FROM mail_messages WHERE to_address = :e"), {"e": EMAIL}
        ).scalar_one()
        assert mail == 0
    assert redis_client.keys(f"aisle:history:u:{user_id}:*") == []
    assert redis_client.smembers(f"aisle:user-sessions:{user_id}") == set()
    assert b.get("/api/account").status_code == 401
    assert browser().sign_in(EMAIL).status_code == 401


def test_the_last_admin_cannot_delete_their_account(
    browser: Callable[..., Browser], session_factory: sessionmaker[Session], settings: Settings
) -> None:
    make_user(session_factory, settings, "boss@example.com", role=Role.ADMIN)
    b = browser()
    b.sign_in("boss@example.com")
    refused = b.post("/api/account/delete", {"password": PASSWORD})
    assert refused.status_code == 403 and "last admin" in refused.text
