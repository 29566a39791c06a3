"""The explicit products index: settings and mapping built from what the minimal ES offers."""

from __future__ import annotations

from typing import Any

from embedding.model import DIMS

# A bigram/trigram shingle field feeds the phrase suggester ("did you mean") and phrase boosts.
ANALYSIS: dict[str, Any] = {
    "filter": {
        "aisle_shingle": {
            "type": "shingle",
            "min_shingle_size": 2,
            "max_shingle_size": 3,
            "output_unigrams": True,
        }
    },
    "analyzer": {
        "aisle_shingles": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "aisle_shingle"],
        }
    },
    "normalizer": {"aisle_lowercase": {"type": "custom", "filter": ["lowercase"]}},
}

TEXT = {"type": "text", "analyzer": "standard"}
# Facet values keep their display case; the lowercase twin serves case-insensitive filters.
FACET_TEXT = {
    "type": "text",
    "analyzer": "standard",
    "fields": {
        "keyword": {"type": "keyword", "ignore_above": 256},
        "lower": {"type": "keyword", "normalizer": "aisle_lowercase", "ignore_above": 256},
    },
}

MAPPINGS: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "product_id": {"type": "long"},
        "sku": {"type": "keyword"},
        "title": {**TEXT, "fields": {"shingles": {"type": "text", "analyzer": "aisle_shingles"}}},
        # *_stem fields hold Aisle's own folded, singularised text (core.text).
        "title_stem": TEXT,
        # The title's adjacent words joined ("deck over" → "deckover", core.compounds), so a
        # shopper's compound finds a title that writes it apart.
        "title_joined": TEXT,
        "brand": FACET_TEXT,
        "product_type": FACET_TEXT,
        "type_stem": TEXT,
        # Stemmed words shoppers use for the product's type ("laptop", "notebook"), matched
        # whole against the query to recognise what kind of product is wanted.
        "type_keys": {"type": "keyword"},
        "description": TEXT,
        "description_stem": TEXT,
        "price": {"type": "double"},
        "currency": {"type": "keyword"},
        "rating": {"type": "float"},
        "review_count": {"type": "integer"},
        # Time-decayed interest from behaviour (behaviour.signals): sorting and a ranking feature.
        "popularity": {"type": "float"},
        "stock": {"type": "integer"},
        "in_stock": {"type": "boolean"},
        "release_date": {"type": "date"},
        "active": {"type": "boolean"},
        "image_url": {"type": "keyword", "index": False, "doc_values": False},
        # Kept for display only: sparse specs would explode the mapping if indexed.
        "attributes": {"type": "object", "enabled": False},
        # Short attribute values as "name=value" keywords, for merchandising boosts by attribute.
        "facts": {"type": "keyword"},
        "updated_at": {"type": "date"},
        "version": {"type": "long"},
        "suggest": {"type": "completion", "analyzer": "simple", "max_input_length": 80},
        # Sentence vectors of the product text (indexer.vectors), unit length, for kNN search.
        # int8 HNSW keeps the graph in a quarter of float32's memory at a negligible recall cost.
        "embedding": {
            "type": "dense_vector",
            "dims": DIMS,
            "index": True,
            "similarity": "dot_product",
            "index_options": {"type": "int8_hnsw"},
        },
    },
}


def index_body(*, shards: int = 1) -> dict[str, Any]:
    """Return the create-index body, tuned for a bulk load (no refresh, no replicas)."""
    return {
        "settings": {
            "number_of_shards": shards,
            "number_of_replicas": 0,
            "refresh_interval": "-1",
            "analysis": ANALYSIS,
        },
        # The build flips aisle_complete once loaded; an incomplete index is a crashed build's.
        "mappings": {**MAPPINGS, "_meta": {"aisle_complete": False}},
    }


def live_settings(*, replicas: int = 0) -> dict[str, Any]:
    """Return the settings a loaded index serves with."""
    return {"index": {"refresh_interval": "1s", "number_of_replicas": replicas}}
