"""Email address validation and the texts of the messages accounts send.

Messages are plain text (mail.send_smtp sends text/plain, never HTML). Every value a user chose
goes through `as_text` first, so even a name stored before the display-name policy cannot add
lines, and so paragraphs, to a message.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from email_validator import EmailNotValidError, validate_email

from core.errors import InvalidInputError
from core.settings import Settings


def normalize_email(email: str, field: str = "email") -> str:
    """Return the normalized form of an email address, or refuse it naming the problem."""
    try:
        return validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise InvalidInputError(f"not a valid email address: {exc}", loc=("body", field)) from exc


# Line breaks, tabs and other control characters, including Unicode's line separators.
CONTROL_RUNS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]+")
NAME_IN_MAIL_MAX = 100  # the display-name limit; a longer stored value is cut, not trusted


def as_text(value: str) -> str:
    """Return a user's value as one line of text for a mail body: control runs become spaces."""
    return CONTROL_RUNS.sub(" ", value).strip()[:NAME_IN_MAIL_MAX]


def link(settings: Settings, path: str, token: str) -> str:
    """Return an absolute link into the web UI carrying a token."""
    return f"{settings.public_url.rstrip('/')}{path}?token={quote(token)}"


def verification_mail(settings: Settings, name: str, token: str) -> tuple[str, str]:
    """Return the subject and body asking a new user to confirm their address."""
    hours = settings.verify_token_ttl_s // 3600
    return "Confirm your Aisle account", (
        f"Hello {as_text(name)},\n\n"
        "Confirm your email address to finish creating your Aisle account:\n\n"
        f"{link(settings, '/verify-email', token)}\n\n"
        f"The link works once and expires in {hours} hours. If you did not sign up, ignore this."
    )


def reset_mail(settings: Settings, name: str, token: str) -> tuple[str, str]:
    """Return the subject and body of a password reset link."""
    minutes = settings.reset_token_ttl_s // 60
    return "Reset your Aisle password", (
        f"Hello {as_text(name)},\n\nSomeone (hopefully you) asked to reset your Aisle password:\n\n"
        f"{link(settings, '/reset-password', token)}\n\n"
        f"The link works once and expires in {minutes} minutes. If you did not ask, ignore "
        "this; your password stays as it is."
    )


def already_registered_mail(settings: Settings, name: str) -> tuple[str, str]:
    """Return the message sent when someone signs up with an address that has an account."""
    return "Someone tried to sign up with your email", (
        f"Hello {as_text(name)},\n\n"
        "Someone tried to create an Aisle account with this address, which "
        f"already has one. To sign in go to {settings.public_url.rstrip('/')}/sign-in; if you "
        "forgot your password, use 'Forgot your password?' there. If it was not you, ignore this."
    )
