"""Admin routes over accounts: find users, change roles, disable, and read the dev mailbox."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from accounts.access import Admin
from accounts.mail import list_dev_mail
from accounts.models import Role, UserStatus
from accounts.schemas import MailPage, MailRead, UserAdminUpdate, UserPage, UserRead
from accounts.users import administer_user, get_user, list_users
from core.bounds import RowId
from core.deps import DbSession, RedisClient

router = APIRouter(prefix="/api/admin", tags=["admin"])


@router.get("/users", response_model=UserPage)
def search_users(
    admin: Admin,
    db: DbSession,
    q: Annotated[str, Query(max_length=200, description="Part of an email or name")] = "",
    role: Role | None = None,
    status: UserStatus | None = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> UserPage:
    """List and search users, newest first."""
    total, users = list_users(db, q=q, role=role, status=status, page=page, size=size)
    return UserPage(
        total=total, page=page, size=size, users=[UserRead.model_validate(u) for u in users]
    )


@router.get("/users/{user_id}", response_model=UserRead)
def read_user(user_id: RowId, admin: Admin, db: DbSession) -> UserRead:
    """Return one user."""
    return UserRead.model_validate(get_user(db, user_id))


@router.patch("/users/{user_id}", response_model=UserRead)
def update_user(
    user_id: RowId, body: UserAdminUpdate, admin: Admin, db: DbSession, redis: RedisClient
) -> UserRead:
    """Change a user's role, or disable and re-enable them; their sessions end at once."""
    assert admin.user_id is not None
    user = administer_user(
        db,
        redis,
        actor_id=admin.user_id,
        user_id=user_id,
        role=body.role,
        status=UserStatus(body.status) if body.status else None,
    )
    return UserRead.model_validate(user)


@router.get("/mailbox", response_model=MailPage)
def read_mailbox(
    admin: Admin,
    db: DbSession,
    to: Annotated[
        str | None, Query(max_length=320, description="Only mail to this address")
    ] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    size: Annotated[int, Query(ge=1, le=200)] = 20,
) -> MailPage:
    """Read the development mailbox (mail kept because no SMTP server is configured)."""
    total, messages = list_dev_mail(db, to=to, page=page, size=size)
    return MailPage(
        total=total, page=page, size=size, messages=[MailRead.model_validate(m) for m in messages]
    )
