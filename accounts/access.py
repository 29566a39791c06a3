"""Role checks as FastAPI dependencies; every route must carry exactly one access decision.

`api_endpoints(app.routes)` reads the decisions back, so a test (and the app factory) can refuse a
route that was added without one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import BaseRoute

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
async def anyone() -> None:
    """Let anyone in: the route is public by decision, not by omission."""
    # async: FastAPI runs a plain `def` dependency in the thread pool, a hop for nothing here.


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


@dataclass(frozen=True)
class Endpoint:
    """One API route as served (router prefixes and dependencies applied) with its decision."""

    methods: frozenset[str]
    path: str
    access: Access | None


def api_endpoints(routes: Sequence[BaseRoute]) -> list[Endpoint]:
    """List every API route of an app, including those of included routers."""
    return [
        Endpoint(frozenset(context.methods or ()), str(context.path), _decision(context.dependant))
        for context in iter_route_contexts(routes)
        if isinstance(context.original_route, APIRoute)
    ]


def _decision(dependant: Dependant) -> Access | None:
    """Return the strictest access decision in a dependency tree, or None."""
    levels = _levels(dependant)
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


def undecided_routes(routes: Sequence[BaseRoute]) -> list[str]:
    """Name the API routes that carry no access decision."""
    return [
        f"{' '.join(sorted(endpoint.methods))} {endpoint.path}"
        for endpoint in api_endpoints(routes)
        if endpoint.access is None
    ]
