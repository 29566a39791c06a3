"""Text analysis done by Aisle itself, because the minimal Elasticsearch has no stemmer or
ASCII folding: the indexer and the query builder both call `stem_text`, so they always agree.

Invariant: `stem_text(stem_text(t)) == stem_text(t)`: normalised text normalises to itself."""

from __future__ import annotations

import re
import unicodedata

from core.units import measures, rewrite_marks

# Close to Lucene's standard tokenizer for product text: words, numbers and decimals ("15.6").
TOKEN = re.compile(r"[^\W_]+(?:[.,][^\W_]+)*", re.UNICODE)
# Closed-class English words: they join or qualify names, they never are a brand, a type or
# half of a compound.
GRAMMAR_WORDS = frozenset(
    {"a", "an", "and", "&", "or", "of", "the", "to", "for", "with", "without", "in", "on"}
    | {"by", "from", "at", "into", "per", "x", "w/", "plus", "not", "up"}
)


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


def terms(text: str | None) -> list[str]:
    """Return the indexed terms of a text: folded, singularised, units and numbers canonical.

    Query and product text both go through here (see core.units), so every spelling of a
    measure yields the same terms.
    """
    if not text:
        return []
    return measures(stem(token) for token in tokens(rewrite_marks(fold(text))))


def stem_text(text: str | None) -> str:
    """Return the terms of a text joined by spaces (what the *_stem fields hold)."""
    return " ".join(terms(text))


def fact_key(name: str, value: object) -> str:
    """Return an attribute value as indexed ('Colour', 'Silver' → 'colour=silver')."""
    if isinstance(value, bool):
        value = "true" if value else "false"
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{'_'.join(tokens(name))}={fold(str(value)).strip()}"
