"""`aisle eval` and `aisle ranking`: measure relevance against judgments; learn to rank."""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

import httpx
import typer

from core.cli_errors import exit_on_refusal
from core.runtime import open_runtime
from core.settings import get_settings
from ranking.baseline import plain_report
from ranking.evaluate import EvalReport, api_searcher, evaluate
from ranking.judgments import load_judgments
from ranking.models import RankingModel
from ranking.report_table import render_comparison, render_report

if TYPE_CHECKING:
    from redis import Redis
    from sqlalchemy.orm import Session

    from merchandising.compiled import CompiledMerch
    from ranking.behaviour import ClusterLookup


class LiveState(TypedDict):
    """The live state judgment training reads (ranking.dataset.build's keywords)."""

    merch: CompiledMerch
    redis: Redis[str]


class Baseline(StrEnum):
    """What `aisle eval --baseline` measures Aisle against."""

    plain = "plain"


def eval_command(
    judgments: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="CSV with query,docid,rating."
    ),
    api: str = typer.Option(None, help="Base URL of the search API (default: the local one)."),
    k: int = typer.Option(10, min=1, max=100, help="Cut-off rank."),
    relevant_at: int = typer.Option(
        1, min=1, max=3, help="Lowest rating counted as relevant for MRR/recall@k."
    ),
    per_query: bool = typer.Option(True, help="Print each query's scores."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    bm25: bool = typer.Option(
        False, "--bm25", help="Ask for BM25 order (ranking=bm25), not the active model's."
    ),
    baseline: Baseline | None = typer.Option(
        None,
        help="Also run stock ES multi_match (title^2 + description, fuzziness AUTO) on a "
        "scratch copy of the live index and print every figure as aisle / plain.",
    ),
) -> None:
    """Report NDCG@k, NDCG'@k (condensed), judged@k, MRR, recall@k and recall@100 (>=2)."""
    settings = get_settings()
    base = api or f"http://{settings.api_host}:{settings.api_port}"
    judged = load_judgments(judgments)
    with httpx.Client(base_url=base, timeout=30) as client:

        def get_json(path: str, params: dict[str, str | int]) -> dict[str, object]:
            response = client.get(path, params={**params, **({"ranking": "bm25"} if bm25 else {})})
            response.raise_for_status()
            body: dict[str, object] = response.json()
            return body

        report = evaluate(judged, api_searcher(get_json), k=k, relevant_at=relevant_at)
    if baseline is None:
        typer.echo(render_json(report) if as_json else render_table(report, per_query=per_query))
        return
    with exit_on_refusal(), open_runtime(settings, es_timeout=60) as rt:
        plain = plain_report(rt, judged, k=k, relevant_at=relevant_at)
    if as_json:
        typer.echo(json.dumps({"aisle": _as_dict(report), "plain": _as_dict(plain)}, indent=2))
    else:
        typer.echo(render_comparison(report, plain, per_query=per_query))


def render_table(report: EvalReport, *, per_query: bool) -> str:
    """Format the report as a text table."""
    return render_report(report, per_query=per_query)


def render_json(report: EvalReport) -> str:
    """Format the report as JSON."""
    return json.dumps(_as_dict(report), indent=2)


def _as_dict(report: EvalReport) -> dict[str, object]:
    """Return the report's means and per-query scores as plain data."""
    return {"k": report.k, **report.means(), "queries": [q.__dict__ for q in report.queries]}


ranking_app = typer.Typer(
    help="Learning to rank: cross-validate, train, evaluate.", no_args_is_help=True
)


