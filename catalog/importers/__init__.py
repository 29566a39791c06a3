"""Catalog importers: pick a reader by the source's shape."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from catalog.exceptions import UnsupportedCatalogFormat
from catalog.importers.icecat import iter_icecat
from catalog.importers.tabular import iter_csv, iter_jsonl
from catalog.schemas import ProductIn, RowError


def iter_products(path: Path) -> Iterator[ProductIn | RowError]:
    """Yield products from an Icecat directory/zip/JSON array, a CSV or a JSON Lines file."""
    name = path.name.lower()
    if path.is_dir() or name.endswith((".zip", ".json")):
        return iter_icecat(path)
    if name.endswith(".csv"):
        return iter_csv(path)
    if name.endswith((".jsonl", ".ndjson")):
        return iter_jsonl(path)
    raise UnsupportedCatalogFormat(
        f"cannot import {path}: expected an Icecat folder, .zip or .json, or a .csv or .jsonl file"
    )
