"""Pure query builders: validated search parameters in, Elasticsearch request body out.

User text only ever reaches `match`-family queries, never `query_string`, so search syntax
in a query is plain text.
"""

from __future__ import annotations

from typing import Any

from core.compounds import joined_variants
from core.text import fact_key, stem_text, tokens
from core.units import NUMBER, UNITS, rewrite_marks
from retrieval.dictionary import is_dictionary_word
from retrieval.params import Filters, SearchParams, Sort
from retrieval.plan import NO_EFFECTS, NO_PLAN, Effects, QueryPlan, SynonymKind, Variant

# Field weights. The title says what the product is, a description also what it goes with: a
# word in the title counts half again (equal weights ranked best on the Icecat judgments
# against a 3x title, 0.5x description and a title-phrase bonus: 0.693 against 0.632). The
# type field mostly repeats title words, so it counts little and mainly lets a type match.
EXACT_FIELDS = ["title_stem", "title_joined", "brand", "description_stem", "type_stem^0.3"]
# A query with two of its words joined looks for titles writing them as one word: not in the
# title's joined pairs, which would reward every title where the two words merely sit side by
# side ("toner for laser printer" for "laser printer": Icecat NDCG@10 0.835 -> 0.820).
JOINED_QUERY_FIELDS = [field for field in EXACT_FIELDS if field != "title_joined"]
# Words match by their roots (core.text.root: "lighting" finds "light"); a title holding the
# shopper's word as written adds this much of its BM25 score, so exact forms come first.
# Typos are matched only where words are short and deliberate (not in descriptions).
FUZZY_FIELDS = ["title_stem^3", "type_stem^2", "brand^2"]
# One edit from five letters, two from nine: one edit turns a shorter word into another real
# word ("tape" → type, "cable" → table), and two edits a seven-letter one ("chimney" → chime,
# "spackle" → space); a typo in a long word ("barreir", "vacum", "labtop") is one edit.
TYPO_FUZZINESS = "AUTO"
# A word of the store's language (retrieval.dictionary) is matched at most one edit away:
# "spackle" no longer matches "space", nor "chimney" "chime" (two edits), while "lightning"
# still finds "lighting" and "mover" "mower". Measured on the dev judgments (bm25 path):
# Icecat NDCG@10 0.835 -> 0.838, Home Depot 0.407 -> 0.406; none below six letters cost Home
# Depot 0.8 % ("shepard hooks", "firm grip"), no typo matching of words at all 0.7 %.
DICTIONARY_FUZZINESS = "AUTO:3,100"
# Typo matches only need an order among themselves: their clause also scores exact matches, so
# it stays tiny to leave their order to the exact clause.
FUZZY_BOOST = 0.05
COMPOUND_BOOST = 1.0
# Added to products whose type the query names, whole ("laptop") or by its last words
# ("gaming keyboard" → keyboard). BM25 scores here run ~5-30: a named type outranks accessories
# that mention it ("laptop" → laptops, not laptop bags). The head-noun boost is kept small:
# larger ones cost NDCG@10 on the judgments ("usb battery" is not about batteries).
TYPE_INTENT_BOOST = 20.0
TYPE_HEAD_BOOST = 5.0
# Added to products whose description holds every word: the product is about them.
DESCRIPTION_ALL_WORDS_BOOST = 2.0
# Below this many exact matches of every word, one relaxed search adds typo matches and
# products matching only some words: they come after every product matching all words (exact
# ones first), whatever their score, by these bonuses.
FEW_MATCHES = 10
ALL_WORDS_BONUS = 10000.0
# Near matches: from three words on, the strict request also matches products missing one of
# them (one in NEAR_SHARE from eight words on), all after every product matching all words
# (ALL_WORDS_BONUS). Shoppers add words a product never states ("fire proof insulation
# foam", "commode mounting bolts"); requiring every one lost those products whenever ten
# others held all the words. One or two words stay all required: dropping one of two is
# another query. Total and facets count the products matching every word, plus at most
# NEAR_LIMIT near matches after them (what a shopper can page through), not the thousands
# matching some of a long query's words.
NEAR_FROM_WORDS = 3
NEAR_SHARE = 4
NEAR_LIMIT = 100
# The aggregation counting the products matching every word (see retrieval.candidates).
ALL_WORDS_AGG = "all_words"
SHOWN_AGG = "shown"

