"""The published configuration as search sees it, noticed at once after a publish.

Publishing writes the new version's token to Redis; each search reads that one key and
recompiles only when it changed, so every API process applies a publish on its next search.
Without Redis, the latest version is looked up in Postgres at most every FALLBACK_S seconds;
without either, the last compiled configuration keeps serving.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from redis import Redis
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.refreshing import LoadedOnce, Refreshing, announce_token, redis_token
from merchandising.compiled import EMPTY, CompiledMerch, compile_config
from merchandising.models import MerchVersion
from merchandising.service import latest_version

log = logging.getLogger(__name__)
TOKEN_KEY = "aisle:merch:published"  # noqa: S105 - a Redis key, not a secret
FALLBACK_S = 2.0


def announce(redis: Redis[str], token: uuid.UUID) -> None:
    """Tell every API process that a version was published (logged if Redis is down)."""
    announce_token(redis, TOKEN_KEY, str(token), what="merchandising publish")


@dataclass(frozen=True)
class Published:
    """The compiled configuration and the token of the version it was compiled from."""

    merch: CompiledMerch
    token: str | None


class PublishedMerch:
    """The compiled published configuration of this process, reloaded on a publish's token."""

    def __init__(self, factory: sessionmaker[Session], redis: Redis[str] | None) -> None:
        self.factory = factory
        self.redis = redis
        self.state: Refreshing[Published] = Refreshing(
            self._load,
            Published(EMPTY, None),
            token=redis_token(redis, TOKEN_KEY),
            fallback_s=FALLBACK_S,
            what="merchandising config",
        )

    def get(self) -> CompiledMerch:
        """Return the published configuration, reloading it if a publish happened."""
        return self.state.get().merch

    def forget(self) -> None:
        """Forget the configuration: the next search loads it afresh."""
        self.state.forget()

    def _load(self, previous: Published, token: str | None) -> Published:
        """Load the announced version (or the latest) from Postgres and compile it."""
        with self.factory() as db:
            row = None
            if token is not None:
                row = db.scalar(select(MerchVersion).where(MerchVersion.token == _uuid(token)))
            row = row or latest_version(db)
            if row is None:
                return Published(EMPTY, None)
            found = previous
            if str(row.token) != previous.token:
                found = Published(compile_config(row.config, row.version), str(row.token))
        if token != found.token and self.redis is not None:
            announce(self.redis, row.token)
        return found


class MerchVersions:
    """Published versions named by experiments, each compiled once (versions never change)."""

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self.factory = factory
        self.versions = LoadedOnce(self._load, what="merchandising version")

    def get(self, version: int) -> CompiledMerch | None:
        """Return one version's compiled configuration, None if there is no such version."""
        return self.versions.get(version)

    def _load(self, version: int) -> CompiledMerch | None:
        """Compile one stored version."""
        with self.factory() as db:
            row = db.get(MerchVersion, version)
            return compile_config(row.config, row.version) if row is not None else None


def _uuid(token: str) -> uuid.UUID | None:
    """Parse a token, None if Redis holds something else."""
    try:
        return uuid.UUID(token)
    except ValueError:
        return None
