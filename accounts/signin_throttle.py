"""Failed sign-ins slow guessing down without letting a stranger lock the owner out.

Two counters per account, kept in Redis so every API process agrees:

- per (account, client IP) pair: after `lockout_failures` failures that client may not try
  the account again until `lockout_s` after the account's last failure. A stranger's wrong
  passwords shut out the stranger's address, never the owner's.
- per account, from anywhere: from the `signin_delay_after_failures`th failure on, each failure
  opens a delay window (`signin_delay_base_s`, doubling per failure, at most
  `signin_delay_max_s`). Inside the window a client that has already failed against the
  account gets 429 with Retry-After; a clean client is evaluated, but only one per window
  length, so a spray from many addresses is paced at one guess per delay, growing.

- per account, the clients that signed in to it before (for `signin_known_client_days`): such
  a client with no failures of its own skips the delay window and takes no slot, so even a
  botnet that keeps every window's slot busy cannot keep the owner out of their own account
  from where they usually sign in.

So after a stranger's 5 or 50 wrong tries from one address, the owner signs in at once from
their own; while a botnet sprays, one guess per delay gets through, and the owner's known
client is always evaluated. A success clears the account's count and window (the stranger's
pair count stays); a password reset clears them and forgets the known clients. Keys hold
digests, never emails or addresses in clear.
"""

from __future__ import annotations

import math
import time

from redis import Redis

from accounts.secrets import digest
from core.errors import TooManyRequestsError
from core.settings import Settings

FAILURES_KEY = "aisle:signin-failures:{}"  # a hash: ACCOUNT_FIELD and one field per client IP
DELAY_KEY = "aisle:signin-delay:{}"  # exists while the account's delay window is open
SLOT_KEY = "aisle:signin-slot:{}"  # a clean client's evaluation taken in the current window
KNOWN_KEY = "aisle:signin-known:{}"  # a hash: client field -> last successful sign-in (epoch s)
ACCOUNT_FIELD = "account"


def _account(email: str) -> str:
    """Return the digest naming an account in keys."""
    return digest(email.lower())[:32]


def _client_field(client_ip: str) -> str:
    """Return the hash field counting one client's failures."""
    return "ip:" + digest(client_ip)[:24]


def delay_ms(settings: Settings, failures: int) -> int:
    """Return how long the account waits after its `failures`th failure (0 before the first)."""
    extra = failures - settings.signin_delay_after_failures
    if extra < 0:
        return 0
    # Cap the exponent before raising 2 to it: 50 failures must not build a 2**47 integer.
    seconds: int = min(
        settings.signin_delay_base_s * 2 ** min(extra, 32), settings.signin_delay_max_s
    )
    return seconds * 1000


def _still_known(settings: Settings, signed_in_at: str | None) -> bool:
    """Say whether a client's last successful sign-in is recent enough to vouch for it."""
    if signed_in_at is None:
        return False
    return time.time() - float(signed_in_at) < settings.signin_known_client_days * 86_400


def _wait(ms: int) -> int:
    """Return whole seconds to wait (Retry-After) for a remaining time in milliseconds."""
    return max(1, math.ceil(ms / 1000))


def admit(redis: Redis[str], settings: Settings, *, email: str, client_ip: str) -> None:
    """Let a sign-in be evaluated, or raise 429 naming how long this client must wait."""
    account = _account(email)
    pipe = redis.pipeline()
    pipe.hmget(FAILURES_KEY.format(account), [ACCOUNT_FIELD, _client_field(client_ip)])
    pipe.pttl(FAILURES_KEY.format(account))
    pipe.pttl(DELAY_KEY.format(account))
    pipe.hget(KNOWN_KEY.format(account), _client_field(client_ip))
    (account_failures, pair_failures), failures_ttl, window_ms, known_since = pipe.execute()
    mine = int(pair_failures or 0)
    if mine >= settings.lockout_failures:
        wait = _wait(failures_ttl)
        raise TooManyRequestsError(
            f"too many failed sign-ins from this address for this account; try again in "
            f"{wait} s or reset your password",
            retry_after_s=wait,
        )
    if window_ms <= 0 or (mine == 0 and _still_known(settings, known_since)):
        return
    if mine > 0:
        wait = _wait(window_ms)
        raise TooManyRequestsError(
            f"this account has had several failed sign-ins; wait {wait} s before trying again",
            retry_after_s=wait,
        )
    slot = SLOT_KEY.format(account)
    length = max(delay_ms(settings, int(account_failures or 0)), 1)
    if not redis.set(slot, "1", nx=True, px=length):
        wait = _wait(max(redis.pttl(slot), 1))
        raise TooManyRequestsError(
            f"this account is receiving many failed sign-ins; wait {wait} s before trying again",
            retry_after_s=wait,
        )


def record_failure(redis: Redis[str], settings: Settings, *, email: str, client_ip: str) -> int:
    """Count a failed sign-in for the account and this client; return the account's count."""
    account = _account(email)
    key = FAILURES_KEY.format(account)
    pipe = redis.pipeline()
    pipe.hincrby(key, ACCOUNT_FIELD, 1)
    pipe.hincrby(key, _client_field(client_ip), 1)
    pipe.pexpire(key, settings.lockout_s * 1000)
    failures = int(pipe.execute()[0])
    window = delay_ms(settings, failures)
    if window > 0:
        redis.set(DELAY_KEY.format(account), "1", px=window)
    return failures


def record_success(redis: Redis[str], settings: Settings, *, email: str, client_ip: str) -> None:
    """After a right password: forget the account's failures and this client's; remember it."""
    account = _account(email)
    known = KNOWN_KEY.format(account)
    pipe = redis.pipeline()
    pipe.hdel(FAILURES_KEY.format(account), ACCOUNT_FIELD, _client_field(client_ip))
    pipe.delete(DELAY_KEY.format(account), SLOT_KEY.format(account))
    pipe.hset(known, _client_field(client_ip), str(time.time()))
    # The hash lives as long as its newest entry may vouch; older entries are read as expired.
    pipe.expire(known, settings.signin_known_client_days * 86_400)
    pipe.execute()


def clear_account(redis: Redis[str], email: str) -> None:
    """Forget the account's failures after a password reset; other clients' counts stay."""
    account = _account(email)
    pipe = redis.pipeline()
    pipe.hdel(FAILURES_KEY.format(account), ACCOUNT_FIELD)
    # Whoever took the account over signed in from somewhere: no client vouches any more.
    pipe.delete(DELAY_KEY.format(account), SLOT_KEY.format(account), KNOWN_KEY.format(account))
    pipe.execute()


def forget(redis: Redis[str], email: str) -> None:
    """Forget every failure of the account, from every client (demo accounts are reset)."""
    account = _account(email)
    redis.delete(
        FAILURES_KEY.format(account),
        DELAY_KEY.format(account),
        SLOT_KEY.format(account),
        KNOWN_KEY.format(account),
    )
