"""What other parts of Aisle do when a shopper signs in; accounts sits below them all.

The app registers each hook once at start (the shop merges the anonymous cart, for one), so
accounts never imports the packages that build on it.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.orm import Session


class SignInHook(Protocol):
    """Move what an anonymous shopper did into the account they signed in to."""

    def __call__(self, db: Session, *, anonymous_id: str, user_id: int) -> None:
        """Act inside the sign-in's transaction."""
        ...


_hooks: dict[str, SignInHook] = {}


def on_sign_in(name: str, hook: SignInHook) -> None:
    """Register a hook under a name (registering the same name again replaces it)."""
    _hooks[name] = hook


def run_sign_in_hooks(db: Session, *, anonymous_id: str, user_id: int) -> None:
    """Run every registered hook, in registration order."""
    for hook in _hooks.values():
        hook(db, anonymous_id=anonymous_id, user_id=user_id)
