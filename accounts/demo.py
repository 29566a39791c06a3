"""Demo accounts for `make demo`: one per role, with a fresh random password each run."""

from __future__ import annotations

from redis import Redis
from sqlalchemy.orm import Session

from accounts.api_tokens import revoke_all_api_tokens
from accounts.models import Role, UserStatus
from accounts.passwords import hash_password
from accounts.secrets import new_secret
from accounts.sessions import end_user_sessions
from accounts.signin_throttle import forget
from accounts.users import create_user, find_user_by_email
from core.settings import Settings

DEMO_USERS = (
    (Role.SHOPPER, "shopper@example.com"),
    (Role.MERCHANDISER, "merchandiser@example.com"),
    (Role.ADMIN, "admin@example.com"),
)


def ensure_demo_user(
    db: Session, redis: Redis[str], settings: Settings, *, email: str, role: Role
) -> str:
    """Create or reset an active demo user (sessions end, tokens go); return its new password."""
    password = f"demo-{new_secret(9)}"
    user = find_user_by_email(db, email)
    if user is None:
        user = create_user(
            db,
            settings,
            email=email,
            password=password,
            display_name=f"Demo {role.value}",
            role=role,
            status=UserStatus.ACTIVE,
        )
    else:
        user.password_hash = hash_password(settings, password)
        user.role, user.status = role.value, UserStatus.ACTIVE.value
        revoke_all_api_tokens(db, user_id=user.id)  # as any new password does
    db.commit()
    end_user_sessions(redis, user.id)
    forget(redis, email)
    return password
