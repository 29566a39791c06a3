import json
from typing import Any

from retrieval.params import Filters, PriceRange, SearchParams, Sort
from retrieval.queries import (
    ALL_WORDS_AGG,
    ALL_WORDS_BONUS,
    DICTIONARY_FUZZINESS,
    NEAR_CLAUSE,
    TYPO_FUZZINESS,
    filter_clauses,
    missing_words,
    search_body,
    text_query,
    unnamed,
)


def test_user_text_never_reaches_query_string() -> None:
    body = search_body(SearchParams(q='title:x AND (y OR "z")~2'))
    assert "query_string" not in json.dumps(body)


def matching(query: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the clauses that decide whether a product matches at all."""
    clauses: list[dict[str, Any]] = query["bool"]["must"][0]["bool"]["should"]
    return clauses


def boosts(query: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the clauses that only add to a match's score."""
    clauses: list[dict[str, Any]] = query["bool"]["should"]
    return clauses


def test_exact_clause_outweighs_fuzzy_clause() -> None:
    exact, fuzzy = (c["multi_match"] for c in matching(text_query("labtop")))
    assert "fuzziness" not in exact and fuzzy["fuzziness"] == TYPO_FUZZINESS
    assert fuzzy["boost"] < 1


def test_without_typos_only_exact_words_match() -> None:
    clauses = matching(text_query("labtop", typos=False))
    assert [c["multi_match"].get("fuzziness") for c in clauses] == [None]
    assert "fuzzy" not in json.dumps(text_query("labtop", typos=False))


def test_strict_requires_every_word_and_relaxed_any() -> None:
    assert matching(text_query("usb cable"))[0]["multi_match"]["operator"] == "and"
    assert matching(text_query("usb cable", relaxed=True))[0]["multi_match"]["operator"] == "or"


def bonus(query: dict[str, Any], name: str) -> dict[str, Any]:
    """Return the all-words bonus clause of a relaxed query, by name."""
    clauses = [*matching(query), *boosts(query)]
    [found] = [
        c["constant_score"] for c in clauses if c.get("constant_score", {}).get("_name") == name
    ]
    return found


def test_relaxed_puts_exact_then_typo_every_word_matches_before_partial_ones() -> None:
    relaxed = text_query("usb cabel", relaxed=True)
    exact, typo = bonus(relaxed, "all_words"), bonus(relaxed, "all_words_typo")
    assert exact["boost"] == typo["boost"] == ALL_WORDS_BONUS
    assert exact["filter"]["bool"]["should"] == unnamed(
        matching(text_query("usb cabel", typos=False))
    )
    assert typo["filter"]["bool"]["should"] == unnamed(matching(text_query("usb cabel")))
    assert '"_name"' not in json.dumps([exact["filter"], typo["filter"]])
    # Partial matches need an exact word: the only fuzzy clause left is the typo bonus's.
    partial = [c for c in matching(relaxed) if "multi_match" in c]
    assert all("fuzziness" not in c["multi_match"] for c in partial)
    assert json.dumps(relaxed).count('"type": "most_fields"') == 1


def test_query_is_stemmed_like_the_index() -> None:
    assert matching(text_query("Laptops"))[0]["multi_match"]["query"] == "laptop"


def test_two_word_query_also_tries_the_compound() -> None:
    clauses = matching(text_query("head set"))
    assert any(c.get("multi_match", {}).get("query") == "headset" for c in clauses)


def test_longer_query_tries_each_pair_of_words_joined() -> None:
    queries = [
        c.get("multi_match", {}).get("query") for c in matching(text_query("rain shower head"))
    ]
    assert "rainshower head" in queries and "rain showerhead" in queries
    # A joined query word looks for titles writing it as one word, not for the words adjacent.
    joined = next(c for c in matching(text_query("rain shower")) if "rainshower" in str(c))
    assert "title_joined" not in joined["multi_match"]["fields"]
    # Numbers and units are not words: "30 in vanity" has no "invanity" variant.
    assert not any("invanity" in str(q) for q in matching(text_query("30 in vanity")))


def test_type_and_description_clauses_only_boost() -> None:
    kinds = {next(iter(c)) for c in boosts(text_query("gaming keyboard"))}
    assert kinds == {"constant_score"}


def test_filters_map_to_clauses_and_facets_skip_their_own() -> None:
    filters = Filters(
        brands=("HP",),
        types=("Laptops",),
        price=PriceRange(None, None),
        min_rating=4,
        in_stock=True,
    )
    clauses = filter_clauses(filters)
    assert {"terms": {"brand.lower": ["hp"]}} in clauses
    assert {"term": {"in_stock": True}} in clauses
    assert {"terms": {"brand.lower": ["hp"]}} not in filter_clauses(filters, skip="brand")
    body = search_body(SearchParams(filters=filters))
    brand_facet = body["aggs"]["brand"]["filter"]["bool"]["filter"]
    assert {"terms": {"brand.lower": ["hp"]}} not in brand_facet
    assert {"terms": {"product_type.lower": ["laptops"]}} in brand_facet


def test_paging_and_sorting() -> None:
    body = search_body(SearchParams(q="tv", sort=Sort.PRICE_ASC, page=3, size=20))
    assert body["from"] == 40 and body["size"] == 20
    assert body["sort"][0] == {"price": {"order": "asc", "missing": "_last"}}


def test_price_facet_keys_are_filter_values() -> None:
    ranges = search_body(SearchParams())["aggs"]["price"]["aggs"]["values"]["range"]["ranges"]
    assert ranges[0]["key"] == "0-25" and ranges[-1]["key"] == "1000-"


def test_query_naming_a_type_favours_that_type() -> None:
    clauses = boosts(text_query("gaming keyboards"))
    intents = [
        c["constant_score"]
        for c in clauses
        if "type_keys" in c.get("constant_score", {}).get("filter", {}).get("term", {})
    ]
    keys = [(c["filter"]["term"]["type_keys"], c["boost"]) for c in intents]
    assert keys[0][0] == "gaming keyboard" and keys[1][0] == "keyboard"
    assert keys[0][1] > keys[1][1]


def test_description_holding_every_word_adds_to_the_score() -> None:
    filters = [
        c["constant_score"]["filter"]
        for c in boosts(text_query("usb cable"))
        if "constant_score" in c
    ]
    assert {"match": {"description_stem": {"query": "usb cable", "operator": "and"}}} in filters


def fuzzy_parts(query: dict[str, Any]) -> list[dict[str, Any]]:
    """Return every multi_match inside the typo clause."""
    fuzzy = next(c for c in matching(query) if "fuzziness" in json.dumps(c))
    if "bool" not in fuzzy:
        return [fuzzy["multi_match"]]
    return [part["multi_match"] for part in fuzzy["bool"]["must"]]


def test_numbers_and_model_codes_are_never_fuzzed() -> None:
    # "18.7" within one edit of 19.7 and 10.7 matched them: digits stay exact.
    fuzzed, exact = fuzzy_parts(text_query("moniter 18.7 g8"))
    assert fuzzed["query"] == "moniter" and fuzzed["fuzziness"] == TYPO_FUZZINESS
    assert exact["query"] == "18.7 g8" and "fuzziness" not in exact
    assert "fuzziness" not in json.dumps(text_query("18.7 2x4"))


def test_dictionary_words_are_matched_at_most_one_edit_away() -> None:
    # "spackle" is a word, two edits from "space"; "hamer" is no word, so it may be "hammer".
    slips, words, codes = fuzzy_parts(text_query("hamer spackle tape 18.7"))
    assert slips["query"] == "hamer" and slips["fuzziness"] == TYPO_FUZZINESS
    assert words["query"] == "spackle tape" and words["fuzziness"] == DICTIONARY_FUZZINESS
    assert codes["query"] == "18.7" and "fuzziness" not in codes


def test_a_numeric_type_key_is_not_fuzzed() -> None:
    assert '"fuzzy"' not in json.dumps(boosts(text_query("2x4")))


def test_short_queries_need_every_word_longer_ones_all_but_a_share() -> None:
    assert [missing_words(q) for q in ("tv", "usb cable", "barn door hardware")] == [0, 0, 1]
    assert missing_words("fire proof insulation foam board for wall panel") == 2
    # A unit is part of its measure, not a word of its own.
    assert missing_words("samsung 55 inch") == missing_words("12v lighting") == 0


def test_longer_query_also_matches_near_matches_after_every_word_ones() -> None:
    query = text_query("fire proof insulation foam", typos=False)
    [near] = [c["multi_match"] for c in matching(query) if "_name" in c.get("multi_match", {})]
    assert near["_name"] == NEAR_CLAUSE and near["minimum_should_match"] == "-1"
    every = bonus(query, "all_words")
    assert every["boost"] == ALL_WORDS_BONUS
    # The clause inside keeps its name: "exact" still means every word matched exactly.
    exact, *joined = every["filter"]["bool"]["should"]
    assert exact["multi_match"]["operator"] == "and" and exact["multi_match"]["_name"] == "exact"
    # Every word counts as matched when a product writes two of them as one ("fireproof").
    assert joined[0]["multi_match"]["query"] == "fireproof insulation foam"


def test_near_matches_only_under_relevance_order() -> None:
    sorted_by_price = search_body(SearchParams(q="fire proof insulation foam", sort=Sort.PRICE_ASC))
    assert NEAR_CLAUSE not in json.dumps(sorted_by_price)
    assert ALL_WORDS_AGG not in sorted_by_price["aggs"]


def test_near_request_counts_and_facets_the_all_word_matches() -> None:
    body = search_body(SearchParams(q="fire proof insulation foam"))
    counted = body["aggs"][ALL_WORDS_AGG]
    assert set(counted["aggs"]) == {"brand", "product_type", "price", "rating", "shown"}
    assert counted["aggs"]["shown"]["filter"] == body["post_filter"]
    assert '"_name"' not in json.dumps(counted["filter"])
    assert ALL_WORDS_AGG not in search_body(SearchParams(q="usb cable"))["aggs"]
