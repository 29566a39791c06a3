"""The simulator drives the real API (a running `aisle serve`); its history feeds evaluation."""

from __future__ import annotations

from redis import Redis
from sqlalchemy import text
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from search_service.cli import app as aisle
from tests.fixtures.accounts import reset_accounts

runner = CliRunner()


def test_simulated_shoppers_search_click_buy_and_can_be_evaluated(
    live_app_url: str, engine: Engine, redis_client: Redis
) -> None:
    reset_accounts(engine)
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE orders, order_items"))
    result = runner.invoke(
        aisle, ["simulate", "--users", "12", "--days", "3", "--seed", "5", "--api", live_app_url]
    )
    assert result.exit_code == 0, result.output
    counts = dict(part.split(" ") for part in result.output.split(": ", 1)[1].strip().split(", "))
    assert int(counts["searches"]) > 10 and int(counts["clicks"]) > 5
    assert "events_refused" not in counts  # every event the simulator sent was valid
    with engine.connect() as connection:
        kinds = dict(
            connection.execute(text("SELECT event_type, count(*) FROM events GROUP BY 1")).all()
        )  # type: ignore[arg-type]
        oldest = connection.execute(
            text("SELECT min(occurred_at) < now() - interval '1 day' FROM events")
        ).scalar()
    assert {"impression", "click", "product_view"} <= set(kinds) and oldest
    assert redis_client.exists("aisle:signals:popularity")  # signals refreshed at the end
    scores = runner.invoke(aisle, ["eval-recs"])
    assert scores.exit_code == 0 and "personal" in scores.output and "random" in scores.output
