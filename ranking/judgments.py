"""Explicit relevance judgments: `query,docid,rating` CSV files (docid is the product sku)."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from core.errors import InvalidInputError

REQUIRED_COLUMNS = {"query", "docid", "rating"}

Judgments = dict[str, dict[str, int]]


def load_judgments(path: Path) -> Judgments:
    """Read a judgments CSV into {query: {sku: rating}}, refusing malformed rows by line."""
    judgments: Judgments = defaultdict(dict)
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = REQUIRED_COLUMNS - set(reader.fieldnames or [])
        if missing:
            raise InvalidInputError(f"{path} lacks column(s) {', '.join(sorted(missing))}")
        for line, row in enumerate(reader, start=2):
            query, docid = (row["query"] or "").strip(), (row["docid"] or "").strip()
            try:
                rating = int(row["rating"])
            except (TypeError, ValueError) as exc:
                raise InvalidInputError(
                    f"{path}:{line}: rating {row['rating']!r} is not an integer"
                ) from exc
            if not query or not docid or not 0 <= rating <= 3:
                raise InvalidInputError(f"{path}:{line}: need a query, a docid and a rating 0-3")
            judgments[query][docid] = rating
    return dict(judgments)
