"""Split product titles into words and tell words from specs, for the brand and type learners.

Only language-level knowledge lives here (English grammar words, the trade units core.units
knows): nothing about any one trade, so the learners work on any catalog's titles.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import unescape

from core.text import GRAMMAR_WORDS, fold, stem
from core.units import UNITS

# Where the name of the thing ends and its options begin ("... Toilet in White", "... Grill
# with Side Burner", "... Vanity, 30 in.", "(8-Pack)", "Sealant - Clear").
SEGMENT_END = re.compile(
    r",|;|\(|\[|\s[-\u2013\u2014/|]\s|\s(?:with|without|for|in|w/|featuring|includes?|including|on|by|"
    r"from|fits|that|using)\s",
    re.IGNORECASE,
)
# A tag glued to the end of a title ("...in White-DISCONTINUED"): not part of any name.
TRAILING_TAG = re.compile(r"-[A-Z]{4,}\W*$")
EDGE_PUNCTUATION = ".,;:!?*\"'()[]{}®™©"
NAME = re.compile(r"[^\W_][\w'&+.!-]*", re.UNICODE)
# No inner full stop: "O.D.", "Sch." are abbreviations of specs, not words of a name.
WORD = re.compile(r"[^\W\d_][\w'&+-]*", re.UNICODE)


def title_tokens(title: str) -> list[str]:
    """Split a title on whitespace, edge punctuation and a glued trailing tag removed."""
    cleaned = TRAILING_TAG.sub("", unescape(title))
    tokens = (token.strip(EDGE_PUNCTUATION) for token in cleaned.split())
    return [token for token in tokens if token]


@lru_cache(maxsize=1 << 18)
def key(token: str) -> str:
    """Return the comparison form of a token: folded, edge punctuation off, singular."""
    return stem(fold(token).strip(EDGE_PUNCTUATION))


def is_word(token: str) -> bool:
    """Say whether a token is a word (not a number, measure, code or grammar word)."""
    if not WORD.fullmatch(token) or any(c.isdigit() for c in token):
        return False
    folded = fold(token).strip(".")
    return folded not in GRAMMAR_WORDS and folded not in UNITS and len(folded) > 1


def is_name_token(token: str) -> bool:
    """Say whether a token can be part of a brand: a word, or a short code like 3M or 3-IN-ONE."""
    if is_word(token):
        return True
    letters = [c for c in token if c.isalpha()]
    if not letters or not NAME.fullmatch(token):
        return False
    # A name may hold digits (Step2, 3M, WD-40) but "12-Volt" is a measure; "60W" passes here
    # and the learner's mid-title test sends it away.
    return token[0].isalpha() or all(c.isupper() for c in letters)


# The marker before a finish or colour ("in White", "in Oil Rubbed Bronze"): the words that
# follow it recur at the end of titles as options, not as the thing itself.
OPTION_MARKER = re.compile(r"\sin\s+([^\W\d_][\w'-]*)", re.IGNORECASE)


def option_words(title: str) -> list[str]:
    """Return the words a title puts right after "in" (its colours and finishes)."""
    return OPTION_MARKER.findall(unescape(title))


def name_part(title: str) -> str:
    """Return the title up to its first option marker (with, for, in, a comma, a bracket)."""
    padded = f" {TRAILING_TAG.sub('', unescape(title))} "
    match = SEGMENT_END.search(padded)
    return (padded if match is None else padded[: match.start()]).strip()
