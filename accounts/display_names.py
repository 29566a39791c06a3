"""The display-name policy: a name is shown in mail and pages, so it is one line of plain text.

A name reaches mail sent to any address (sign-up mails whoever's address was typed), so a name
holding line breaks or a link would let a stranger write their own paragraph, with a link, into
a message that comes from the store. Names that look like links are refused, not rewritten, so
the owner sees why.
"""

from __future__ import annotations

import re
import unicodedata

# Control characters (Cc: tabs, line feeds, escapes), line and paragraph separators, and the
# bidirectional overrides that can make a name read differently from what it holds.
FORBIDDEN_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
# A scheme ("http://", "mailto:"), "www.", or a host name ("evil.example", "evil.example/pay"):
# dotted labels ending in 2+ letters with no space between; "J. R. Tolkien" has spaces.
URL_LIKE = re.compile(
    r"[a-z][a-z0-9+.\-]*://|\b(?:mailto|javascript|data|file|tel|sms):|\bwww\.|"
    r"[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,}\b",
    re.IGNORECASE,
)


def check_display_name(name: str) -> str:
    """Return the name if it is one line of plain text, else raise ValueError naming why."""
    for char in name:
        if unicodedata.category(char) in FORBIDDEN_CATEGORIES or char in BIDI_CONTROLS:
            raise ValueError(
                f"the display name must not contain line breaks or control characters "
                f"(found U+{ord(char):04X})"
            )
    found = URL_LIKE.search(name)
    if found:
        raise ValueError(
            f"the display name must not contain a web address or link (found {found.group(0)!r})"
        )
    return name
