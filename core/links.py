"""Which addresses staff may set for shoppers' browsers: the one rule, shared with the web UI.

A rule's redirect and a banner's link must be a path on this site (`/sale`) or an absolute
http(s) address. Browsers read `\\` as `/` and drop tabs and newlines inside URLs, so
`/\\evil.example` and `/\\t/evil.example` would leave the site like `//evil.example` does;
control characters could also split a header. So, after ordinary spaces at either end are
trimmed, a link holds no control character, space or backslash at all.

The web UI applies the same rule before it follows a link (frontend/src/site/safeUrl.ts), and
both test suites read one table of cases (frontend/src/site/linkCases.json), so the two
cannot drift apart. Product images (`image_url`) must be absolute http(s) addresses.
"""

from __future__ import annotations

import re

# C0 controls, space, DEL, C1 controls and backslash (the same class as safeUrl.ts).
UNSAFE_CHARACTER = re.compile(r"[\x00-\x20\x7f-\x9f\\]")
WEB_ADDRESS = re.compile(r"https?://[^/?#]", re.IGNORECASE)
LINK_RULE = (
    "an http(s) URL or a site path starting with / (no //, spaces, \\ or control characters)"
)


def trimmed(raw: str) -> str:
    """Drop ordinary spaces at both ends (only those: other whitespace is refused)."""
    return raw.strip(" ")


def is_web_address(raw: str) -> bool:
    """Say whether `raw` (trimmed) is an absolute http(s) URL with a host, nothing unsafe in it."""
    link = trimmed(raw)
    return WEB_ADDRESS.match(link) is not None and not UNSAFE_CHARACTER.search(link)


def is_safe_link(raw: str) -> bool:
    """Say whether `raw` (trimmed) is a site path or an http(s) URL that stays what it looks."""
    link = trimmed(raw)
    if link.startswith("/"):
        return not link.startswith("//") and not UNSAFE_CHARACTER.search(link)
    return is_web_address(link)


def web_address_or_none(raw: str | None) -> str | None:
    """Return an image address fit to show, or None (rows stored before the rule existed)."""
    return raw if raw is not None and is_web_address(raw) else None
