"""Import a catalog file, filling missing brands and types from what the catalog teaches.

Learning needs the whole catalog, so a file is read twice: once for its titles (with those
already stored, so a few new products on a later import learn from the whole catalog), then
again to upsert, each row given the learned brand and type it lacks. A catalog whose rows all
carry both (Icecat) is read once and learns nothing.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from catalog.importers import iter_products
from catalog.learning.vocabulary import Vocabulary, learn
from catalog.models import Product
from catalog.schemas import ProductIn
from catalog.service import ImportReport, Progress, import_products


def import_catalog(
    path: Path,
    *,
    session_factory: sessionmaker[Session],
    batch_size: int = 1000,
    on_batch: Progress | None = None,
) -> ImportReport:
    """Upsert the products of a catalog file, learned brands and types filling the gaps."""
    vocabulary = learn_catalog(path, session_factory=session_factory)
    rows = iter_products(path)
    if vocabulary is not None:
        rows = (vocabulary.fill(row) if isinstance(row, ProductIn) else row for row in rows)
    return import_products(
        rows, session_factory=session_factory, batch_size=batch_size, on_batch=on_batch
    )


def learn_catalog(path: Path, *, session_factory: sessionmaker[Session]) -> Vocabulary | None:
    """Learn from the stored titles and the file's; None when no row lacks a brand or type."""
    titled: dict[str, tuple[str, str | None]] = {}
    lacking = False
    for row in iter_products(path):
        if isinstance(row, ProductIn):
            titled[row.sku] = (row.title, row.brand)
            lacking = lacking or row.brand is None or row.product_type is None
    if not lacking:
        return None
    with session_factory() as session:
        # Stored brands may be learned ones: only the file's own count as given.
        for sku, title in session.execute(select(Product.sku, Product.title)):
            titled.setdefault(sku, (title, None))
    return learn(titled.values())
