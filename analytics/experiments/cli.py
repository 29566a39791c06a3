"""`aisle experiments`: create, start, stop and read experiments; promote a winner."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import typer
from pydantic import ValidationError

from core.cli_errors import exit_on_refusal
from core.clients import make_redis
from core.runtime import open_runtime
from core.settings import get_settings

experiments_app = typer.Typer(
    help="Experiments: A/B tests and interleaving over ranking configurations.",
    no_args_is_help=True,
)
BY = "cli"
T = TypeVar("T")


def parse_arm(spec: str) -> dict[str, Any]:
    """Parse NAME:RANKING[:model=N][:merch=N][:weight=N] into an arm."""
    name, _, rest = spec.partition(":")
    ranking, *options = rest.split(":") if rest else [""]
    arm: dict[str, Any] = {"name": name, "ranking": ranking}
    keys = {"model": "model_id", "merch": "merch_version", "weight": "weight"}
    for option in options:
        key, _, value = option.partition("=")
        if key not in keys or not value.isdigit():
            raise typer.BadParameter(
                f"{spec!r}: options are model=N, merch=N and weight=N", param_hint="--arm"
            )
        arm[keys[key]] = int(value)
    return arm


def _run(work: Callable[[Any], T]) -> T:
    """Run `work` with a database session; refusals end the command with their message."""
    with open_runtime(get_settings()) as rt, rt.session_factory() as db, exit_on_refusal():
        return work(db)


@experiments_app.command("create")
def create_command(
    name: str = typer.Argument(..., help="A unique name."),
    arms: list[str] = typer.Option(
        ..., "--arm", help="NAME:RANKING[:model=N][:merch=N][:weight=N]; the first is the control."
    ),
    mode: str = typer.Option("ab", "--mode", help="ab or interleave."),
    traffic: int = typer.Option(100, "--traffic", help="Percent of shoppers in the experiment."),
    alpha: float = typer.Option(0.05, "--alpha", help="Significance level."),
    mde: float = typer.Option(
        0.1,
        "--mde",
        help="A/B: relative CTR lift to detect (0.1 = 10 %); interleave: preference margin "
        "(0.1 = a 60 % share of wins).",
    ),
    power: float = typer.Option(0.8, "--power", help="Chance to detect a lift of --mde."),
    baseline: float = typer.Option(
        None, "--baseline-ctr", help="Assumed CTR to plan with (default: the last 30 days)."
    ),
) -> None:
    """Create a draft experiment (RANKING: bm25, ltr or ltr_personal)."""
    from analytics.experiments.schemas import ExperimentCreate
    from analytics.experiments.service import create

    try:
        body = ExperimentCreate(
            name=name,
            mode=mode,
            arms=[parse_arm(spec) for spec in arms],
            traffic_percent=traffic,
            alpha=alpha,
            power=power,
            min_detectable_effect=mde,
            baseline_ctr=baseline,
        )
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise typer.BadParameter(problems) from None
    row = _run(lambda db: create(db, body, by=BY))
    typer.echo(f"experiment {row.id} {row.name!r} created as a draft; {plan_text(row)}")


def plan_text(row: Any) -> str:
    """Say what the experiment's fixed horizon is and what it rests on."""
    if row.mode != "ab":
        from analytics.experiments.schemas import ExperimentRead

        planned = ExperimentRead.model_validate(row).planned_preference_queries
        if planned is None:
            return "no plan (the preference margin --mde must be below 0.5), so no winner"
        return (
            f"plan: {planned:,} queries with a preference (clicked, not tied) to detect a "
            f"{0.5 + row.min_detectable_effect:.0%} share of wins for either ranker "
            f"(sign test, alpha {row.alpha:g}, power {row.power:g})"
        )
    if row.planned_shoppers_per_arm is None:
        return "no plan (no recent searches to plan from: give --baseline-ctr), so no winner"
    return (
        f"plan: {row.planned_shoppers_per_arm:,} shoppers per arm to detect a "
        f"{row.min_detectable_effect:.0%} CTR lift from {row.baseline_ctr:.1%} "
        f"(alpha {row.alpha:g}, power {row.power:g}; {row.plan_basis})"
    )


