"""The console's safety nets on the real stack: the product picker, draft authors, job people."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from elasticsearch import Elasticsearch
from fastapi import FastAPI
from fastapi.testclient import TestClient
from redis import Redis
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from accounts.models import Role
from behaviour.models import Event, ServedQuery
from catalog.schemas import ProductIn
from catalog.service import import_products
from core.jobs import create_job
from core.settings import Settings
from indexer.rebuild import rebuild
from search_service.app import create_app
from tests.fixtures.accounts import Browser, make_user, reset_accounts
from tests.fixtures.services import reset_catalog

PICKER_PRODUCTS = [
    ("EP-LAMP-1", "Epson Lamp (x1)"),
    ("TP-X1C-11", "Lenovo ThinkPad X1 Carbon Gen 11 14 inch"),
    ("TP-X1C-9", "Lenovo ThinkPad X1 Carbon Gen 9"),
    ("TP-E14", "Lenovo ThinkPad E14 laptop"),
    ("CARBON-PAPER", "Carbon copy paper x100"),
    ("X1", "Acme X1 carbon-fibre tripod"),
]


def picker_rows() -> list[ProductIn]:
    """Return products whose words overlap the way the picker must tell apart."""
    return [
        ProductIn(
            sku=sku,
            title=title,
            description=f"{title}.",
            brand=title.split()[0],
            product_type="Things",
            price="10.00",  # type: ignore[arg-type]
            stock=3,
        )
        for sku, title in PICKER_PRODUCTS
    ]


@pytest.fixture(scope="module")
def app(
    engine: Engine, session_factory: sessionmaker[Session], es: Elasticsearch, settings: Settings
) -> Iterator[FastAPI]:
    """Serve the real app over a catalog made for the picker."""
    reset_catalog(engine)
    import_products(picker_rows(), session_factory=session_factory)
    rebuild(engine=engine, es=es, alias=settings.products_alias, keep=2)
    application = create_app(settings)
    with TestClient(application):
        yield application


@pytest.fixture()
def staff(
    app: FastAPI,
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
    redis_client: Redis,
) -> dict[str, Browser]:
    """Two signed-in merchandisers and an admin, with no merchandising and no jobs."""
    reset_accounts(engine)
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE merch_draft, merch_versions, merch_suggestions, jobs"))
    redis_client.flushdb()
    app.state.runtime.merch.forget()
    browsers: dict[str, Browser] = {}
    for email, role in [
        ("ana@example.com", Role.MERCHANDISER),
        ("ben@example.com", Role.MERCHANDISER),
        ("ops@example.com", Role.ADMIN),
    ]:
        make_user(session_factory, settings, email, role=role)
        browsers[email.split("@")[0]] = browser = Browser(app)
        assert browser.sign_in(email).status_code == 200
    return browsers


def logged(session_factory: sessionmaker[Session]) -> tuple[int, int]:
    """Count the served-query log rows and the events."""
    with session_factory() as db:
        served = db.scalar(select(func.count()).select_from(ServedQuery)) or 0
        events = db.scalar(select(func.count()).select_from(Event)) or 0
    return served, events


def picked(browser: Browser, q: str) -> list[tuple[str, str]]:
    """Look products up as the picker does; return (sku, matched) in order."""
    response = browser.get("/api/merch/products", params={"q": q})
    assert response.status_code == 200, response.text
    return [(hit["sku"], hit["matched"]) for hit in response.json()]


def test_picker_finds_titles_with_every_word_and_skus_first(
    staff: dict[str, Browser], session_factory: sessionmaker[Session]
) -> None:
    ana = staff["ana"]
    before = logged(session_factory)
    found = picked(ana, "thinkpad x1 carbon")
    assert {sku for sku, _ in found} == {"TP-X1C-11", "TP-X1C-9"}, found
    assert "EP-LAMP-1" not in {sku for sku, _ in found}
    # Words match by prefix, as the merchandiser types.
    assert {sku for sku, _ in picked(ana, "thinkpad x1 carb")} == {"TP-X1C-11", "TP-X1C-9"}
    # An exact sku comes first (any letter case), then the titles that hold the word.
    assert picked(ana, "x1")[0] == ("X1", "sku")
    assert picked(ana, "tp-x1c-9") == [("TP-X1C-9", "sku")]
    assert picked(ana, "nothing like this") == []
    assert logged(session_factory) == before, "a staff lookup is not a shopper search"


def test_picker_is_staff_only_and_names_bad_input(app: FastAPI, staff: dict[str, Browser]) -> None:
    assert Browser(app).get("/api/merch/products", params={"q": "x1"}).status_code == 401
    empty = staff["ana"].get("/api/merch/products", params={"q": ""})
    assert empty.status_code == 422 and "q" in str(empty.json()["detail"][0]["loc"])


def test_draft_lists_each_change_with_its_author(staff: dict[str, Browser]) -> None:
    ana, ben = staff["ana"], staff["ben"]
    base = {"tv": "tv, television", "laptops": "laptop, notebook", "kept": "kept, retained"}
    for browser, name in [(ana, "tv"), (ben, "laptops"), (ana, "kept")]:
        body = {"text": base[name]}
        response = browser.send("PUT", f"/api/merch/draft/synonym-sets/{name}", body)
        assert response.status_code == 200, response.text
    assert ana.post("/api/merch/publish", {"note": "base"}).status_code == 201
    assert ana.get("/api/merch/draft").json()["changes"] == []

    assert ben.send("DELETE", "/api/merch/draft/synonym-sets/kept").status_code == 204
    ben.send("PUT", "/api/merch/draft/synonym-sets/tv", {"text": "tv, telly"})
    rule = {
        "name": "Pin the lamp",
        "condition": {"match": "is", "pattern": "lamp"},
        "consequence": {"hide": [1]},
    }
    assert ana.post("/api/merch/draft/rules", rule).status_code == 201
    changes = ana.get("/api/merch/draft").json()["changes"]
    assert [(c["kind"], c["label"], c["action"], c["by"]) for c in changes] == [
        ("synonym_set", "kept", "removed", "ben@example.com"),
        ("synonym_set", "tv", "changed", "ben@example.com"),
        ("rule", "Pin the lamp", "added", "ana@example.com"),
    ]
    # Undoing an edit takes it off the list; discarding empties it.
    ana.send("PUT", "/api/merch/draft/synonym-sets/tv", {"text": base["tv"]})
    assert [c["label"] for c in ana.get("/api/merch/draft").json()["changes"]] == [
        "kept",
        "Pin the lamp",
    ]
    discarded = ben.post("/api/merch/draft/discard", {}).json()
    assert discarded["changes"] == [] and discarded["changed"] is False


def test_jobs_name_the_person_who_started_them(
    staff: dict[str, Browser], session_factory: sessionmaker[Session]
) -> None:
    ops = staff["ops"]
    trained = ops.post("/api/admin/models/train", {})
    assert trained.status_code == 202, trained.text
    assert trained.json()["triggered_by"] == "ops@example.com"
    with session_factory() as db:
        ops_id = db.scalar(text("SELECT id FROM users WHERE email = 'ops@example.com'"))
        # A job recorded before routes named people ("user N") is read back with the email.
        old = create_job(db, kind="rollup", triggered_by=f"user {ops_id}", params={})
        gone = create_job(db, kind="verify", triggered_by="user 999999", params={})
        old_id, gone_id = old.id, gone.id
    jobs = {job["id"]: job["triggered_by"] for job in ops.get("/api/admin/jobs").json()["jobs"]}
    assert jobs[old_id] == "ops@example.com"
    assert jobs[gone_id] == "user 999999", "a user since deleted keeps the recorded name"
    assert ops.get(f"/api/admin/jobs/{old_id}").json()["triggered_by"] == "ops@example.com"


def test_picker_survives_hostile_text(staff: dict[str, Browser]) -> None:
    for q in ["' OR 1=1 --", "\uff54\uff48\uff49\uff4e\uff4b", "&|!:*()", "x1:* | carbon"]:
        response = staff["ana"].get("/api/merch/products", params={"q": q})
        assert response.status_code == 200, (q, response.text)
    nul = staff["ana"].get("/api/merch/products", params={"q": "x1\x00"})
    assert nul.status_code == 422 and "NUL" in nul.text
