"""Errors the catalog raises."""

from __future__ import annotations

from core.errors import AisleError


class CatalogError(AisleError):
    """Base of catalog errors."""


class UnsupportedCatalogFormat(CatalogError):
    """A catalog file whose format Aisle cannot read."""
