"""Which experiment and arm a search belongs to, as every API process sees it.

Starting or stopping an experiment writes a new random generation token to Redis; each search
reads that one key and reloads the running experiments only when it changed. Without Redis, running
experiments are re-read from Postgres at most every FALLBACK_S seconds; without either, the
last known set keeps serving.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from dataclasses import dataclass

from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from analytics.experiments.assignment import arm_index, traffic_bucket
from analytics.experiments.models import Experiment, Mode, Status
from analytics.experiments.schemas import Arm

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
    try:
        redis.set(GENERATION_KEY, uuid.uuid4().hex)
    except RedisError as exc:
        log.warning("experiment change not announced (noticed within %s s): %s", FALLBACK_S, exc)


class RunningExperiments:
    """The running experiments of this process, reloaded when they change."""

    def __init__(self) -> None:
        self.running: tuple[Running, ...] = ()
        self.generation: str | None = None
        self.checked_at = float("-inf")
        self.lock = threading.Lock()

    def assign(
        self, factory: sessionmaker[Session], redis: Redis[str], unit: str
    ) -> Assignment | None:
        """Return the shopper's experiment and arm, or None if no experiment holds them."""
        for experiment in self._current(factory, redis):
            if experiment.owns(traffic_bucket(SURFACE, unit)):
                if experiment.mode is Mode.INTERLEAVE:
                    return Assignment(experiment, None)
                weights = [arm.weight for arm in experiment.arms]
                return Assignment(
                    experiment, experiment.arms[arm_index(experiment.id, weights, unit)]
                )
        return None

    def _current(self, factory: sessionmaker[Session], redis: Redis[str]) -> tuple[Running, ...]:
        """Return the running experiments, reloading them if they changed."""
        try:
            generation = redis.get(GENERATION_KEY) or "0"
        except RedisError:
            generation = None
        if generation is not None and generation == self.generation:
            return self.running
        if generation is None and time.monotonic() - self.checked_at < FALLBACK_S:
            return self.running
        with self.lock:
            self.checked_at = time.monotonic()
            try:
                with factory() as db:
                    rows = db.scalars(
                        select(Experiment).where(
                            Experiment.status == Status.RUNNING.value, Experiment.surface == SURFACE
                        )
                    ).all()
                    self.running = tuple(_running(row) for row in rows)
                self.generation = generation
            except SQLAlchemyError as exc:
                log.warning("running experiments not refreshed, keeping the last set: %s", exc)
        return self.running


def _running(row: Experiment) -> Running:
    """Return the serving view of a stored experiment."""
    return Running(
        id=row.id,
        mode=Mode(row.mode),
        bucket_start=row.bucket_start or 0,
        traffic_percent=row.traffic_percent,
        arms=tuple(Arm.model_validate(arm) for arm in row.arms),
    )
