"""What the events routes take from one client: size caps (413) and a rate limit (429)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from redis import Redis
from redis.exceptions import RedisError

from accounts import ratelimit
from accounts.identity import Identity
from behaviour.schemas import MAX_ATTRIBUTE_CHARS, MAX_BATCH, MAX_ROWS
from core.errors import ContentTooLargeError
from core.settings import Settings

log = logging.getLogger(__name__)


def check_size(raw_events: Sequence[object]) -> None:
    """Refuse (413) a request over the event, product-row or attribute-length caps, naming it."""
    if len(raw_events) > MAX_BATCH:
        raise ContentTooLargeError(
            f"{len(raw_events)} events in one request; the limit is {MAX_BATCH}",
            loc=("body", "events"),
        )
    rows = 0
    for index, raw in enumerate(raw_events):
        if not isinstance(raw, dict):
            rows += 1
            continue
        items = raw.get("items")
        rows += len(items) if isinstance(items, list) else 1
        attributes = raw.get("attributes")
        if isinstance(attributes, dict):
            for key, value in attributes.items():
                _check_attribute(index, str(key), value)
    if rows > MAX_ROWS:
        raise ContentTooLargeError(
            f"{rows} product rows in one request; the limit is {MAX_ROWS} "
            "(an impression of N products is N rows)",
            loc=("body", "events"),
        )


def _check_attribute(index: int, key: str, value: object) -> None:
    """Refuse an attribute whose key or text value is longer than MAX_ATTRIBUTE_CHARS."""
    where = ("body", "events", index, "attributes", key[:MAX_ATTRIBUTE_CHARS])
    if len(key) > MAX_ATTRIBUTE_CHARS:
        raise ContentTooLargeError(
            f"an attribute name is {len(key)} characters; the limit is {MAX_ATTRIBUTE_CHARS}",
            loc=where,
        )
    if isinstance(value, str) and len(value) > MAX_ATTRIBUTE_CHARS:
        raise ContentTooLargeError(
            f"attribute {key!r} is {len(value)} characters; the limit is {MAX_ATTRIBUTE_CHARS}",
            loc=where,
        )


def rate_subject(caller: Identity, client_ip: str) -> str:
    """Return whom the limit counts: the account when signed in, else the IP.

    Anonymous ids cost nothing to make (drop the cookie, get a new one), so an anonymous
    caller is counted by address; accounts cost a sign-up, itself limited per IP.
    """
    return f"user:{caller.user_id}" if caller.user_id is not None else f"ip:{client_ip}"


def enforce_rate(redis: Redis[str], settings: Settings, caller: Identity, client_ip: str) -> None:
    """Count one events request of this client; 429 (with Retry-After) over the limit.

    Without Redis the count is skipped, not the events: they are stored all the same (the
    limit guards capacity; refusing every event while Redis is away would lose them).
    """
    try:
        ratelimit.enforce(
            redis,
            kind="events",
            subject=rate_subject(caller, client_ip),
            limit=settings.events_per_client,
            window_s=settings.events_window_s,
        )
    except RedisError as exc:
        log.warning("events rate limit not counted (Redis unavailable): %s", exc)
