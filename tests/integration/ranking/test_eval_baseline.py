"""`aisle eval --baseline plain`: stock multi_match on a plain copy of the live index."""

from __future__ import annotations

import csv
from pathlib import Path

from elasticsearch import Elasticsearch
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from catalog.models import Product
from core.runtime import open_runtime
from core.settings import Settings
from ranking.baseline import plain_index, plain_report
from retrieval.plain import drop_plain_indices, ensure_plain_index
from search_service.cli import app

runner = CliRunner()


def judged_titles(session_factory: sessionmaker[Session], n: int = 8) -> dict[str, dict[str, int]]:
    """Return judgments asking for n products by their title's first three words."""
    with session_factory() as db:
        products = db.scalars(select(Product).order_by(Product.id).limit(n)).all()
        return {" ".join(p.title.split()[:3]): {p.sku: 3} for p in products}


def test_the_plain_index_copies_the_live_one_and_is_reused(
    indexed_catalog: int, es: Elasticsearch, settings: Settings
) -> None:
    with open_runtime(settings) as rt:
        name = plain_index(rt)
        uuid = es.indices.get_settings(index=name).body[name]["settings"]["index"]["uuid"]
        assert es.count(index=name)["count"] == indexed_catalog
        assert plain_index(rt) == name  # same live version: reused, not copied again
        again = es.indices.get_settings(index=name).body[name]["settings"]["index"]["uuid"]
        assert again == uuid
        # Another live version (a synced change) replaces it.
        live = name.replace("-plain-", "-")
        assert ensure_plain_index(es, settings.products_alias, f"{live}@999999") == name
        fresh = es.indices.get_settings(index=name).body[name]["settings"]["index"]["uuid"]
        assert fresh != uuid
        drop_plain_indices(es, settings.products_alias)
        assert not es.indices.exists(index=name)


def test_plain_fuzzy_finds_products_by_their_title_and_typos(
    indexed_catalog: int, session_factory: sessionmaker[Session], settings: Settings
) -> None:
    judgments = judged_titles(session_factory)
    misspelt = {q[:-1] + "x" if len(q.split()[-1]) > 4 else q: j for q, j in judgments.items()}
    with open_runtime(settings) as rt:
        exact = plain_report(rt, judgments, fuzzy=False)
        fuzzy = plain_report(rt, misspelt, fuzzy=True)
    assert exact.means()["recall_100"] == 1.0
    assert fuzzy.means()["recall_100"] >= 0.75
    assert exact.means()["ndcg"] > 0.3


def test_eval_with_the_plain_baseline_prints_both_and_the_ratio(
    live_app_url: str,
    session_factory: sessionmaker[Session],
    es: Elasticsearch,
    settings: Settings,
    tmp_path: Path,
) -> None:
    path = tmp_path / "judgments.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["query", "docid", "rating"])
        for query, judged in judged_titles(session_factory).items():
            writer.writerows([query, sku, rating] for sku, rating in judged.items())
        writer.writerow(["nothing good here", "no-such-sku", 0])  # left out: nothing rated > 0
    result = runner.invoke(
        app, ["eval", str(path), "--api", live_app_url, "--bm25", "--baseline", "plain"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("query (aisle/plain)")
    assert "OVERALL 8 queries: aisle / plain (ratio)" in lines
    ndcg = next(line for line in lines if line.strip().startswith("NDCG@10 "))
    assert ndcg.rstrip().endswith("x)")
    recall = next(line for line in lines if line.strip().startswith("recall@100(>=2)"))
    assert "1.0000 / 1.0000" in recall
    drop_plain_indices(es, settings.products_alias)
