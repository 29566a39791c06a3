"""Spelling: when a "did you mean" helps, and which of the query's words the results lack.

A suggestion must pass every rule here, or none is offered:

- a word the catalog's titles hold is kept as it is, and so is any token with a digit (a
  number, measure or model code: "11", "2x4", "wh-1000xm4");
- a changed word moves by at most one typing slip (insertion, deletion, substitution or
  transposition), two from LONG_WORD letters: most misspellings are one slip (Damerau, 1964),
  and two slips in a short word make another word ("telly" → "tele");
- a word becomes one word, except that unknown words may only be joined or split;
- every word of it matches, exactly, at least CLEARLY_MORE times as many products as the
  query's own words do (and at least one): a suggestion must find more, and better, results.

Cost, on the low-result path only: one size-0 request (the suggester, which words the catalog
holds, and the counts behind the partial-match notice) and, when a candidate passes the word
rules, one more size-0 request counting each candidate's exact matches.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from core.text import TOKEN, stem_text
from retrieval.dictionary import is_dictionary_word
from retrieval.params import Filters
from retrieval.queries import (
    DICTIONARY_FUZZINESS,
    EXACT_FIELDS,
    TYPO_FUZZINESS,
    filter_clauses,
    suggest_body,
    text_query,
    unnamed,
)

# Sends one search request, returns the raw answer (as retrieval.candidates.Fetch).
Fetch = Callable[[dict[str, Any]], dict[str, Any]]

# From this length a word may take two slips (Lucene's AUTO fuzziness allows two from 6
# letters, which turns "beamer" into "breaker").
LONG_WORD = 8
# A suggestion's words must match this many times the products the query's words match.
CLEARLY_MORE = 2
# Words looked up per query: the aggregations grow with them; longer queries keep their words.
MAX_WORDS = 12


@dataclass(frozen=True)
class PartialMatch:
    """The results match only part of the query: no product holds every word exactly."""

    missing: list[str]  # words no product holds exactly (within the shopper's filters)
    dropped: list[str]  # words most shown results lack, even as a typo
    showing: str  # the query's words the results are for; "" when none is (typo matches)


@dataclass(frozen=True)
class Spelling:
    """What the spelling check found: a suggestion worth offering, and a partial match."""

    did_you_mean: str | None
    partial: PartialMatch | None


def words(text: str) -> list[str]:
    """Split text into the lower-case words the title field indexes (no accent folding)."""
    return TOKEN.findall(text.lower())


def is_code(word: str) -> bool:
    """Tell whether a token holds a digit: a number, measure or model code, never respelt."""
    return any(c.isdigit() for c in word)


def allowed_slips(word: str) -> int:
    """Return how many typing slips a word may be corrected by (none below 3 letters)."""
    if len(word) < 3:
        return 0
    return 2 if len(word) >= LONG_WORD else 1


def slips(a: str, b: str) -> int:
    """Return the optimal-string-alignment distance: edits, a swap of neighbours counting one."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[len(a)][len(b)]


def acceptable(original: Sequence[str], suggested: Sequence[str], known: set[str]) -> bool:
    """Tell whether a suggestion only respells unknown words as slips, or joins/splits them."""
    if list(original) == list(suggested) or not suggested:
        return False
    if len(original) != len(suggested):
        return _rejoined(original, suggested, known)
    for word, respelt in zip(original, suggested, strict=True):
        if word == respelt:
            continue
        if word in known or is_code(word) or is_code(respelt):
            return False
        if slips(word, respelt) > allowed_slips(word):
            return False
    return True


def _rejoined(original: Sequence[str], suggested: Sequence[str], known: set[str]) -> bool:
    """Tell whether only unknown, digit-free words were joined or split ("rain shower")."""
    if "".join(original) != "".join(suggested):
        return False
    kept = set(original) & set(suggested)
    return all(w in kept or (w not in known and not is_code(w)) for w in original)


def respell(q: str, suggested: Sequence[str]) -> str:
    """Return the query with its changed words replaced, keeping the rest as typed."""
    typed = _typed(q)
    spans = list(TOKEN.finditer(typed.lower()))
    if len(spans) != len(suggested):
        return " ".join(suggested)
    parts, at = [], 0
    for span, word in zip(spans, suggested, strict=True):
        parts.append(typed[at : span.start()])
        parts.append(typed[span.start() : span.end()] if span.group() == word else word)
        at = span.end()
    parts.append(typed[at:])
    return "".join(parts)


def _typed(q: str) -> str:
    """Return the query as typed, or lower-cased where lower-casing moves characters ("İ")."""
    return q if len(q.lower()) == len(q) else q.lower()


def _base(filters: Filters) -> dict[str, Any]:
    """Return the query every count runs under: active products within the shopper's filters."""
    return {"bool": {"filter": filter_clauses(filters)}}


def _exact(text: str) -> dict[str, Any]:
    """Return a filter matching the products that hold every word of `text` exactly."""
    # Not `near`: a longer query's near matches miss a word, and "every word" is the point here.
    return {"bool": {"filter": [unnamed(text_query(text, typos=False, near=False))]}}


def _holds(word: str) -> dict[str, Any]:
    """Return a filter matching products that hold one word in a searched field."""
    return {
        "multi_match": {
            "query": stem_text(word) or word,
            "fields": EXACT_FIELDS,
            "type": "cross_fields",
            "operator": "and",
        }
    }


