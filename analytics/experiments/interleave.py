"""Team-draft interleaving (Radlinski, Kurup and Joachims, 2008).

Two rankers each rank the same candidate window. Their results are merged like picking
teams: whichever team has picked fewer products (a coin decides ties) adds its best product
not yet shown, and every product remembers the team that picked it. A query's clicks then
vote: the team with more clicked products wins that query. Because both rankers appear on
every page, in nearly equal shares and at comparable positions, interleaving needs far fewer
searches than an A/B test to tell which ranker shoppers prefer.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ranking.context import FeatureContext
from ranking.rerank import Ranked, Reranker

TEAM_A, TEAM_B, NO_TEAM = 0, 1, -1


def team_draft(
    ranking_a: Sequence[str], ranking_b: Sequence[str], rng: random.Random
) -> tuple[list[str], list[int]]:
    """Merge two rankings of the same items; return the merged order and each item's team."""
    merged: list[str] = []
    teams: list[int] = []
    shown: set[str] = set()
    picks = [0, 0]
    cursors = [0, 0]
    rankings = (ranking_a, ranking_b)
    while len(shown) < len(set(ranking_a) | set(ranking_b)):
        team = (
            TEAM_A
            if picks[0] < picks[1] or (picks[0] == picks[1] and rng.random() < 0.5)
            else TEAM_B
        )
        ranking = rankings[team]
        while cursors[team] < len(ranking) and ranking[cursors[team]] in shown:
            cursors[team] += 1
        if cursors[team] == len(ranking):  # this team has nothing left to add
            team = 1 - team
            ranking = rankings[team]
            while ranking[cursors[team]] in shown:
                cursors[team] += 1
        item = ranking[cursors[team]]
        merged.append(item)
        teams.append(team)
        shown.add(item)
        picks[team] += 1
    return merged, teams


def credit(teams: Sequence[int], product_ids: Sequence[int], clicked: set[int]) -> int | None:
    """Return the team that won a shown page's clicks (TEAM_A, TEAM_B), NO_TEAM for a tie.

    None when nothing either team picked was clicked: the page says nothing.
    """
    votes = [0, 0]
    for team, product_id in zip(teams, product_ids, strict=True):
        if product_id in clicked and team in (TEAM_A, TEAM_B):
            votes[team] += 1
    if votes == [0, 0]:
        return None
    if votes[0] == votes[1]:
        return NO_TEAM
    return TEAM_A if votes[0] > votes[1] else TEAM_B


@dataclass(frozen=True)
class ArmRanker:
    """One arm's ranker: the learned model (with or without shopper features) or BM25 order."""

    reranker: Reranker | None
    personal: bool

    def rank(self, hits: list[dict[str, Any]], q: str, context: FeatureContext | None) -> list[str]:
        """Return the window's document ids in this arm's order (shopper features if personal)."""
        if self.reranker is None:
            return [hit["_id"] for hit in hits]
        if context is not None and not self.personal:
            context = replace(context, profile=None)
        ordered = self.reranker.order(hits, q, context=context)
        return [hit["_id"] for hit in ordered]


@dataclass(frozen=True)
class TeamDraft:
    """A window ranker that interleaves two arms; its ranking returns the teams with the order."""

    experiment_id: int
    arms: tuple[ArmRanker, ArmRanker]
    seed: str

    @property
    def name(self) -> str:
        """Return the ranking variant recorded with each query it serves."""
        return f"interleave:{self.experiment_id}"

    @property
    def _model(self) -> Reranker:
        """Return a learned ranker of the two (there is always one): it fetches the window."""
        model = self.arms[0].reranker or self.arms[1].reranker
        assert model is not None, "interleaving needs at least one learned ranker"
        return model

    @property
    def window(self) -> int:
        """Return the number of candidates both arms rank."""
        return self._model.window

    def rank(
        self,
        hits: list[dict[str, Any]],
        q: str,
        *,
        explain: bool = False,
        context: FeatureContext | None = None,
    ) -> Ranked:
        """Return the interleaved window and each product's team; scores fall with position so
        later steps keep the order."""
        seed = int.from_bytes(hashlib.sha256(self.seed.encode()).digest()[:8], "big")
        rng = random.Random(seed)  # noqa: S311 - a fair coin, not a secret
        merged, teams = team_draft(
            self.arms[0].rank(hits, q, context), self.arms[1].rank(hits, q, context), rng
        )
        by_id = {hit["_id"]: hit for hit in hits}
        ordered = [
            {**by_id[doc], "_score": float(len(merged) - i), "_explanation": None}
            for i, doc in enumerate(merged)
        ]
        picked = {
            int(by_id[doc]["_source"]["product_id"]): team
            for doc, team in zip(merged, teams, strict=True)
        }
        return Ranked(ordered, picked)


def teams_of(teams: Mapping[int, int], product_ids: Sequence[int]) -> list[int]:
    """Return the team of each product shown (NO_TEAM for pinned products)."""
    return [teams.get(product_id, NO_TEAM) for product_id in product_ids]
