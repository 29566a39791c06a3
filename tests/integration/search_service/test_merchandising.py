"""Synonyms and query rules on the real stack: drafts, publish, restore, and their effect on search."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from elasticsearch import Elasticsearch
from fastapi import FastAPI
from fastapi.testclient import TestClient
from redis import Redis
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from accounts.models import Role
from catalog.schemas import ProductIn
from catalog.service import import_products
from core.settings import Settings
from indexer.rebuild import rebuild
from search_service.app import create_app
from tests.fixtures.accounts import Browser, make_user, reset_accounts
from tests.fixtures.services import reset_catalog
from tests.integration.search_service.conftest import catalog_rows

EXTRA = [
    ("T1", "Samsung 55 inch television", "Samsung", "Displays", "599.00", {"colour": "Black"}),
    ("T2", "LG 43 inch TV", "LG", "Displays", "399.00", {"colour": "Silver"}),
    ("F1", "Panasonic flat screen TV", "Panasonic", "Displays", "449.00", {"colour": "Black"}),
    ("F2", "Philips LCD TV 32 inch", "Philips", "Displays", "199.00", {"colour": "Silver"}),
    ("N1", "Asus VivoBook notebook 15", "Asus", "Portables", "549.00", {}),
    ("E1", "Ear phones tips replacement set", "Acme", "Accessories", "4.99", {}),
]


def extra_rows() -> list[ProductIn]:
    """Return products that the synonym tests need."""
    return [
        ProductIn(
            sku=sku,
            title=title,
            description=f"{title}.",
            brand=brand,
            product_type=ptype,
            price=price,  # type: ignore[arg-type]
            rating=4.0,
            review_count=10,
            stock=5,
            attributes=attributes,
        )
        for sku, title, brand, ptype, price, attributes in EXTRA
    ]


@pytest.fixture(scope="module")
def app(
    engine: Engine, session_factory: sessionmaker[Session], es: Elasticsearch, settings: Settings
) -> Iterator[FastAPI]:
    """Index the known catalog plus the synonym products; serve the real app."""
    reset_catalog(engine)
    import_products([*catalog_rows(), *extra_rows()], session_factory=session_factory)
    rebuild(engine=engine, es=es, alias=settings.products_alias, keep=2)
    application = create_app(settings)
    with TestClient(application):  # the lifespan stays open for the module
        yield application


@pytest.fixture()
def merch(
    app: FastAPI,
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
    redis_client: Redis,
) -> Iterator[Browser]:
    """A signed-in merchandiser, with no merchandising configured yet."""
    reset_accounts(engine)
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE merch_draft, merch_versions, merch_suggestions"))
    redis_client.flushdb()
    app.state.runtime.merch.forget()  # forget what the previous test published
    make_user(session_factory, settings, "merch@example.com", role=Role.MERCHANDISER)
    browser = Browser(app)
    assert browser.sign_in("merch@example.com").status_code == 200
    yield browser


def skus(browser: Browser, **params: Any) -> list[str]:
    """Search as the browser and return the skus in order."""
    return [hit["sku"] for hit in find(browser, **params)["results"]]


def find(browser: Browser, **params: Any) -> dict[str, Any]:
    """Search and return the body."""
    response = browser.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def put_set(browser: Browser, name: str, body: str, **options: Any) -> dict[str, Any]:
    """Save a draft synonym set, asserting success."""
    response = browser.send(
        "PUT", f"/api/merch/draft/synonym-sets/{name}", {"text": body, **options}
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def publish(browser: Browser, note: str = "test") -> int:
    """Publish the draft; return the version."""
    response = browser.post("/api/merch/publish", {"note": note})
    assert response.status_code == 201, response.text
    return int(response.json()["version"])


def add_rule(browser: Browser, **rule: Any) -> dict[str, Any]:
    """Add a draft rule, asserting success."""
    body = {"name": "rule", **rule}
    response = browser.post("/api/merch/draft/rules", body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def test_multi_way_synonyms_apply_on_publish_with_exact_first(merch: Browser) -> None:
    assert skus(merch, q="television") == ["T1"]
    put_set(merch, "tv", "tv, television")
    assert skus(merch, q="television") == ["T1"], "a draft does not reach shoppers"
    publish(merch)
    body = find(merch, q="television")
    assert body["results"][0]["sku"] == "T1"
    assert {h["sku"] for h in body["results"][1:]} == {"T2", "F1", "F2"}
    assert [h["synonym"] for h in body["results"]] == [False, True, True, True]
    assert body["merch_version"] == 1
    found = skus(merch, q="tv")
    assert set(found[:3]) == {"T2", "F1", "F2"} and found[3] == "T1"


def test_one_way_synonym_only_forwards(merch: Browser) -> None:
    put_set(merch, "computers", "laptop => notebook")
    publish(merch)
    found = skus(merch, q="laptop")
    assert found[-1] == "N1" and {"L1", "L2", "L3", "L4"} <= set(found)
    assert skus(merch, q="notebook") == ["N1"]


def test_multi_word_synonyms(merch: Browser) -> None:
    put_set(merch, "screens", "flat screen tv, lcd tv")
    publish(merch)
    # Products matching only some of the words (one "tv") follow: fewer than 10 match them all.
    assert skus(merch, q="lcd tv")[:2] == ["F2", "F1"]
    assert skus(merch, q="flat screen tv")[:2] == ["F1", "F2"]


def test_corrections_rank_below_exact_and_work_with_typos(merch: Browser) -> None:
    put_set(merch, "fixes", "ear phones => headphones", corrections=True)
    put_set(merch, "tv", "tv, television")
    publish(merch)
    found = skus(merch, q="ear phones")
    assert found[0] == "E1" and set(found[1:4]) == {"H1", "H2", "H3"}
    # A typo in the query still reaches the synonym (and the misspelt word's own matches).
    assert {"T1", "T2", "F1", "F2"} <= set(skus(merch, q="televsion"))


def test_disabled_set_does_nothing(merch: Browser) -> None:
    put_set(merch, "tv", "tv, television", enabled=False)
    publish(merch)
    assert skus(merch, q="television") == ["T1"]


def test_restore_an_earlier_version(merch: Browser) -> None:
    put_set(merch, "tv", "tv, television")
    assert publish(merch, "with tv") == 1
    assert merch.send("DELETE", "/api/merch/draft/synonym-sets/tv").status_code == 204
    assert publish(merch, "without") == 2
    assert skus(merch, q="television") == ["T1"]
    restored = merch.post("/api/merch/versions/1/restore", {"note": "back"})
    assert restored.status_code == 201, restored.text
    assert restored.json()["version"] == 3 and restored.json()["restored_from"] == 1
    assert len(skus(merch, q="television")) == 4
    versions = merch.get("/api/merch/versions").json()
    assert [(v["version"], v["current"]) for v in versions] == [(3, True), (2, False), (1, False)]
    assert versions[2]["published_by"] == "merch@example.com"
    assert merch.get("/api/merch/draft").json()["changed"] is False


def test_rules_pin_hide_banner_redirect(merch: Browser) -> None:
    ids = {h["sku"]: h["product_id"] for h in find(merch, q="headphones", size=50)["results"]}
    ids |= {h["sku"]: h["product_id"] for h in find(merch, q="battery")["results"]}
    add_rule(
        merch,
        condition={"match": "is", "pattern": "headphones"},
        consequence={
            "pins": [{"product_id": ids["B1"], "position": 2}],
            "hide": [ids["H2"]],
            "banner": {"text": "Headphone week", "link": "/sale"},
            "redirect": "/headphones",
        },
    )
    publish(merch)
    body = find(merch, q="headphones")
    order = [h["sku"] for h in body["results"]]
    assert order[1] == "B1" and body["results"][1]["pinned"] is True
    assert "H2" not in order and body["total"] == 3
    assert body["banners"] == [{"text": "Headphone week", "link": "/sale"}]
    assert body["redirect"] == "/headphones"
    # Sorted by price: no pin, but the hide still holds.
    by_price = skus(merch, q="headphones", sort="price_asc")
    assert "B1" not in by_price and "H2" not in by_price
    # Page 2 of size 1 is the pin.
    assert skus(merch, q="headphones", size=1, page=2) == ["B1"]


def test_rule_precedence_and_filter_context(merch: Browser) -> None:
    add_rule(
        merch,
        name="contains",
        condition={"match": "contains", "pattern": "headphones"},
        consequence={"boosts": [{"field": "brand", "value": "JBL", "weight": 10}]},
    )
    add_rule(
        merch,
        name="is, low",
        condition={"match": "is", "pattern": "headphones"},
        consequence={"banner": {"text": "low"}, "redirect": "/low"},
    )
    add_rule(
        merch,
        name="is, high",
        priority=10,
        condition={"match": "is", "pattern": "headphones"},
        consequence={"banner": {"text": "high"}, "redirect": "/high"},
    )
    add_rule(
        merch,
        name="only with sony",
        condition={"match": "is", "pattern": "headphones", "brand": ["Sony"]},
        consequence={"banner": {"text": "sony"}},
    )
    publish(merch)
    body = find(merch, q="headphones")
    assert [b["text"] for b in body["banners"]] == ["high", "low"]
    assert body["redirect"] == "/high"
    assert body["results"][0]["sku"] == "H3", "the JBL boost lifts it to the top"
    with_sony = find(merch, q="headphones", brand="Sony")
    assert [b["text"] for b in with_sony["banners"]] == ["high", "low", "sony"]


def test_bury_and_attribute_boost_and_added_filter(merch: Browser) -> None:
    add_rule(
        merch,
        condition={"match": "contains", "pattern": "inch"},
        consequence={
            "boosts": [
                {"field": "attribute", "name": "colour", "value": "silver", "weight": 10},
                {"field": "brand", "value": "LG", "weight": -10},
            ],
            "filter_type": ["Displays"],
        },
    )
    publish(merch)
    found = skus(merch, q="inch")
    assert set(found) == {"T1", "T2", "F2"}, "the added filter keeps displays only"
    assert found[0] == "F2" and found[-1] == "T2"


@pytest.mark.clock
def test_validity_window(merch: Browser) -> None:
    now = datetime.now(UTC)
    add_rule(
        merch,
        name="future",
        condition={"match": "is", "pattern": "battery"},
        starts_at=(now + timedelta(hours=1)).isoformat(),
        consequence={"banner": {"text": "soon"}},
    )
    add_rule(
        merch,
        name="current",
        condition={"match": "is", "pattern": "battery"},
        starts_at=(now - timedelta(hours=1)).isoformat(),
        ends_at=(now + timedelta(hours=1)).isoformat(),
        consequence={"banner": {"text": "now"}},
    )
    publish(merch)
    assert [b["text"] for b in find(merch, q="battery")["banners"]] == ["now"]


def test_preview_compares_published_and_draft(merch: Browser) -> None:
    put_set(merch, "tv", "tv, television")
    response = merch.post("/api/merch/preview", {"q": "television"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert [h["product_id"] for h in body["published"]["results"]] == [
        body["draft"]["results"][0]["product_id"]
    ]
    moves = {c["movement"] for c in body["changes"]}
    assert moves == {"same", "in"} and len(body["changes"]) == 4
    assert body["published"]["version"] is None and body["ndcg"] is None


def test_bad_input_is_refused_with_reasons(merch: Browser) -> None:
    bad = merch.send(
        "PUT", "/api/merch/draft/synonym-sets/x", {"text": "tv, television\nlaptop => laptop"}
    )
    assert bad.status_code == 422 and "line 2" in bad.text and "both sides" in bad.text
    cycle = merch.send("PUT", "/api/merch/draft/synonym-sets/x", {"text": "a => b\nb => a"})
    assert cycle.status_code == 422 and "cycle" in cycle.text
    rule = merch.post(
        "/api/merch/draft/rules",
        {
            "name": "x",
            "condition": {"match": "is", "pattern": "tv"},
            "consequence": {"redirect": "javascript:alert(1)"},
        },
    )
    assert rule.status_code == 422 and "redirect" in rule.text
    assert merch.post("/api/merch/publish", {}).status_code == 201  # an empty first version
    again = merch.post("/api/merch/publish", {})
    assert again.status_code == 409 and "nothing to publish" in again.text
    assert merch.post("/api/merch/versions/99/restore", {}).status_code == 404
    assert merch.send("DELETE", "/api/merch/draft/rules/nope").status_code == 404


def test_export_and_import_round_trip(merch: Browser) -> None:
    put_set(merch, "mixed", "tv, television\nlaptop => notebook")
    solr = merch.get("/api/merch/synonym-sets/mixed/export", params={"format": "solr"})
    assert solr.status_code == 200 and solr.text == "tv, television\nlaptop => notebook\n"
    csv_text = merch.get("/api/merch/synonym-sets/mixed/export", params={"format": "csv"}).text
    again = put_set(merch, "copy", csv_text, format="csv")
    assert again["entries"] == put_set(merch, "mixed", solr.text)["entries"]


def test_the_csv_export_holds_no_formula_and_imports_back(merch: Browser) -> None:
    hostile = '=HYPERLINK("https://evil.example"), television\n@sum => tv\n+cmd, -minus'
    stored = put_set(merch, "hostile", hostile)["entries"]
    exported = merch.get("/api/merch/synonym-sets/hostile/export", params={"format": "csv"})
    assert exported.status_code == 200
    assert '"\'=HYPERLINK(""https://evil.example"")|television"' in exported.text
    for row in csv.reader(io.StringIO(exported.text)):
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row
    assert put_set(merch, "hostile-copy", exported.text, format="csv")["entries"] == stored


def shopper_searches(app: FastAPI, first: str, then: str, shopper: int) -> None:
    """A shopper searches `first`, clicks nothing, searches `then` and clicks the top result."""
    browser = Browser(app, ip=f"10.0.0.{shopper}")
    find(browser, q=first)
    page = find(browser, q=then)
    click = {
        "client_event_id": f"click-{shopper}",
        "type": "click",
        "timestamp": datetime.now(UTC).isoformat(),
        "query_id": page["query_id"],
        "product_id": page["results"][0]["product_id"],
        "position": 1,
    }
    assert browser.post("/api/events", click).status_code == 202


def test_suggestions_from_behaviour_become_synonyms(app: FastAPI, merch: Browser) -> None:
    for shopper in (1, 2):
        shopper_searches(app, "earbuds", "headphones", shopper)
    for shopper in (3, 4):  # a typo the shoppers corrected themselves
        shopper_searches(app, "headphnoes", "headphones", shopper)
    found = merch.post("/api/merch/suggestions/refresh", {})
    assert found.status_code == 200 and found.json()["found"] == 2
    inbox = merch.get("/api/merch/suggestions").json()
    kinds = {(s["kind"], s["query"], s["candidate"]) for s in inbox}
    # "earbuds" -> "headphones" shares no term, is no typo and no product was clicked after
    # both: no evidence the two name one thing, so that pair is not offered.
    assert kinds == {
        ("zero_results", "earbuds", None),
        ("reformulation", "headphnoes", "headphones"),
    }
    assert merch.post("/api/merch/suggestions/refresh", {}).json()["found"] == 0
    [zero] = [s for s in inbox if s["kind"] == "zero_results"]
    [pair] = [s for s in inbox if s["kind"] == "reformulation"]
    assert zero["evidence"] == "found nothing in 2 of 2 searches without filters"
    assert pair["evidence"] == "2 shoppers searched this next and clicked; one typo apart"
    refused = merch.post(f"/api/merch/suggestions/{zero['id']}/accept", {"as_kind": "synonym"})
    assert refused.status_code == 409 and "no candidate" in refused.text
    assert merch.post(f"/api/merch/suggestions/{zero['id']}/dismiss", {}).status_code == 200
    accepted = merch.post(f"/api/merch/suggestions/{pair['id']}/accept", {"as_kind": "one_way"})
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert merch.get("/api/merch/suggestions").json() == []
    draft = merch.get("/api/merch/draft").json()
    assert draft["synonym_sets"][0]["text"] == "headphnoes => headphones\n"
    publish(merch)
    assert set(skus(merch, q="headphnoes")) == {"H1", "H2", "H3"}


def test_no_results_needs_the_zero_result_rate_and_pairs_need_relatedness(
    app: FastAPI, merch: Browser, engine: Engine
) -> None:
    with engine.begin() as connection:  # what an earlier, count-based refresh left open
        connection.execute(
            text(
                "INSERT INTO merch_suggestions (kind, query, candidate, searches, clicks) "
                "VALUES ('zero_results', 'laptop', '', 5, 0), "
                "('reformulation', 'laptop', 'samsung tv', 5, 0)"
            )
        )
    browser = Browser(app, ip="10.0.0.9")
    for _ in range(3):
        assert find(browser, q="laptop")["total"] > 0
    for _ in range(2):  # found nothing, but because of the filter, not the words
        assert find(browser, q="laptop", brand="Samsung")["total"] == 0
    for _ in range(2):
        assert find(browser, q="xyzzy plugh")["total"] == 0
    assert find(browser, q="xyzzy plugh", brand="Sony")["total"] == 0
    for shopper in (5, 6):  # changed their mind: not a synonym
        shopper_searches(app, "laptop", "samsung tv", shopper)
    assert merch.post("/api/merch/suggestions/refresh", {}).status_code == 200
    inbox = {
        (s["kind"], s["query"], s["candidate"]): s
        for s in merch.get("/api/merch/suggestions").json()
    }
    assert set(inbox) == {("zero_results", "xyzzy plugh", None)}  # the stale laptop ones left
    assert inbox[("zero_results", "xyzzy plugh", None)]["evidence"] == (
        "found nothing in 2 of 2 searches without filters"
    )
