"""Outgoing email: queued in the caller's transaction, then sent by SMTP or kept as dev mail.

A message is never silently dropped: without SMTP it is stored (and logged) in the development
mailbox; with SMTP a failed send stays pending and is retried, and is marked failed (and
logged as an error) only after `MAX_ATTEMPTS`.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import make_msgid

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from accounts.models import MailMessage
from core.db import session_scope
from core.settings import Settings

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def queue_mail(db: Session, settings: Settings, *, to: str, subject: str, body: str) -> MailMessage:
    """Add a message to the caller's transaction: delivered after commit, or kept as dev mail."""
    smtp = settings.smtp_host is not None
    message = MailMessage(
        to_address=to,
        subject=subject,
        body=body,
        transport="smtp" if smtp else "dev",
        status="pending" if smtp else "stored",
    )
    db.add(message)
    if not smtp:
        log.info("dev mailbox: to=%s subject=%r\n%s", to, subject, body)
    return message


def deliver_pending(factory: sessionmaker[Session], settings: Settings, *, limit: int = 50) -> int:
    """Send queued SMTP messages; return how many were sent. Failures stay for a retry."""
    if settings.smtp_host is None:
        return 0
    sent = 0
    with session_scope(factory) as db:
        pending = db.scalars(
            select(MailMessage)
            .where(MailMessage.status == "pending")
            .order_by(MailMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
        for message in pending:
            sent += _try_send(settings, message)
    return sent


def _try_send(settings: Settings, message: MailMessage) -> int:
    """Send one message, recording the outcome on it; return 1 if it went out."""
    message.attempts += 1
    try:
        send_smtp(settings, to=message.to_address, subject=message.subject, body=message.body or "")
    except (OSError, smtplib.SMTPException) as exc:
        message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if message.attempts >= MAX_ATTEMPTS:
            message.status = "failed"
            log.error("giving up on mail %s to %s: %s", message.id, message.to_address, exc)
        else:
            log.warning("mail %s to %s not sent yet: %s", message.id, message.to_address, exc)
        return 0
    message.status = "sent"
    message.sent_at = func.now()
    message.body = None  # links in it are secrets: keep no copy once delivered
    return 1


def send_smtp(settings: Settings, *, to: str, subject: str, body: str) -> None:
    """Send one plain-text message through the configured SMTP server."""
    assert settings.smtp_host is not None
    email = EmailMessage()
    email["From"] = settings.mail_from
    email["To"] = to
    email["Subject"] = subject
    email["Message-ID"] = make_msgid(domain="aisle")
    email.set_content(body)
    with smtplib.SMTP(
        settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_s
    ) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        smtp.send_message(email)


def list_dev_mail(
    db: Session, *, to: str | None = None, page: int = 1, size: int = 20
) -> tuple[int, Sequence[MailMessage]]:
    """Return the development mailbox (newest first), optionally for one recipient."""
    query = select(MailMessage).where(MailMessage.transport == "dev")
    if to:
        query = query.where(func.lower(MailMessage.to_address) == to.strip().lower())
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.scalars(
        query.order_by(MailMessage.id.desc()).offset((page - 1) * size).limit(size)
    ).all()
    return total, rows
