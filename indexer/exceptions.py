"""Errors the indexer raises."""

from __future__ import annotations

from core.errors import AisleError, ConflictError, ServiceUnavailableError


class IndexerError(AisleError):
    """Base of indexer errors."""


class RebuildRefused(IndexerError):
    """A rebuild produced an index that must not go live (for example short of documents)."""

    status_code = 409
    error_type = "rebuild_refused"


class NoPreviousVersion(IndexerError):
    """A rollback was asked for but no earlier index version is kept."""

    status_code = 409
    error_type = "no_previous_version"


class RebuildInProgress(ConflictError):
    """Another rebuild holds the rebuild lock."""


class SearchBackendUnavailable(ServiceUnavailableError):
    """Elasticsearch cannot be reached."""
