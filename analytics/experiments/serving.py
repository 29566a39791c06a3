"""Which experiment and arm a search belongs to, as every API process sees it.

Starting or stopping an experiment writes a new random generation token to Redis; each search
reads that one key and reloads the running experiments only when it changed. Without Redis, running
experiments are re-read from Postgres at most every FALLBACK_S seconds; without either, the
last known set keeps serving.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from redis import Redis
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from analytics.experiments.assignment import arm_index, traffic_bucket
from analytics.experiments.models import Experiment, Mode, Status
from analytics.experiments.schemas import Arm
from core.refreshing import Refreshing, announce_token, redis_token

log = logging.getLogger(__name__)
GENERATION_KEY = "aisle:experiments:generation"
FALLBACK_S = 2.0
SURFACE = "search"


@dataclass(frozen=True)
class Running:
    """A running experiment, as assignment needs it."""

    id: int
    mode: Mode
    bucket_start: int
    traffic_percent: int
    arms: tuple[Arm, ...]

    def owns(self, bucket: int) -> bool:
        """Say whether a traffic bucket belongs to this experiment."""
        return self.bucket_start <= bucket < self.bucket_start + self.traffic_percent


@dataclass(frozen=True)
class Assignment:
    """The experiment a search belongs to, and its arm (for interleaving: both arms)."""

    experiment: Running
    arm: Arm | None  # None when interleaving: every search shows both arms

    @property
    def label(self) -> str:
        """Return the arm recorded with the search."""
        return self.arm.name if self.arm else "interleaved"


def bump(redis: Redis[str]) -> None:
    """Tell every API process that the running experiments changed."""
    announce_token(redis, GENERATION_KEY, uuid.uuid4().hex, what="experiment change")


class RunningExperiments:
    """The running experiments of this process, reloaded when their generation changes."""

    def __init__(self, factory: sessionmaker[Session], redis: Redis[str] | None) -> None:
        self.factory = factory
        self.state: Refreshing[tuple[Running, ...]] = Refreshing(
            lambda _previous, _token: self._load(),
            (),
            token=redis_token(redis, GENERATION_KEY, absent="0"),
            fallback_s=FALLBACK_S,
            what="running experiments",
        )

    def get(self) -> tuple[Running, ...]:
        """Return the running experiments, reloading them if they changed."""
        return self.state.get()

    def assign(self, unit: str, *, key: str) -> Assignment | None:
        """Return the shopper's experiment and arm, or None if no experiment holds them."""
        return assign(self.get(), unit, key=key)

    def _load(self) -> tuple[Running, ...]:
        """Read the running experiments of the search surface from Postgres."""
        with self.factory() as db:
            rows = db.scalars(
                select(Experiment).where(
                    Experiment.status == Status.RUNNING.value, Experiment.surface == SURFACE
                )
            ).all()
            return tuple(_running(row) for row in rows)


def assign(running: tuple[Running, ...], unit: str, *, key: str) -> Assignment | None:
    """Return the experiment and arm of one unit (shopper), or None if none holds them.

    `key` is the server's secret: assignment is an HMAC of the unit, not a public hash.
    """
    for experiment in running:
        if experiment.owns(traffic_bucket(SURFACE, unit, key=key)):
            if experiment.mode is Mode.INTERLEAVE:
                return Assignment(experiment, None)
            weights = [arm.weight for arm in experiment.arms]
            index = arm_index(experiment.id, weights, unit, key=key)
            return Assignment(experiment, experiment.arms[index])
    return None


def _running(row: Experiment) -> Running:
    """Return the serving view of a stored experiment."""
    return Running(
        id=row.id,
        mode=Mode(row.mode),
        bucket_start=row.bucket_start or 0,
        traffic_percent=row.traffic_percent,
        arms=tuple(Arm.model_validate(arm) for arm in row.arms),
    )
