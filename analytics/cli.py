"""`aisle simulate` and `aisle eval-recs`: synthetic shoppers, and how well we recommend to them."""

from __future__ import annotations

import time

import typer

from analytics.rec_eval import evaluate, held_out_clicks
from analytics.simulate import Simulation, run
from behaviour.clusters import refresh_clusters
from behaviour.signals import refresh_signals
from core.clients import make_redis
from core.runtime import open_runtime
from core.settings import get_settings


def simulate_command(
    users: int = typer.Option(100, "--users", min=1, max=100_000, help="Simulated shoppers."),
    days: int = typer.Option(
        7, "--days", min=1, max=7, help="Days of history (events older than 7 days are refused)."
    ),
    seed: int = typer.Option(7, "--seed", help="Same seed, same shoppers and decisions."),
    api: str = typer.Option(None, "--api", help="API base URL (default: AISLE_API_HOST/PORT)."),
    held_out_days: int = typer.Option(
        0,
        "--held-out-days",
        min=0,
        max=6,
        help="End the history this many days ago, leaving them for held-out sessions.",
    ),
) -> None:
    """Run synthetic shoppers through the real HTTP API, then refresh signals and segments."""
    if days + held_out_days > 7:
        raise typer.BadParameter(
            "--days plus --held-out-days must be at most 7 (older events are refused)",
            param_hint="--held-out-days",
        )
    settings = get_settings()
    url = api or f"http://{settings.api_host}:{settings.api_port}"
    started = time.monotonic()
    with open_runtime(settings) as rt:
        sim = Simulation(api=url, users=users, days=days, seed=seed, held_out_days=held_out_days)
        counts = run(sim, rt.session_factory, settings)
        redis = make_redis(settings)
        try:
            refresh_signals(rt.engine, redis)
            refresh_clusters(rt.engine, redis)
        finally:
            redis.close()
    summary = ", ".join(f"{name} {counts[name]}" for name in sorted(counts))
    typer.echo(f"simulated in {time.monotonic() - started:.0f}s: {summary}")


def eval_recs_command(
    k: int = typer.Option(20, "--k", min=1, max=100, help="Cut-off of HitRate@k and NDCG@k."),
    seed: int = typer.Option(0, "--seed", help="Seed of the random baseline."),
) -> None:
    """Score personal, trending-only and random recommendations on held-out last clicks."""
    settings = get_settings()
    with open_runtime(settings) as rt, rt.session_factory() as db:
        cases = len(held_out_clicks(db))
        scores = evaluate(db, rt.es, settings.products_alias, k=k, seed=seed)
    typer.echo(f"{cases} shoppers, each with their last click held out")
    typer.echo(f"{'recommender':<12} {'HitRate@' + str(k):>11} {'NDCG@' + str(k):>9}")
    for name, score in scores.items():
        typer.echo(f"{name:<12} {score.hit_rate:>11.3f} {score.ndcg:>9.3f}")