def _holds_loosely(word: str) -> dict[str, Any]:
    """Return a filter matching products that hold a word or, as search allows, a typo of it."""
    if is_code(word):
        return _holds(word)
    word_like = is_dictionary_word(stem_text(word))
    return {
        "multi_match": {
            "query": stem_text(word) or word,
            "fields": EXACT_FIELDS,
            "fuzziness": DICTIONARY_FUZZINESS if word_like else TYPO_FUZZINESS,
            "prefix_length": 1,
            "max_expansions": 20,
        }
    }


def _per_word(query_words: Sequence[str], clause: Callable[[str], Any]) -> dict[str, Any]:
    """Return a filters aggregation with one bucket per word, keyed by its position."""
    return {"filters": {"filters": {str(i): clause(w) for i, w in enumerate(query_words)}}}


def lookup_body(q: str, filters: Filters, shown: Sequence[int]) -> dict[str, Any]:
    """Return the one request behind the check: suggester, known words, and match counts."""
    query_words = words(q)[:MAX_WORDS]
    title = _per_word(query_words, lambda w: {"match": {"title": {"query": w, "operator": "and"}}})
    return {
        **suggest_body(q),
        "query": _base(filters),
        "track_total_hits": False,
        "aggs": {
            # The catalog's vocabulary is every title, whatever the shopper filtered.
            "known": {"global": {}, "aggs": {"words": title}},
            "found": _per_word(query_words, _holds),
            "shown": {
                "filter": {"terms": {"product_id": list(shown)}},
                "aggs": {"words": _per_word(query_words, _holds_loosely)},
            },
            "all_words": {"filter": _exact(q)},
        },
    }


def counts_body(texts: Sequence[str], filters: Filters) -> dict[str, Any]:
    """Return a size-0 request counting each text's exact matches of every word."""
    aggs = {str(i): {"filter": _exact(text)} for i, text in enumerate(texts)}
    return {"size": 0, "query": _base(filters), "track_total_hits": False, "aggs": aggs}


def _buckets(agg: dict[str, Any], query_words: Sequence[str]) -> list[int]:
    """Return each word's document count from a per-word filters aggregation."""
    buckets = agg["buckets"]
    return [int(buckets[str(i)]["doc_count"]) for i in range(len(query_words))]


def _options(raw: dict[str, Any]) -> list[list[str]]:
    """Return the phrase suggester's options as word lists, best first."""
    entries = raw.get("suggest", {}).get("did_you_mean", [])
    options = entries[0].get("options", []) if entries else []
    return [words(str(option["text"])) for option in options]


def check(
    fetch: Fetch,
    q: str,
    filters: Filters,
    *,
    shown: Sequence[int],
    relaxed: bool,
    suggest: bool = True,
) -> Spelling:
    """Return the suggestion worth offering (with `suggest`) and the partial match, if any."""
    query_words = words(q)[:MAX_WORDS]
    if not query_words:
        return Spelling(None, None)
    raw = fetch(lookup_body(q, filters, shown))
    aggs = raw.get("aggregations")
    if not aggs:
        return Spelling(None, None)  # nothing to judge a suggestion by: offer none
    own = int(aggs["all_words"]["doc_count"])
    known_counts = _buckets(aggs["known"]["words"], query_words)
    known = {w for w, n in zip(query_words, known_counts, strict=True) if n > 0}
    suggestion = _suggestion(fetch, q, filters, _options(raw), known, own) if suggest else None
    partial = None
    if relaxed and own == 0 and shown:
        partial = _partial(q, query_words, aggs, len(shown))
    return Spelling(suggestion, partial)


def _suggestion(
    fetch: Fetch,
    q: str,
    filters: Filters,
    options: list[list[str]],
    known: set[str],
    own: int,
) -> str | None:
    """Return the best option that passes the word rules and finds clearly more products."""
    original = words(q)
    if len(original) > MAX_WORDS:
        return None  # words past the lookup are not known to be unknown: change nothing
    passing = [option for option in options if acceptable(original, option, known)]
    if not passing:
        return None
    texts = [respell(q, option) for option in passing]
    counts = fetch(counts_body(texts, filters))["aggregations"]
    needed = max(1, CLEARLY_MORE * own)
    for i, text in enumerate(texts):
        if int(counts[str(i)]["doc_count"]) >= needed:
            return text
    return None


def _partial(q: str, query_words: list[str], aggs: dict[str, Any], shown: int) -> PartialMatch:
    """Say which words no product holds and which most shown results lack."""
    found = _buckets(aggs["found"], query_words)
    held = _buckets(aggs["shown"]["words"], query_words)
    missing = [w for w, n in zip(query_words, found, strict=True) if n == 0]
    dropped = [w for w, n in zip(query_words, held, strict=True) if 2 * n < shown]
    typed = _typed(q)
    spans = list(TOKEN.finditer(typed.lower()))[: len(query_words)]
    kept = [typed[s.start() : s.end()] for s, n in zip(spans, held, strict=True) if 2 * n >= shown]
    return PartialMatch(missing=_unique(missing), dropped=_unique(dropped), showing=" ".join(kept))


def _unique(items: list[str]) -> list[str]:
    """Return items without repeats, in their first order."""
    return list(dict.fromkeys(items))
