"""Display names are one line of plain text; mail writes any stored name as one line."""

from __future__ import annotations

import re

import pytest

from accounts.display_names import check_display_name
from accounts.emails import as_text


@pytest.mark.parametrize(
    "name", ["Casey", "J. R. R. Tolkien", "Zoë O'Brien", "李小龙", "Ann Smith 3.0", "R&D team"]
)
def test_ordinary_names_pass(name: str) -> None:
    assert check_display_name(name) == name


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("x\n\nYour order is on hold", "line breaks"),
        ("tab\there", "U+0009"),
        ("a\u2028b", "line breaks"),
        ("a\u202eb", "U+202E"),
        ("see evil.example/pay", "'evil.example'"),
        ("https://x", "web address"),
        ("mailto:a", "web address"),
        ("www.shop", "web address"),
    ],
)
def test_names_with_lines_controls_or_links_are_refused_naming_why(name: str, problem: str) -> None:
    with pytest.raises(ValueError, match=re.escape(problem)):
        check_display_name(name)


def test_mail_writes_a_stored_name_as_one_bounded_line() -> None:
    assert as_text("x\r\n\r\nPay now\u2028!") == "x Pay now !"
    assert as_text("n" * 500) == "n" * 100
