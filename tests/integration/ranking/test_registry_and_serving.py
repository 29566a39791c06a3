"""The registry's promotion gate and rollback, and a promoted model reordering real results."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from statistics import fmean

import pytest
from elasticsearch import Elasticsearch
from fastapi.testclient import TestClient
from sqlalchemy import text, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from xgboost import XGBRanker

from accounts.models import Role
from core.errors import ConflictError
from core.settings import Settings
from ranking.dataset import build
from ranking.features import FEATURES
from ranking.holdout import compare, mean_ndcg, unpack
from ranking.models import RankingModel
from ranking.registry import active_model, from_row, promote, rollback, save_model
from ranking.tasks import train_and_offer
from ranking.train import JUDGED, fit, split_queries, train_and_save, train_model
from search_service.app import create_app
from tests.fixtures.accounts import Browser, make_user, reset_accounts
from tests.integration.ranking.test_ltr import cheapest_are_best


@pytest.fixture()
def registry(engine: Engine) -> Iterator[None]:
    """Start and end with no models, so other tests search with BM25."""
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE ranking_models RESTART IDENTITY"))
    yield
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE ranking_models RESTART IDENTITY"))


def stored(
    db: Session, model: XGBRanker, ndcg: float, features: Sequence[str] = FEATURES
) -> RankingModel:
    """Save a model to the registry with the given validation NDCG@10."""
    return save_model(
        db,
        model,
        features=features,
        metrics={"validation_ndcg@10": ndcg},
        training_data={},
        trained_by="test",
    )


# Learns next to nothing: ranks as the retrieval prior does, far below a model that learned.
BLUNT = replace(JUDGED, params={"learning_rate": 1e-6})


def test_the_gate_refuses_a_worse_model_and_rollback_restores_the_last(
    registry: None,
    indexed_catalog: int,
    es: Elasticsearch,
    settings: Settings,
    session_factory: sessionmaker[Session],
) -> None:
    dataset = build(es, settings.products_alias, cheapest_are_best(es, settings), k=30)
    with session_factory() as db:
        good, _, _ = train_and_save(db, dataset, training_data={}, trained_by="test")
        worse, _, _ = train_and_save(db, dataset, recipe=BLUNT, training_data={}, trained_by="t")
        promote(db, good.id, by="ops")
        with pytest.raises(ConflictError, match="does not beat the active model"):
            promote(db, worse.id, by="ops")
        assert active_model(db).id == good.id  # type: ignore[union-attr]
        forced = promote(db, worse.id, by="ops", force=True)
        assert forced.active
        assert (forced.promotion_note or "").startswith(
            f"forced past the quality gate: model {worse.id} does not beat"
        )
        back = rollback(db, by="ops")
        assert back.id == good.id and active_model(db).id == good.id  # type: ignore[union-attr]
        assert "rolled back from model" in (back.promotion_note or "")


def test_a_candidate_on_more_judgments_is_judged_on_its_own_held_out_queries(
    registry: None,
    indexed_catalog: int,
    es: Elasticsearch,
    settings: Settings,
    session_factory: sessionmaker[Session],
) -> None:
    full = build(es, settings.products_alias, cheapest_are_best(es, settings), k=30)
    trained_on = [c.query for c in split_queries(full)[0]]
    fewer = [c for c in full if c.query not in trained_on[:2]]  # two training queries fewer
    with session_factory() as db:
        active, _, _ = train_and_save(db, fewer, training_data={}, trained_by="test")
        promote(db, active.id, by="ops")
        # The active model's own figure, from its own split, must play no part in the gate.
        db.execute(
            update(RankingModel)
            .where(RankingModel.id == active.id)
            .values(metrics={"validation_ndcg@10": 0.0})
        )
        db.commit()
        weak, _, _ = train_and_save(db, full, recipe=BLUNT, training_data={}, trained_by="t")
        mine, theirs = (
            weak.training_data["holdout_queries"],
            active.training_data["holdout_queries"],
        )
        assert set(theirs) == set(mine) & {c.query for c in fewer}  # the same held-out queries
        held = unpack(weak.holdout or b"")
        assert sorted(c.query for c in held) == mine
        expected = (mean_ndcg(from_row(weak), held), mean_ndcg(from_row(active), held))
        assert expected[0] < expected[1]
        with pytest.raises(ConflictError) as refused:
            promote(db, weak.id, by="ops")
        assert (
            f"over model {weak.id}'s {len(mine)} held-out queries "
            f"({expected[0]:.4f} vs {expected[1]:.4f})" in refused.value.message
        )
        assert active_model(db).id == active.id  # type: ignore[union-attr]
        db.refresh(weak)
        assert weak.metrics["gate"]["against_model"] == active.id

        fuller, _, _ = train_and_save(db, full, training_data={}, trained_by="test")
        held = unpack(fuller.holdout or b"")
        found = compare(from_row(fuller), from_row(active), held)
        try:
            promote(db, fuller.id, by="ops")
            promoted = True
        except ConflictError:
            promoted = False
        assert promoted == found.passes
        db.refresh(fuller)
        assert fuller.metrics["gate"]["active_ndcg@10"] == round(found.active, 4)


def test_an_outdated_model_neither_blocks_the_gate_nor_passes_it(
    registry: None,
    indexed_catalog: int,
    es: Elasticsearch,
    settings: Settings,
    session_factory: sessionmaker[Session],
) -> None:
    model = fit(build(es, settings.products_alias, cheapest_are_best(es, settings), k=30))
    older = FEATURES[:-1]  # trained before this version added a feature: it serves BM25
    with session_factory() as db:
        stale, fresh = stored(db, model, 0.9, features=older), stored(db, model, 0.6)
        with pytest.raises(ConflictError, match="trained on other features"):
            promote(db, stale.id, by="ops", force=True)
        db.execute(update(RankingModel).where(RankingModel.id == stale.id).values(active=True))
        db.commit()
        assert promote(db, fresh.id, by="ops").id == fresh.id  # 0.6 beats a model that cannot serve
        assert fresh.promotion_note is None


def test_a_promoted_model_reorders_real_search_results(
    registry: None,
    indexed_catalog: int,
    es: Elasticsearch,
    settings: Settings,
    session_factory: sessionmaker[Session],
    engine: Engine,
) -> None:
    dataset = build(es, settings.products_alias, cheapest_are_best(es, settings), k=30)
    model, metrics = train_model(dataset)
    with session_factory() as db:
        row = save_model(
            db, model, features=FEATURES, metrics=metrics, training_data={}, trained_by="test"
        )
        promote(db, row.id, by="ops")
        model_id = row.id
    with TestClient(create_app(settings)) as client:
        learned = client.get("/api/search", params={"q": "laptop", "size": 5}).json()
        plain = client.get(
            "/api/search", params={"q": "laptop", "size": 5, "ranking": "bm25"}
        ).json()
        by_price = client.get("/api/search", params={"q": "laptop", "sort": "price_asc"}).json()
    assert learned["ranking"] == f"ltr:{model_id}" and plain["ranking"] == "bm25"
    assert by_price["ranking"] == "bm25"  # explicit sorts are never reranked
    order = [hit["product_id"] for hit in learned["results"]]
    assert order != [hit["product_id"] for hit in plain["results"]]
    assert learned["total"] == plain["total"]
    assert fmean(h["price"] for h in learned["results"]) < fmean(
        h["price"] for h in plain["results"]
    )
    with engine.connect() as connection:
        variant = connection.execute(
            text("SELECT variant FROM served_queries WHERE query_id = :q"),
            {"q": learned["query_id"]},
        ).scalar()
    assert variant == f"ltr:{model_id}"


def write_judgments(path: Path, judgments: dict[str, dict[str, int]]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["query", "docid", "rating"])
        for query, ratings in judgments.items():
            writer.writerows([query, sku, rating] for sku, rating in ratings.items())
    return path


def test_training_promotes_only_past_the_gate_and_admins_drive_the_registry(
    registry: None,
    indexed_catalog: int,
    es: Elasticsearch,
    settings: Settings,
    engine: Engine,
    session_factory: sessionmaker[Session],
    tmp_path: Path,
) -> None:
    csv_path = write_judgments(tmp_path / "j.csv", cheapest_are_best(es, settings))
    local = settings.model_copy(update={"ranking_judgments_path": csv_path, "ranking_window": 30})
    first = train_and_offer(engine, es, local, trained_by="test")
    assert first["promoted"] is True  # nothing was active
    second = train_and_offer(engine, es, local, trained_by="test")
    assert second["promoted"] is False  # the same quality does not pass the gate
    reset_accounts(engine)
    make_user(session_factory, settings, "ops@example.com", role=Role.ADMIN)
    make_user(session_factory, settings, "merch@example.com", role=Role.MERCHANDISER)
    app = create_app(settings)
    with TestClient(app):
        admin = Browser(app)
        admin.sign_in("ops@example.com")
        models = admin.get("/api/admin/models").json()
        assert [m["id"] for m in models] == [second["model_id"], first["model_id"]]
        assert [m["active"] for m in models] == [False, True] and "artifact" not in models[0]
        shopper = Browser(app)

        def served_by() -> str:
            return str(
                shopper.get("/api/search", params={"q": "laptop", "size": 3}).json()["ranking"]
            )

        assert served_by() == f"ltr:{first['model_id']}"
        refused = admin.post(f"/api/admin/models/{second['model_id']}/promote", {})
        assert refused.status_code == 409 and "does not beat" in refused.text
        forced = admin.post(
            f"/api/admin/models/{second['model_id']}/promote",
            {"force": True, "note": "same model, fresher data"},
        )
        assert (
            forced.json()["active"]
            and forced.json()["promotion_note"] == "same model, fresher data"
        )
        # A promotion applies on the next search (announced in Redis), like a merch publish.
        assert served_by() == f"ltr:{second['model_id']}"
        back = admin.post("/api/admin/models/rollback", {})
        assert back.json()["id"] == first["model_id"]
        assert served_by() == f"ltr:{first['model_id']}"

        merch = Browser(app)
        merch.sign_in("merch@example.com")
        explained = merch.get(
            "/api/search", params={"q": "laptop", "explain": "true", "size": 3}
        ).json()
        assert explained["ranking"] == f"ltr:{first['model_id']}"
        reason = explained["results"][0]["explanation"]
        assert reason["model"] == explained["ranking"] and len(reason["features"]) == len(FEATURES)
        total = sum(f["contribution"] for f in reason["features"])
        assert abs(total - reason["score"]) < 1.0  # contributions plus a bias give the score
        plain = merch.get("/api/search", params={"q": "laptop", "size": 3}).json()
        assert plain["results"][0]["explanation"] is None
        shopper = Browser(app)
        assert (
            shopper.get("/api/search", params={"q": "laptop", "explain": "true"}).status_code == 401
        )