# Synonym matches count less than the shopper's own words, corrections less still.
SYNONYM_BOOST = 0.6
CORRECTION_BOOST = 0.4
# Added when synonyms are in play to every product matching the shopper's own words, so those
# always outrank products found only through a synonym (BM25 scores here stay far below).
OWN_WORDS_BONUS = 1000.0
# A rule's boost weight w multiplies the score by 1 + w/2; a bury by 1 / (1 + |w|/2).
RULE_BOOST_STEP = 0.5

# Clause names ES reports per hit, so a response can tell exact matches from typo matches.
EXACT_CLAUSE = "exact"
NEAR_CLAUSE = "near"
FUZZY_CLAUSE = "fuzzy"
SYNONYM_CLAUSE = "synonym"
CORRECTION_CLAUSE = "correction"
OWN_WORDS_CLAUSE = "own_words"
ALL_WORDS_CLAUSE = "all_words"
ALL_WORDS_TYPO_CLAUSE = "all_words_typo"

PRICE_BUCKETS = [(0, 25), (25, 50), (50, 100), (100, 250), (250, 500), (500, 1000), (1000, None)]
RATING_STEPS = [4, 3, 2, 1]
FACET_SIZE = 50

SORTS: dict[Sort, list[Any]] = {
    Sort.RELEVANCE: ["_score", {"review_count": "desc"}, {"product_id": "asc"}],
    Sort.PRICE_ASC: [{"price": {"order": "asc", "missing": "_last"}}, {"product_id": "asc"}],
    Sort.PRICE_DESC: [{"price": {"order": "desc", "missing": "_last"}}, {"product_id": "asc"}],
    Sort.RATING: [{"rating": {"order": "desc", "missing": "_last"}}, {"review_count": "desc"}],
    Sort.NEWEST: [{"release_date": {"order": "desc", "missing": "_last"}}, {"product_id": "asc"}],
    # unmapped_type: an index built before popularity existed still sorts (as all zero).
    Sort.POPULAR: [
        {"popularity": {"order": "desc", "unmapped_type": "float"}},
        "_score",
        {"review_count": "desc"},
        {"product_id": "asc"},
    ],
}


def text_query(
    q: str,
    *,
    relaxed: bool = False,
    typos: bool = True,
    variants: tuple[Variant, ...] = (),
    near: bool = True,
) -> dict[str, Any]:
    """Return the scoring query for the shopper's words.

    A product matches when every word does, exactly or, with `typos`, within typo distance, or
    when a synonym variant of the query matches. Relaxed, products matching any word match too,
    all after those matching every word (see `FEW_MATCHES`). With `near`, a longer query also
    matches products missing a word, after those matching all (see `NEAR_FROM_WORDS`). Type and
    description clauses only add to the score of matches.
    """
    if not relaxed:
        missing = missing_words(q) if near else 0
        if not missing:
            matching, own = _matching(q, "and", typos=typos, variants=variants)
            return _scored(q, matching, own, typos=typos)
        return _near(q, missing, typos=typos, variants=variants)
    # Partial matches need an exact word; every word with typos earns the bonus once and every
    # word exactly twice, so exact matches still outrank typo matches, and both partial ones.
    # (Each fuzzy clause runs once: typo matching is the costliest part of a query.)
    matching, own = _matching(q, "or", typos=False, variants=variants)
    if typos:
        every_word = _matching(q, "and", typos=True, variants=variants)[0]
        matching.append(_bonus(every_word, ALL_WORDS_TYPO_CLAUSE))
    query = _scored(q, matching, own, typos=typos)
    exact_words = _matching(q, "and", typos=False, variants=variants)[0]
    query["bool"]["should"].append(_bonus(exact_words, ALL_WORDS_CLAUSE))
    return query


