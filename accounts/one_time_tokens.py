"""Single-use, expiring tokens for emailed links (verify email, reset password)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from accounts.models import OneTimeToken, TokenPurpose
from accounts.secrets import digest, new_secret
from core.errors import InvalidInputError


def issue_token(db: Session, *, user_id: int, purpose: TokenPurpose, ttl_s: int) -> str:
    """Create a token for a user (in the caller's transaction) and return its secret."""
    secret = new_secret()
    db.add(
        OneTimeToken(
            user_id=user_id,
            purpose=purpose.value,
            token_hash=digest(secret),
            expires_at=datetime.now(UTC) + timedelta(seconds=ttl_s),
        )
    )
    return secret


def consume_token(db: Session, secret: str, *, purpose: TokenPurpose) -> int:
    """Mark a token used and return its user id; refuse an unknown, used or expired one.

    The claim is one conditional UPDATE, so two requests racing with the same link cannot
    both succeed.
    """
    token_hash = digest(secret)
    user_id = db.scalar(
        update(OneTimeToken)
        .where(
            OneTimeToken.token_hash == token_hash,
            OneTimeToken.purpose == purpose.value,
            OneTimeToken.used_at.is_(None),
            OneTimeToken.expires_at > datetime.now(UTC),
        )
        .values(used_at=datetime.now(UTC))
        .returning(OneTimeToken.user_id)
    )
    if user_id is not None:
        return int(user_id)
    raise InvalidInputError(_why_refused(db, token_hash, purpose), loc=("body", "token"))


def _why_refused(db: Session, token_hash: str, purpose: TokenPurpose) -> str:
    """Explain why a token cannot be used."""
    token = db.scalar(
        select(OneTimeToken).where(
            OneTimeToken.token_hash == token_hash, OneTimeToken.purpose == purpose.value
        )
    )
    what = "verification" if purpose is TokenPurpose.VERIFY_EMAIL else "password reset"
    if token is None:
        return f"this {what} link is not valid; check that you copied all of it"
    if token.used_at is not None:
        return f"this {what} link has already been used; ask for a new one"
    return f"this {what} link has expired; ask for a new one"


def revoke_tokens(db: Session, *, user_id: int, purpose: TokenPurpose) -> None:
    """Use up every outstanding token of a purpose, so older links stop working."""
    db.execute(
        update(OneTimeToken)
        .where(
            OneTimeToken.user_id == user_id,
            OneTimeToken.purpose == purpose.value,
            OneTimeToken.used_at.is_(None),
        )
        .values(used_at=datetime.now(UTC))
    )
