"""Learn product types as the recurring head-noun phrases of a catalog's titles.

An English product title names the thing last, before its options: "BEHR Premium Textured
DeckOver 1-gal. #SC-141 Tugboat Wood and Concrete Coating", "Glacier Bay 30 in. Bathroom Vanity
in White", "Weber Genesis Gas Grill with Side Burner". So the type is read from the end of the
title's name part (up to "with", "for", "in", a comma, a dash or a bracket): the last word,
with one or two words before it when the longer phrase is a kind of its own. A phrase is kept
when enough products share it; a longer one ("Bathroom Vanity") wins over its head ("Vanity")
when it covers a good share of the head's products, so colours and sizes before a head
("White Vanity") stay out while real kinds ("Light Bulb", "Water Heater") come in.

Invariant: learning is a pure function of the titles and their brands; ties break by text.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from catalog.learning.words import is_word, key, name_part, option_words, title_tokens

# Two words name a kind ("Kitchen Sink"); a third mostly splits it by a variant ("Double Bowl
# Kitchen Sink", "Pull-Down Sprayer Kitchen Faucet"), which a facet should keep together.
MAX_TYPE_WORDS = 2
# Fewer products than this is no type to facet by; measured on Home Depot (54,667 titles):
# 10 kept the learned types recurring, 5 doubled the long tail of one-off phrases.
MIN_TYPE_PRODUCTS = 10
# A two-word phrase is the type when it covers at least this share of its head's products
# ("Light Bulb" of "Bulb"; not "Large Vanity" of "Vanity").
SPECIFIC_SHARE = 0.3
# A head that this many recurring phrases end in is a container word ("Kit", "Set", "Pack",
# "Door"): any recurring phrase ending in it names the kind better than the head alone.
GENERIC_HEAD_KINDS = 12
# Codes and sizes after the name ("Vanity 30", "Drill DCD771C2") are skipped, up to this many.
MAX_TRAILING_SPECS = 2

Key = tuple[str, ...]


@dataclass(frozen=True)
class TypeVocabulary:
    """Learned types: head-phrase keys mapped to names, and the option words titles end in."""

    names: dict[Key, str]
    options: frozenset[str] = frozenset()

    def type_of(self, title: str, brand: str | None = None) -> str | None:
        """Return the learned type of a title (its most specific known head phrase), or None."""
        phrase = head_phrase(title, brand, self.options)
        for size in range(len(phrase), 0, -1):
            name = self.names.get(tuple(key(token) for token in phrase[-size:]))
            if name is not None:
                return name
        return None


def head_phrase(
    title: str, brand: str | None = None, options: frozenset[str] = frozenset()
) -> list[str]:
    """Return the last one or two words of a title's name part (brand and options left out)."""
    tokens = title_tokens(name_part(title))
    if brand:
        brand_keys = [key(token) for token in title_tokens(brand)]
        if [key(token) for token in tokens[: len(brand_keys)]] == brand_keys:
            tokens = tokens[len(brand_keys) :]
    end = len(tokens)
    while (
        end > 0
        and len(tokens) - end < MAX_TRAILING_SPECS
        and not _head_word(tokens[end - 1], options)
    ):
        end -= 1
    start = end
    while start > 0 and end - start < MAX_TYPE_WORDS and _head_word(tokens[start - 1], options):
        start -= 1
    return tokens[start:end]


def _head_word(token: str, options: frozenset[str]) -> bool:
    """Say whether a token may be part of a type: a word, and not a colour or finish."""
    return is_word(token) and key(token) not in options


def learn_types(titled: Iterable[tuple[str, str | None]]) -> TypeVocabulary:
    """Learn the product types of a catalog from (title, brand) pairs."""
    pairs = list(titled)
    options = _options(pairs)
    phrases = [head_phrase(title, brand, options) for title, brand in pairs]
    counts: Counter[Key] = Counter()
    forms: defaultdict[Key, Counter[str]] = defaultdict(Counter)
    for phrase in phrases:
        keys = [key(token) for token in phrase]
        for size in range(1, len(phrase) + 1):
            counts[tuple(keys[-size:])] += 1
            forms[tuple(keys[-size:])][" ".join(phrase[-size:])] += 1
    kinds = Counter(p[-1] for p, n in counts.items() if len(p) == 2 and n >= MIN_TYPE_PRODUCTS)
    generic = frozenset(head for head, n in kinds.items() if n >= GENERIC_HEAD_KINDS)
    chosen: Counter[Key] = Counter()
    for phrase in phrases:
        found = _choose([key(token) for token in phrase], counts, generic)
        if found is not None:
            chosen[found] += 1
    names = {
        phrase: _display(forms[phrase]) for phrase, n in chosen.items() if n >= MIN_TYPE_PRODUCTS
    }
    return TypeVocabulary(dict(sorted(names.items())), options)


def _options(pairs: list[tuple[str, str | None]]) -> frozenset[str]:
    """Learn the option words: more often "in <word>" than the last word of a name."""
    after_in: Counter[str] = Counter()
    last: Counter[str] = Counter()
    for title, brand in pairs:
        after_in.update(key(word) for word in option_words(title))
        phrase = head_phrase(title, brand)
        if phrase:
            last[key(phrase[-1])] += 1
    return frozenset(w for w, n in after_in.items() if n >= MIN_TYPE_PRODUCTS and n > last[w])


def _choose(keys: list[str], counts: Counter[Key], generic: frozenset[str]) -> Key | None:
    """Return the most specific head phrase of one title that recurs enough, or None."""
    chosen: Key | None = None
    for size in range(1, len(keys) + 1):
        phrase = tuple(keys[-size:])
        n = counts[phrase]
        if n < MIN_TYPE_PRODUCTS:
            break
        container = size == 2 and phrase[-1] in generic
        if chosen is not None and not container and n < SPECIFIC_SHARE * counts[chosen]:
            break
        chosen = phrase
    return chosen


def _display(forms: Counter[str]) -> str:
    """Return the commonest spelling, capitalised word by word as a facet shows it."""
    spelling = max(forms.items(), key=lambda item: (item[1], item[0]))[0]
    return " ".join(word if word[0].isupper() else word.capitalize() for word in spelling.split())
