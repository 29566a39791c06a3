"""The web UI's committed OpenAPI document (and so its generated client) matches the API."""

from __future__ import annotations

from search_service.openapi_dump import COMMITTED, openapi_document, render


def test_committed_openapi_matches_the_app() -> None:
    fresh = render(openapi_document())
    committed = COMMITTED.read_text(encoding="utf-8") if COMMITTED.exists() else ""
    assert committed == fresh, (
        f"{COMMITTED} is not app.openapi(): run `make api-client` and commit the result"
    )


def test_answers_mark_defaulted_fields_required() -> None:
    # An answer always carries a field that has a default, so the client need not guard it.
    schemas = openapi_document()["components"]["schemas"]
    search = schemas["SearchResponse"]
    assert set(search["properties"]) == set(search["required"])
