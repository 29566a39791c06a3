"""Which ranking serves a search: the default, BM25 on request, or an experiment's arm.

By default the active model reranks with the shopper's features. A shopper inside a running
experiment gets their arm's configuration instead: BM25 alone, the learned ranker with or
without shopper features, a given model version, a given merchandising version, or, when
interleaving, both arms merged team by team (the interleaving returns the teams with its
order; see analytics.experiments.interleave).
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.identity import Identity
from analytics.experiments.interleave import ArmRanker, TeamDraft
from analytics.experiments.schemas import Arm, Ranking
from analytics.experiments.serving import Assignment, assign
from behaviour.profiles import Profile, live_profile
from merchandising.compiled import CompiledMerch
from ranking.rerank import Reranker, WindowRanker
from search_service.runtime import SearchRuntime


@dataclass(frozen=True)
class RankingChoice:
    """The ranker, the shopper profile it may use, and a merch version other than the live one."""

    ranker: WindowRanker | None
    profile: Profile | None
    merch: CompiledMerch | None = None
    assignment: Assignment | None = None


def choose(
    runtime: SearchRuntime, caller: Identity, *, bm25: bool, explain: bool, seed: str
) -> RankingChoice:
    """Return how this search is ranked (blocking: it may load models and profiles).

    Explicit BM25 and explained searches stay outside experiments.
    """
    if bm25:
        return RankingChoice(None, None)
    assignment = None
    if not explain:
        assignment = assign(
            runtime.experiments.get(), caller.history_key, key=runtime.settings.secret_key
        )
    if assignment is None:
        reranker = runtime.ranker.get()
        return RankingChoice(reranker, _profile(runtime, caller) if reranker else None)
    if assignment.arm is None:  # interleaving: both arms rank every search
        arms = tuple(
            ArmRanker(_reranker(runtime, arm), _personal(arm)) for arm in assignment.experiment.arms
        )
        first, second = arms[0], arms[1]
        if first.reranker is None and second.reranker is None:
            return RankingChoice(None, None, assignment=assignment)  # no model: BM25 for both
        personal = first.personal or second.personal
        draft = TeamDraft(assignment.experiment.id, (first, second), seed)
        profile = _profile(runtime, caller) if personal else None
        return RankingChoice(draft, profile, assignment=assignment)
    arm = assignment.arm
    reranker = _reranker(runtime, arm)
    merch = None
    if arm.merch_version is not None:
        merch = runtime.merch_versions.get(arm.merch_version)
    profile = _profile(runtime, caller) if reranker is not None and _personal(arm) else None
    return RankingChoice(reranker, profile, merch, assignment)


def _personal(arm: Arm) -> bool:
    """Say whether an arm ranks with the shopper's features."""
    return arm.ranking is Ranking.LTR_PERSONAL


def _reranker(runtime: SearchRuntime, arm: Arm) -> Reranker | None:
    """Return the arm's learned ranker: its model version, the active one, or none (BM25)."""
    if arm.ranking is Ranking.BM25:
        return None
    if arm.model_id is not None:
        return runtime.model_versions.get(arm.model_id)
    return runtime.ranker.get()


def _profile(runtime: SearchRuntime, caller: Identity) -> Profile | None:
    """Return the shopper's live profile with their segment, if they have one."""
    profile = live_profile(runtime.redis, caller.history_key)
    if profile is not None:
        profile.cluster = runtime.clusters.view(caller.history_key, profile)
    return profile
