"""Checkout: turn a cart into an order, taking the stock in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from behaviour.purchases import PurchasedLine, record_purchases
from catalog.models import Product
from catalog.schemas import OrderLine, OrderRead, OrderRequest
from core.errors import ConflictError, InvalidInputError, NotFoundError
from shop.cart import line_problem
from shop.cart_models import CartItem
from shop.order_models import Order, OrderItem


def place_order(db: Session, *, user_id: int, reviewed: OrderRequest | None = None) -> OrderRead:
    """Buy everything in the user's cart, or nothing: short stock refuses the whole order.

    The products are locked (in id order, so two checkouts cannot deadlock) until the stock is
    taken and the order written; each line is also recorded as a purchase event credited to
    the search behind it. A failure anywhere rolls all of it back, cart and events included.
    With `reviewed`, a cart or price that changed since the shopper's review refuses it too:
    what is charged is exactly what was shown.
    """
    lines = db.execute(
        select(CartItem, Product)
        .join(Product, Product.id == CartItem.product_id)
        .where(CartItem.user_id == user_id)
        .order_by(Product.id)
        .with_for_update(of=Product)
    ).all()
    if not lines:
        raise InvalidInputError("Your cart is empty.", loc=("body",))
    problems = [text for item, p in lines if (text := line_problem(p, item.quantity))]
    if problems:
        raise ConflictError(" ".join([*problems, "Nothing was ordered; your cart is unchanged."]))
    currency = lines[0][1].currency
    if any(p.currency != currency for _, p in lines):
        raise ConflictError("Your cart mixes currencies; order them separately.")
    items = [
        OrderItem(
            product_id=p.id,
            title=p.title,
            price=p.price,
            quantity=item.quantity,
            line_total=(p.price or Decimal(0)) * item.quantity,
        )
        for item, p in lines
    ]
    total = sum((i.line_total for i in items), Decimal(0))
    if reviewed is not None:
        _check_reviewed(reviewed, {i.product_id: i.quantity for i in items}, total)
    order = Order(user_id=user_id, total=total, currency=currency)
    db.add(order)
    db.flush()
    for order_item in items:
        order_item.order_id = order.id
    db.add_all(items)
    for item, product in lines:
        if product.stock is None:
            continue  # stock not tracked: nothing to take
        db.execute(
            update(Product)
            .where(Product.id == product.id)
            .values(stock=Product.stock - item.quantity)
        )
    db.execute(delete(CartItem).where(CartItem.user_id == user_id))
    record_purchases(
        db,
        user_id=user_id,
        order_id=order.id,
        lines=[PurchasedLine(i.product_id, i.quantity, i.price) for i in items],
    )
    db.commit()
    return _read(order, items)


def _check_reviewed(reviewed: OrderRequest, cart: dict[int, int], total: Decimal) -> None:
    """Refuse the order when the cart or its total is not what the shopper reviewed."""
    lines = reviewed.lines
    if lines is not None and {line.product_id: line.quantity for line in lines} != cart:
        raise ConflictError(
            "Your cart changed since you reviewed it. Nothing was ordered; review it again.",
            loc=("body", "lines"),
        )
    if reviewed.total is not None and reviewed.total != total:
        raise ConflictError(
            "A price changed since you reviewed your order. Nothing was ordered; review it again.",
            loc=("body", "total"),
        )


def list_orders(db: Session, *, user_id: int, limit: int = 50) -> list[OrderRead]:
    """Return the user's orders, newest first."""
    orders = db.scalars(
        select(Order).where(Order.user_id == user_id).order_by(Order.id.desc()).limit(limit)
    ).all()
    items = _items_of(db, [order.id for order in orders])
    return [_read(order, items.get(order.id, [])) for order in orders]


def get_order(db: Session, *, user_id: int, order_id: int) -> OrderRead:
    """Return one of the user's orders (another user's is as good as missing)."""
    order = db.get(Order, order_id)
    if order is None or order.user_id != user_id:
        raise NotFoundError(f"you have no order {order_id}", loc=("path", "order_id"))
    return _read(order, _items_of(db, [order.id]).get(order.id, []))


def _items_of(db: Session, order_ids: Sequence[int]) -> dict[int, list[OrderItem]]:
    """Return the lines of some orders, by order."""
    found: dict[int, list[OrderItem]] = {}
    if order_ids:
        for item in db.scalars(
            select(OrderItem).where(OrderItem.order_id.in_(order_ids)).order_by(OrderItem.id)
        ):
            found.setdefault(item.order_id, []).append(item)
    return found


def _read(order: Order, items: Sequence[OrderItem]) -> OrderRead:
    """Shape an order for the API."""
    return OrderRead(
        id=order.id,
        status=order.status,
        created_at=order.created_at,
        total=order.total,
        currency=order.currency,
        items=[
            OrderLine(
                product_id=i.product_id,
                title=i.title,
                price=i.price,
                quantity=i.quantity,
                line_total=i.line_total,
            )
            for i in items
        ],
    )
