"""Compound words, read the same way in product text and in queries.

Shoppers and catalogs split and join one compound either way: `deck over` / `DeckOver`,
`rain shower` / `rainshower`, `head set` / `headset`, `shower head` / `showerhead`. The minimal
Elasticsearch has no decompounder, so Aisle works on the terms both sides already share
(core.text.terms):

- a product's adjacent word terms are also indexed joined (`deck over` → `deckover`), which a
  shopper's joined word matches;
- a query's adjacent word terms are also tried joined (`deck over paint` → `deckover paint`),
  which a product's joined word matches.

Only words join: numbers, units and grammar words ("vanity in white" → no "inwhite") do not.

Invariant: for word terms `a b` in a title, `a + b` is one of `joined_pairs`, and a query
holding `a b` has a variant holding `a + b`: whichever way either side writes a compound, a
variant of the query and the product share its terms.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from core.text import GRAMMAR_WORDS
from core.units import UNITS

# A query tries at most this many joined variants: each is one more clause to match.
MAX_JOINED_VARIANTS = 3


def joinable(term: str) -> bool:
    """Say whether a term may be half of a compound: a word of two letters or more."""
    return len(term) > 1 and term.isalpha() and term not in GRAMMAR_WORDS and term not in UNITS


def joined_pairs(terms: Sequence[str]) -> list[str]:
    """Return each adjacent pair of word terms joined, in order, without repeats."""
    pairs = (a + b for a, b in pairwise(terms) if joinable(a) and joinable(b))
    return list(dict.fromkeys(pairs))


def joined_variants(terms: Sequence[str]) -> list[list[str]]:
    """Return the query's terms with one adjacent word pair joined, leftmost pairs first."""
    variants = [
        [*terms[:i], terms[i] + terms[i + 1], *terms[i + 2 :]]
        for i in range(len(terms) - 1)
        if joinable(terms[i]) and joinable(terms[i + 1])
    ]
    return variants[:MAX_JOINED_VARIANTS]
