"""Versioned product indices behind one alias: naming, listing, swapping and pruning."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from elasticsearch import Elasticsearch, NotFoundError

from indexer.exceptions import NoPreviousVersion
from indexer.mapping import MAPPINGS


@dataclass(frozen=True)
class IndexVersion:
    """One physical products index."""

    name: str
    docs: int
    complete: bool
    live: bool


def new_index_name(alias: str, now: datetime | None = None) -> str:
    """Return a fresh, sortable index name for the alias (alias-vYYYYmmddHHMMSSffffff)."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d%H%M%S%f")
    return f"{alias}-v{stamp}"


def live_index(es: Elasticsearch, alias: str) -> str | None:
    """Return the index the alias points at, or None before the first build."""
    try:
        names = list(es.indices.get_alias(name=alias).body)
    except NotFoundError:
        return None
    return names[0] if names else None


def list_versions(es: Elasticsearch, alias: str) -> list[IndexVersion]:
    """Return every index of this alias, newest first."""
    live = live_index(es, alias)
    try:
        mappings = es.indices.get_mapping(index=f"{alias}-v*").body
    except NotFoundError:
        return []
    counts = _doc_counts(es, alias)
    versions = [
        IndexVersion(
            name=name,
            docs=counts.get(name, 0),
            complete=bool(body["mappings"].get("_meta", {}).get("aisle_complete")),
            live=name == live,
        )
        for name, body in mappings.items()
    ]
    return sorted(versions, key=lambda v: v.name, reverse=True)


def _doc_counts(es: Elasticsearch, alias: str) -> dict[str, int]:
    """Return the document count of each index of the alias."""
    rows: Any = es.cat.indices(index=f"{alias}-v*", format="json", h="index,docs.count").body
    return {row["index"]: int(row.get("docs.count") or 0) for row in rows}


def mark_complete(es: Elasticsearch, index: str) -> None:
    """Record in the index's mapping metadata that its build finished."""
    es.indices.put_mapping(index=index, meta={"aisle_complete": True})


def swap_alias(es: Elasticsearch, alias: str, index: str) -> str | None:
    """Point the alias at `index` in one atomic step; return the index it left."""
    previous = live_index(es, alias)
    actions: list[dict[str, Any]] = [{"add": {"index": index, "alias": alias}}]
    if previous and previous != index:
        actions.insert(0, {"remove": {"index": previous, "alias": alias}})
    es.indices.update_aliases(actions=actions)
    return previous


def rollback(es: Elasticsearch, alias: str, to: str | None = None) -> tuple[str, str]:
    """Point the alias at a kept complete version (default: the newest older than the live one).

    Returns the index it left and the one it now points at.
    """
    kept = list_versions(es, alias)
    live = next((v for v in kept if v.live), None)
    if live is None:
        raise NoPreviousVersion("the alias points at no index yet; build one first")
    if to is not None:
        target = next((v for v in kept if v.name == to), None)
        if target is None or not target.complete or target.live:
            choices = ", ".join(v.name for v in kept if v.complete and not v.live) or "none"
            raise NoPreviousVersion(
                f"{to} is not a kept, complete, non-live version; choose from: {choices}"
            )
    else:
        older = [v for v in kept if v.complete and v.name < live.name]
        if not older:
            raise NoPreviousVersion("no earlier complete index version is kept to roll back to")
        target = older[0]
    swap_alias(es, alias, target.name)
    return live.name, target.name


def prune(es: Elasticsearch, alias: str, keep: int, *, building: str | None = None) -> list[str]:
    """Delete incomplete leftovers and complete versions beyond the newest `keep`."""
    doomed: list[str] = []
    complete_seen = 0
    for version in list_versions(es, alias):
        if version.live or version.name == building:
            complete_seen += 1
            continue
        if not version.complete:
            doomed.append(version.name)
            continue
        complete_seen += 1
        if complete_seen > keep:
            doomed.append(version.name)
    for name in doomed:
        es.indices.delete(index=name, ignore_unavailable=True)
    return doomed


def ensure_fields(es: Elasticsearch, alias: str) -> None:
    """Add fields introduced since the live index was built (new fields only; no rebuild)."""
    if live_index(es, alias) is not None:
        es.indices.put_mapping(index=alias, properties=MAPPINGS["properties"])
