"""The stock-Elasticsearch baseline: the live catalog in a plain index, searched by multi_match.

What a store gets from Elasticsearch out of the box, to measure Aisle against: the standard
analyzer on title and description, and one `multi_match` (best_fields, title^2 + description,
optionally `fuzziness: AUTO`) per query. Deliberately untuned: do not add boosts, analyzers or
filters here, or the baseline stops being the real alternative.

The plain index is copied (scroll + bulk: the minimal distribution has no `_reindex`) from
the live index's active products and
named after it, outside the `{alias}-v*` pattern the indexer's versions own. Its `_meta`
holds the live version it was built from (`index@last synced outbox id`); a rebuild or a
synced change makes it stale, and the next `ensure_plain_index` replaces it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from elasticsearch import Elasticsearch
from elasticsearch.helpers import bulk, scan

from core.errors import NotFoundError

PLAIN_MAPPINGS: dict[str, Any] = {
    "dynamic": False,
    "properties": {
        "sku": {"type": "keyword"},
        "title": {"type": "text", "analyzer": "standard"},
        "description": {"type": "text", "analyzer": "standard"},
    },
}
# The fields and weights a store would start with: the title counts twice.
PLAIN_FIELDS = ("title^2", "description")
# Copying 55k products takes seconds; leave room for a busy node.
COPY_TIMEOUT_S = 120
COPY_CHUNK = 2000


class NoLiveIndex(NotFoundError):
    """There is no live products index to copy for the baseline."""


def plain_index_name(alias: str, live: str) -> str:
    """Return the plain index's name for a live index (alias-plain-vYYYY...)."""
    return f"{alias}-plain-{live.removeprefix(alias + '-')}"


def plain_body(q: str, size: int, *, fuzzy: bool) -> dict[str, Any]:
    """Return the stock multi_match request for a query."""
    match: dict[str, Any] = {"query": q, "type": "best_fields", "fields": list(PLAIN_FIELDS)}
    if fuzzy:
        match["fuzziness"] = "AUTO"
    return {"query": {"multi_match": match}, "size": size, "_source": ["sku"]}


def ensure_plain_index(es: Elasticsearch, alias: str, version: str) -> str:
    """Return the plain copy of the live index at `version`, building it if missing or stale."""
    live = version.split("@", 1)[0]
    if not es.indices.exists(index=live):
        raise NoLiveIndex(f"no live index {live!r} behind {alias}: build the index first")
    name = plain_index_name(alias, live)
    if es.indices.exists(index=name):
        meta = es.indices.get_mapping(index=name).body[name]["mappings"].get("_meta", {})
        if meta.get("version") == version:
            return name
    drop_plain_indices(es, alias)
    es.indices.create(
        index=name,
        settings={"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "-1"},
        mappings={**PLAIN_MAPPINGS, "_meta": {"version": None}},
    )
    _copy(es.options(request_timeout=COPY_TIMEOUT_S), live, name)
    es.indices.put_settings(index=name, settings={"refresh_interval": "1s"})
    es.indices.refresh(index=name)
    # Marked current only once complete: an interrupted copy is rebuilt next time.
    es.indices.put_mapping(index=name, meta={"version": version})
    return name


def _copy(es: Elasticsearch, live: str, name: str) -> None:
    """Copy the live index's active products' sku, title and description into `name`."""
    found = scan(
        es,
        index=live,
        query={"query": {"term": {"active": True}}, "_source": ["sku", "title", "description"]},
        size=COPY_CHUNK,
    )
    actions = ({"_index": name, "_id": hit["_id"], "_source": hit["_source"]} for hit in found)
    bulk(es, actions, chunk_size=COPY_CHUNK)


def drop_plain_indices(es: Elasticsearch, alias: str) -> list[str]:
    """Delete every plain index of this alias; return their names."""
    names = list(es.indices.get(index=f"{alias}-plain-*", expand_wildcards="all").body)
    if names:
        es.indices.delete(index=",".join(names))
    return names


def plain_searcher(
    es: Elasticsearch, index: str, *, fuzzy: bool
) -> Callable[[str, int], list[str]]:
    """Return a searcher (query, depth) -> skus over the plain index."""

    def search(q: str, depth: int) -> list[str]:
        hits = es.search(index=index, **plain_body(q, depth, fuzzy=fuzzy))["hits"]["hits"]
        return [str(hit["_source"]["sku"]) for hit in hits]

    return search
