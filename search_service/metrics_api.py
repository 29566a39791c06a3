"""`GET /metrics`: the process's Prometheus metrics plus figures read at scrape time.

Counters and histograms (requests, backend calls, cache hits, jobs run in this process) come
from prometheus_client's default registry. What lives in Postgres or in the app state (recent
jobs by kind and status, the outbox backlog, the model in use) is read when scraped by
`AppStateCollector`, with a short statement timeout; a part that fails is left out and
counted in `aisle_scrape_errors`, so a down Postgres never turns /metrics into a 500.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from sqlalchemy import text
from sqlalchemy.orm import Session

from accounts.access import PUBLIC
from core.errors import UnauthorizedError
from core.metrics_auth import TOKEN_HINT, bearer_matches
from indexer.outbox import backlog
from search_service.runtime import SearchRuntime, Serving

log = logging.getLogger(__name__)

router = APIRouter(tags=["operations"])

# Scrape-time queries must stay cheap; a slow database is reported, not waited for.
SCRAPE_STATEMENT_TIMEOUT_MS = 2000
# Jobs created in this window are counted by kind and status (the created_at index serves it).
RECENT_JOBS_SQL = text(
    """
    SELECT kind, status, count(*) AS jobs
    FROM jobs
    WHERE created_at > now() - interval '24 hours'
    GROUP BY kind, status
    """
)


class AppStateCollector:
    """Collect, at scrape time, the figures kept in Postgres and in the API's state."""

    def __init__(self, state: SearchRuntime) -> None:
        self.state = state

    def collect(self) -> Iterator[Metric]:
        """Yield the jobs, outbox and model gauges, and how many parts failed to be read."""
        errors = GaugeMetricFamily(
            "aisle_scrape_errors",
            "Parts of this scrape that could not be read (their metrics are missing).",
            labels=["source"],
        )
        postgres_ok = True
        for source, part in (("jobs", self._jobs), ("outbox", self._outbox)):
            # Once Postgres failed, the next part would only wait for the same timeout.
            metrics = _read(source, part) if postgres_ok else None
            postgres_ok = metrics is not None
            errors.add_metric([source], 0 if postgres_ok else 1)
            yield from metrics or ()
        model = _read("ranking_model", lambda: self._model(refresh=postgres_ok))
        errors.add_metric(["ranking_model"], 0 if model is not None else 1)
        yield from model or ()
        yield errors

    def _session(self) -> Session:
        """Open a session whose statements give up quickly."""
        session: Session = self.state.session_factory()
        session.execute(text(f"SET LOCAL statement_timeout = {SCRAPE_STATEMENT_TIMEOUT_MS}"))
        return session

    def _jobs(self) -> Iterable[Metric]:
        """Count the last 24 hours' jobs by kind and status, and the failures among them."""
        with self._session() as db:
            rows = db.execute(RECENT_JOBS_SQL).all()
        recent = GaugeMetricFamily(
            "aisle_jobs_recent",
            "Jobs created in the last 24 hours, by kind and current status (from Postgres).",
            labels=["kind", "status"],
        )
        failures = GaugeMetricFamily(
            "aisle_job_failures_24h",
            "Jobs created in the last 24 hours that failed, by kind (from Postgres).",
            labels=["kind"],
        )
        failed: dict[str, int] = {}
        for kind, status, count in rows:
            recent.add_metric([kind, status], count)
            failed[kind] = failed.get(kind, 0) + (count if status == "failed" else 0)
        for kind, count in sorted(failed.items()):
            failures.add_metric([kind], count)
        return [recent, failures]

    def _outbox(self) -> Iterable[Metric]:
        """Report the product changes not yet in Elasticsearch and the oldest one's age."""
        with self._session() as db:
            pending, oldest_age = backlog(db)
        return [
            GaugeMetricFamily(
                "aisle_outbox_pending",
                "Product changes waiting in the outbox to reach Elasticsearch.",
                value=pending,
            ),
            GaugeMetricFamily(
                "aisle_outbox_oldest_age_seconds",
                "Age of the oldest pending outbox entry (0 when none is pending).",
                value=oldest_age or 0.0,
            ),
        ]

    def _model(self, *, refresh: bool) -> Iterable[Metric]:
        """Name the ranking model this API serves ("none": BM25 alone)."""
        ranker = self.state.ranker
        # get() re-checks Postgres now and then (as a search would); not when it is down.
        reranker = ranker.get() if refresh else ranker.current
        info = GaugeMetricFamily(
            "aisle_ranking_model_info",
            "The ranking model in use by this API process (version none: BM25 alone).",
            labels=["version"],
        )
        info.add_metric([str(reranker.model_id) if reranker is not None else "none"], 1)
        return [info]


def _read(source: str, part: Callable[[], Iterable[Metric]]) -> list[Metric] | None:
    """Return one part's metrics, or None (logged) if it could not be read."""
    try:
        return list(part())
    except Exception as exc:  # a failing part is reported in the scrape, never a failed scrape
        log.warning("metrics: could not read %s: %s: %s", source, type(exc).__name__, exc)
        return None


class _Scrape:
    """One app's scrape-time collector, then the default registry."""

    def __init__(self, state: SearchRuntime) -> None:
        self.app_state = AppStateCollector(state)

    def collect(self) -> Iterator[Metric]:
        """Yield every metric of one scrape (the scrape's own queries show in this one)."""
        yield from list(self.app_state.collect())
        yield from REGISTRY.collect()


def _check_token(request: Request) -> None:
    """Refuse a scrape without the bearer token, when one is configured."""
    token: str = request.app.state.settings.metrics_token
    if not bearer_matches(request.headers.get("authorization", ""), token):
        raise UnauthorizedError(TOKEN_HINT)


@router.get("/metrics", include_in_schema=False, dependencies=[PUBLIC])
def metrics(request: Request, runtime: Serving) -> Response:
    """Return the Prometheus metrics (bearer token required when AISLE_METRICS_TOKEN is set)."""
    _check_token(request)
    body = generate_latest(_Scrape(runtime))
    return Response(content=body, media_type=CONTENT_TYPE_LATEST)
