"""The published configuration as search sees it, noticed at once after a publish.

Publishing writes the new version's token to Redis; each search reads that one key and
recompiles only when it changed, so every API process applies a publish on its next search.
Without Redis, the latest version is looked up in Postgres at most every FALLBACK_S seconds;
without either, the last compiled configuration keeps serving.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid

from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from merchandising.compiled import EMPTY, CompiledMerch, compile_config
from merchandising.models import MerchVersion
from merchandising.service import latest_version

log = logging.getLogger(__name__)
TOKEN_KEY = "aisle:merch:published"  # noqa: S105 - a Redis key, not a secret
FALLBACK_S = 2.0


def announce(redis: Redis[str], token: uuid.UUID) -> None:
    """Tell every API process that a version was published (logged if Redis is down)."""
    try:
        redis.set(TOKEN_KEY, str(token))
    except RedisError as exc:
        log.warning("publish not announced (search notices within %s s): %s", FALLBACK_S, exc)


class PublishedMerch:
    """The compiled published configuration of this process."""

    def __init__(self) -> None:
        self.current: CompiledMerch = EMPTY
        self.token: str | None = None
        self.checked_at = float("-inf")
        self.lock = threading.Lock()

    def get(self, factory: sessionmaker[Session], redis: Redis[str]) -> CompiledMerch:
        """Return the published configuration, reloading it if a publish happened."""
        try:
            token = redis.get(TOKEN_KEY)
        except RedisError:
            token = None
        if token is not None and token == self.token:
            return self.current
        if token is None and time.monotonic() - self.checked_at < FALLBACK_S:
            return self.current
        with self.lock:
            self._reload(factory, redis, token)
        return self.current

    def _reload(self, factory: sessionmaker[Session], redis: Redis[str], token: str | None) -> None:
        """Load the announced version (or the latest) from Postgres and compile it."""
        self.checked_at = time.monotonic()
        try:
            with factory() as db:
                row = None
                if token is not None:
                    row = db.scalar(select(MerchVersion).where(MerchVersion.token == _uuid(token)))
                row = row or latest_version(db)
                if row is None:
                    self.current, self.token = EMPTY, token
                    return
                if str(row.token) != self.token:
                    self.current = compile_config(row.config, row.version)
                    self.token = str(row.token)
                if token != self.token:
                    announce(redis, row.token)
        except SQLAlchemyError as exc:
            log.warning(
                "merchandising config not refreshed, keeping version %s: %s",
                self.current.version,
                exc,
            )


class MerchVersions:
    """Published versions named by experiments, each compiled once (versions never change)."""

    def __init__(self) -> None:
        self.compiled: dict[int, CompiledMerch | None] = {}
        self.lock = threading.Lock()

    def get(self, factory: sessionmaker[Session], version: int) -> CompiledMerch | None:
        """Return one version's compiled configuration, None if there is no such version."""
        if version not in self.compiled:
            with self.lock, factory() as db:
                row = db.get(MerchVersion, version)
                self.compiled[version] = (
                    compile_config(row.config, row.version) if row is not None else None
                )
        return self.compiled[version]


def _uuid(token: str) -> uuid.UUID | None:
    """Parse a token, None if Redis holds something else."""
    try:
        return uuid.UUID(token)
    except ValueError:
        return None
