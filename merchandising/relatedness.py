"""Whether a reformulation names the same thing: the evidence a synonym suggestion needs.

A shopper who searched "laptop" and then "samsung tv" changed their mind; offering that pair
as a synonym would send every laptop search to televisions. A pair is offered only when the
second query is related to the first: it shares a term, it is a typo or two away (fewer for
short words, as Elasticsearch's AUTO fuzziness allows), or shoppers clicked the same product
after searching either.
"""

from __future__ import annotations

import re

from core.text import stem_text

_NOT_LETTERS = re.compile(r"[\W_]+")


def allowed_edits(length: int) -> int:
    """Return how many typos a word of this length may carry: 0 up to 2, 1 up to 5, else 2."""
    if length <= 2:
        return 0
    return 1 if length <= 5 else 2


def edit_distance(a: str, b: str, *, limit: int) -> int:
    """Return the optimal-string-alignment distance (a swap is one edit), or limit + 1 if above."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            current[j] = min(
                previous[j] + 1,
                current[j - 1] + 1,
                previous[j - 1] + (char_a != char_b),
            )
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[-1], limit + 1)


def typo_evidence(query: str, other: str) -> str | None:
    """Say how the two queries are a typo apart (spacing included), or None if they are not."""
    a, b = _NOT_LETTERS.sub("", query.lower()), _NOT_LETTERS.sub("", other.lower())
    if not a or not b:
        return None
    if a == b:
        return "the same letters, spaced or punctuated differently"
    limit = allowed_edits(min(len(a), len(b)))
    distance = edit_distance(a, b, limit=limit)
    if distance > limit:
        return None
    return "one typo apart" if distance == 1 else f"{distance} typos apart"


def shared_terms(query: str, other: str) -> list[str]:
    """Return the (stemmed) terms both queries hold."""
    return sorted(set(stem_text(query).split()) & set(stem_text(other).split()))


def relatedness(query: str, other: str, *, co_clicked: bool) -> str | None:
    """Say why `other` is related to `query` (the strongest reason), or None if it is not."""
    typo = typo_evidence(query, other)
    if typo is not None:
        return typo
    if co_clicked:
        return "shoppers clicked the same product after searching either"
    shared = shared_terms(query, other)
    if shared:
        return "shares " + ", ".join(f"“{term}”" for term in shared)
    return None
