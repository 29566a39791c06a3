"""Pydantic shapes of the tracking API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, ConfigDict, Field, model_validator

from behaviour.models import EventType
from core.bounds import INT32_MAX, INT64_MAX, Int64
from core.schemas import ApiModel

ClientId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
Scalar = str | Int64 | float | bool
MAX_BATCH = 500
MAX_ITEMS = 100
# Product rows in one request (an impression of N products is N rows): bounds a request's cost.
MAX_ROWS = 1000
# Characters of one attribute key or value: attributes are small labels, not payloads.
MAX_ATTRIBUTE_CHARS = 200
# Facts only the server knows: what was paid and for which order (checkout writes them).
SERVER_ATTRIBUTES = frozenset({"price", "order_id", "revenue", "currency"})
# Products in a cart or an order; also the cap of a cart line.
MAX_QUANTITY = 99
NEEDS_QUERY = frozenset({EventType.IMPRESSION, EventType.CLICK})


class ImpressionItem(ApiModel):
    """One product shown, and where."""

    model_config = ConfigDict(extra="forbid")

    product_id: int = Field(ge=1, le=INT64_MAX)
    position: int = Field(ge=1, le=INT32_MAX)


class EventIn(ApiModel):
    """One event as a client reports it; who sent it comes from the request, not the body."""

    model_config = ConfigDict(extra="forbid")

    client_event_id: ClientId = Field(description="Unique per event; a retry sends the same one")
    type: EventType
    timestamp: AwareDatetime = Field(description="When it happened, with a time zone")
    query_id: uuid.UUID | None = Field(default=None, description="The search it followed")
    product_id: int | None = Field(default=None, ge=1, le=INT64_MAX)
    position: int | None = Field(
        default=None, ge=1, le=INT32_MAX, description="1-based, over all pages"
    )
    items: list[ImpressionItem] | None = Field(default=None, min_length=1, max_length=MAX_ITEMS)
    quantity: int | None = Field(default=None, ge=1, le=MAX_QUANTITY)
    session_id: ClientId | None = None
    attributes: dict[str, Scalar] = Field(default_factory=dict, max_length=20)

    @model_validator(mode="after")
    def _fields_fit_the_type(self) -> EventIn:
        """Require the fields each event type needs, and refuse the ones it cannot have."""
        if self.type is EventType.PURCHASE:
            raise ValueError(
                "purchases are recorded by the server at checkout; clients cannot report them"
            )
        reserved = sorted(SERVER_ATTRIBUTES & self.attributes.keys())
        if reserved:
            raise ValueError(
                f"attributes {', '.join(reserved)} are server facts (the catalog and checkout "
                "set them); clients cannot send them"
            )
        if self.type is EventType.IMPRESSION:
            if not self.items or self.product_id is not None:
                raise ValueError("an impression lists its products in items (not product_id)")
        elif self.product_id is None or self.items is not None:
            raise ValueError(f"a {self.type.value} names one product_id (and no items)")
        if self.type in NEEDS_QUERY and self.query_id is None:
            raise ValueError(f"a {self.type.value} must carry the query_id of its search")
        if self.type is EventType.CLICK and self.position is None:
            raise ValueError("a click must say the position of the clicked product")
        return self

    def rows(self) -> list[tuple[int, int | None]]:
        """Return (product_id, position) for each product the event concerns."""
        if self.items:
            return [(item.product_id, item.position) for item in self.items]
        assert self.product_id is not None
        return [(self.product_id, self.position)]


class BatchIn(ApiModel):
    """Up to MAX_BATCH events (the route answers 413 above it); each is validated on its own."""

    model_config = ConfigDict(extra="forbid")

    events: list[dict[str, Any]] = Field(
        min_length=1, description=f"At most {MAX_BATCH} events and {MAX_ROWS} product rows"
    )


class EventError(ApiModel):
    """Why one event of a batch was refused."""

    index: int
    client_event_id: str | None
    errors: list[str]


class IngestResult(ApiModel):
    """What happened to a batch: stored, ignored as repeats, refused with reasons."""

    accepted: int
    duplicates: int
    rejected: list[EventError]
    received_at: datetime