@ranking_app.command("evaluate")
def evaluate_command(
    judgments: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="A query,docid,rating CSV."
    ),
    k: int = typer.Option(100, "--k", min=10, max=500, help="Candidates reranked per query."),
    folds: int = typer.Option(5, "--folds", min=2, max=20),
    without_prior: bool = typer.Option(
        False,
        "--without-prior",
        help="Also train without the retrieval prior on the same folds (row ltr-noprior).",
    ),
) -> None:
    """Query-grouped k-fold cross-validation of LTR against retrieval order on judgments."""
    from ranking.dataset import build
    from ranking.train import cross_validate, recipe_for

    settings = get_settings()
    with open_runtime(settings, es_timeout=60) as rt, rt.session_factory() as db:
        dataset = build(rt.es, settings.products_alias, load_judgments(judgments), k=k, **_live(db))
    recipes = {"ltr": recipe_for(judged=True, clicks=False)}
    if without_prior:
        recipes["ltr-noprior"] = recipe_for(judged=True, clicks=False, retrieval_prior=False)
    results = cross_validate(dataset, folds=folds, recipes=recipes)
    typer.echo(f"{len(dataset)} queries, top {k} candidates each, {folds}-fold by query")
    typer.echo(f"{'ranking':<11} {'NDCG@10':>8} {'MRR':>7} {'recall@10':>10}")
    for name, result in results.items():
        typer.echo(f"{name:<11} {result.ndcg:>8.3f} {result.mrr:>7.3f} {result.recall:>10.3f}")


@ranking_app.command("train")
def train_command(
    judgments: Path = typer.Argument(
        None,
        exists=True,
        dir_okay=False,
        help="A query,docid,rating CSV (optional with --behaviour).",
    ),
    behaviour: bool = typer.Option(
        False,
        "--behaviour",
        help="Also learn from logged searches (clicks on what was shown, debiased for position).",
    ),
    k: int = typer.Option(100, "--k", min=10, max=500, help="Candidates per query."),
    promote_it: bool = typer.Option(False, "--promote", help="Promote it if it passes the gate."),
    prior: bool = typer.Option(
        True,
        "--prior/--no-prior",
        help="Start the trees from retrieval order (ranking.prior); --no-prior to measure "
        "without it on the same held-out queries.",
    ),
) -> None:
    """Train a ranker on judgments and/or behaviour (80/20 split by query), store it, promote it."""
    from ranking.behaviour import build_from_behaviour, logged_searches
    from ranking.dataset import build
    from ranking.registry import promote
    from ranking.train import recipe_for, train_and_save

    if judgments is None and not behaviour:
        raise typer.BadParameter("give a judgments CSV, --behaviour, or both")
    settings = get_settings()
    with open_runtime(settings, es_timeout=60) as rt, rt.session_factory() as db:
        alias = settings.products_alias
        live = _live(db)
        dataset = build(rt.es, alias, load_judgments(judgments), k=k, **live) if judgments else []
        searches = logged_searches(db) if behaviour else []
        dataset += build_from_behaviour(
            db, rt.es, alias, searches, k=k, clusters=_clusters(), redis=live["redis"]
        )
        if len(dataset) < 2:
            typer.secho(
                "refused: fewer than 2 queries to learn from", fg=typer.colors.RED, err=True
            )
            raise typer.Exit(2)
        row, _, metrics = train_and_save(
            db,
            dataset,
            recipe=recipe_for(judged=bool(judgments), clicks=bool(searches), retrieval_prior=prior),
            training_data={
                "judgments": str(judgments) if judgments else None,
                "logged_searches": len(searches),
                "k": k,
            },
            trained_by="cli",
        )
        typer.echo(f"model {row.id}: " + ", ".join(f"{n} {v}" for n, v in metrics.items()))
        if promote_it:
            _gated(lambda: promote(db, row.id, by="cli"), announce=rt.redis)


