"""Cart routes for shoppers, and checkout and order history for signed-in ones."""

from __future__ import annotations

from fastapi import APIRouter, status

from accounts.access import Caller, CurrentUser
from catalog.schemas import CartQuantity, CartRead, OrderRead, OrderRequest
from core.bounds import RowId
from core.deps import DbSession
from shop import cart, orders

router = APIRouter()


@router.get("/api/cart", response_model=CartRead, tags=["cart"])
def read_cart(caller: Caller, db: DbSession) -> CartRead:
    """Return the shopper's cart (signed in, or by anonymous id)."""
    return cart.read_cart(db, user_id=caller.user_id, anonymous_id=caller.anonymous_id)


@router.put("/api/cart/items/{product_id}", response_model=CartRead, tags=["cart"])
def set_cart_quantity(
    product_id: RowId, body: CartQuantity, caller: Caller, db: DbSession
) -> CartRead:
    """Set how many of a product the cart holds (0 removes it); more than the stock is a 409."""
    cart.set_quantity(
        db,
        user_id=caller.user_id,
        anonymous_id=caller.anonymous_id,
        product_id=product_id,
        quantity=body.quantity,
    )
    return cart.read_cart(db, user_id=caller.user_id, anonymous_id=caller.anonymous_id)


@router.delete("/api/cart/items/{product_id}", response_model=CartRead, tags=["cart"])
def remove_from_cart(product_id: RowId, caller: Caller, db: DbSession) -> CartRead:
    """Take a product out of the cart."""
    cart.remove_item(
        db, user_id=caller.user_id, anonymous_id=caller.anonymous_id, product_id=product_id
    )
    return cart.read_cart(db, user_id=caller.user_id, anonymous_id=caller.anonymous_id)


@router.delete("/api/cart", response_model=CartRead, tags=["cart"])
def clear_cart(caller: Caller, db: DbSession) -> CartRead:
    """Empty the cart."""
    cart.clear_cart(db, user_id=caller.user_id, anonymous_id=caller.anonymous_id)
    return cart.read_cart(db, user_id=caller.user_id, anonymous_id=caller.anonymous_id)


@router.post(
    "/api/orders", status_code=status.HTTP_201_CREATED, response_model=OrderRead, tags=["orders"]
)
def checkout(user: CurrentUser, db: DbSession, body: OrderRequest | None = None) -> OrderRead:
    """Order everything in the cart; short stock, or a cart unlike the reviewed one, is a 409."""
    assert user.user_id is not None
    return orders.place_order(db, user_id=user.user_id, reviewed=body)


@router.get("/api/orders", response_model=list[OrderRead], tags=["orders"])
def read_orders(user: CurrentUser, db: DbSession) -> list[OrderRead]:
    """Return the user's orders, newest first."""
    assert user.user_id is not None
    return orders.list_orders(db, user_id=user.user_id)


@router.get("/api/orders/{order_id}", response_model=OrderRead, tags=["orders"])
def read_order(order_id: RowId, user: CurrentUser, db: DbSession) -> OrderRead:
    """Return one of the user's orders."""
    assert user.user_id is not None
    return orders.get_order(db, user_id=user.user_id, order_id=order_id)
