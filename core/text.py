"""Text analysis done by Aisle itself, because the minimal Elasticsearch has no stemmer or
ASCII folding: the indexer and the query builder both call `stem_text`, so they always agree.

Invariant: `stem_text(stem_text(t)) == stem_text(t)`: normalised text normalises to itself."""

from __future__ import annotations

import re
import unicodedata

from core.units import measures, rewrite_marks

# Close to Lucene's standard tokenizer for product text: words, numbers and decimals ("15.6").
TOKEN = re.compile(r"[^\W_]+(?:[.,][^\W_]+)*", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case and strip accents (café → cafe) so either spelling matches."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def tokens(text: str) -> list[str]:
    """Split folded text into word tokens."""
    return TOKEN.findall(fold(text))


def stem(token: str) -> str:
    """Reduce an English plural to its singular (Lucene's minimal English stemmer)."""
    if len(token) < 3 or token[-1] != "s" or not token.isalpha() or token[-2] in "us":
        return token
    if token[-2] == "e":
        if len(token) > 3 and token[-3] == "i" and token[-4] not in "ae":
            return token[:-3] + "y"
        if token[-3] in "iaoe":
            return token
    return token[:-1]


# Suffix stripping beyond plurals (`root`): only where the remainder is still a word's body.
ROOT_MIN = 3  # letters left after a suffix ("lighting" → light; "string", "king" stay)
E_ROOT_MIN = 4  # letters left after a final e ("house" → hous; "tape" stays, not "tap")
VOWELS = frozenset("aeiouy")
# Doubled finals undone after -ing/-ed ("fitting" → fit), except where English keeps them.
KEEP_DOUBLE = frozenset("lsz")


def root(token: str) -> str:
    """Reduce a singular English word to a root shared by its -ing, -ed and -e forms.

    Lighter than Porter on purpose: -ing and -ed go ("lighting", "lighted" → light; "fitting"
    → fit; "railing" → rail), and a final e ("house", "housing" → hous); -er stays, since in
    product text it names another thing (heater, planter, washer). Not for words with digits.
    """
    if not token.isalpha():
        return token
    for suffix in ("ing", "ed"):
        body = token[: -len(suffix)]
        if token.endswith(suffix) and _is_body(body) and not body.endswith("e"):
            token = body
            doubled = len(body) > ROOT_MIN and body[-1] == body[-2]
            if doubled and body[-1] not in KEEP_DOUBLE | VOWELS:
                token = body[:-1]
            break
    if token.endswith("e") and len(token) - 1 >= E_ROOT_MIN and token[-2] not in VOWELS:
        token = token[:-1]
    return token


def _is_body(body: str) -> bool:
    """Tell whether what a suffix leaves is long enough and holds a vowel ("str" does not)."""
    return len(body) >= ROOT_MIN and any(c in VOWELS for c in body)


def roots(words: list[str]) -> list[str]:
    """Return the root of every term (see `root`)."""
    return [root(word) for word in words]


def terms(text: str | None) -> list[str]:
    """Return the indexed terms of a text: folded, singularised, units and numbers canonical.

    Query and product text both go through here (see core.units), so every spelling of a
    measure yields the same terms.
    """
    if not text:
        return []
    return measures(stem(token) for token in tokens(rewrite_marks(fold(text))))


def stem_text(text: str | None) -> str:
    """Return the terms of a text joined by spaces (the words a query means, as written)."""
    return " ".join(terms(text))


def root_text(text: str | None) -> str:
    """Return the roots of a text's terms joined by spaces (what a query matches *_stem by)."""
    return " ".join(roots(terms(text)))


def index_text(text: str | None) -> str:
    """Return what a *_stem field holds: the terms, then every root that differs from its term.

    Both forms are indexed, so a query's roots (`root_text`) match any form, and its terms
    as written (`stem_text`) still match only that form.
    """
    found = terms(text)
    return " ".join([*found, *(r for t in found if (r := root(t)) != t)])


def fact_key(name: str, value: object) -> str:
    """Return an attribute value as indexed ('Colour', 'Silver' → 'colour=silver')."""
    if isinstance(value, bool):
        value = "true" if value else "false"
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{'_'.join(tokens(name))}={fold(str(value)).strip()}"
