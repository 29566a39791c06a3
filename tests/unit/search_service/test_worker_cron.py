"""The worker's schedule: today's analytics are rolled up every few minutes, from start-up."""

from __future__ import annotations

from core.settings import Settings
from search_service.worker import cron_jobs


def test_today_is_rolled_up_on_the_configured_interval_and_at_start() -> None:
    jobs = {job.name: job for job in cron_jobs(Settings(rollup_today_every_minutes=10))}
    today = jobs["cron:scheduled_today_rollup"]
    assert today.minute == {0, 10, 20, 30, 40, 50}
    assert today.run_at_startup
    assert jobs["cron:scheduled_rollup"].minute == 13  # the hourly catch-up stays
