"""Turn validation errors into short reasons that name the field."""

from __future__ import annotations

from pydantic import ValidationError


def describe(error: ValidationError) -> str:
    """Return "field: problem; field: problem" for a pydantic validation error."""
    parts = []
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"]) or "row"
        parts.append(f"{field}: {item['msg'].removeprefix('Value error, ').lower()}")
    return "; ".join(parts)
