"""Cart logic: lines per owner (a user, or an anonymous browser), and merging on sign-in."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import ColumnElement, delete, func, literal, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, aliased

from catalog.models import Product
from catalog.schemas import CartLine, CartRead, available
from catalog.stock import max_quantity, shortage, stock_label
from core.errors import ConflictError, InvalidInputError, NotFoundError
from core.links import web_address_or_none
from shop.cart_models import MAX_QUANTITY, CartItem


def _owned_by(user_id: int | None, anonymous_id: str) -> ColumnElement[bool]:
    """Return the filter selecting one owner's lines."""
    if user_id is not None:
        return CartItem.user_id == user_id
    return CartItem.anonymous_id == anonymous_id


def read_cart(db: Session, *, user_id: int | None, anonymous_id: str) -> CartRead:
    """Return an owner's cart with current prices and totals."""
    rows = db.execute(
        select(CartItem, Product)
        .join(Product, Product.id == CartItem.product_id)
        .where(_owned_by(user_id, anonymous_id))
        .order_by(CartItem.added_at, CartItem.id)
    ).all()
    lines = [
        CartLine(
            product_id=product.id,
            title=product.title,
            brand=product.brand,
            image_url=web_address_or_none(product.image_url),
            price=product.price,
            currency=product.currency,
            quantity=item.quantity,
            line_total=(product.price or Decimal(0)) * item.quantity,
            in_stock=available(product.stock, item.quantity),
            stock_label=stock_label(product.stock),
            max_quantity=max_quantity(product.stock),
            problem=line_problem(product, item.quantity),
        )
        for item, product in rows
    ]
    return CartRead(
        items=lines,
        item_count=sum(line.quantity for line in lines),
        total=sum((line.line_total for line in lines), Decimal(0)),
        currency=lines[0].currency if lines else "EUR",
        checkout_blocked=_blocked(lines),
    )


def line_problem(product: Product, quantity: int) -> str | None:
    """Say, as a sentence, why this line cannot be ordered as it is; None when it can."""
    if not product.active or product.price is None:
        return f"{product.title} is not for sale right now."
    return shortage(product.title, product.stock, quantity)


def _blocked(lines: list[CartLine]) -> str | None:
    """Say why the cart cannot be checked out, or None when it can."""
    troubled = [line for line in lines if line.problem]
    if not troubled:
        return None
    if len(troubled) == 1:
        return f"Change or remove one item before checking out: {troubled[0].problem}"
    return f"Change or remove {len(troubled)} items before checking out; each says why."


def set_quantity(
    db: Session, *, user_id: int | None, anonymous_id: str, product_id: int, quantity: int
) -> None:
    """Put `quantity` of a product in the cart (0 removes it)."""
    if not 0 <= quantity <= MAX_QUANTITY:
        raise InvalidInputError(
            f"quantity must be between 0 and {MAX_QUANTITY}", loc=("body", "quantity")
        )
    product = db.get(Product, product_id)
    if product is None or not product.active:
        raise NotFoundError(f"product {product_id} does not exist", loc=("path", "product_id"))
    if quantity == 0:
        remove_item(db, user_id=user_id, anonymous_id=anonymous_id, product_id=product_id)
        return
    # Refused here, not only at checkout, so the cart never promises what cannot be sold.
    refusal = shortage(product.title, product.stock, quantity)
    if refusal:
        raise ConflictError(refusal, loc=("body", "quantity"))
    owner = (
        (CartItem.user_id, user_id)
        if user_id is not None
        else (CartItem.anonymous_id, anonymous_id)
    )
    column, value = owner
    statement = insert(CartItem).values(
        {column.key: value, "product_id": product_id, "quantity": quantity}
    )
    db.execute(
        statement.on_conflict_do_update(
            index_elements=[column, CartItem.product_id],
            index_where=column.is_not(None),
            set_={"quantity": statement.excluded.quantity, "updated_at": func.now()},
        )
    )
    db.commit()


def remove_item(db: Session, *, user_id: int | None, anonymous_id: str, product_id: int) -> None:
    """Take a product out of the cart (absent is fine: the outcome is the same)."""
    db.execute(
        delete(CartItem).where(_owned_by(user_id, anonymous_id), CartItem.product_id == product_id)
    )
    db.commit()


def clear_cart(db: Session, *, user_id: int | None, anonymous_id: str) -> None:
    """Empty the cart."""
    db.execute(delete(CartItem).where(_owned_by(user_id, anonymous_id)))
    db.commit()


def merge_anonymous_cart(db: Session, *, anonymous_id: str, user_id: int) -> None:
    """Move an anonymous cart into a user's, adding quantities for shared products.

    The sum is capped at the cart's limit and at the stock, but never below the larger of
    the two lines: a quantity the shopper already chose is not taken away here (if stock
    fell below it since, the line says so and blocks checkout, as any line over stock does).
    """
    theirs, mine = aliased(CartItem), aliased(CartItem)
    held = func.coalesce(mine.quantity, 0)
    summed = func.least(
        held + theirs.quantity, MAX_QUANTITY, func.coalesce(Product.stock, MAX_QUANTITY)
    )
    merged_lines = (
        select(
            literal(user_id),
            theirs.product_id,
            func.greatest(summed, held, theirs.quantity),
            theirs.added_at,
        )
        .join(Product, Product.id == theirs.product_id)
        .outerjoin(mine, (mine.user_id == user_id) & (mine.product_id == theirs.product_id))
        .where(theirs.anonymous_id == anonymous_id)
    )
    statement = insert(CartItem).from_select(
        ["user_id", "product_id", "quantity", "added_at"], merged_lines
    )
    db.execute(
        statement.on_conflict_do_update(
            index_elements=[CartItem.user_id, CartItem.product_id],
            index_where=CartItem.user_id.is_not(None),
            set_={"quantity": statement.excluded.quantity, "updated_at": func.now()},
        )
    )
    db.execute(delete(CartItem).where(CartItem.anonymous_id == anonymous_id))
    db.commit()
