"""Read products from CSV or JSON Lines files in Aisle's documented format (FORMAT.md)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from catalog.importers.errors import describe
from catalog.schemas import ProductIn, RowError

ATTRIBUTE_COLUMN_PREFIX = "attr_"


def iter_csv(path: Path) -> Iterator[ProductIn | RowError]:
    """Yield products from a CSV file with a header row."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            position = f"{path.name}:line {reader.line_num}"
            yield _validate(_from_csv(row), position)


def _from_csv(row: dict[str, Any]) -> dict[str, Any]:
    """Shape one CSV row: attr_* columns and a JSON `attributes` column become attributes."""
    record: dict[str, Any] = {}
    attributes: dict[str, Any] = {}
    for key, value in row.items():
        if key is None:
            record["__extra__"] = value  # more cells than headers: let validation name it
            continue
        value = (value or "").strip()
        if key.startswith(ATTRIBUTE_COLUMN_PREFIX):
            if value:
                attributes[key[len(ATTRIBUTE_COLUMN_PREFIX) :]] = value
        elif key == "attributes" and value:
            attributes.update(_json_object(value))
        elif value:  # an empty cell means "not given": the default, or "required" if none
            record[key] = value
    record["attributes"] = attributes
    return record


def _json_object(text: str) -> dict[str, Any]:
    """Parse the attributes column; a malformed one is reported as that field's problem."""
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError:
        return {"__invalid__": text}
    return parsed if isinstance(parsed, dict) else {"__invalid__": text}


def iter_jsonl(path: Path) -> Iterator[ProductIn | RowError]:
    """Yield products from a JSON Lines file (one object per line; blank lines skipped)."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            position = f"{path.name}:line {number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield RowError(position=position, reason=f"not valid JSON: {exc.msg}")
                continue
            if not isinstance(record, dict):
                yield RowError(position=position, reason="not a JSON object")
                continue
            yield _validate(record, position)


def _validate(record: dict[str, Any], position: str) -> ProductIn | RowError:
    """Validate a record into a product or a RowError naming the field and problem."""
    attributes = record.get("attributes")
    if isinstance(attributes, dict) and "__invalid__" in attributes:
        return RowError(position=position, reason="attributes: not a JSON object")
    try:
        return ProductIn.model_validate(record)
    except ValidationError as exc:
        return RowError(position=position, reason=describe(exc))
