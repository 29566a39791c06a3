"""A configuration made ready for searching: synonym lookup and rules in precedence order."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from merchandising.rules import effects_of, precedence
from merchandising.schemas import MerchConfig, Rule
from merchandising.synonyms import SynonymIndex, compile_sets
from retrieval.params import SearchParams, Sort
from retrieval.plan import QueryPlan


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
    parsed = config if isinstance(config, MerchConfig) else MerchConfig.stored(config)
    return CompiledMerch(
        version=version,
        synonyms=compile_sets(parsed.synonym_sets),
        rules=tuple(precedence(parsed.rules)),
    )