@ranking_app.command("list")
def list_command() -> None:
    """List the stored models, newest first; * marks the active one."""
    from ranking.registry import GATE_METRIC, list_models

    settings = get_settings()
    with open_runtime(settings) as rt, rt.session_factory() as db:
        for row in list_models(db):
            mark = "*" if row.active else " "
            when = (
                f"{row.promoted_at:%Y-%m-%d %H:%M} by {row.promoted_by}"
                if row.promoted_at
                else "never promoted"
            )
            typer.echo(
                f"{mark} {row.id:>4}  {GATE_METRIC} {row.metrics.get(GATE_METRIC, 0):.4f}"
                f" on {row.metrics.get('validation_queries', '?')} own held-out queries"
                f"  trained {row.created_at:%Y-%m-%d %H:%M}  promoted {when}{_gate_line(row)}"
            )


def _gate_line(row: RankingModel) -> str:
    """Return the gate's last comparison of a model, if it ran: both figures, one query set."""
    found = row.metrics.get("gate")
    if not isinstance(found, dict):
        return ""
    return (
        f"  gate: {found['ndcg@10']:.4f} vs model {found['against_model']}"
        f" {found['active_ndcg@10']:.4f} on {found['held_out_queries']} queries"
    )


@ranking_app.command("promote")
def promote_command(
    model_id: int,
    force: bool = typer.Option(
        False, "--force", help="Promote even if it does not beat the active."
    ),
    note: str = typer.Option(None, "--note", help="Why (recorded)."),
) -> None:
    """Make a model active if it beats the active one on NDCG@10 over its held-out queries."""
    from ranking.registry import promote

    settings = get_settings()
    with open_runtime(settings) as rt, rt.session_factory() as db:
        _gated(lambda: promote(db, model_id, by="cli", force=force, note=note), announce=rt.redis)


@ranking_app.command("rollback")
def rollback_command() -> None:
    """Re-activate the model promoted before the active one."""
    from ranking.registry import rollback

    settings = get_settings()
    with open_runtime(settings) as rt, rt.session_factory() as db:
        _gated(lambda: rollback(db, by="cli"), announce=rt.redis)


def _gated(action: Callable[[], RankingModel], *, announce: Redis[str]) -> None:
    """Run a registry action, announce it to every API process and report it, or exit 2 with
    the reason it was refused."""
    from ranking.rerank import announce_active

    with exit_on_refusal("refused"):
        row = action()
    announce_active(announce)
    typer.echo(f"model {row.id} is active (search applies it from the next request)")


@ranking_app.command("evaluate-behaviour")
def evaluate_behaviour_command(
    k: int = typer.Option(100, "--k", min=10, max=500, help="Candidates per query."),
) -> None:
    """On logged searches (e.g. from `aisle simulate`): BM25 vs LTR vs LTR with shopper features."""
    from ranking.behaviour import compare_personalization, time_split

    settings = get_settings()
    with open_runtime(settings, es_timeout=60) as rt, rt.session_factory() as db:
        split = time_split(db)
        results = compare_personalization(
            db,
            rt.es,
            settings.products_alias,
            split,
            k=k,
            clusters=_clusters(),
            redis=_live(db)["redis"],
        )
    searches = sum(map(len, split))
    typer.echo(
        f"{searches} logged searches with clicks; trained on the first 75%, tested on the rest"
    )
    typer.echo(f"{'ranking':<12} {'NDCG@10':>8} {'MRR':>7} {'CTR@1':>7} {'CTR@3':>7}")
    for name, r in results.items():
        typer.echo(f"{name:<12} {r.ndcg:>8.3f} {r.mrr:>7.3f} {r.ctr_at_1:>7.3f} {r.ctr_at_3:>7.3f}")


def _clusters() -> ClusterLookup:
    """Return a lookup of shoppers' segments in this configuration's Redis."""
    from behaviour.clusters import ClusterCache
    from core.clients import make_redis

    cache = ClusterCache(make_redis(get_settings()))
    return cache.view


def _live(db: Session) -> LiveState:
    """Return what judgment training reads as serving does: published merch, the CTRs' Redis."""
    from core.clients import make_redis
    from ranking.context import published_merch

    return {"merch": published_merch(db), "redis": make_redis(get_settings())}
