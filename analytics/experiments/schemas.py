"""Experiment request and response shapes."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import ConfigDict, Field, computed_field, model_validator

from analytics.experiments.models import Mode, Status
from analytics.experiments.stats import preference_queries
from core.bounds import INT32_MAX, INT64_MAX
from core.schemas import ApiModel

MAX_ARMS = 5
Metric = Literal["ctr", "conversion_rate", "revenue_per_search"]
Method = Literal["delta method", "shopper bootstrap"]


class Ranking(StrEnum):
    """How an arm ranks: BM25 alone, the learned ranker, or it with shopper features."""

    BM25 = "bm25"
    LTR = "ltr"
    LTR_PERSONAL = "ltr_personal"


class Arm(ApiModel):
    """One ranking configuration under test."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9 _.:-]+$")
    ranking: Ranking
    model_id: int | None = Field(
        default=None,
        ge=1,
        le=INT64_MAX,
        description="A given model version instead of the active one",
    )
    merch_version: int | None = Field(
        default=None,
        ge=1,
        le=INT32_MAX,
        description="A given synonym/rule version instead of the published one",
    )
    weight: int = Field(default=50, ge=1, le=100, description="Relative share of the traffic")

    @model_validator(mode="after")
    def _model_needs_ltr(self) -> Arm:
        """Refuse a model version on a BM25-only arm."""
        if self.model_id is not None and self.ranking is Ranking.BM25:
            raise ValueError(f"arm {self.name}: a BM25-only arm cannot name a model version")
        return self

    def config_key(self) -> tuple[str, int | None, int | None]:
        """Return what makes two arms serve the same thing."""
        return (self.ranking.value, self.model_id, self.merch_version)


class ExperimentCreate(ApiModel):
    """A new experiment (a draft until started)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120)
    mode: Mode = Mode.AB
    arms: list[Arm] = Field(min_length=2, max_length=MAX_ARMS)
    traffic_percent: int = Field(default=100, ge=1, le=100)
    alpha: float = Field(default=0.05, ge=0.001, le=0.2, description="Significance level")
    power: float = Field(default=0.8, ge=0.5, le=0.99)
    min_detectable_effect: float = Field(
        default=0.1,
        ge=0.01,
        le=5,
        description="A/B: relative lift to detect on CTR (0.1 = 10 %); interleaving: the "
        "preference margin, a share of wins of 0.5 + it to detect (0.1 = 60 %)",
    )
    baseline_ctr: float | None = Field(
        default=None,
        ge=0.001,
        le=0.999,
        description="Assumed CTR to plan with (planned as one search per shopper, the "
        "cautious case); by default the plan comes from the last 30 days of shoppers",
    )

    @model_validator(mode="after")
    def _arms_make_sense(self) -> ExperimentCreate:
        """Refuse duplicate arm names or configurations, and interleaving it cannot do."""
        names = [arm.name for arm in self.arms]
        if len(set(names)) != len(names):
            raise ValueError("arm names must differ")
        if len({arm.config_key() for arm in self.arms}) != len(self.arms):
            raise ValueError("two arms serve the same configuration; they would measure nothing")
        if self.mode is Mode.INTERLEAVE:
            if len(self.arms) != 2:
                raise ValueError("interleaving compares exactly two arms")
            if any(arm.merch_version is not None for arm in self.arms):
                raise ValueError(
                    "interleaving mixes two rankings of the same results; compare merch "
                    "versions with an A/B test"
                )
            if all(arm.ranking is Ranking.BM25 for arm in self.arms):
                raise ValueError("interleaving needs at least one learned ranker")
            if self.min_detectable_effect >= 0.5:
                raise ValueError(
                    "for interleaving the minimum detectable effect is the preference margin "
                    "(a share of wins of 0.5 + it), so it must be below 0.5"
                )
        return self


class ExperimentRead(ApiModel):
    """An experiment as stored."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    mode: Mode
    status: Status
    traffic_percent: int
    bucket_start: int | None
    alpha: float
    power: float
    min_detectable_effect: float
    baseline_ctr: float | None
    baseline_shopper_sd: float | None
    planned_shoppers_per_arm: int | None
    plan_basis: str | None
    arms: list[Arm]
    created_by: str | None
    created_at: datetime
    started_at: datetime | None
    stopped_at: datetime | None
    promoted_arm: str | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def planned_preference_queries(self) -> int | None:
        """Interleaving's plan: queries with a preference for the sign test (None for A/B)."""
        if self.mode is not Mode.INTERLEAVE:
            return None
        try:
            return preference_queries(self.min_detectable_effect, self.alpha, self.power)
        except ValueError:
            return None  # a margin of 0.5 or more (only experiments made before the check)


class ExperimentList(ApiModel):
    """Every experiment, newest first."""

    experiments: list[ExperimentRead]


class ArmFigures(ApiModel):
    """What one arm's searches did."""

    arm: str
    searches: int
    shoppers: int
    ctr: float
    conversion_rate: float
    revenue_per_search: float


class Comparison(ApiModel):
    """One treatment arm against the control on one metric."""

    metric: Metric
    control: str
    treatment: str
    control_value: float
    treatment_value: float
    difference: float
    relative_lift: float | None
    ci_low: float
    ci_high: float
    p_value: float | None
    significant: bool
    method: Method


class PreferenceStopping(ApiModel):
    """Interleaving's fixed horizon: the sign test is read once, at the planned queries."""

    rule: Literal["fixed horizon"] = "fixed horizon"
    planned_queries: int | None = Field(description="Queries with a preference (not tied)")
    preference_queries: int = Field(description="Queries with a preference so far, all of them")
    reached: bool
    reached_at: datetime | None = Field(
        description="When the planned query with a preference was served; later ones are not "
        "analysed"
    )
    state: str


class Interleaving(ApiModel):
    """Team-draft interleaving: which arm's results won the clicks, query by query.

    The counts and the test are on the queries analysed: those up to the horizon once reached.
    """

    arm_a: str
    arm_b: str
    queries: int
    wins_a: int
    wins_b: int
    ties: int
    b_share: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    significant: bool
    stopping: PreferenceStopping


class SampleRatioCheck(ApiModel):
    """Sample ratio mismatch: observed shoppers per arm against the planned shares."""

    arms: list[str]
    shoppers: list[int]
    expected_shares: list[float]
    chi_square: float | None
    p_value: float | None
    threshold: float
    passed: bool | None = Field(description="None until there are shoppers")
    verdict: str


class Stopping(ApiModel):
    """The fixed-horizon rule: the test is read once, when every arm has its planned shoppers."""

    rule: Literal["fixed horizon"] = "fixed horizon"
    planned_shoppers_per_arm: int | None
    smallest_arm_shoppers: int
    reached: bool
    reached_at: datetime | None = Field(
        description="When the last arm reached the plan; only searches until then are analysed"
    )
    state: str


class Results(ApiModel):
    """An experiment's results so far, and what they decide."""

    experiment: ExperimentRead
    arms: list[ArmFigures]
    comparisons: list[Comparison]
    sample_ratio: SampleRatioCheck | None
    stopping: Stopping | None
    winner: str | None
    decision: str
    interleaving: Interleaving | None


class PromoteRequest(ApiModel):
    """Which arm to make everyone's configuration."""

    model_config = ConfigDict(extra="forbid")

    arm: str = Field(min_length=1, max_length=40)


class Promoted(ApiModel):
    """What promotion changed."""

    experiment: ExperimentRead
    message: str
