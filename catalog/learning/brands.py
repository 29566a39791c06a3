"""Learn brands as the recurring leading words of a catalog's titles.

Most product titles open with the maker ("BEHR Premium ...", "Simpson Strong-Tie 12-Gauge
Angle"). A prefix of one to three words is a brand when it opens enough titles and rarely
appears anywhere else in a title: "White", "Outdoor" or "LED" open titles too, but they turn up
mid-title far more often than a maker's name does. A longer prefix is preferred when most of
the titles opening with the shorter one go on with it ("Hampton" → "Hampton Bay"), and not when
it is one product line among many ("KOHLER Archer" stays "KOHLER").

Invariant: learning is a pure function of the titles (and known brands): counts, then ties
broken by text, so the same catalog always yields the same vocabulary.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from catalog.learning.words import is_name_token, key, title_tokens

MAX_BRAND_WORDS = 3
# Fewer titles than this is no pattern: a one-off first word is as likely a product name.
MIN_BRAND_TITLES = 3
# A maker's name appears mid-title ("for KOHLER toilets") far less often than it opens one.
MAX_MID_SHARE = 0.5
# A longer prefix is the brand when it opens at least this share of the shorter one's titles.
# (A dominant product line then joins the name: "BEHR Premium". Requiring the extra word to be
# bound to the prefix lost "Glacier Bay", "Klein Tools", "Lithonia Lighting" and still kept
# "BEHR Premium Plus", so it is not done.)
EXTEND_SHARE = 0.5

Key = tuple[str, ...]


@dataclass(frozen=True)
class BrandVocabulary:
    """Learned brands: the keys of their words, mapped to the name as titles spell it."""

    names: dict[Key, str]

    def brand_of(self, title: str) -> str | None:
        """Return the learned brand a title opens with (the longest that matches), or None."""
        tokens = title_tokens(title)
        for size in range(min(MAX_BRAND_WORDS, len(tokens)), 0, -1):
            name = self.names.get(tuple(key(token) for token in tokens[:size]))
            if name is not None:
                return name
        return None


@dataclass
class _Counts:
    """How often each prefix opens a title, appears after the start, and how it is spelt."""

    starts: Counter[Key]
    mids: Counter[Key]
    forms: defaultdict[Key, Counter[str]]
    known: frozenset[Key]

    def plausible(self, prefix: Key) -> bool:
        """Say whether a prefix may be a brand on its own counts."""
        if prefix in self.known:
            return True
        opens = self.starts[prefix]
        return opens >= MIN_BRAND_TITLES and self.mids[prefix] <= MAX_MID_SHARE * opens

    def extends(self, longer: Key, shorter: Key) -> bool:
        """Say whether a longer prefix names the maker better than the shorter it starts with."""
        return longer in self.known or self.starts[longer] >= EXTEND_SHARE * self.starts[shorter]


def learn_brands(titles: Iterable[str], known: Iterable[str] = ()) -> BrandVocabulary:
    """Learn a catalog's brands from its titles; `known` ones (given columns) always count."""
    tokenised = [tokens for tokens in (title_tokens(t) for t in titles) if tokens]
    keyed = [[key(token) for token in tokens] for tokens in tokenised]
    counts = _count(tokenised, keyed, known)
    chosen: Counter[Key] = Counter()
    for tokens, keys in zip(tokenised, keyed, strict=True):
        prefix = _choose(tokens, keys, counts)
        if prefix is not None:
            chosen[prefix] += 1
    names = {
        prefix: _spelling(counts.forms[prefix])
        for prefix, n in chosen.items()
        if n >= MIN_BRAND_TITLES or prefix in counts.known
    }
    return BrandVocabulary(dict(sorted(names.items())))


def _count(tokenised: list[list[str]], keyed: list[list[str]], known: Iterable[str]) -> _Counts:
    """Count title openings, then the mid-title uses of the openings that recur."""
    starts: Counter[Key] = Counter()
    forms: defaultdict[Key, Counter[str]] = defaultdict(Counter)
    for tokens, keys in zip(tokenised, keyed, strict=True):
        for size in range(1, min(MAX_BRAND_WORDS, len(keys)) + 1):
            prefix = tuple(keys[:size])
            starts[prefix] += 1
            forms[prefix][" ".join(tokens[:size])] += 1
    candidates = {prefix for prefix, n in starts.items() if n >= MIN_BRAND_TITLES}
    mids: Counter[Key] = Counter()
    for keys in keyed:
        for start in range(1, len(keys)):
            for size in range(1, MAX_BRAND_WORDS + 1):
                gram = tuple(keys[start : start + size])
                if len(gram) == size and gram in candidates:
                    mids[gram] += 1
    known_keys = frozenset(tuple(key(t) for t in title_tokens(name)) for name in known)
    return _Counts(starts, mids, forms, known_keys)


def _choose(tokens: Sequence[str], keys: Sequence[str], counts: _Counts) -> Key | None:
    """Return the prefix of one title that is its brand, or None."""
    if not (tokens[0][0].isupper() or tokens[0][0].isdigit()):
        return None
    chosen: Key | None = None
    for size in range(1, min(MAX_BRAND_WORDS, len(tokens)) + 1):
        word = tokens[size - 1]
        if not is_name_token(word) or not (word[0].isupper() or word[0].isdigit()):
            break
        prefix = tuple(keys[:size])
        if not counts.plausible(prefix):
            continue  # "Home" alone is no brand, "Home Decorators Collection" may be
        if chosen is not None and not counts.extends(prefix, chosen):
            break
        chosen = prefix
    return chosen


def _spelling(forms: Counter[str]) -> str:
    """Return the commonest spelling of a name (ties broken by text, for determinism)."""
    return max(forms.items(), key=lambda item: (item[1], item[0]))[0]