def missing_words(q: str) -> int:
    """Return how many of the query's words a near match may miss (0: every word required).

    Words are what the shopper typed: a unit after its number is part of the measure
    ("55 inch"), so it does not count alone. The query clause counts terms, where a measure
    is several ("55 in 55in"): a near match drops a word, rarely a number.
    """
    words = 0
    last_number = False
    for token in tokens(rewrite_marks(q.lower())):
        if last_number and token in UNITS:
            last_number = False
            continue
        words += 1
        last_number = bool(NUMBER.match(token))
    if words < NEAR_FROM_WORDS:
        return 0
    return max(1, words // NEAR_SHARE)


def _near(q: str, missing: int, *, typos: bool, variants: tuple[Variant, ...]) -> dict[str, Any]:
    """Return the strict query of a longer query: all words first, then near matches.

    Products matching every word (exactly, with typos or through a synonym variant) get
    ALL_WORDS_BONUS; the clause inside keeps its names, so EXACT_CLAUSE still means every word
    matched exactly. Near matches (NEAR_CLAUSE) miss at most `missing` words, exactly.
    """
    every, own = _matching(q, "and", typos=typos, variants=variants)
    near = {
        "multi_match": {
            "query": stem_text(q),
            "fields": EXACT_FIELDS,
            "type": "cross_fields",
            "operator": "or",
            "minimum_should_match": f"-{missing}",
            "_name": NEAR_CLAUSE,
        }
    }
    # The other clauses are copies of the bonus's, unnamed so each name is reported once.
    query = _scored(q, [near, *unnamed(every[1:])], [near, *unnamed(own[1:])], typos=typos)
    query["bool"]["should"].append(
        {
            "constant_score": {
                "filter": {"bool": {"should": every, "minimum_should_match": 1}},
                "boost": ALL_WORDS_BONUS,
                "_name": ALL_WORDS_CLAUSE,
            }
        }
    )
    return query


def _bonus(clauses: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """Return a clause adding ALL_WORDS_BONUS to products matching any of `clauses`."""
    either = {"bool": {"should": unnamed(clauses), "minimum_should_match": 1}}
    return {"constant_score": {"filter": either, "boost": ALL_WORDS_BONUS, "_name": name}}


def _matching(
    q: str, operator: str, *, typos: bool, variants: tuple[Variant, ...]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return the clauses matching the words (all, or any: `operator`), and the shopper's own."""
    stemmed = stem_text(q)
    matching: list[dict[str, Any]] = [
        {
            "multi_match": {
                "query": stemmed,
                "fields": EXACT_FIELDS,
                "type": "cross_fields",
                "operator": operator,
                "_name": EXACT_CLAUSE,
            }
        }
    ]
    if typos:
        fuzzy = _fuzzy_clause(stemmed, operator)
        if fuzzy is not None:
            matching.append(fuzzy)
    # A variant matches every one of its words, even when the query matches any: with "or",
    # it counted its unjoined words twice (Home Depot NDCG@10 0.407 -> 0.394 when it did).
    matching.extend(_compound_clause(joined) for joined in _compounds(stemmed))
    own = list(matching)  # the shopper's own words, before the variants join
    matching.extend(_variant_clause(v, operator) for v in variants)
    return matching, own


def _fuzzy_clause(stemmed: str, operator: str) -> dict[str, Any] | None:
    """Return the typo clause: slips within typo distance, real words closer, codes exact.

    A token with a digit ("18.7", "g8", "2x4", "30in") is never fuzzed: one edit turns it into
    another product ("18.7" into 19.7 or 10.7). A dictionary word is matched at most one edit
    away (DICTIONARY_FUZZINESS): "spackle" is no slip of "space". None when the query holds no
    word to fuzz.
    """
    groups: dict[str | None, list[str]] = {}
    for word in stemmed.split():
        groups.setdefault(_fuzziness(word), []).append(word)
    if not set(groups) - {None}:
        return None
    parts = [_group_clause(words, operator, fuzziness) for fuzziness, words in groups.items()]
    if len(parts) == 1:
        parts[0]["multi_match"].update(boost=FUZZY_BOOST, _name=FUZZY_CLAUSE)
        return parts[0]
    occur = "must" if operator == "and" else "should"
    return {"bool": {occur: parts, "boost": FUZZY_BOOST, "_name": FUZZY_CLAUSE}}


def _fuzziness(token: str) -> str | None:
    """Return how far a token may be matched: None (as written) for numbers and codes."""
    if _has_digit(token):
        return None
    return DICTIONARY_FUZZINESS if is_dictionary_word(token) else TYPO_FUZZINESS


def _group_clause(words: list[str], operator: str, fuzziness: str | None) -> dict[str, Any]:
    """Return the typo clause's part for the words sharing one fuzziness."""
    clause: dict[str, Any] = {
        "query": " ".join(words),
        "fields": FUZZY_FIELDS,
        "type": "most_fields",
        "operator": operator,
    }
    if fuzziness is not None:
        clause.update(fuzziness=fuzziness, prefix_length=1, max_expansions=20)
    return {"multi_match": clause}


def _has_digit(token: str) -> bool:
    """Tell whether a token holds a digit (a number, measure or model code)."""
    return any(c.isdigit() for c in token)


def _scored(
    q: str, matching: list[dict[str, Any]], own: list[dict[str, Any]], *, typos: bool
) -> dict[str, Any]:
    """Return the query matching any of `matching`, scored with the evidence clauses.

    With synonyms in play (`own` is not all of `matching`), products matching the shopper's
    own words get OWN_WORDS_BONUS.
    """
    boosts = _evidence(q, typos=typos)
    if len(own) < len(matching):
        boosts.append(
            {
                "constant_score": {
                    "filter": {"bool": {"should": own, "minimum_should_match": 1}},
                    "boost": OWN_WORDS_BONUS,
                    "_name": OWN_WORDS_CLAUSE,
                }
            }
        )
    return {
        "bool": {
            "must": [{"bool": {"should": matching, "minimum_should_match": 1}}],
            "should": boosts,
        }
    }


def _evidence(q: str, *, typos: bool) -> list[dict[str, Any]]:
    """Return the clauses adding to a match's score: named type, description with every word,
    the shopper's words as written in the title."""
    stemmed = stem_text(q)
    if not stemmed:
        return []
    described = {"match": {"description_stem": {"query": stem_text(q), "operator": "and"}}}
    return [
        *_type_intent(stemmed.split(), typos=typos),
        {"constant_score": {"filter": described, "boost": DESCRIPTION_ALL_WORDS_BOOST}},
    ]


def _type_intent(words: list[str], *, typos: bool) -> list[dict[str, Any]]:
    """Favour products whose type is what the query names ("laptop", "aa battery" → battery).

    The whole query naming a type counts most; its last words (the head noun in English:
    "gaming keyboard" → keyboard) count less.
    """
    clauses: list[dict[str, Any]] = []
    for start in range(len(words)):
        key = " ".join(words[start:])
        boost = TYPE_INTENT_BOOST if start == 0 else TYPE_HEAD_BOOST
        clauses.append({"constant_score": {"filter": {"term": {"type_keys": key}}, "boost": boost}})
        if typos and all(_fuzziness(word) == TYPO_FUZZINESS for word in words[start:]):
            # A misspelt type ("labtop", "lenovo labtop") still signals intent, less surely.
            fuzzy = {"value": key, "fuzziness": TYPO_FUZZINESS, "prefix_length": 1}
            typo = {"fuzzy": {"type_keys": fuzzy}}
            clauses.append({"constant_score": {"filter": typo, "boost": TYPE_HEAD_BOOST}})
    return clauses


def unnamed(query: Any) -> Any:
    """Return a copy of a query without clause names (so only another copy reports them)."""
    if isinstance(query, dict):
        return {key: unnamed(value) for key, value in query.items() if key != "_name"}
    if isinstance(query, list):
        return [unnamed(value) for value in query]
    return query


def _variant_clause(variant: Variant, operator: str) -> dict[str, Any]:
    """Return the clause matching one synonym variant of the query (already analysed)."""
    correction = variant.kind is SynonymKind.CORRECTION
    return {
        "multi_match": {
            "query": variant.text,
            "fields": EXACT_FIELDS,
            "type": "cross_fields",
            "operator": operator,
            "boost": CORRECTION_BOOST if correction else SYNONYM_BOOST,
            "_name": CORRECTION_CLAUSE if correction else SYNONYM_CLAUSE,
        }
    }


def with_effects(query: dict[str, Any], effects: Effects) -> dict[str, Any]:
    """Apply rule effects to a query: added filters, hidden and pinned ids, boosts and buries."""
    if effects is NO_EFFECTS:
        return query
    wrapped: dict[str, Any] = {"bool": {"must": [query]}}
    filters = []
    if effects.filter_brands:
        filters.append({"terms": {"brand.lower": [b.lower() for b in effects.filter_brands]}})
    if effects.filter_types:
        filters.append({"terms": {"product_type.lower": [t.lower() for t in effects.filter_types]}})
    if filters:
        wrapped["bool"]["filter"] = filters
    if effects.excluded:
        wrapped["bool"]["must_not"] = [{"terms": {"product_id": effects.excluded}}]
    if not effects.boosts:
        return wrapped
    functions = [
        {"filter": boost_filter(b.field, b.name, b.value), "weight": _boost_factor(b.weight)}
        for b in effects.boosts
    ]
    return {
        "function_score": {
            "query": wrapped,
            "functions": functions,
            "score_mode": "multiply",
            "boost_mode": "multiply",
        }
    }


def boost_filter(field: str, name: str | None, value: str) -> dict[str, Any]:
    """Return the filter selecting products a rule boosts by brand, type or attribute."""
    if field == "attribute":
        return {"term": {"facts": fact_key(name or "", value)}}
    return {"term": {f"{field}.lower": value.lower()}}


def _boost_factor(weight: int) -> float:
    """Return the score multiplier of a boost (weight > 0) or bury (weight < 0)."""
    step = 1 + abs(weight) * RULE_BOOST_STEP
    return step if weight > 0 else 1 / step


def _compounds(stemmed: str) -> list[str]:
    """Return the query with one pair of words joined ("deck over" → "deckover"), each way."""
    return [" ".join(variant) for variant in joined_variants(stemmed.split())]


def _compound_clause(joined: str) -> dict[str, Any]:
    """Return the clause matching a joined variant of the query as the shopper's own words."""
    return {
        "multi_match": {
            "query": joined,
            "fields": JOINED_QUERY_FIELDS,
            "type": "cross_fields",
            "operator": "and",
            "boost": COMPOUND_BOOST,
        }
    }


def filter_clauses(filters: Filters, *, skip: str | None = None) -> list[dict[str, Any]]:
    """Return ES filter clauses for the filters, leaving out the facet named by `skip`."""
    clauses: list[dict[str, Any]] = [{"term": {"active": True}}]
    if filters.brands and skip != "brand":
        clauses.append({"terms": {"brand.lower": [b.lower() for b in filters.brands]}})
    if filters.types and skip != "product_type":
        clauses.append({"terms": {"product_type.lower": [t.lower() for t in filters.types]}})
    if filters.price and skip != "price":
        bounds: dict[str, float] = {}
        if filters.price.low is not None:
            bounds["gte"] = float(filters.price.low)
        if filters.price.high is not None:
            bounds["lte"] = float(filters.price.high)
        clauses.append({"range": {"price": bounds}})
    if filters.min_rating is not None and skip != "rating":
        clauses.append({"range": {"rating": {"gte": filters.min_rating}}})
    if filters.in_stock is not None:
        clauses.append({"term": {"in_stock": filters.in_stock}})
    return clauses


def facet_aggregations(filters: Filters) -> dict[str, Any]:
    """Return facet aggregations; each ignores its own filter so shoppers can pick several."""
    facets = {
        "brand": {"terms": {"field": "brand.keyword", "size": FACET_SIZE}},
        "product_type": {"terms": {"field": "product_type.keyword", "size": FACET_SIZE}},
        "price": {"range": {"field": "price", "ranges": [_price_range(b) for b in PRICE_BUCKETS]}},
        "rating": {
            "range": {
                "field": "rating",
                "ranges": [{"key": str(step), "from": step} for step in RATING_STEPS],
            }
        },
    }
    return {
        name: {
            "filter": {"bool": {"filter": filter_clauses(filters, skip=name)}},
            "aggs": {"values": agg},
        }
        for name, agg in facets.items()
    }


def _price_range(bucket: tuple[int, int | None]) -> dict[str, Any]:
    """Return one price range whose key is exactly the `price` parameter that selects it."""
    low, high = bucket
    key = f"{low}-{high if high is not None else ''}"
    return {"key": key, "from": low, "to": high} if high is not None else {"key": key, "from": low}


def search_body(
    params: SearchParams,
    *,
    relaxed: bool = False,
    typos: bool = True,
    plan: QueryPlan = NO_PLAN,
) -> dict[str, Any]:
    """Return the full search request: query, post-filter, facets, sort and page.

    A strict request whose query takes near matches also counts the products matching every
    word (ALL_WORDS_AGG, holding the facets); retrieval.candidates reads it back.
    """
    # Near matches only where the order is relevance: sorted by price they would mix in.
    near = bool(params.q) and not relaxed and params.sort is Sort.RELEVANCE
    near = near and missing_words(params.q) > 0
    query: dict[str, Any] = (
        text_query(params.q, relaxed=relaxed, typos=typos, variants=plan.variants, near=near)
        if params.q
        else {"match_all": {}}
    )
    all_words = _matching(params.q, "and", typos=typos, variants=plan.variants)[0] if near else []
    query = with_effects(query, plan.effects)
    post_filter = {"bool": {"filter": filter_clauses(params.filters)}}
    aggs = facet_aggregations(params.filters)
    if near:
        # Facets and the count describe the products matching every word (see NEAR_LIMIT).
        every = {"bool": {"should": unnamed(all_words), "minimum_should_match": 1}}
        aggs = {
            ALL_WORDS_AGG: {"filter": every, "aggs": {**aggs, SHOWN_AGG: {"filter": post_filter}}}
        }
    return {
        "query": query,
        # Filters go in post_filter so facet counts can ignore their own facet's selection.
        "post_filter": post_filter,
        "aggs": aggs,
        "sort": SORTS[params.sort] if params.q or params.sort != Sort.RELEVANCE else _browse_sort(),
        "from": params.offset,
        "size": params.size,
        "track_total_hits": True,
        "_source": {
            "excludes": ["*_stem", "description", "attributes", "facts", "suggest", "embedding"]
        },
    }


def _browse_sort() -> list[Any]:
    """Return the order of a search without words: most popular, then most reviewed first."""
    return [
        {"popularity": {"order": "desc", "unmapped_type": "float"}},
        {"review_count": "desc"},
        {"product_id": "asc"},
    ]


def suggest_body(q: str) -> dict[str, Any]:
    """Return a request for a phrase suggester proposing a corrected query ("did you mean")."""
    return {"size": 0, "suggest": _suggest_section(q)}


# A few options, so retrieval.spelling can pass over those its rules refuse.
SUGGEST_OPTIONS = 5


def _suggest_section(q: str) -> dict[str, Any]:
    """Return the phrase suggester section.

    Candidates are drawn only for words the index lacks (`missing`): a word the catalog's
    titles hold is never corrected. Single words come from the unigram title field; the
    shingle field adds splits of run-together words ("phonecase" → "phone case"), and also
    near-bigrams ("iphone" → "in one"), which retrieval.spelling refuses: a split must spell
    the same letters. The shingles score how well the corrected words go together.
    """
    return {
        "did_you_mean": {
            "text": q.lower(),
            "phrase": {
                "field": "title.shingles",
                "size": SUGGEST_OPTIONS,
                "gram_size": 3,
                "max_errors": 2,
                "confidence": 1.0,
                "direct_generator": [
                    {"field": "title", "suggest_mode": "missing", "min_word_length": 3},
                    {"field": "title.shingles", "suggest_mode": "missing", "min_word_length": 3},
                ],
            },
        }
    }
