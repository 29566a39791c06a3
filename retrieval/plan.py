"""The query plan retrieval applies: synonym variants and the effects of matching rules.

Merchandising compiles synonyms and rules into a plan (merchandising.compiled); retrieval
only reads it, so it depends on these shapes and not on how a plan is drafted or stored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from core.text import fact_key, fold


class SynonymKind(StrEnum):
    """Multi-way synonyms, one-way synonyms, and corrections (ranked below both)."""

    SYNONYM = "synonym"
    ONE_WAY = "one_way"
    CORRECTION = "correction"


@dataclass(frozen=True)
class Variant:
    """The query with some words replaced by synonyms (analysed text) and how it was found."""

    text: str
    kind: SynonymKind  # SYNONYM, or CORRECTION when any replacement is a correction


class RuleBoost(Protocol):
    """A rule's boost (weight > 0) or bury (weight < 0) of a brand, type or attribute value."""

    @property
    def field(self) -> str:
        """Return "brand", "product_type" or "attribute"."""
        ...

    @property
    def name(self) -> str | None:
        """Return the attribute's name (attribute boosts only)."""
        ...

    @property
    def value(self) -> str:
        """Return the value boosted."""
        ...

    @property
    def weight(self) -> int:
        """Return the weight, -10..10 and never 0."""
        ...


class RuleBanner(Protocol):
    """A message a rule shows above the results."""

    @property
    def text(self) -> str:
        """Return the message."""
        ...

    @property
    def link(self) -> str | None:
        """Return where the banner leads, if anywhere."""
        ...


@dataclass(frozen=True)
class Effects:
    """What the matching rules do to one search."""

    pins: dict[int, int] = field(default_factory=dict)  # position -> product id
    hidden: frozenset[int] = frozenset()
    boosts: tuple[RuleBoost, ...] = ()
    filter_brands: tuple[str, ...] = ()
    filter_types: tuple[str, ...] = ()
    redirect: str | None = None
    banners: tuple[RuleBanner, ...] = ()
    rule_ids: tuple[str, ...] = ()

    @property
    def excluded(self) -> list[int]:
        """Return products kept out of the organic results (hidden, or placed by a pin)."""
        return sorted(self.hidden | set(self.pins.values()))

    def weight(self, source: Mapping[str, Any]) -> int:
        """Return the summed boost weight of a product (as indexed) under these rules."""
        total = 0
        facts = set(source.get("facts") or ())
        for boost in self.boosts:
            if boost_matches(boost, source, facts):
                total += boost.weight
        return total


NO_EFFECTS = Effects()


def boost_matches(boost: RuleBoost, source: Mapping[str, Any], facts: set[str]) -> bool:
    """Say whether an indexed product has the boost's brand, type or attribute value."""
    if boost.field == "attribute":
        return fact_key(boost.name or "", boost.value) in facts
    return fold(str(source.get(boost.field) or "")) == fold(boost.value)


@dataclass(frozen=True)
class QueryPlan:
    """What merchandising adds to one search: synonym variants and rule effects."""

    variants: tuple[Variant, ...] = ()
    effects: Effects = NO_EFFECTS
    version: int | None = None


NO_PLAN = QueryPlan()


def merge_pins(
    organic: Sequence[dict[str, Any]], pinned: Mapping[int, dict[str, Any]], offset: int
) -> list[dict[str, Any]]:
    """Place pinned hits at their positions among organic hits starting at `offset`.

    `pinned` maps 1-based positions to hits; `organic` holds the organic hits that follow the
    pins placed before `offset`. A pin beyond the end of the results goes last.
    """
    merged: list[dict[str, Any]] = []
    queue = list(organic)
    later = sorted(p for p in pinned if p > offset)
    position = offset + 1
    while queue or later:
        if later and later[0] == position:
            merged.append({**pinned[later.pop(0)], "_pinned": True})
        elif queue:
            merged.append(queue.pop(0))
        else:
            merged.append({**pinned[later.pop(0)], "_pinned": True})
        position += 1
    return merged