@experiments_app.command("list")
def list_command() -> None:
    """List experiments, newest first."""
    from analytics.experiments.service import list_all

    for row in _run(list_all):
        arms = ", ".join(arm["name"] for arm in row.arms)
        state = f"{row.id:>4}  {row.status:<8} {row.mode:<10} {row.traffic_percent:>3} %"
        typer.echo(f"{state}  {row.name}  [{arms}]")


@experiments_app.command("start")
def start_command(experiment_id: int = typer.Argument(..., help="The experiment's id.")) -> None:
    """Start a draft on free traffic."""
    from analytics.experiments.service import start
    from analytics.experiments.serving import bump

    row = _run(lambda db: start(db, experiment_id))
    bump(make_redis(get_settings()))
    end = (row.bucket_start or 0) + row.traffic_percent - 1
    typer.echo(f"experiment {row.id} running on traffic buckets {row.bucket_start}-{end}")


@experiments_app.command("stop")
def stop_command(experiment_id: int = typer.Argument(..., help="The experiment's id.")) -> None:
    """Stop a running experiment (its data stays)."""
    from analytics.experiments.service import stop
    from analytics.experiments.serving import bump

    row = _run(lambda db: stop(db, experiment_id))
    bump(make_redis(get_settings()))
    typer.echo(f"experiment {row.id} stopped")


@experiments_app.command("results")
def results_command(experiment_id: int = typer.Argument(..., help="The experiment's id.")) -> None:
    """Print the results as JSON: figures per arm, tests with intervals, the decision."""
    from analytics.experiments.results import results
    from analytics.experiments.service import get

    found = _run(lambda db: results(db, get(db, experiment_id)))
    typer.echo(found.model_dump_json(indent=2))


@experiments_app.command("promote")
def promote_command(
    experiment_id: int = typer.Argument(..., help="The experiment's id."),
    arm: str = typer.Argument(..., help="The winning arm's name."),
) -> None:
    """Make the winning arm's model or merch version everyone's."""
    from analytics.experiments.promote import promote_arm
    from analytics.experiments.service import get
    from analytics.experiments.serving import bump
    from merchandising.published import announce
    from ranking.rerank import announce_active

    message, version = _run(lambda db: promote_arm(db, get(db, experiment_id), arm, by=BY))
    redis = make_redis(get_settings())
    if version is not None:
        announce(redis, version.token)
    announce_active(redis)  # a no-op reload when the model did not change
    bump(redis)
    typer.echo(message)


@experiments_app.command("rehearse")
def rehearse_command(
    experiment_id: int = typer.Argument(..., help="A running experiment's id."),
    users: int = typer.Option(200, "--users", min=1, max=100_000, help="Shoppers at most."),
    days: int = typer.Option(3, "--days", min=1, max=7, help="Days each shopper shops."),
    seed: int = typer.Option(11, "--seed", help="Same seed, same shoppers and decisions."),
    every: int = typer.Option(10, "--every", min=1, help="Read the results every N sessions."),
    api: str = typer.Option(None, "--api", help="API base URL (default: AISLE_API_HOST/PORT)."),
) -> None:
    """Run simulated shoppers through the API until the experiment reaches its planned horizon."""
    from analytics.experiment_sim import rehearse
    from analytics.simulate import Simulation

    settings = get_settings()
    url = api or f"http://{settings.api_host}:{settings.api_port}"
    with open_runtime(settings) as rt, exit_on_refusal():
        done = rehearse(
            Simulation(api=url, users=users, days=days, seed=seed),
            rt.session_factory,
            settings,
            experiment_id,
            check_every=every,
        )
    typer.echo(
        f"{done.shoppers} shoppers, {done.sessions} sessions, {done.searches} searches: "
        f"{done.results.decision}"
    )
    if done.results.sample_ratio is not None:
        typer.echo(done.results.sample_ratio.verdict)
