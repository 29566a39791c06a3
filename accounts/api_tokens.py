"""API tokens for scripts: created and revoked by their owner, stored only as a digest.

A new password (reset or change) revokes every token: whoever took over an account may have
made one, and it must not outlive the owner's recovery (see service.reset_password).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.models import ApiToken, User, UserStatus
from accounts.secrets import digest, new_secret
from core.errors import ConflictError, NotFoundError

TOKEN_PREFIX = "aisle_"  # noqa: S105 - marks Aisle tokens in leaks and scanners
MAX_TOKENS_PER_USER = 50
# Writing last_used_at on every request would turn reads into writes; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def create_api_token(
    db: Session, *, user_id: int, name: str, expires_in_days: int | None
) -> tuple[ApiToken, str]:
    """Create a token for its owner and return it with its secret (shown only this once)."""
    if len(list_api_tokens(db, user_id=user_id)) >= MAX_TOKENS_PER_USER:
        raise ConflictError(
            f"you already have {MAX_TOKENS_PER_USER} tokens; revoke one first", loc=("body", "name")
        )
    secret = TOKEN_PREFIX + new_secret()
    expires_at = datetime.now(UTC) + timedelta(days=expires_in_days) if expires_in_days else None
    token = ApiToken(
        user_id=user_id,
        name=name,
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        token_hash=digest(secret),
        expires_at=expires_at,
    )
    db.add(token)
    db.commit()
    return token, secret


def list_api_tokens(db: Session, *, user_id: int) -> Sequence[ApiToken]:
    """Return a user's tokens that are not revoked, newest first."""
    return db.scalars(
        select(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.id.desc())
    ).all()


def revoke_api_token(db: Session, *, user_id: int, token_id: int) -> None:
    """Revoke one of the user's own tokens; another user's token is as good as missing."""
    token = db.get(ApiToken, token_id)
    if token is None or token.user_id != user_id or token.revoked_at is not None:
        raise NotFoundError(f"you have no token with id {token_id}", loc=("path", "token_id"))
    token.revoked_at = datetime.now(UTC)
    db.commit()


def revoke_all_api_tokens(db: Session, *, user_id: int) -> Sequence[ApiToken]:
    """Revoke every live token of a user in the caller's transaction; return those revoked."""
    tokens = list_api_tokens(db, user_id=user_id)
    now = datetime.now(UTC)
    for token in tokens:
        token.revoked_at = now
    return tokens


def authenticate_api_token(db: Session, secret: str) -> User | None:
    """Return the active owner of a valid, unrevoked, unexpired token, or None."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    row = db.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == digest(secret), ApiToken.revoked_at.is_(None))
    ).first()
    if row is None:
        return None
    token, user = row
    now = datetime.now(UTC)
    if (
        token.expires_at is not None and token.expires_at <= now
    ) or user.status != UserStatus.ACTIVE:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        token.last_used_at = now
        db.commit()
    return user
