"""Highlight the shopper's words in a title, typos included, without asking Elasticsearch.

ES's highlighter re-runs a fuzzy query per hit, which cost more than the search itself; the
titles are already in hand, so marking matches here is cheaper and exact about escaping.
"""

from __future__ import annotations

import html

from core.text import TOKEN, fold, stem


def max_edits(word: str) -> int:
    """Return the typo allowance ES's AUTO fuzziness gives a word of this length."""
    return 0 if len(word) <= 2 else 1 if len(word) <= 5 else 2


def within_edits(a: str, b: str, limit: int) -> bool:
    """Tell whether a and b are at most `limit` edits apart (bounded Levenshtein)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


class Highlighter:
    """Marks the words of one query in texts."""

    def __init__(self, query: str) -> None:
        self.stems = {stem(t) for t in (fold(w) for w in TOKEN.findall(query))}

    def matches(self, token: str) -> bool:
        """Tell whether a text token matches a query word exactly, by stem, or within typos."""
        word = stem(fold(token))
        if word in self.stems:
            return True
        return any(
            word[:1] == s[:1] and within_edits(word, s, max_edits(s))
            for s in self.stems
            if max_edits(s)
        )

    def mark(self, text: str) -> str | None:
        """Return the HTML-escaped text with matches in <em>, or None if nothing matched."""
        parts: list[str] = []
        position = 0
        found = False
        for match in TOKEN.finditer(text):
            if self.matches(match.group()):
                parts.append(html.escape(text[position : match.start()]))
                parts.append(f"<em>{html.escape(match.group())}</em>")
                position = match.end()
                found = True
        if not found:
            return None
        parts.append(html.escape(text[position:]))
        return "".join(parts)
