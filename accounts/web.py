"""Helpers the account routes share: the client's IP and the session answer for a browser."""

from __future__ import annotations

from fastapi import BackgroundTasks, Request
from sqlalchemy.orm import Session, sessionmaker

from accounts.csrf import csrf_token
from accounts.mail import deliver_pending
from accounts.models import User
from accounts.schemas import SessionRead, UserRead
from core.proxies import client_address
from core.settings import Settings


def client_ip(request: Request, settings: Settings) -> str:
    """Return the caller's IP: the peer, or behind trusted proxies the hop they vouch for."""
    peer = request.client.host if request.client else None
    forwarded = request.headers.getlist("x-forwarded-for") if settings.trusted_proxies else []
    return client_address(peer, forwarded, settings.trusted_proxies)


def session_answer(
    settings: Settings, *, user: User | None, session_id: str | None, anonymous_id: str
) -> SessionRead:
    """Describe a browser's session together with the CSRF token that goes with it."""
    return SessionRead(
        user=UserRead.model_validate(user) if user is not None else None,
        csrf_token=csrf_token(settings, session_id=session_id, anonymous_id=anonymous_id),
        anonymous_id=anonymous_id,
    )


def deliver_mail_later(tasks: BackgroundTasks, request: Request, settings: Settings) -> None:
    """After the response, try to send queued mail now rather than at the worker's next run."""
    if settings.smtp_host is not None:
        factory: sessionmaker[Session] = request.app.state.session_factory
        tasks.add_task(deliver_pending, factory, settings)
