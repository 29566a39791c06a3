"""Read the Icecat catalog: JSON arrays of products, inside zips or plain.

Price is in cents; there is no category, rating, review count or stock: the type is derived
from the title (catalog.product_types) and the shop fields from the sku (synthetic_fields).
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from catalog.exceptions import UnsupportedCatalogFormat
from catalog.importers import synthetic_fields
from catalog.importers.errors import describe
from catalog.product_types import derive_type
from catalog.schemas import JsonScalar, ProductIn, RowError

ATTRIBUTE_PREFIXES = ("attr_t_", "attr_n_", "attr_b_")
IMAGE_FIELDS = ("img_500x500", "img_high", "img_low", "img_thumb")


def iter_icecat(path: Path) -> Iterator[ProductIn | RowError]:
    """Yield products from a directory of Icecat zips, one zip, or one JSON array file."""
    files = (
        sorted(path.glob("*.json.zip")) + sorted(path.glob("*.json")) if path.is_dir() else [path]
    )
    for file in files:
        for label, records in _arrays(file):
            for position, record in enumerate(records):
                yield parse_record(record, f"{label}[{position}]")


def _arrays(file: Path) -> Iterator[tuple[str, list[Any]]]:
    """Yield (label, JSON array) for each array in a zip or JSON file."""
    if file.suffix == ".zip":
        with zipfile.ZipFile(file) as archive:
            for member in archive.namelist():
                if member.endswith(".json"):
                    yield _label(file.name, member), _load_array(archive.read(member), file.name)
        return
    yield file.name, _load_array(file.read_bytes(), file.name)


def _label(archive: str, member: str) -> str:
    """Name a zip member for error positions (just the zip when it holds one file)."""
    return archive if archive.startswith(member) else f"{archive}:{member}"


def _load_array(data: bytes, name: str) -> list[Any]:
    """Parse a JSON array, refusing anything else."""
    try:
        parsed = json.loads(data)
    except json.JSONDecodeError as exc:
        raise UnsupportedCatalogFormat(f"{name} is not valid JSON: {exc}") from exc
    if not isinstance(parsed, list):
        raise UnsupportedCatalogFormat(f"{name} does not hold a JSON array of products")
    return parsed


def parse_record(record: Any, position: str) -> ProductIn | RowError:
    """Map one Icecat object to a product, or explain why it cannot be one."""
    if not isinstance(record, dict):
        return RowError(position=position, reason="not a JSON object")
    sku = str(record.get("id") or "").strip()
    title = str(record.get("title") or "").strip()
    if not sku or not title:
        return RowError(position=position, reason="id and title are required")
    try:
        brand = _text(record.get("supplier"))
        return ProductIn(
            sku=sku,
            title=title,
            description=_text(record.get("short_description")),
            brand=brand,
            product_type=derive_type(title, brand, _text(record.get("attr_t_product_type"))),
            price=_price(record.get("price")),
            currency="EUR",
            rating=synthetic_fields.rating(sku),
            review_count=synthetic_fields.review_count(sku),
            stock=synthetic_fields.stock(sku),
            attributes=_attributes(record),
            image_url=next((record[f] for f in IMAGE_FIELDS if record.get(f)), None),
            release_date=_date(record.get("date_released")),
        )
    except ValidationError as exc:
        return RowError(position=position, reason=describe(exc))
    except (ValueError, TypeError, ArithmeticError) as exc:
        return RowError(position=position, reason=str(exc))


def _text(value: Any) -> str | None:
    """Return stripped text or None for empty values."""
    text = str(value).strip() if value is not None else ""
    return text or None


def _price(cents: Any) -> Decimal | None:
    """Convert integer cents to euros."""
    if cents is None or cents == "":
        return None
    if isinstance(cents, bool) or not isinstance(cents, int | float | str):
        raise ValueError(f"price {cents!r} is not a number of cents")
    return (Decimal(str(cents)) / 100).quantize(Decimal("0.01"))


def _date(value: Any) -> date | None:
    """Parse Icecat's ISO timestamps ("2009-12-10T00:00:00Z") to a date."""
    if not value:
        return None
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")).date()


def _attributes(record: dict[str, Any]) -> dict[str, JsonScalar]:
    """Collect the sparse attr_* specs (prefix stripped), plus model name and EANs."""
    attributes: dict[str, JsonScalar] = {}
    for key, value in record.items():
        scalar = isinstance(value, str | int | float | bool) and value != ""
        if key.startswith(ATTRIBUTE_PREFIXES) and scalar:
            attributes[key[len("attr_t_") :]] = value
    if record.get("name"):
        attributes["model"] = str(record["name"])
    eans = record.get("ean")
    if isinstance(eans, list) and eans:
        attributes["ean"] = ",".join(str(e) for e in eans)
    return attributes
