"""The staff-link rule, checked against the table of cases the web UI's tests read too."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from core.links import is_safe_link, is_web_address, web_address_or_none
from core.settings import REPO_ROOT
from merchandising.rules import effects_of
from merchandising.schemas import MerchConfig, RuleWrite

# frontend/src/site/safeUrl.test.ts reads the same file: one table, two implementations.
CASES: list[dict[str, Any]] = json.loads(
    (REPO_ROOT / "frontend" / "src" / "site" / "linkCases.json").read_text()
)["cases"]
REQUIRED = [
    "/\\evil.example",
    "/\t/evil.example",
    "/ok\r\nSet-Cookie: a=b",
    "//evil.example",
    "javascript:alert(1)",
    "https://ok.example/x",
    "/ok/path",
    "/ok\u0000",
]


def test_the_table_holds_the_cases_the_rule_exists_for() -> None:
    assert set(REQUIRED) <= {case["link"] for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[case["why"] for case in CASES])
def test_the_rule_gives_the_tables_verdict(case: dict[str, Any]) -> None:
    assert is_safe_link(case["link"]) is case["safe"]


def rule_with(**consequence: Any) -> dict[str, Any]:
    """Return a rule body for the query 'tv' with this consequence."""
    return {"name": "r", "condition": {"match": "is", "pattern": "tv"}, "consequence": consequence}


@pytest.mark.parametrize("case", CASES, ids=[case["why"] for case in CASES])
def test_redirects_and_banner_links_follow_the_rule(case: dict[str, Any]) -> None:
    link = case["link"]
    if case["safe"]:
        redirect = RuleWrite.model_validate(rule_with(redirect=link)).consequence.redirect
        assert redirect == link.strip(" ")
        banner = RuleWrite.model_validate(rule_with(banner={"text": "Sale", "link": link}))
        assert banner.consequence.banner is not None
        assert banner.consequence.banner.link == link.strip(" ")
        return
    with pytest.raises(ValidationError) as refused:
        RuleWrite.model_validate(rule_with(redirect=link))
    assert refused.value.errors()[0]["loc"] == ("consequence", "redirect")
    assert "redirect must be an http(s) URL or a site path" in str(refused.value)
    if link:  # an empty banner link means no link
        with pytest.raises(ValidationError, match="the banner link must be") as refused:
            RuleWrite.model_validate(rule_with(banner={"text": "Sale", "link": link}))
        assert refused.value.errors()[0]["loc"] == ("consequence", "banner", "link")


def test_a_stored_rule_from_before_the_rule_loads_but_its_links_are_never_served() -> None:
    old = {
        "id": "old",
        **rule_with(redirect="/\\evil.example", banner={"text": "Sale", "link": "/ok path"}),
    }
    config = MerchConfig.stored({"rules": [old]})
    (rule,) = config.rules
    assert rule.consequence.redirect == "/\\evil.example"  # kept, for the merchandiser to fix
    effects = effects_of([rule], "tv", brands=(), types=(), now=None, pins_allowed=True)
    assert effects.redirect is None
    assert [(b.text, b.link) for b in effects.banners] == [("Sale", None)]
    with pytest.raises(ValidationError):
        MerchConfig.model_validate({"rules": [old]})  # anything new is checked


@pytest.mark.parametrize(
    ("image", "fit"),
    [
        ("https://img.example/a.jpg", True),
        ("http://images.icecat.biz/img/1.jpg", True),
        ("javascript:alert(1)", False),
        ("data:image/png;base64,AAAA", False),
        ("/local.png", False),
        ("//img.example/a.jpg", False),
        ("https://img.example/a b.jpg", False),
    ],
)
def test_images_must_be_web_addresses(image: str, fit: bool) -> None:
    assert is_web_address(image) is fit
    assert web_address_or_none(image) == (image if fit else None)
