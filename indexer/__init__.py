"""Elasticsearch mappings, full rebuilds behind an alias, outbox sync and parity checks."""
