"""Merchandising tables: the one shared draft, every published version, and suggestions."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    Float,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base


class MerchDraft(Base):
    """The draft configuration merchandisers edit together (a single row, id 1)."""

    __tablename__ = "merch_draft"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # A MerchConfig document: synonym sets and rules.
    config: Mapped[dict[str, Any]] = mapped_column(JSONB)
    revision: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str | None] = mapped_column(String(320))
    # Who last changed each item ("synonym_set:<name>", "rule:<id>" -> email), so a discard
    # can show whose work it throws away; emptied when the draft is reset or published.
    authors: Mapped[dict[str, str]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))


class MerchVersion(Base):
    """A published configuration; the newest one is what search applies."""

    __tablename__ = "merch_versions"

    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Searches compare this with the token in Redis to notice a publish at once.
    token: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), unique=True)
    config: Mapped[dict[str, Any]] = mapped_column(JSONB)
    published_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    published_by: Mapped[str] = mapped_column(String(320))
    note: Mapped[str | None] = mapped_column(Text)
    restored_from: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[dict[str, Any]] = mapped_column(JSONB)


class MerchSuggestion(Base):
    """A candidate synonym or rule found in behaviour, waiting for a merchandiser's decision."""

    __tablename__ = "merch_suggestions"
    __table_args__ = (
        # Found again by a later run, it is updated, not duplicated (nor revived if dismissed).
        UniqueConstraint("kind", "query", "candidate", name="uq_merch_suggestions_kind_query"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    query: Mapped[str] = mapped_column(Text)
    # The reformulation that worked ('' when there is none, so the unique key holds).
    candidate: Mapped[str] = mapped_column(Text, server_default="")
    searches: Mapped[int] = mapped_column(Integer)
    clicks: Mapped[int] = mapped_column(Integer)
    ctr: Mapped[float | None] = mapped_column(Float)
    # Why it is suggested, in one sentence ("found nothing in 9 of 10 searches").
    evidence: Mapped[str] = mapped_column(Text, server_default="")
    status: Mapped[str] = mapped_column(String(20), server_default="open")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    decided_by: Mapped[str | None] = mapped_column(String(320))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
