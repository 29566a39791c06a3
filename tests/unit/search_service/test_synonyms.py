"""Synonym parsing, validation, round trips and query expansion, without a cluster."""

from __future__ import annotations

import csv
import io

import pytest

from core.errors import InvalidInputError
from merchandising.schemas import SynonymSetData
from merchandising.synonyms import (
    MAX_VARIANTS,
    check_sets,
    compile_sets,
    parse,
    to_csv,
    to_solr,
)
from retrieval.plan import SynonymKind

SOLR = """# electronics
tv, television
laptop => notebook
flat screen tv, lcd tv
"""


def index_of(text: str, *, corrections: bool = False, fmt: str = "solr"):
    """Compile one enabled set."""
    entries = parse(text, fmt=fmt, corrections=corrections)
    return compile_sets([SynonymSetData(name="s", corrections=corrections, entries=entries)])


def texts(index, q: str) -> list[str]:
    """Return the variant texts of a query."""
    return [v.text for v in index.variants(q)]


def test_solr_lines_parse_into_kinds() -> None:
    entries = parse(SOLR, fmt="solr", corrections=False)
    assert [e.kind for e in entries] == [
        SynonymKind.SYNONYM,
        SynonymKind.ONE_WAY,
        SynonymKind.SYNONYM,
    ]
    assert entries[1].terms == ["laptop"] and entries[1].targets == ["notebook"]


def test_multi_way_expands_every_direction() -> None:
    index = index_of("tv, television")
    assert texts(index, "tv") == ["television"]
    assert texts(index, "Télévision") == ["tv"]  # case and accents folded


def test_one_way_expands_only_forwards() -> None:
    index = index_of("laptop => notebook")
    assert texts(index, "laptop bag") == ["notebook bag"]
    assert texts(index, "notebook bag") == []


def test_multi_word_terms_match_longest_phrase() -> None:
    index = index_of("flat screen tv, lcd tv\ntv, television")
    assert "lcd tv" in texts(index, "flat screen tvs")
    # The longest known phrase wins: "lcd tv" is one term, its "tv" is not expanded apart.
    assert texts(index, "lcd tv") == ["flat screen tv"]


def test_several_synonyms_in_one_query_combine() -> None:
    index = index_of("tv, television\nmount, bracket")
    found = texts(index, "tv wall mount")
    # One replacement at a time first, then both together.
    assert set(found[:2]) == {"television wall mount", "tv wall bracket"}
    assert found[2] == "television wall bracket"


def test_a_typo_in_the_query_still_finds_the_synonym() -> None:
    index = index_of("television, tv")
    assert texts(index, "televsion") == ["tv"]


def test_corrections_are_marked_as_such() -> None:
    index = index_of("head set => headset", corrections=True)
    [variant] = index.variants("head set")
    assert variant.text == "headset" and variant.kind is SynonymKind.CORRECTION


def test_variants_are_capped() -> None:
    lines = "\n".join(f"w{i}, a{i}, b{i}, c{i}" for i in range(6))
    index = index_of(lines)
    assert len(index.variants(" ".join(f"w{i}" for i in range(6)))) == MAX_VARIANTS


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("tv, , television", "line 1 has an empty term"),
        ("tv", "line 1 needs at least two different terms"),
        ("tv, TV", "line 1 needs at least two different terms"),
        ("laptop => laptop, notebook", "line 1 has 'laptop' on both sides"),
        ("a => b => c", "line 1 has more than one '=>'"),
        ("\n\nlaptop =>", "line 3 has an empty term"),
    ],
)
def test_bad_lines_are_named(text: str, problem: str) -> None:
    with pytest.raises(InvalidInputError, match=problem):
        parse(text, fmt="solr", corrections=False)


def test_corrections_set_refuses_two_way_lines() -> None:
    with pytest.raises(InvalidInputError, match="line 1 is not 'wrong => right'"):
        parse("tv, television", fmt="solr", corrections=True)


def test_one_way_cycles_are_refused() -> None:
    entries = parse("a => b\nb => c\nc => a", fmt="solr", corrections=False)
    with pytest.raises(InvalidInputError, match="cycle a => b => c => a"):
        check_sets([SynonymSetData(name="s", entries=entries)])


def test_disabled_sets_do_not_count() -> None:
    entries = parse("a => b\nb => a", fmt="solr", corrections=False)
    check_sets([SynonymSetData(name="s", enabled=False, entries=entries)])
    assert compile_sets([SynonymSetData(name="s", enabled=False, entries=entries)]).size == 0


def test_solr_and_csv_round_trip() -> None:
    entries = parse(SOLR, fmt="solr", corrections=False)
    assert parse(to_solr(entries), fmt="solr", corrections=False) == entries
    assert parse(to_csv(entries), fmt="csv", corrections=False) == entries


def test_csv_names_a_bad_kind() -> None:
    with pytest.raises(InvalidInputError, match="line 2 has kind 'alias'"):
        parse("kind,terms,targets\nalias,a|b,", fmt="csv", corrections=False)


def test_csv_export_quotes_formula_like_terms_and_imports_them_back() -> None:
    text = '=HYPERLINK("https://evil.example"), television\n@sum => tv\n+cmd, -minus tv'
    entries = parse(text, fmt="solr", corrections=False)
    exported = to_csv(entries)
    lines = exported.splitlines()[1:]
    assert lines[0] == 'synonym,"\'=HYPERLINK(""https://evil.example"")|television",'
    assert lines[1] == "one_way,'@sum,tv"
    assert lines[2] == "synonym,'+cmd|-minus tv,"
    for row in csv.reader(io.StringIO(exported)):
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row
    assert parse(exported, fmt="csv", corrections=False) == entries
