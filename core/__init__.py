"""Shared plumbing: settings, database, Elasticsearch and Redis clients, errors."""
