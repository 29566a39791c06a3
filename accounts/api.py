"""Routes of the sign-up, verification, sign-in and password reset flows."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Request, Response, status

from accounts import history, service
from accounts.access import PUBLIC, Caller
from accounts.cookies import clear_session_cookie, set_session_cookie
from accounts.identity import anonymous_id_of, owner_key, session_cookie_of
from accounts.models import User
from accounts.schemas import (
    ApiTokenRead,
    EmailOnly,
    MessageRead,
    PasswordReset,
    ResetPassword,
    SessionRead,
    SignIn,
    SignUp,
    TokenOnly,
)
from accounts.sessions import end_session
from accounts.sign_in_hooks import run_sign_in_hooks
from accounts.users import link_anonymous_id
from accounts.web import client_ip, deliver_mail_later, session_answer
from core.deps import AppSettings, DbSession, RedisClient

router = APIRouter(prefix="/api/auth", tags=["auth"], dependencies=[PUBLIC])
ACCEPTED = {status.HTTP_202_ACCEPTED: {"model": MessageRead}}


@router.get("/session", response_model=SessionRead)
def read_session(
    request: Request, response: Response, caller: Caller, db: DbSession, settings: AppSettings
) -> SessionRead:
    """Say who this browser is and hand it the CSRF token for its next changes."""
    user = db.get(User, caller.user_id) if caller.user_id is not None else None
    session_id = caller.session_id
    if caller.via == "anonymous" and session_cookie_of(request):
        clear_session_cookie(response, settings)  # the session expired: drop the stale cookie
    return session_answer(
        settings, user=user, session_id=session_id, anonymous_id=caller.anonymous_id
    )


@router.post("/sign-up", status_code=status.HTTP_202_ACCEPTED, response_model=MessageRead)
def sign_up(
    body: SignUp,
    request: Request,
    tasks: BackgroundTasks,
    db: DbSession,
    redis: RedisClient,
    settings: AppSettings,
) -> MessageRead:
    """Create an account and mail a verification link (the answer never says if it existed)."""
    message = service.sign_up(
        db,
        redis,
        settings,
        email=body.email,
        password=body.password,
        display_name=body.display_name,
        client_ip=client_ip(request, settings),
    )
    deliver_mail_later(tasks, request, settings)
    return MessageRead(message=message)


@router.post("/verify-email", response_model=MessageRead)
def verify_email(body: TokenOnly, db: DbSession) -> MessageRead:
    """Confirm an email address with the single-use link's token."""
    service.verify_email(db, token=body.token)
    return MessageRead(message="Your email address is confirmed. You can sign in now.")


@router.post(
    "/resend-verification", status_code=status.HTTP_202_ACCEPTED, response_model=MessageRead
)
def resend_verification(
    body: EmailOnly,
    request: Request,
    tasks: BackgroundTasks,
    db: DbSession,
    redis: RedisClient,
    settings: AppSettings,
) -> MessageRead:
    """Mail a new verification link to a pending account (same answer for any address)."""
    message = service.resend_verification(
        db, redis, settings, email=body.email, client_ip=client_ip(request, settings)
    )
    deliver_mail_later(tasks, request, settings)
    return MessageRead(message=message)


@router.post("/sign-in", response_model=SessionRead)
def sign_in(
    body: SignIn,
    request: Request,
    response: Response,
    db: DbSession,
    redis: RedisClient,
    settings: AppSettings,
) -> SessionRead:
    """Start a browser session under a fresh id; the anonymous cart and history merge in."""
    user, session_id = service.sign_in(
        db,
        redis,
        settings,
        email=body.email,
        password=body.password,
        client_ip=client_ip(request, settings),
    )
    previous = session_cookie_of(request)
    if previous:
        end_session(redis, previous)  # never keep a session id chosen before sign-in
    anonymous_id = anonymous_id_of(request)
    run_sign_in_hooks(db, anonymous_id=anonymous_id, user_id=user.id)
    link_anonymous_id(db, anonymous_id=anonymous_id, user_id=user.id)
    history.merge_history(
        redis, source=owner_key(None, anonymous_id), target=owner_key(user.id, None)
    )
    set_session_cookie(response, settings, session_id)
    return session_answer(settings, user=user, session_id=session_id, anonymous_id=anonymous_id)


@router.post("/sign-out", response_model=SessionRead)
def sign_out(
    request: Request, response: Response, redis: RedisClient, settings: AppSettings
) -> SessionRead:
    """End this browser's session (signing out twice is harmless)."""
    session_id = session_cookie_of(request)
    if session_id:
        end_session(redis, session_id)
    clear_session_cookie(response, settings)
    return session_answer(
        settings, user=None, session_id=None, anonymous_id=anonymous_id_of(request)
    )


@router.post("/forgot-password", status_code=status.HTTP_202_ACCEPTED, response_model=MessageRead)
def forgot_password(
    body: EmailOnly,
    request: Request,
    tasks: BackgroundTasks,
    db: DbSession,
    redis: RedisClient,
    settings: AppSettings,
) -> MessageRead:
    """Mail a single-use reset link (same answer whether or not the address has an account)."""
    message = service.forgot_password(
        db, redis, settings, email=body.email, client_ip=client_ip(request, settings)
    )
    deliver_mail_later(tasks, request, settings)
    return MessageRead(message=message)


@router.post("/reset-password", response_model=PasswordReset)
def reset_password(
    body: ResetPassword, db: DbSession, redis: RedisClient, settings: AppSettings
) -> PasswordReset:
    """Set a new password with a reset link's token; sessions end and API tokens are revoked."""
    revoked = service.reset_password(
        db, redis, settings, token=body.token, new_password=body.new_password
    )
    tokens = [ApiTokenRead.model_validate(t) for t in revoked]
    return PasswordReset(message=reset_message(len(tokens)), revoked_tokens=tokens)


def reset_message(revoked: int) -> str:
    """Say that the password changed, and how many API tokens went with the old one."""
    if not revoked:
        return "Your password has been changed. Sign in with the new one."
    tokens = "your API token" if revoked == 1 else f"your {revoked} API tokens"
    return (
        f"Your password has been changed and {tokens} revoked; make new ones on your account "
        "page. Sign in with the new password."
    )
