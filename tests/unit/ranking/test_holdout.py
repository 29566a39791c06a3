"""Held-out queries follow from the query text alone; the gate scores both models on them."""

from __future__ import annotations

import hashlib
import math
import random

import numpy as np
import pytest
from xgboost import XGBRanker

from ranking.dataset import QueryCandidates
from ranking.features import FEATURES
from ranking.holdout import compare, is_held_out, mean_ndcg, pack, split, unpack
from ranking.models import RankingModel
from ranking.prior import RANK_COLUMN, model_priors
from ranking.registry import gate, to_bytes
from ranking.train import JUDGED, cross_validate, fit, recipe_for, split_queries

SIGNAL = FEATURES.index("price_relative")


def _group(query: str, rng: np.random.Generator, size: int = 20) -> QueryCandidates:
    """One query's candidates: the lower SIGNAL, the better, retrieval order unrelated."""
    rows = rng.normal(size=(size, len(FEATURES)))
    rows[:, RANK_COLUMN] = np.arange(1, size + 1)
    grades = [int(r[SIGNAL] < -0.5) * 3 for r in rows]
    skus = [f"{query}-{i}" for i in range(size)]
    return QueryCandidates(
        query=query,
        skus=skus,
        features=rows.tolist(),
        grades=grades,
        judged=dict(zip(skus, grades, strict=True)),
    )


def _dataset(queries: list[str], seed: int = 3) -> list[QueryCandidates]:
    rng = np.random.default_rng(seed)
    return [_group(q, rng) for q in queries]


def _held(dataset: list[QueryCandidates]) -> set[str]:
    return {c.query for c in split(dataset)[1]}


def test_a_querys_side_does_not_depend_on_the_rest_of_the_training_set() -> None:
    queries = [f"query {n}" for n in range(300)]
    small, large = _dataset(queries[:120]), _dataset(queries)
    assert _held(small) == _held(large) & set(queries[:120])
    shuffled = list(large)
    random.Random(5).shuffle(shuffled)
    assert _held(shuffled) == _held(large)
    assert 0.12 < len(_held(large)) / len(large) < 0.28  # about the 20 % share
    train, held = split(large)
    assert not {c.query for c in train} & _held(large) and len(train) + len(held) == len(large)


def test_case_and_spacing_do_not_move_a_query_and_the_salt_draws_another_set() -> None:
    queries = [f"Query {n}" for n in range(200)]
    assert all(is_held_out(q) == is_held_out(f"  {q.lower()} ") for q in queries)
    assert {q for q in queries if is_held_out(q)} != {q for q in queries if is_held_out(q, salt=8)}


def test_every_search_of_one_query_lands_on_one_side() -> None:
    rng = np.random.default_rng(1)
    dataset = [_group(f"q{n % 40}", rng) for n in range(200)]
    train, held = split_queries(dataset)
    assert not {c.query for c in train} & {c.query for c in held}


def test_tiny_sets_keep_both_sides_non_empty() -> None:
    for n in range(2, 6):
        train, held = split(_dataset([f"tiny {n} {i}" for i in range(n)]))
        assert train and held


def test_packed_groups_score_exactly_as_the_originals() -> None:
    dataset = _dataset([f"q{n}" for n in range(30)])
    dataset[0].features[0][SIGNAL] = math.nan  # a missing feature survives the round trip
    model = fit(dataset)
    back = unpack(pack(dataset))
    assert [c.query for c in back] == [c.query for c in dataset]
    assert back[3].skus == dataset[3].skus and back[3].judged == dataset[3].judged
    assert math.isnan(back[0].features[0][SIGNAL])
    assert mean_ndcg(model, back) == mean_ndcg(model, dataset)


