"""A small hand-made catalog whose right answers are known, indexed for real."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from elasticsearch import Elasticsearch
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from catalog.schemas import ProductIn
from catalog.service import import_products
from core.settings import Settings
from indexer.rebuild import rebuild
from search_service.app import create_app
from tests.fixtures.services import reset_catalog

PRODUCTS = [
    ("L1", "Lenovo ThinkPad E14 laptop 14 inch", "Lenovo", "Laptops", "899.00", 4.6, 3),
    ("L2", "HP ProBook 450 laptop 15.6 inch", "HP", "Laptops", "749.00", 4.2, 0),
    ("L3", "Dell Latitude 5420 laptop", "Dell", "Laptops", "1099.00", 3.9, 8),
    ("L4", "Acme laptop sleeve 14 inch", "Acme", "Bags", "19.99", 4.8, 40),
    ("P1", "Acme phone case black", "Acme", "Cases", "9.99", 4.1, 12),
    ("P2", "Acme cash box with lock", "Acme", "Office", "24.50", 3.2, 5),
    ("H1", "Sony WH-1000XM4 wireless headphones", "Sony", "Headphones", "279.00", 4.7, 6),
    ("H2", "Sony MDR-ZX110 headphones", "Sony", "Headphones", "19.00", 3.8, 0),
    ("H3", "JBL Tune 510BT headphones", "JBL", "Headphones", "39.00", 4.3, 14),
    ("C1", "Café <b>Crème</b> espresso machine", "DeLonghi", "Coffee machines", "189.00", 4.0, 2),
    ("B1", "Duracell AA batteries 8 pack", "Duracell", "Batteries", "7.49", 4.9, 100),
    ("B2", "Energizer AAA battery 4 pack", "Energizer", "Batteries", "5.99", 4.4, 80),
]


def catalog_rows() -> list[ProductIn]:
    """Return the fixture products."""
    return [
        ProductIn(
            sku=sku,
            title=title,
            description=f"{title}. A {ptype.lower()} product by {brand}.",
            brand=brand,
            product_type=ptype,
            price=price,  # type: ignore[arg-type]
            rating=rating,
            review_count=int(rating * 10),
            stock=stock,
            release_date=f"2021-0{1 + n % 9}-01",  # type: ignore[arg-type]
        )
        for n, (sku, title, brand, ptype, price, rating, stock) in enumerate(PRODUCTS)
    ]


@pytest.fixture(scope="module")
def known_catalog(
    engine: Engine, session_factory: sessionmaker[Session], es: Elasticsearch, settings: Settings
) -> int:
    """Index the hand-made catalog."""
    reset_catalog(engine)
    import_products(catalog_rows(), session_factory=session_factory)
    rebuild(engine=engine, es=es, alias=settings.products_alias, keep=2)
    return len(PRODUCTS)


@pytest.fixture(scope="module")
def client(known_catalog: int, settings: Settings) -> Iterator[TestClient]:
    """Return a client of the real app wired to the real services."""
    with TestClient(create_app(settings)) as test_client:
        yield test_client
