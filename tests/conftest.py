"""Test settings: a separate database, index prefix and Redis db, so tests never touch demo data."""

from __future__ import annotations

import os

import pytest

# Before anything reads settings: point every client at test-only namespaces.
os.environ["AISLE_ENVIRONMENT"] = "test"
# AISLE_TEST_NAMESPACE=x gives a second suite its own database, prefix and Redis db (with
# AISLE_TEST_REDIS_DB), so two suites can run side by side on one set of services.
_namespace = os.environ.get("AISLE_TEST_NAMESPACE", "")
_suffix = f"{_namespace}_test" if _namespace else "test"
os.environ["AISLE_PG_DATABASE"] = f"aisle_{_suffix}"
os.environ["AISLE_ES_INDEX_PREFIX"] = f"aisle-{_suffix.replace('_', '-')}"
os.environ["AISLE_REDIS_DB"] = os.environ.get("AISLE_TEST_REDIS_DB", "15")
# Cheap argon2id (still argon2id) so the suite's many sign-ups stay fast; a unit test checks
# the production defaults.
os.environ["AISLE_ARGON2_MEMORY_KIB"] = "8192"
os.environ["AISLE_ARGON2_TIME_COST"] = "1"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by folder so `-m integration` or `-m "not e2e"` select them."""
    for item in items:
        path = str(item.path)
        if "/tests/integration/" in path:
            item.add_marker(pytest.mark.integration)
        elif "/tests/e2e/" in path:
            item.add_marker(pytest.mark.e2e)


# Service fixtures (real Postgres, Redis, ES) for integration and e2e tests.
pytest_plugins = ["tests.fixtures.services"]