def test_compare_scores_both_models_on_the_same_rows() -> None:
    dataset = _dataset([f"q{n}" for n in range(60)])
    train, held = split(dataset)
    learned = fit(train)
    blind = fit(_dataset([f"noise {n}" for n in range(60)], seed=9)[:2])  # learned nothing
    found = compare(learned, blind, held)
    assert found.passes and found.queries == len(held)
    assert found.candidate == mean_ndcg(learned, held) and found.active == mean_ndcg(blind, held)
    assert not compare(learned, learned, held).passes  # a tie keeps the active model
    with pytest.raises(ValueError, match="no held-out queries"):
        compare(learned, blind, [])


def _row(
    model_id: int, model: XGBRanker, held: list[QueryCandidates] | None, split_rule: str = "hash"
) -> RankingModel:
    """A registry row as training stores it (never saved: the gate only reads it)."""
    artifact = to_bytes(model)
    return RankingModel(
        id=model_id,
        features=list(FEATURES),
        metrics={"validation_ndcg@10": 0.99},  # stored figures are never what the gate compares
        training_data={"split": split_rule},
        artifact=artifact,
        checksum=hashlib.sha256(artifact).hexdigest(),
        holdout=pack(held) if held is not None else None,
    )


def test_the_gate_refuses_naming_both_figures_and_the_query_count() -> None:
    dataset = _dataset([f"q{n}" for n in range(60)])
    train, held = split(dataset)
    strong, weak = fit(train), fit(train[:2])
    refusal = gate(_row(2, weak, held), _row(1, strong, None))
    theirs, mine = mean_ndcg(strong, held), mean_ndcg(weak, held)
    assert refusal == (
        f"model 2 does not beat the active model 1 on NDCG@10 over model 2's {len(held)} "
        f"held-out queries ({mine:.4f} vs {theirs:.4f})"
    )
    candidate = _row(3, strong, held)
    assert gate(candidate, _row(1, weak, None)) is None
    assert candidate.metrics["gate"] == {
        "against_model": 1,
        "held_out_queries": len(held),
        "ndcg@10": round(theirs, 4),
        "active_ndcg@10": round(mine, 4),
    }


def test_the_gate_refuses_a_candidate_without_held_out_rows_and_flags_another_split() -> None:
    dataset = _dataset([f"q{n}" for n in range(60)])
    train, held = split(dataset)
    model = fit(train)
    assert "stored no held-out queries" in (gate(_row(2, model, None), _row(1, model, held)) or "")
    other = gate(_row(2, model, held), _row(1, model, None, split_rule="old"))
    assert other is not None and "may have trained on some of these queries" in other


def test_training_without_the_retrieval_prior_is_one_flag_and_shares_the_folds() -> None:
    assert recipe_for(judged=True, clicks=False, retrieval_prior=False).prior == 0.0
    assert recipe_for(judged=True, clicks=True, retrieval_prior=False).uptake_prior > 0
    dataset = _dataset([f"q{n}" for n in range(25)])
    plain = fit(dataset, recipe=recipe_for(judged=True, clicks=False, retrieval_prior=False))
    assert model_priors(plain).retrieval == 0.0 and model_priors(fit(dataset)).retrieval > 0
    results = cross_validate(
        dataset,
        folds=5,
        recipes={
            "ltr": JUDGED,
            "again": JUDGED,
            "noprior": recipe_for(judged=True, clicks=False, retrieval_prior=False),
        },
    )
    assert set(results) == {"bm25", "ltr", "again", "noprior"}
    assert results["ltr"] == results["again"]  # same folds, same training


def test_the_model_list_shows_the_gates_comparison_on_one_query_set() -> None:
    from ranking.cli import _gate_line

    row = RankingModel(metrics={"validation_ndcg@10": 0.8239})
    assert _gate_line(row) == ""
    row.metrics = {
        "gate": {"against_model": 4, "held_out_queries": 13, "ndcg@10": 0.8, "active_ndcg@10": 0.7}
    }
    assert _gate_line(row) == "  gate: 0.8000 vs model 4 0.7000 on 13 queries"
