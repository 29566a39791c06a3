"""The scratch state of bench.personalization's online runs: snapshot, restore, forget.

After the history (served by BM25) the scratch Redis db (profiles, segments, search history)
is copied to SNAPSHOT_DB with the moments the history ended (its last event, its last served
query). Before each ranking's run the copy is restored and every later Postgres row (held-out
events and served queries) and every cart is deleted, so each ranking meets the shoppers in
the state the history left them: profiles that learn from one run's clicks cannot leak into
the next, and the next run's events (same ids, same seed) are not taken for repeats.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from redis import Redis
from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from behaviour.clusters import OWNERS_KEY, refresh_clusters
from behaviour.models import Event, ServedQuery
from behaviour.profiles import KEY as PROFILE_KEY
from core.clients import make_redis
from core.settings import Settings
from ranking.models import RankingModel
from ranking.registry import active_model, promote
from shop.cart_models import CartItem

SNAPSHOT_DB = 11
MARKS_KEY = "bench:personalization:history"
# Held-out sessions start up to 20 h into a day and last well under an hour.
DAY_SPAN = timedelta(hours=21)


@dataclass(frozen=True)
class HistoryMarks:
    """Where the history ends: its last act, last event row and last served query."""

    events_until: datetime  # the last shopper act (purchases are stamped when ordered)
    last_event_id: int
    served_until: datetime

    def to_json(self) -> str:
        """Serialise the marks."""
        return json.dumps(
            {
                "events_until": self.events_until.isoformat(),
                "last_event_id": self.last_event_id,
                "served_until": self.served_until.isoformat(),
            }
        )

    @classmethod
    def from_json(cls, raw: str) -> HistoryMarks:
        """Read marks written by to_json."""
        data = json.loads(raw)
        return cls(
            datetime.fromisoformat(data["events_until"]),
            int(data["last_event_id"]),
            datetime.fromisoformat(data["served_until"]),
        )


def history_marks(db: Session) -> HistoryMarks:
    """Return where the history in the scratch database ends."""
    events_until = db.scalar(
        select(func.max(Event.occurred_at)).where(Event.event_type != "purchase")
    )
    last_event_id = db.scalar(select(func.max(Event.id)))
    served_until = db.scalar(select(func.max(ServedQuery.served_at)))
    if events_until is None or last_event_id is None or served_until is None:
        raise RuntimeError("the scratch database has no simulated history; run without --reuse")
    return HistoryMarks(events_until, last_event_id, served_until)


def check_room(marks: HistoryMarks, days: int, now: datetime | None = None) -> None:
    """Refuse held-out days that would be refused as too old, or would lie in the future."""
    moment = now or datetime.now(UTC)
    last = marks.events_until + timedelta(days=days - 1) + DAY_SPAN
    if last > moment:
        raise RuntimeError(
            f"{days} held-out days after the history's end ({marks.events_until:%Y-%m-%d %H:%M}) "
            "reach into the future: simulate the history with --held-out-days"
        )
    if marks.events_until < moment - timedelta(days=7) + timedelta(hours=1):
        raise RuntimeError("the history is too old for held-out events; run without --reuse")


def fit_segments(engine: Engine, settings: Settings, marks: HistoryMarks) -> None:
    """Fit the shopper segments on the history, as of its end."""
    redis = make_redis(settings)
    try:
        refresh_clusters(engine, redis, now=marks.events_until + timedelta(microseconds=1))
    finally:
        redis.close()


def snapshot(settings: Settings, marks: HistoryMarks) -> None:
    """Copy the scratch Redis db to SNAPSHOT_DB, with the history's marks."""
    live, store = _clients(settings)
    store.flushdb()
    pipe = live.pipeline(transaction=False)
    for key in live.scan_iter(count=1000):
        pipe.copy(key, key, destination_db=SNAPSHOT_DB, replace=True)
    pipe.execute()
    store.set(MARKS_KEY, marks.to_json())


def restore(settings: Settings) -> HistoryMarks | None:
    """Put the snapshot back in the scratch Redis db; return its marks (None: no snapshot)."""
    live, store = _clients(settings)
    raw = store.get(MARKS_KEY)
    if raw is None:
        return None
    live.flushdb()
    pipe = store.pipeline(transaction=False)
    for key in store.scan_iter(count=1000):
        if key != MARKS_KEY:
            pipe.copy(key, key, destination_db=settings.redis_db, replace=True)
    pipe.execute()
    return HistoryMarks.from_json(raw)


def drop_snapshot(settings: Settings) -> None:
    """Empty SNAPSHOT_DB (a new history is about to be simulated)."""
    _clients(settings)[1].flushdb()


def forget_held_out(db: Session, marks: HistoryMarks) -> None:
    """Delete what came after the history: held-out events and served queries, and carts."""
    db.execute(delete(Event).where(Event.id > marks.last_event_id))
    db.execute(delete(ServedQuery).where(ServedQuery.served_at > marks.served_until))
    db.execute(delete(CartItem))
    db.commit()
    last = db.scalar(select(func.max(Event.occurred_at)).where(Event.event_type != "purchase"))
    if last != marks.events_until:
        raise RuntimeError(
            f"the scratch database's history ends at {last}, the snapshot's at "
            f"{marks.events_until}: the snapshot belongs to another history; run without --reuse"
        )


def serve(db: Session, model_id: int | None, ranking: str) -> None:
    """Make a model the served one (None: no model, so BM25), recorded as the bench's override."""
    if model_id is None:
        db.execute(update(RankingModel).where(RankingModel.active).values(active=False))
        db.commit()
        return
    current = active_model(db)
    if current is None or current.id != model_id:
        note = f"bench.personalization: held-out sessions served by {ranking}"
        promote(db, model_id, by="bench", force=True, note=note)


def shoppers_ready(settings: Settings, user_ids: list[int]) -> dict[str, int]:
    """Count the shoppers with a live profile and with a segment, as serving will find them."""
    redis = make_redis(settings)
    try:
        pipe = redis.pipeline(transaction=False)
        for user_id in user_ids:
            pipe.exists(PROFILE_KEY.format(f"u:{user_id}"))
            pipe.hexists(OWNERS_KEY, f"u:{user_id}")
        found = pipe.execute()
    finally:
        redis.close()
    return {
        "shoppers": len(user_ids),
        "with_profile": sum(bool(x) for x in found[0::2]),
        "with_segment": sum(bool(x) for x in found[1::2]),
    }


def _clients(settings: Settings) -> tuple[Redis[str], Redis[str]]:
    """Return clients of the scratch Redis db and of the snapshot db."""
    if settings.redis_db == SNAPSHOT_DB:
        raise RuntimeError(f"the scratch Redis db must not be the snapshot db {SNAPSHOT_DB}")
    return make_redis(settings), make_redis(settings.model_copy(update={"redis_db": SNAPSHOT_DB}))
