"""Merchandising documents and API shapes: synonym sets, query rules, versions, previews."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import ConfigDict, Field, ValidationInfo, field_validator, model_validator

from core.bounds import INT64_MAX, RowId
from core.links import LINK_RULE, is_safe_link, trimmed
from core.schemas import ApiModel
from core.text import tokens
from retrieval.plan import SynonymKind

# Validation context for a configuration read back from Postgres (see checked_link).
STORED_KEY = "stored"
STORED = {STORED_KEY: True}

MAX_PINS = 20
MAX_HIDDEN = 200
MAX_BOOSTS = 20
MAX_RULES = 1000
MAX_POSITION = 100


class Strict(ApiModel):
    """A request body that refuses unknown fields."""

    model_config = ConfigDict(extra="forbid")


class SynonymEntry(ApiModel):
    """One line of a set: equivalent terms, or terms that also find the targets."""

    kind: SynonymKind
    terms: list[str]
    targets: list[str] = []


class SynonymSetData(ApiModel):
    """A named, switchable set of synonym entries."""

    name: str
    enabled: bool = True
    corrections: bool = False
    entries: list[SynonymEntry] = []


class Condition(Strict):
    """When a rule applies: the query is, contains or starts with a pattern (whole words)."""

    match: Literal["is", "contains", "starts_with"]
    pattern: str = Field(min_length=1, max_length=200)
    # Filter context: the rule applies only when these brand / type filters are selected.
    brand: list[str] = Field(default=[], max_length=20)
    type: list[str] = Field(default=[], max_length=20)

    @model_validator(mode="after")
    def _has_words(self) -> Condition:
        if not tokens(self.pattern):
            raise ValueError("the pattern has no letters or digits")
        return self


class Pin(Strict):
    """Show a product at a 1-based position."""

    product_id: int = Field(gt=0, le=INT64_MAX)
    position: int = Field(ge=1, le=MAX_POSITION)


class Boost(Strict):
    """Raise (weight > 0) or bury (weight < 0) products with a brand, type or attribute."""

    field: Literal["brand", "product_type", "attribute"]
    name: str | None = Field(default=None, max_length=100)
    value: str = Field(min_length=1, max_length=200)
    weight: int = Field(ge=-10, le=10)

    @model_validator(mode="after")
    def _complete(self) -> Boost:
        if self.weight == 0:
            raise ValueError("a boost weight of 0 does nothing; use 1..10 or -1..-10")
        if self.field == "attribute" and not self.name:
            raise ValueError("an attribute boost needs the attribute's name")
        return self


class Banner(Strict):
    """A message shown above the results."""

    text: str = Field(min_length=1, max_length=500)
    link: str | None = Field(default=None, max_length=2000)

    @field_validator("link")
    @classmethod
    def _safe_link(cls, value: str | None, info: ValidationInfo) -> str | None:
        """Refuse a link a browser could take off the site or run (see core.links)."""
        return checked_link(value or None, info, "the banner link")


class Consequence(Strict):
    """What a rule does to the results."""

    pins: list[Pin] = Field(default=[], max_length=MAX_PINS)
    hide: list[RowId] = Field(default=[], max_length=MAX_HIDDEN)
    boosts: list[Boost] = Field(default=[], max_length=MAX_BOOSTS)
    filter_brand: list[str] = Field(default=[], max_length=20)
    filter_type: list[str] = Field(default=[], max_length=20)
    redirect: str | None = Field(default=None, max_length=2000)
    banner: Banner | None = None

    @field_validator("redirect")
    @classmethod
    def _safe_redirect(cls, value: str | None, info: ValidationInfo) -> str | None:
        """Refuse a redirect a browser could take off the site or run (see core.links)."""
        return checked_link(value, info, "redirect")

    @model_validator(mode="after")
    def _coherent(self) -> Consequence:
        if not (
            self.pins
            or self.hide
            or self.boosts
            or self.filter_brand
            or self.filter_type
            or self.redirect
            or self.banner
        ):
            raise ValueError(
                "the rule does nothing: add a pin, hide, boost, filter, redirect or banner"
            )
        positions = [pin.position for pin in self.pins]
        if len(set(positions)) < len(positions):
            raise ValueError("two pins share a position")
        pinned = [pin.product_id for pin in self.pins]
        if len(set(pinned)) < len(pinned):
            raise ValueError("a product is pinned twice")
        both = set(pinned) & set(self.hide)
        if both:
            raise ValueError(f"product {min(both)} is both pinned and hidden")
        return self


def checked_link(value: str | None, info: ValidationInfo, what: str) -> str | None:
    """Return a safe link trimmed; refuse an unsafe one, unless read back from Postgres.

    A configuration stored before the rule was this strict (a path with a space, say) must
    still load, or one old rule would stop every search; its link is kept for the
    merchandiser to see and fix, and never served (merchandising.rules skips it).
    """
    if value is None or is_safe_link(value):
        return None if value is None else trimmed(value)
    if info.context and info.context.get(STORED_KEY):
        return value
    raise ValueError(f"{what} must be {LINK_RULE}")


class RuleWrite(Strict):
    """A query rule as a merchandiser writes it."""

    name: str = Field(min_length=1, max_length=120)
    enabled: bool = True
    priority: int = Field(default=0, ge=-1000, le=1000)
    condition: Condition
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    consequence: Consequence

    @model_validator(mode="after")
    def _window(self) -> RuleWrite:
        for moment in (self.starts_at, self.ends_at):
            if moment is not None and moment.tzinfo is None:
                raise ValueError("starts_at and ends_at need a time zone (e.g. 2026-12-01T00:00Z)")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        return self


class Rule(RuleWrite):
    """A stored query rule."""

    model_config = ConfigDict(extra="ignore")
    id: str


class MerchConfig(ApiModel):
    """Everything merchandisers configure: synonym sets and query rules."""

    synonym_sets: list[SynonymSetData] = []
    rules: list[Rule] = []

    @classmethod
    def stored(cls, raw: object) -> MerchConfig:
        """Read a configuration back from Postgres (links from before today's rule still load)."""
        return cls.model_validate(raw, context=STORED)


class SynonymSetWrite(Strict):
    """A synonym set as text, in Solr synonyms.txt or CSV format."""

    enabled: bool = True
    corrections: bool = False
    text: str = Field(max_length=5_000_000)
    format: Literal["solr", "csv"] = "solr"


class SynonymSetRead(SynonymSetData):
    """A synonym set with its entries also as Solr text."""

    text: str
    size: int


ItemKind = Literal["synonym_set", "rule"]


class DraftChange(ApiModel):
    """One item the draft adds, changes or removes against the published version, and by whom."""

    kind: ItemKind
    key: str
    label: str
    action: Literal["added", "changed", "removed"]
    by: str | None


class DraftRead(ApiModel):
    """The draft, and whether it differs from what is published."""

    revision: int
    updated_at: datetime | None
    updated_by: str | None
    published_version: int | None
    changed: bool
    synonym_sets: list[SynonymSetRead]
    rules: list[Rule]
    # What a discard would throw away, item by item, with who last changed it.
    changes: list[DraftChange] = []


class PublishRequest(Strict):
    """Why this version is published (recorded)."""

    note: str | None = Field(default=None, max_length=1000)


class VersionSummary(ApiModel):
    """What a version holds."""

    synonym_sets: int
    synonyms: int
    rules: int


class VersionRead(ApiModel):
    """A published version: who, when, why, what."""

    model_config = ConfigDict(from_attributes=True)

    version: int
    published_at: datetime
    published_by: str
    note: str | None
    restored_from: int | None
    current: bool = False
    summary: VersionSummary


class EmptyBody(Strict):
    """No fields."""
