"""Held-out queries: which queries a ranker never trains on, and scoring models on them.

A query is held out by a hash of its text alone, so the same judgments always hold out the
same queries, and a training set that grows keeps the queries it shared with the smaller one
on the side they were on: a model trained on more judgments never trained on what an older
model was measured on, and the other way round. A candidate stores its held-out groups (the
feature rows it was measured on) so that the promotion gate can score the active model on
exactly those rows, never comparing figures from different query sets.
"""

from __future__ import annotations

import hashlib
import io
import json
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from xgboost import XGBRanker

from ranking.dataset import QueryCandidates
from ranking.metrics import ndcg_at_k
from ranking.prior import model_scores

# Share of queries held out for validation and the gate (training's 80/20 split by query).
VALIDATION_SHARE = 0.2
# Salt of the hash; changing it draws another held-out set (bench.rankers' replicates do so
# by prefixing the query instead).
SALT = 7
# What training records of its split, so a later gate can tell whether two models held out
# queries by the same rule.
SPLIT_RULE = "sha256(salt:normalised query) < share"


def query_key(query: str) -> str:
    """Return the query as the split reads it: case and spacing do not move a query."""
    return " ".join(query.casefold().split())


def _position(query: str, salt: int) -> float:
    """Return the query's place in [0, 1), uniform over queries and fixed by its text."""
    digest = hashlib.sha256(f"{salt}:{query_key(query)}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def is_held_out(query: str, *, share: float = VALIDATION_SHARE, salt: int = SALT) -> bool:
    """Say whether the split holds this query out, whatever else is in the training set."""
    return _position(query, salt) < share


def split(
    dataset: Sequence[QueryCandidates], *, share: float = VALIDATION_SHARE, salt: int = SALT
) -> tuple[list[QueryCandidates], list[QueryCandidates]]:
    """Return (train, held out), by query (never within one), in dataset order.

    A set too small for the share to hold any query out holds out the lowest-placed one, and
    one that would hold out everything trains on the highest-placed one: both sides are then
    non-empty whenever the set has two queries.
    """
    out = {c.query for c in dataset if is_held_out(c.query, share=share, salt=salt)}
    queries = sorted({c.query for c in dataset}, key=lambda q: _position(q, salt))
    if queries and not out:
        out = {queries[0]}
    if len(queries) > 1 and len(out) == len(queries):
        out.discard(queries[-1])
    train = [c for c in dataset if c.query not in out]
    return train, [c for c in dataset if c.query in out]


def rerank(model: XGBRanker, candidates: QueryCandidates) -> list[str]:
    """Return the candidates' skus ordered by the model (ties keep retrieval order)."""
    if not candidates.skus:
        return []
    scores = model_scores(model, np.array(candidates.features, dtype=np.float32))
    order = sorted(range(len(scores)), key=lambda i: (-float(scores[i]), i))
    return [candidates.skus[i] for i in order]


def mean_ndcg(model: XGBRanker, groups: Sequence[QueryCandidates], k: int = 10) -> float:
    """Return the model's mean NDCG@k over the groups (unrounded: the gate compares these)."""
    return statistics.fmean(ndcg_at_k(rerank(model, c), c.judged, k) for c in groups)


@dataclass(frozen=True)
class Comparison:
    """A candidate and the active model scored on the same held-out rows."""

    candidate: float
    active: float
    queries: int

    @property
    def passes(self) -> bool:
        """Say whether the candidate beats the active model (a tie keeps the active one)."""
        return self.candidate > self.active


def compare(
    candidate: XGBRanker, active: XGBRanker, groups: Sequence[QueryCandidates]
) -> Comparison:
    """Score both models on the same held-out groups, each with its own priors."""
    if not groups:
        raise ValueError("no held-out queries to compare the models on")
    return Comparison(
        candidate=mean_ndcg(candidate, groups),
        active=mean_ndcg(active, groups),
        queries=len({c.query for c in groups}),
    )


def pack(groups: Sequence[QueryCandidates]) -> bytes:
    """Serialise held-out groups: their feature rows as float32, the rest as JSON."""
    rows = [row for c in groups for row in c.features]
    width = len(rows[0]) if rows else 0
    meta = [
        {"query": c.query, "skus": c.skus, "grades": c.grades, "judged": c.judged} for c in groups
    ]
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        features=np.array(rows, dtype=np.float32).reshape(len(rows), width),
        sizes=np.array([len(c.skus) for c in groups], dtype=np.int64),
        meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
    )
    return buffer.getvalue()


def unpack(blob: bytes) -> list[QueryCandidates]:
    """Read groups that `pack` wrote."""
    with np.load(io.BytesIO(blob), allow_pickle=False) as stored:
        features, sizes = stored["features"], stored["sizes"]
        meta = json.loads(stored["meta"].tobytes().decode())
    starts = np.concatenate([[0], np.cumsum(sizes)])
    return [
        QueryCandidates(
            query=m["query"],
            skus=m["skus"],
            features=features[starts[n] : starts[n + 1]].tolist(),
            grades=m["grades"],
            judged=m["judged"],
        )
        for n, m in enumerate(meta)
    ]
