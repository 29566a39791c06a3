"""The per-account delay after failed sign-ins: none at first, then doubling, capped."""

from __future__ import annotations

from accounts.signin_throttle import delay_ms
from core.settings import Settings


def test_delays_start_after_the_free_failures_double_and_are_capped() -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        signin_delay_after_failures=3,
        signin_delay_base_s=2,
        signin_delay_max_s=60,
    )
    delays = [delay_ms(settings, n) // 1000 for n in range(0, 10)]
    assert delays == [0, 0, 0, 2, 4, 8, 16, 32, 60, 60]
    assert delay_ms(settings, 10_000) == 60_000  # a huge count neither overflows nor grows
