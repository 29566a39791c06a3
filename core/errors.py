"""Error types shared by all packages; the API maps them to status codes in one place."""

from __future__ import annotations


class AisleError(Exception):
    """Base of every error Aisle raises on purpose; `status_code` is what the API answers."""

    status_code = 400
    error_type = "aisle_error"

    def __init__(self, message: str, *, loc: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.loc = loc


class NotFoundError(AisleError):
    """A requested thing does not exist."""

    status_code = 404
    error_type = "not_found"


class InvalidInputError(AisleError):
    """The caller sent something Aisle cannot accept."""

    status_code = 422
    error_type = "value_error"


class ConflictError(AisleError):
    """The request clashes with the current state (for example a job already running)."""

    status_code = 409
    error_type = "conflict"


class ServiceUnavailableError(AisleError):
    """A backing service (Postgres, Redis, Elasticsearch) cannot be reached."""

    status_code = 503
    error_type = "service_unavailable"


class UnauthorizedError(AisleError):
    """The request needs a signed-in user (or a valid API token) and has none."""

    status_code = 401
    error_type = "not_authenticated"


class ForbiddenError(AisleError):
    """The caller is known but may not do this."""

    status_code = 403
    error_type = "forbidden"


class ContentTooLargeError(AisleError):
    """The request carries more than a route takes (too many rows, too long a value)."""

    status_code = 413
    error_type = "too_large"


class TooManyRequestsError(AisleError):
    """The caller hit a rate limit or a lockout; `retry_after_s` says when to try again."""

    status_code = 429
    error_type = "rate_limited"

    def __init__(self, message: str, *, retry_after_s: int, loc: tuple[str | int, ...] = ()):
        super().__init__(message, loc=loc)
        self.retry_after_s = max(1, retry_after_s)
