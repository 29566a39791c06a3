"""Routes of a signed-in user's own account: profile, password, API tokens, deletion."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request, Response, status

from accounts import history, service
from accounts.access import Caller, CurrentUser
from accounts.anonymous import new_anonymous_id
from accounts.api_tokens import create_api_token, list_api_tokens, revoke_api_token
from accounts.cookies import clear_session_cookie, set_anonymous_cookie, set_session_cookie
from accounts.schemas import (
    AccountUpdate,
    ApiTokenCreate,
    ApiTokenCreated,
    ApiTokenRead,
    ChangePassword,
    PasswordChanged,
    PasswordConfirmation,
    SessionRead,
    UserRead,
)
from accounts.sessions import create_session
from accounts.users import get_user
from accounts.web import session_answer
from core.bounds import RowId
from core.deps import AppSettings, DbSession, RedisClient
from core.schemas import ApiModel

router = APIRouter(prefix="/api/account", tags=["account"])
history_router = APIRouter(tags=["account"])


class HistoryRead(ApiModel):
    """What this browser or account searched for and looked at lately."""

    recent_searches: list[str]
    recently_viewed: list[int]


@router.get("", response_model=UserRead)
def read_account(user: CurrentUser, db: DbSession) -> UserRead:
    """Return the signed-in user's profile."""
    assert user.user_id is not None
    return UserRead.model_validate(get_user(db, user.user_id))


@router.patch("", response_model=UserRead)
def update_account(body: AccountUpdate, user: CurrentUser, db: DbSession) -> UserRead:
    """Change the signed-in user's display name."""
    assert user.user_id is not None
    account = get_user(db, user.user_id)
    account.display_name = body.display_name
    account.updated_at = datetime.now(UTC)
    db.commit()
    return UserRead.model_validate(account)


@router.post("/password", response_model=PasswordChanged)
def change_password(
    body: ChangePassword,
    user: CurrentUser,
    response: Response,
    db: DbSession,
    redis: RedisClient,
    settings: AppSettings,
) -> PasswordChanged:
    """Change the password; sessions end, API tokens are revoked, this browser gets a new id."""
    assert user.user_id is not None
    account, revoked = service.change_password(
        db,
        redis,
        settings,
        user_id=user.user_id,
        current_password=body.current_password,
        new_password=body.new_password,
    )
    session_id = None
    if user.via == "session":
        session_id = create_session(
            redis, user_id=account.id, role=account.role, idle_s=settings.session_idle_s
        )
        set_session_cookie(response, settings, session_id)
    answer = session_answer(
        settings, user=account, session_id=session_id, anonymous_id=user.anonymous_id
    )
    return PasswordChanged(
        **answer.model_dump(), revoked_tokens=[ApiTokenRead.model_validate(t) for t in revoked]
    )


@router.post("/delete", response_model=SessionRead)
def delete_account(
    body: PasswordConfirmation,
    user: CurrentUser,
    response: Response,
    db: DbSession,
    redis: RedisClient,
    settings: AppSettings,
) -> SessionRead:
    """Delete the account and its personal data, then sign this browser out."""
    assert user.user_id is not None
    service.delete_account(db, redis, settings, user_id=user.user_id, password=body.password)
    history.erase_history(redis, user.history_key)
    clear_session_cookie(response, settings)
    # A new anonymous id, so nothing left in this browser links back to the deleted account.
    anonymous_id = new_anonymous_id(settings.secret_key)
    set_anonymous_cookie(response, settings, anonymous_id)
    return session_answer(settings, user=None, session_id=None, anonymous_id=anonymous_id)


@router.get("/tokens", response_model=list[ApiTokenRead])
def read_tokens(user: CurrentUser, db: DbSession) -> list[ApiTokenRead]:
    """List the user's API tokens (never their secrets)."""
    assert user.user_id is not None
    return [ApiTokenRead.model_validate(t) for t in list_api_tokens(db, user_id=user.user_id)]


@router.post("/tokens", status_code=status.HTTP_201_CREATED, response_model=ApiTokenCreated)
def create_token(body: ApiTokenCreate, user: CurrentUser, db: DbSession) -> ApiTokenCreated:
    """Create an API token carrying the user's role; its secret is shown only in this answer."""
    assert user.user_id is not None
    token, secret = create_api_token(
        db, user_id=user.user_id, name=body.name, expires_in_days=body.expires_in_days
    )
    return ApiTokenCreated(**ApiTokenRead.model_validate(token).model_dump(), token=secret)


@router.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_token(token_id: RowId, user: CurrentUser, db: DbSession) -> Response:
    """Revoke one of the user's API tokens; it stops working at once."""
    assert user.user_id is not None
    revoke_api_token(db, user_id=user.user_id, token_id=token_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@history_router.get("/api/history", response_model=HistoryRead)
def read_history(caller: Caller, request: Request) -> HistoryRead:
    """Return this shopper's recent searches and recently viewed products."""
    searches, viewed = history.read_history(request.app.state.redis, caller.history_key)
    return HistoryRead(recent_searches=searches, recently_viewed=viewed)
