"""Catalog writes and reads: batched upserts by sku, product lookups and edits."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Boolean, func, literal_column, select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from catalog.models import Product
from catalog.schemas import ProductIn, RowError
from core.errors import InvalidInputError, NotFoundError
from core.links import web_address_or_none

# Columns an import may change; everything else is bookkeeping the database maintains.
CONTENT_COLUMNS = tuple(ProductIn.model_fields)


@dataclass
class ImportReport:
    """What an import did: rows written, left unchanged, and skipped with reasons."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def written(self) -> int:
        """Return how many rows reached the database."""
        return self.inserted + self.updated + self.unchanged


Progress = Callable[[ImportReport], None]


def import_products(
    rows: Iterable[ProductIn | RowError],
    *,
    session_factory: sessionmaker[Session],
    batch_size: int = 1000,
    on_batch: Progress | None = None,
) -> ImportReport:
    """Upsert products by sku in batches, each batch one transaction; report bad rows.

    A failure part-way leaves every earlier batch committed and the failing batch rolled
    back whole, so no product is ever half-written; re-running the import is idempotent.
    """
    report = ImportReport()
    positions: dict[str, str] = {}
    for chunk in _chunks(rows, batch_size):
        batch = _dedupe(chunk, report, positions)
        if batch:
            with session_factory.begin() as session:
                inserted, changed = _upsert(session, batch)
            report.inserted += inserted
            report.updated += changed - inserted
            report.unchanged += len(batch) - changed
        if on_batch is not None:
            on_batch(report)
    return report


def _chunks(
    rows: Iterable[ProductIn | RowError], size: int
) -> Iterator[list[tuple[int, ProductIn | RowError]]]:
    """Split rows into lists of (ordinal, row) of at most `size`."""
    numbered = enumerate(rows, start=1)
    while chunk := list(islice(numbered, size)):
        yield chunk


def _dedupe(
    chunk: list[tuple[int, ProductIn | RowError]],
    report: ImportReport,
    positions: dict[str, str],
) -> list[ProductIn]:
    """Collect errors and keep the last row of each sku (Postgres cannot upsert one twice)."""
    latest: dict[str, ProductIn] = {}
    for ordinal, row in chunk:
        if isinstance(row, RowError):
            report.errors.append(row)
            continue
        if row.sku in latest:
            report.errors.append(
                RowError(
                    position=positions[row.sku],
                    reason=f"duplicate sku {row.sku!r}: superseded by row {ordinal}",
                )
            )
        latest[row.sku] = row
        positions[row.sku] = f"row {ordinal}"
    return list(latest.values())


def _upsert(session: Session, batch: list[ProductIn]) -> tuple[int, int]:
    """Insert or update one batch; return (inserted, inserted + changed)."""
    values = [product.model_dump() for product in batch]
    base = insert(Product).values(values)
    table = Product.__table__
    stmt = base.on_conflict_do_update(
        index_elements=[table.c.sku],
        set_={name: base.excluded[name] for name in CONTENT_COLUMNS if name != "sku"},
        # Skip untouched rows: no version bump, no outbox entry, no reindex.
        where=tuple_(*(table.c[n] for n in CONTENT_COLUMNS)).is_distinct_from(
            tuple_(*(base.excluded[n] for n in CONTENT_COLUMNS))
        ),
    )
    # xmax is 0 on a freshly inserted row version and set on an updated one.
    returning = stmt.returning(Product.id, literal_column("xmax = 0", Boolean).label("inserted"))
    results = session.execute(returning).all()
    return sum(1 for row in results if row.inserted), len(results)


def get_product(session: Session, product_id: int) -> Product:
    """Return one product or raise NotFoundError."""
    product = session.get(Product, product_id)
    if product is None:
        raise NotFoundError(f"product {product_id} does not exist", loc=("path", "product_id"))
    return product


def get_products(session: Session, product_ids: Iterable[int]) -> list[Product]:
    """Return the products with these ids (missing ids are simply absent)."""
    ids = list(product_ids)
    if not ids:
        return []
    return list(session.scalars(select(Product).where(Product.id.in_(ids))))


def update_product(session: Session, product_id: int, changes: dict[str, Any]) -> Product:
    """Apply validated field changes to one product; the triggers version and outbox it."""
    product = get_product(session, product_id)
    if "product_type" in changes:  # a type someone set is no longer a learned one
        changes = {**changes, "type_learned": False}
    current = {n: getattr(product, n) for n in CONTENT_COLUMNS}
    # An image stored before images had to be http(s) was never shown; an edit drops it.
    current["image_url"] = web_address_or_none(current["image_url"])
    try:
        merged = ProductIn.model_validate({**current, **changes})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InvalidInputError(f"{first['msg']}", loc=("body", *first["loc"])) from exc
    for name in CONTENT_COLUMNS:
        setattr(product, name, getattr(merged, name))
    session.flush()
    session.refresh(product)
    return product


def delete_product(session: Session, product_id: int) -> None:
    """Delete one product; the outbox trigger schedules its removal from the index."""
    session.delete(get_product(session, product_id))
    session.flush()


def count_products(session: Session, *, active_only: bool = True) -> int:
    """Return how many products the catalog holds."""
    stmt = select(func.count()).select_from(Product)
    if active_only:
        stmt = stmt.where(Product.active.is_(True))
    return int(session.scalar(stmt) or 0)
