"""CSV cells a spreadsheet will not run: the OWASP rule against formula injection.

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return may be taken for a formula
(`=HYPERLINK(...)`, `@SUM(...)`, DDE tricks) when an exported file is opened in Excel or
LibreOffice. Every CSV Aisle writes passes text cells through `safe_cell`, which puts a single
quote in front: spreadsheets show the text and drop the quote. Importers reading a file Aisle
wrote take the quote off again with `unquoted_cell`, so export, then import, is a round trip.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def safe_cell(value: str) -> str:
    """Return a text cell with a single quote in front when it could be read as a formula."""
    return QUOTE + value if value.startswith(FORMULA_STARTS) else value


def unquoted_cell(value: str) -> str:
    """Undo `safe_cell`: drop the quote it put before a formula-like cell, nothing else."""
    if value.startswith(QUOTE) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
