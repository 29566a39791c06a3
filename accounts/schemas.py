"""Pydantic shapes of the accounts API: what callers send and what they get back."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints

from accounts.display_names import check_display_name
from accounts.models import Role
from core.schemas import ApiModel

Email = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=320)]
# Length and strength are checked by the password policy, which names the rule broken.
Password = Annotated[str, Field(max_length=1024)]
# One line of plain text: it is written into mail (see accounts/display_names.py).
DisplayName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    AfterValidator(check_display_name),
]
OneTimeSecret = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]


class StrictBody(ApiModel):
    """A request body that refuses fields it does not know."""

    model_config = ConfigDict(extra="forbid")


class SignUp(StrictBody):
    """A new account: the email gets a verification link."""

    email: Email
    password: Password
    display_name: DisplayName


class SignIn(StrictBody):
    """Credentials for a browser session."""

    email: Email
    password: Password


class EmailOnly(StrictBody):
    """An address to send a link to (reset, or a fresh verification)."""

    email: Email


class TokenOnly(StrictBody):
    """A one-time token from an emailed link."""

    token: OneTimeSecret


class ResetPassword(StrictBody):
    """A reset token and the password that replaces the forgotten one."""

    token: OneTimeSecret
    new_password: Password


class ChangePassword(StrictBody):
    """The current password, proving it is really the owner, and the new one."""

    current_password: Password
    new_password: Password


class PasswordConfirmation(StrictBody):
    """The account's password, asked again before something irreversible."""

    password: Password


class AccountUpdate(StrictBody):
    """Profile fields the owner may change."""

    display_name: DisplayName


class UserRead(ApiModel):
    """A user as the owner and admins see it (never the password hash)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    display_name: str
    role: Literal["shopper", "merchandiser", "admin"]
    status: Literal["pending", "active", "disabled"]
    created_at: datetime
    last_login_at: datetime | None


class SessionRead(ApiModel):
    """Who the browser is, and the CSRF token its state-changing requests must send."""

    user: UserRead | None
    csrf_token: str
    anonymous_id: str


class MessageRead(ApiModel):
    """A plain confirmation for flows that must not reveal whether an email is known."""

    message: str


class ApiTokenCreate(StrictBody):
    """A new API token's name and optional lifetime."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    expires_in_days: Annotated[int | None, Field(ge=1, le=3650)] = None


class ApiTokenRead(ApiModel):
    """An API token as its owner sees it later: never the token itself."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None


class ApiTokenCreated(ApiTokenRead):
    """A token just created: the only time its secret is shown."""

    token: str


class PasswordChanged(SessionRead):
    """The session after a password change, and the API tokens the change revoked."""

    revoked_tokens: list[ApiTokenRead]


class PasswordReset(MessageRead):
    """The outcome of a reset link, and the API tokens the new password revoked."""

    revoked_tokens: list[ApiTokenRead]


class UserAdminUpdate(StrictBody):
    """What an admin may change about a user."""

    role: Role | None = None
    status: Literal["active", "disabled"] | None = None


class UserPage(ApiModel):
    """One page of users."""

    total: int
    page: int
    size: int
    users: list[UserRead]


class MailRead(ApiModel):
    """A message from the development mailbox."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    to_address: str
    subject: str
    body: str | None
    created_at: datetime
    status: str


class MailPage(ApiModel):
    """One page of the development mailbox, newest first."""

    total: int
    page: int
    size: int
    messages: list[MailRead]
