"""CSV cells: formula-like text gets a leading quote, and importers take it off again."""

from __future__ import annotations

import pytest

from core.spreadsheet import safe_cell, unquoted_cell


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("https://evil.example","click")',
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_formula_like_cells_are_quoted_and_unquoted(cell: str) -> None:
    assert safe_cell(cell) == "'" + cell
    assert unquoted_cell(safe_cell(cell)) == cell


@pytest.mark.parametrize("cell", ["tv", "", "a=b", " =1", "'quoted'", "'", "2-3", "tv|=x"])
def test_other_cells_are_left_alone(cell: str) -> None:
    assert safe_cell(cell) == cell
    assert unquoted_cell(cell) == cell


def test_only_the_guard_quote_is_taken_off() -> None:
    assert unquoted_cell("''=1") == "''=1"  # not what safe_cell writes: kept as it is
    assert unquoted_cell("'=1") == "=1"
