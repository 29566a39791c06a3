"""The account flows: sign up, verify, sign in, reset and change password, delete.

Each flow is one database transaction; mail it sends is queued inside that transaction, so a
failure halfway leaves neither a half-made account nor a link to nowhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from redis import Redis
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accounts import ratelimit, signin_throttle
from accounts.api_tokens import revoke_all_api_tokens
from accounts.emails import already_registered_mail, normalize_email, reset_mail, verification_mail
from accounts.mail import queue_mail
from accounts.models import ApiToken, MailMessage, Role, TokenPurpose, User, UserStatus
from accounts.one_time_tokens import consume_token, issue_token, revoke_tokens
from accounts.passwords import (
    burn_verification_time,
    check_strength,
    hash_password,
    needs_rehash,
    verify_password,
)
from accounts.sessions import create_session, end_user_sessions
from accounts.users import add_user, find_user_by_email, get_user
from core.errors import ForbiddenError, UnauthorizedError
from core.settings import Settings

WRONG_CREDENTIALS = "the email or password is wrong"
SIGN_UP_ACCEPTED = (
    "Check your inbox: we sent a link to confirm the address. It may take a minute to arrive."
)
LINK_SENT = "If an account uses that address, we sent it a link. It may take a minute to arrive."


class EmailNotVerifiedError(ForbiddenError):
    """The password was right but the address has not been confirmed yet."""

    error_type = "email_not_verified"


def sign_up(
    db: Session,
    redis: Redis[str],
    settings: Settings,
    *,
    email: str,
    password: str,
    display_name: str,
    client_ip: str,
) -> str:
    """Create a pending account and mail a verification link; answer alike for known emails."""
    # Weak passwords are refused before counting, so a few retries do not lock anyone out.
    check_strength(
        password,
        min_length=settings.password_min_length,
        email=normalize_email(email),
        display_name=display_name,
    )
    email = _limit(
        redis,
        kind="sign-up",
        client_ip=client_ip,
        email=email,
        per_ip=settings.signup_per_ip,
        per_account=settings.email_per_account,
        window_s=settings.email_window_s,
    )
    # Hashed whether or not the address is taken: skipping it for known addresses made them
    # answer ~20x faster (16-18 ms against 361-368 ms), which told who has an account.
    password_hash = hash_password(settings, password)
    existing = find_user_by_email(db, email)
    if existing is not None:
        _notify_existing(db, settings, existing)
    else:
        try:
            user = add_user(db, email=email, password_hash=password_hash, display_name=display_name)
        except IntegrityError:  # a concurrent sign-up with the same address won the race
            db.rollback()
            return SIGN_UP_ACCEPTED
        _send_verification(db, settings, user)
    db.commit()
    return SIGN_UP_ACCEPTED


def _notify_existing(db: Session, settings: Settings, user: User) -> None:
    """Tell the owner of an address that someone signed up with it (a fresh link if pending)."""
    if user.status == UserStatus.PENDING:
        _send_verification(db, settings, user)
    elif user.status == UserStatus.ACTIVE:
        subject, body = already_registered_mail(settings, user.display_name)
        queue_mail(db, settings, to=user.email, subject=subject, body=body)


def _send_verification(db: Session, settings: Settings, user: User) -> None:
    """Replace any outstanding verification link with a new one and mail it."""
    revoke_tokens(db, user_id=user.id, purpose=TokenPurpose.VERIFY_EMAIL)
    token = issue_token(
        db, user_id=user.id, purpose=TokenPurpose.VERIFY_EMAIL, ttl_s=settings.verify_token_ttl_s
    )
    subject, body = verification_mail(settings, user.display_name, token)
    queue_mail(db, settings, to=user.email, subject=subject, body=body)


def verify_email(db: Session, *, token: str) -> User:
    """Use a verification link: the account becomes active (a disabled one stays disabled)."""
    user = get_user(db, consume_token(db, token, purpose=TokenPurpose.VERIFY_EMAIL))
    if user.status == UserStatus.PENDING:
        user.status = UserStatus.ACTIVE.value
        user.updated_at = datetime.now(UTC)
    db.commit()
    return user


def resend_verification(
    db: Session, redis: Redis[str], settings: Settings, *, email: str, client_ip: str
) -> str:
    """Mail a fresh verification link if the address has a pending account; answer alike."""
    email = _limit_email_request(redis, settings, email=email, client_ip=client_ip)
    user = find_user_by_email(db, email)
    if user is not None and user.status == UserStatus.PENDING:
        _send_verification(db, settings, user)
        db.commit()
    return LINK_SENT


def forgot_password(
    db: Session, redis: Redis[str], settings: Settings, *, email: str, client_ip: str
) -> str:
    """Mail a password reset link if the address has a usable account; answer alike."""
    email = _limit_email_request(redis, settings, email=email, client_ip=client_ip)
    user = find_user_by_email(db, email)
    if user is not None and user.status != UserStatus.DISABLED:
        revoke_tokens(db, user_id=user.id, purpose=TokenPurpose.RESET_PASSWORD)
        token = issue_token(
            db,
            user_id=user.id,
            purpose=TokenPurpose.RESET_PASSWORD,
            ttl_s=settings.reset_token_ttl_s,
        )
        subject, body = reset_mail(settings, user.display_name, token)
        queue_mail(db, settings, to=user.email, subject=subject, body=body)
        db.commit()
    return LINK_SENT


def _limit(
    redis: Redis[str],
    *,
    kind: str,
    client_ip: str,
    email: str,
    per_ip: int,
    per_account: int,
    window_s: int,
) -> str:
    """Count a request against its IP's and its account's limits; return the normalized email."""
    ratelimit.enforce(redis, kind=kind, subject=client_ip, limit=per_ip, window_s=window_s)
    email = normalize_email(email)
    ratelimit.enforce(redis, kind=kind, subject=email, limit=per_account, window_s=window_s)
    return email


def _limit_email_request(
    redis: Redis[str], settings: Settings, *, email: str, client_ip: str
) -> str:
    """Apply the limits of flows that send mail to an address; return the email."""
    return _limit(
        redis,
        kind="email",
        client_ip=client_ip,
        email=email,
        per_ip=settings.email_per_ip,
        per_account=settings.email_per_account,
        window_s=settings.email_window_s,
    )


def reset_password(
    db: Session, redis: Redis[str], settings: Settings, *, token: str, new_password: str
) -> Sequence[ApiToken]:
    """Use a reset link to set a new password; sessions end and API tokens are revoked."""
    check_strength(new_password, min_length=settings.password_min_length, field="new_password")
    user = get_user(db, consume_token(db, token, purpose=TokenPurpose.RESET_PASSWORD))
    # A weak password raises here, before commit, so the link stays unused.
    check_strength(
        new_password,
        min_length=settings.password_min_length,
        email=user.email,
        display_name=user.display_name,
        field="new_password",
    )
    user.password_hash = hash_password(settings, new_password)
    if user.status == UserStatus.PENDING:  # the link proved the address
        user.status = UserStatus.ACTIVE.value
    user.updated_at = datetime.now(UTC)
    revoke_tokens(db, user_id=user.id, purpose=TokenPurpose.RESET_PASSWORD)
    # Whoever took the account over may have made a token; it must not outlive the recovery.
    revoked = revoke_all_api_tokens(db, user_id=user.id)
    db.commit()
    end_user_sessions(redis, user.id)
    signin_throttle.clear_account(redis, user.email)
    return revoked


def sign_in(
    db: Session,
    redis: Redis[str],
    settings: Settings,
    *,
    email: str,
    password: str,
    client_ip: str,
) -> tuple[User, str]:
    """Check credentials under rate limits and the failure throttle; return user and session."""
    ratelimit.enforce(
        redis,
        kind="sign-in",
        subject=client_ip,
        limit=settings.signin_per_ip,
        window_s=settings.signin_window_s,
    )
    # No account-wide request limit: anyone could spend it. Failures are throttled per
    # account and per (account, client) instead, so a stranger cannot shut the owner out.
    email = normalize_email(email)
    signin_throttle.admit(redis, settings, email=email, client_ip=client_ip)
    user = find_user_by_email(db, email)
    if user is None:
        burn_verification_time(settings, password)
    if user is None or not verify_password(settings, user.password_hash, password):
        signin_throttle.record_failure(redis, settings, email=email, client_ip=client_ip)
        raise UnauthorizedError(WRONG_CREDENTIALS, loc=("body", "password"))
    _refuse_unusable(user)
    signin_throttle.record_success(redis, settings, email=email, client_ip=client_ip)
    if needs_rehash(settings, user.password_hash):
        user.password_hash = hash_password(settings, password)
    user.last_login_at = datetime.now(UTC)
    db.commit()
    session_id = create_session(
        redis, user_id=user.id, role=user.role, idle_s=settings.session_idle_s
    )
    return user, session_id


def _refuse_unusable(user: User) -> None:
    """Refuse a disabled or unverified account (only said to someone who knew the password)."""
    if user.status == UserStatus.DISABLED:
        raise ForbiddenError("this account has been disabled; contact the store to reopen it")
    if user.status == UserStatus.PENDING:
        raise EmailNotVerifiedError(
            "confirm your email address first: use the link we sent, or ask for a new one"
        )


def change_password(
    db: Session,
    redis: Redis[str],
    settings: Settings,
    *,
    user_id: int,
    current_password: str,
    new_password: str,
) -> tuple[User, Sequence[ApiToken]]:
    """Replace the password after checking the current one; sessions end, tokens are revoked."""
    user = _reauthenticate(
        db,
        redis,
        settings,
        user_id=user_id,
        password=current_password,
        field="current_password",
        wrong="the current password is wrong",
    )
    check_strength(
        new_password,
        min_length=settings.password_min_length,
        email=user.email,
        display_name=user.display_name,
        field="new_password",
    )
    if verify_password(settings, user.password_hash, new_password):
        raise ForbiddenError(
            "the new password must differ from the current one", loc=("body", "new_password")
        )
    user.password_hash = hash_password(settings, new_password)
    user.updated_at = datetime.now(UTC)
    # A password is changed when it may be known to someone else, who may have made a token.
    revoked = revoke_all_api_tokens(db, user_id=user.id)
    db.commit()
    end_user_sessions(redis, user.id)
    return user, revoked


def delete_account(
    db: Session, redis: Redis[str], settings: Settings, *, user_id: int, password: str
) -> None:
    """Erase the account after re-checking the password: profile, cart, tokens and mail go."""
    user = _reauthenticate(
        db,
        redis,
        settings,
        user_id=user_id,
        password=password,
        field="password",
        wrong="the password is wrong",
    )
    if user.role == Role.ADMIN and _active_admins(db) <= 1:
        raise ForbiddenError("you are the last admin; make someone else admin first")
    db.execute(delete(MailMessage).where(func.lower(MailMessage.to_address) == user.email.lower()))
    db.delete(user)  # cart items, tokens and one-time tokens go with it (ON DELETE CASCADE)
    db.commit()
    end_user_sessions(redis, user_id)


def _reauthenticate(
    db: Session,
    redis: Redis[str],
    settings: Settings,
    *,
    user_id: int,
    password: str,
    field: str,
    wrong: str,
) -> User:
    """Ask a signed-in user for their password again, under the sign-in rate limit."""
    user = get_user(db, user_id)
    ratelimit.enforce(
        redis,
        kind="password-check",
        subject=user.email,
        limit=settings.signin_per_account,
        window_s=settings.signin_window_s,
    )
    if not verify_password(settings, user.password_hash, password):
        raise ForbiddenError(wrong, loc=("body", field))
    return user


def _active_admins(db: Session) -> int:
    """Count the admins who can sign in."""
    return int(
        db.scalar(
            select(func.count())
            .select_from(User)
            .where(User.role == Role.ADMIN, User.status == UserStatus.ACTIVE)
        )
        or 0
    )
