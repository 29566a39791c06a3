"""A catalog of only sku and title imports with learned brands and types, and in stock."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from catalog.imports import import_catalog
from catalog.models import Product

MAKERS = ["ZORBAX", "Quill Works", "Vexa"]
KINDS = ["Garden Hose", "Bathroom Vanity", "Deck Coating"]
COLOURS = ["White", "Black", "Red", "Blue"]


def write_csv(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def titles() -> list[str]:
    return [
        f"{MAKERS[i % 3]} {10 + i % 5} in. Model{i} {KINDS[i % 3]} in {COLOURS[i % 4]}"
        for i in range(60)
    ]


def stored(session_factory: sessionmaker[Session]) -> dict[str, Product]:
    with session_factory() as session:
        return {p.sku: p for p in session.scalars(select(Product))}


def test_sku_title_catalog_gets_brands_types_and_is_in_stock(
    empty_catalog: Engine, session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    rows = [f'S{i},"{title}"' for i, title in enumerate(titles())]
    report = import_catalog(
        write_csv(tmp_path / "p.csv", "sku,title", rows), session_factory=session_factory
    )
    assert (report.inserted, report.errors) == (60, [])
    products = stored(session_factory)
    assert (products["S0"].brand, products["S0"].product_type) == ("ZORBAX", "Garden Hose")
    assert (products["S4"].brand, products["S4"].product_type) == ("Quill Works", "Bathroom Vanity")
    # No stock column: stock is not tracked, so nothing claims to be sold out.
    assert all(p.stock is None and p.in_stock for p in products.values())

    # A later import of one new product learns from the stored catalog too.
    new = write_csv(tmp_path / "new.csv", "sku,title", ["N1,Vexa 8 in. Deck Coating in Red"])
    assert import_catalog(new, session_factory=session_factory).inserted == 1
    assert (stored(session_factory)["N1"].brand, stored(session_factory)["N1"].product_type) == (
        "Vexa",
        "Deck Coating",
    )
    # Re-importing the same file changes nothing: learning is deterministic.
    again = import_catalog(tmp_path / "p.csv", session_factory=session_factory)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 60)


def test_explicit_brand_type_and_stock_columns_win(
    empty_catalog: Engine, session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    rows = [f'S{i},"{title}",,,' for i, title in enumerate(titles())]
    rows[0] = 'S0,"ZORBAX 10 in. Model0 Garden Hose in White",Zorbax Inc,Hoses,0'
    rows[1] = 'S1,"Quill Works 11 in. Model1 Bathroom Vanity in Black",,,5'
    path = write_csv(tmp_path / "p.csv", "sku,title,brand,product_type,stock", rows)
    import_catalog(path, session_factory=session_factory)
    products = stored(session_factory)
    assert (products["S0"].brand, products["S0"].product_type) == ("Zorbax Inc", "Hoses")
    assert (products["S0"].stock, products["S0"].in_stock) == (0, False)
    assert (products["S1"].brand, products["S1"].product_type) == ("Quill Works", "Bathroom Vanity")
    assert (products["S1"].stock, products["S1"].in_stock) == (5, True)
