"""Catalog import against the real Postgres: upserts, bad rows, outbox entries, versions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from catalog.models import OutboxEntry, Product
from catalog.schemas import ProductIn, RowError
from catalog.service import delete_product, import_products, update_product


def product(sku: str, **changes: object) -> ProductIn:
    return ProductIn.model_validate(
        {
            "sku": sku,
            "title": f"Widget {sku}",
            "brand": "Acme",
            "price": "9.99",
            "stock": 3,
            **changes,
        }
    )


def outbox(session: Session) -> list[tuple[int, str, int]]:
    rows = session.execute(
        select(OutboxEntry.product_id, OutboxEntry.op, OutboxEntry.product_version).order_by(
            OutboxEntry.id
        )
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


def test_import_upserts_by_sku_and_reports_bad_rows(
    empty_catalog: Engine, session_factory: sessionmaker[Session]
) -> None:
    rows: list[ProductIn | RowError] = [
        product("A"),
        RowError(position="file.csv:line 3", reason="price: must be >= 0"),
        product("B"),
    ]
    first = import_products(rows, session_factory=session_factory)
    assert (first.inserted, first.updated, first.unchanged) == (2, 0, 0)
    assert [e.position for e in first.errors] == ["file.csv:line 3"]

    again = import_products(
        [product("A"), product("B", price="12.50")], session_factory=session_factory
    )
    assert (again.inserted, again.updated, again.unchanged) == (0, 1, 1)
    with session_factory() as session:
        b = session.scalars(select(Product).where(Product.sku == "B")).one()
        assert b.price == Decimal("12.50") and b.version == 2
        # One entry per real change: two inserts and one update, none for the unchanged row.
        assert [(op, v) for _, op, v in outbox(session)] == [
            ("upsert", 1),
            ("upsert", 1),
            ("upsert", 2),
        ]


def test_duplicate_skus_in_one_batch_keep_the_last(
    empty_catalog: Engine, session_factory: sessionmaker[Session]
) -> None:
    report = import_products(
        [product("A", title="old"), product("A", title="new")], session_factory=session_factory
    )
    assert report.inserted == 1 and len(report.errors) == 1
    assert "duplicate sku" in report.errors[0].reason
    with session_factory() as session:
        assert session.scalar(select(Product.title)) == "new"


def test_failed_batch_leaves_earlier_batches_and_no_half_product(
    empty_catalog: Engine, session_factory: sessionmaker[Session]
) -> None:
    good = [product(f"G{i}") for i in range(4)]

    def rows() -> object:
        yield from good
        raise OSError("source file vanished")

    with pytest.raises(OSError, match="vanished"):
        import_products(rows(), session_factory=session_factory, batch_size=2)  # type: ignore[arg-type]
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Product)) == 4


def test_edits_and_deletes_are_versioned_into_the_outbox(
    empty_catalog: Engine, session_factory: sessionmaker[Session]
) -> None:
    import_products([product("A")], session_factory=session_factory)
    with session_factory.begin() as session:
        pid = session.scalar(select(Product.id))
        assert pid is not None
        updated = update_product(session, pid, {"stock": 0})
        assert updated.version == 2 and updated.in_stock is False
    with session_factory.begin() as session:
        delete_product(session, pid)
    with session_factory() as session:
        assert [(op, v) for _, op, v in outbox(session)] == [
            ("upsert", 1),
            ("upsert", 2),
            ("delete", 3),
        ]


def test_a_rolled_back_change_leaves_no_outbox_entry(
    empty_catalog: Engine, session_factory: sessionmaker[Session]
) -> None:
    import_products([product("A")], session_factory=session_factory)
    session = session_factory()
    pid = session.scalar(select(Product.id))
    assert pid is not None
    update_product(session, pid, {"title": "never committed"})
    session.rollback()
    session.close()
    with session_factory() as check:
        assert len(outbox(check)) == 1
