"""Finding, creating and administering users."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from redis import Redis
from sqlalchemy import func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from accounts.emails import normalize_email
from accounts.identity import Identity
from accounts.models import IdentityLink, Role, User, UserStatus
from accounts.passwords import check_strength, hash_password
from accounts.sessions import end_user_sessions
from core.errors import ConflictError, NotFoundError
from core.settings import Settings


def find_user_by_email(db: Session, email: str) -> User | None:
    """Return the user with this email (any letter case), if there is one."""
    return db.scalar(select(User).where(func.lower(User.email) == email.lower()))


def get_user(db: Session, user_id: int) -> User:
    """Return a user by id, or 404."""
    user = db.get(User, user_id)
    if user is None:
        raise NotFoundError(f"no user with id {user_id}", loc=("path", "user_id"))
    return user


def create_user(
    db: Session,
    settings: Settings,
    *,
    email: str,
    password: str,
    display_name: str,
    role: Role = Role.SHOPPER,
    status: UserStatus = UserStatus.PENDING,
) -> User:
    """Add a user to the caller's transaction after checking the email and password."""
    email = normalize_email(email)
    check_strength(
        password,
        min_length=settings.password_min_length,
        email=email,
        display_name=display_name,
    )
    if find_user_by_email(db, email) is not None:
        raise ConflictError(f"a user with email {email} already exists", loc=("body", "email"))
    return add_user(
        db,
        email=email,
        password_hash=hash_password(settings, password),
        display_name=display_name,
        role=role,
        status=status,
    )


def add_user(
    db: Session,
    *,
    email: str,
    password_hash: str,
    display_name: str,
    role: Role = Role.SHOPPER,
    status: UserStatus = UserStatus.PENDING,
) -> User:
    """Add a user whose email is normalized and password already checked and hashed."""
    user = User(
        email=email,
        display_name=display_name.strip() or email.split("@", 1)[0],
        password_hash=password_hash,
        role=role.value,
        status=status.value,
    )
    db.add(user)
    db.flush()
    return user


def contains_pattern(text: str) -> str:
    """Return a LIKE pattern matching `text` anywhere, its `%`, `_` and `\\` taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_users(
    db: Session,
    *,
    q: str = "",
    role: Role | None = None,
    status: UserStatus | None = None,
    page: int = 1,
    size: int = 50,
) -> tuple[int, Sequence[User]]:
    """Return users matching a search (email or name contains `q`), newest first."""
    query = select(User)
    if q.strip():
        pattern = contains_pattern(q.strip().lower())
        query = query.where(
            or_(
                func.lower(User.email).like(pattern, escape="\\"),
                func.lower(User.display_name).like(pattern, escape="\\"),
            )
        )
    if role is not None:
        query = query.where(User.role == role.value)
    if status is not None:
        query = query.where(User.status == status.value)
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    users = db.scalars(query.order_by(User.id.desc()).offset((page - 1) * size).limit(size)).all()
    return total, users


def administer_user(
    db: Session,
    redis: Redis[str],
    *,
    actor_id: int | None,
    user_id: int,
    role: Role | None,
    status: UserStatus | None,
) -> User:
    """Change a user's role or status; their sessions end so the change applies at once."""
    user = get_user(db, user_id)
    if user_id == actor_id and (role not in (None, Role.ADMIN) or status is UserStatus.DISABLED):
        raise ConflictError(
            "you cannot remove your own admin role or disable yourself; ask another admin",
            loc=("path", "user_id"),
        )
    changed = False
    if role is not None and role.value != user.role:
        user.role, changed = role.value, True
    if status is not None and status.value != user.status:
        user.status, changed = status.value, True
    if changed:
        user.updated_at = datetime.now(UTC)
        db.commit()
        end_user_sessions(redis, user.id)
    return user


def link_anonymous_id(db: Session, *, anonymous_id: str, user_id: int) -> None:
    """Record that this browser signed in as this user, so its earlier events count as theirs."""
    db.execute(
        insert(IdentityLink)
        .values(anonymous_id=anonymous_id, user_id=user_id)
        .on_conflict_do_nothing()
    )
    db.commit()


def actor(db: Session, who: Identity) -> str:
    """Return how the audit trail names the caller (their email)."""
    user = db.get(User, who.user_id) if who.user_id is not None else None
    return user.email if user is not None else f"user {who.user_id}"


# How some routes named the caller before they used actor(): "user 3".
LEGACY_ACTOR = re.compile(r"user (\d{1,18})")


def people_named(db: Session, names: Iterable[str]) -> dict[str, str]:
    """Map each old-style "user N" name among `names` to that user's email (when they exist)."""
    ids = {int(m.group(1)) for name in names if (m := LEGACY_ACTOR.fullmatch(name))}
    if not ids:
        return {}
    rows = db.execute(select(User.id, User.email).where(User.id.in_(ids)))
    return {f"user {user_id}": email for user_id, email in rows}
