"""SQLAlchemy models of accounts: users, one-time email tokens, API tokens and outgoing mail."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base


class Role(StrEnum):
    """What a user may do; each role includes the ones before it."""

    SHOPPER = "shopper"
    MERCHANDISER = "merchandiser"
    ADMIN = "admin"


class UserStatus(StrEnum):
    """Where an account stands: unverified, usable, or switched off by an admin."""

    PENDING = "pending"
    ACTIVE = "active"
    DISABLED = "disabled"


class TokenPurpose(StrEnum):
    """What a one-time emailed token proves."""

    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"  # noqa: S105 - a purpose name, not a secret


class User(Base):
    """A person with an account; the email is unique regardless of letter case."""

    __tablename__ = "users"
    __table_args__ = (
        Index("uq_users_email_lower", func.lower(text("email")), unique=True),
        CheckConstraint("role IN ('shopper', 'merchandiser', 'admin')", name="role_known"),
        CheckConstraint("status IN ('pending', 'active', 'disabled')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    email: Mapped[str] = mapped_column(String(320))
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), server_default=Role.SHOPPER.value)
    status: Mapped[str] = mapped_column(String(20), server_default=UserStatus.PENDING.value)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class OneTimeToken(Base):
    """An emailed verify or reset token: only its SHA-256 is stored, and it is used once."""

    __tablename__ = "one_time_tokens"
    __table_args__ = (
        CheckConstraint("purpose IN ('verify_email', 'reset_password')", name="purpose_known"),
        Index("ix_one_time_tokens_user_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ApiToken(Base):
    """A bearer token for scripts: shown once, stored as SHA-256, acting with its owner's role."""

    __tablename__ = "api_tokens"
    __table_args__ = (Index("ix_api_tokens_user_id", "user_id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    # The first characters of the token, so an owner can tell their tokens apart.
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class MailMessage(Base):
    """An email Aisle sends: queued in the same transaction as the change that causes it.

    With SMTP configured it is delivered and its body cleared; without, it stays here as the
    development mailbox.
    """

    __tablename__ = "mail_messages"
    __table_args__ = (
        CheckConstraint("transport IN ('smtp', 'dev')", name="transport_known"),
        CheckConstraint("status IN ('pending', 'sent', 'stored', 'failed')", name="status_known"),
        Index("ix_mail_messages_pending", "id", postgresql_where=text("status = 'pending'")),
        Index("ix_mail_messages_to_address", func.lower(text("to_address"))),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str | None] = mapped_column(Text)
    transport: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class IdentityLink(Base):
    """An anonymous browser id that signed in as a user: its earlier history is theirs.

    Deleting the user deletes the links, so what that browser did before stays anonymous.
    """

    __tablename__ = "identity_links"

    anonymous_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    linked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
