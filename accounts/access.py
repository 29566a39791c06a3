"""Role checks as FastAPI dependencies; every route must carry exactly one access decision.

`route_access(route)` reads the decision back, so a test (and the app factory) can refuse a
route that was added without one.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from accounts.identity import Identity, resolve_identity
from accounts.models import Role
from core.errors import ForbiddenError, UnauthorizedError

F = TypeVar("F", bound=Callable[..., Any])


class Access(IntEnum):
    """Who may call a route, from anyone to admins only."""

    PUBLIC = 0
    SIGNED_IN = 1
    MERCHANDISER = 2
    ADMIN = 3


ROLE_ACCESS = {
    Role.SHOPPER: Access.SIGNED_IN,
    Role.MERCHANDISER: Access.MERCHANDISER,
    Role.ADMIN: Access.ADMIN,
}


def decides(level: Access) -> Callable[[F], F]:
    """Mark a dependency as the access decision of the routes that use it."""

    def mark(function: F) -> F:
        function.access_level = level  # type: ignore[attr-defined]
        return function

    return mark


@decides(Access.PUBLIC)
def anyone() -> None:
    """Let anyone in: the route is public by decision, not by omission."""


@decides(Access.PUBLIC)
def any_caller(request: Request) -> Identity:
    """Return whoever is asking, signed in or anonymous."""
    return resolve_identity(request)


def _require(request: Request, level: Access) -> Identity:
    """Return the caller if they hold `level`; 401 for nobody, 403 for too small a role."""
    identity = resolve_identity(request)
    if identity.role is None:
        raise UnauthorizedError("sign in first (or send an API token) to do this")
    if ROLE_ACCESS[identity.role] < level:
        needed = "merchandiser or admin" if level is Access.MERCHANDISER else "admin"
        raise ForbiddenError(
            f"this needs the {needed} role; you are signed in as a {identity.role.value}"
        )
    return identity


@decides(Access.SIGNED_IN)
def signed_in_user(request: Request) -> Identity:
    """Require a signed-in user of any role."""
    return _require(request, Access.SIGNED_IN)


@decides(Access.MERCHANDISER)
def merchandiser_user(request: Request) -> Identity:
    """Require a merchandiser or an admin."""
    return _require(request, Access.MERCHANDISER)


@decides(Access.ADMIN)
def admin_user(request: Request) -> Identity:
    """Require an admin."""
    return _require(request, Access.ADMIN)


PUBLIC = Depends(anyone)
Caller = Annotated[Identity, Depends(any_caller)]
CurrentUser = Annotated[Identity, Depends(signed_in_user)]
Merchandiser = Annotated[Identity, Depends(merchandiser_user)]
Admin = Annotated[Identity, Depends(admin_user)]


def route_access(route: APIRoute) -> Access | None:
    """Return the strictest access decision a route's dependencies carry, or None."""
    levels = _levels(route.dependant)
    return max(levels) if levels else None


def _levels(dependant: Dependant) -> list[Access]:
    """Collect access marks from a dependency tree."""
    found: list[Access] = []
    for dependency in dependant.dependencies:
        level = getattr(dependency.call, "access_level", None)
        if isinstance(level, Access):
            found.append(level)
        found.extend(_levels(dependency))
    return found


def undecided_routes(routes: list[Any]) -> list[str]:
    """Name the API routes that carry no access decision."""
    return [
        f"{' '.join(sorted(route.methods or ()))} {route.path}"
        for route in routes
        if isinstance(route, APIRoute) and route_access(route) is None
    ]
