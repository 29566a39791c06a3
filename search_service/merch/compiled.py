"""A configuration made ready for searching: synonym lookup and rules in precedence order."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from search_service.merch.rules import NO_EFFECTS, Effects, effects_of, precedence
from search_service.merch.schemas import MerchConfig, Rule
from search_service.merch.synonyms import SynonymIndex, Variant, compile_sets
from search_service.params import SearchParams, Sort


@dataclass(frozen=True)
class QueryPlan:
    """What merchandising adds to one search: synonym variants and rule effects."""

    variants: tuple[Variant, ...] = ()
    effects: Effects = NO_EFFECTS
    version: int | None = None


NO_PLAN = QueryPlan()


@dataclass(frozen=True)
class CompiledMerch:
    """A published (or draft) configuration, compiled."""

    version: int | None = None
    synonyms: SynonymIndex = field(default_factory=SynonymIndex)
    rules: tuple[Rule, ...] = ()

    def plan(self, params: SearchParams, now: datetime) -> QueryPlan:
        """Return the synonym variants and rule effects for a search."""
        if not params.q:
            return QueryPlan(version=self.version)
        effects = effects_of(
            self.rules,
            params.q,
            brands=params.filters.brands,
            types=params.filters.types,
            now=now,
            pins_allowed=params.sort is Sort.RELEVANCE,
        )
        variants = tuple(self.synonyms.variants(params.q)) if self.synonyms.size else ()
        return QueryPlan(variants=variants, effects=effects, version=self.version)


EMPTY = CompiledMerch()


def compile_config(config: MerchConfig | dict[str, Any], version: int | None) -> CompiledMerch:
    """Compile a configuration document."""
    parsed = config if isinstance(config, MerchConfig) else MerchConfig.model_validate(config)
    return CompiledMerch(
        version=version,
        synonyms=compile_sets(parsed.synonym_sets),
        rules=tuple(precedence(parsed.rules)),
    )
