"""The store's language dictionary: words a shopper spelt right, which typo matching leaves alone.

Typo matching fuzzes every word within an edit distance (two from six letters), so a correctly
spelt word the catalog lacks turned into another one: "spackle" matched "space", "chimney"
"chime". A word the language's dictionary knows is matched at most one edit away
(retrieval.queries.DICTIONARY_FUZZINESS); slips ("hamer", "labtop", "recieve") are not in the
dictionary and keep the full typo distance.

The word counts are pyspellchecker's (from subtitles corpora), in the language
`AISLE_DICTIONARY_LANGUAGE` names (en, es, fr, de, it, pt, nl, ru, ...); empty turns it off.
"""

from __future__ import annotations

from functools import lru_cache

from spellchecker import SpellChecker
from spellchecker.spellchecker import WordFrequency

from core.settings import get_settings

# Seen this often, a word is in use ("spackle" 162); common misspellings are absent altogether.
MIN_COUNT = 50


@lru_cache(maxsize=4)
def _frequencies(language: str) -> WordFrequency:
    """Return the word counts of a language (about 0.3 s to load, once per process)."""
    return SpellChecker(language=language, distance=1).word_frequency


def is_dictionary_word(term: str) -> bool:
    """Tell whether a folded, singularised term is a word of the store's language."""
    language = get_settings().dictionary_language
    if not language or not term.isalpha():
        return False
    return _frequencies(language)[term] >= MIN_COUNT
