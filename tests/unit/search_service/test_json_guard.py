"""Hostile JSON bodies and the validation answer, on a small app wired like Aisle's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import Depends, FastAPI, Request
from fastapi.testclient import TestClient
from pydantic import BaseModel

from core.bounds import Int32, RowId
from core.errors import InvalidInputError
from search_service.errors import install_error_handlers, renderable
from search_service.json_guard import MAX_JSON_DEPTH, JsonBodyGuardMiddleware
from search_service.limits import refuse_unstorable_params


class Body(BaseModel):
    """A body with a text, a number and a bounded integer."""

    name: str = ""
    price: float = 0.0
    position: Int32 = 1
    extra: Any = None


def make_app() -> FastAPI:
    app = FastAPI(dependencies=[Depends(refuse_unstorable_params)])
    install_error_handlers(app)
    app.add_middleware(JsonBodyGuardMiddleware)

    @app.post("/echo")
    def echo(body: Body) -> dict[str, Any]:
        return body.model_dump()

    @app.get("/items/{item_id}")
    def item(item_id: RowId, q: str = "") -> dict[str, Any]:
        return {"id": item_id, "q": q}

    return app


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(make_app(), raise_server_exceptions=False) as test_client:
        yield test_client


def only_error(response: Any) -> dict[str, Any]:
    """Return the single error of an answer in the app's shape."""
    body = response.json()
    assert set(body) == {"detail"} and len(body["detail"]) == 1, body
    error: dict[str, Any] = body["detail"][0]
    return error


@pytest.mark.parametrize(
    ("raw", "loc", "written"),
    [
        (b'{"price": NaN}', ["body", "price"], "NaN"),
        (b'{"price": Infinity}', ["body", "price"], "Infinity"),
        (b'{"extra": [1, {"a": -Infinity}]}', ["body", "extra", 1, "a"], "-Infinity"),
        (b'{"price": 1e400}', ["body", "price"], "1e400"),
    ],
)
def test_non_finite_numbers_are_refused_naming_where(
    client: TestClient, raw: bytes, loc: list[Any], written: str
) -> None:
    response = client.post("/echo", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422
    error = only_error(response)
    assert error["type"] == "non_finite_number" and error["loc"] == loc
    assert written in error["msg"] and "non-finite number" in error["msg"]


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/JSON",
        "Application/Json; charset=UTF-8",
        "application/merge-patch+json",
        "APPLICATION/VND.AISLE+JSON ; q=1",
    ],
)
def test_nul_is_refused_whatever_the_json_content_type_is_called(
    client: TestClient, content_type: str
) -> None:
    for raw, loc in (
        (b'{"name": "a\\u0000b"}', ["body", "name"]),
        (b'{"name": "a\x00"}', ["body"]),
    ):
        response = client.post("/echo", content=raw, headers={"content-type": content_type})
        assert response.status_code == 422, (content_type, raw)
        error = only_error(response)
        assert "NUL" in error["msg"] and error["loc"] == loc


def test_lone_surrogates_are_refused_in_values_and_keys(client: TestClient) -> None:
    for raw, loc in (
        (b'{"name": "\\ud800"}', ["body", "name"]),
        (b'{"extra": {"\\udc00x": 1}}', ["body", "extra", "\\udc00x"]),
    ):
        response = client.post("/echo", content=raw, headers={"content-type": "application/json"})
        assert response.status_code == 422
        error = only_error(response)
        assert error["type"] == "invalid_unicode" and error["loc"] == loc
        assert "surrogate" in error["msg"]
    # A proper pair is one character, and welcome.
    pair = b'{"name": "\\ud83d\\ude00"}'
    ok = client.post("/echo", content=pair, headers={"content-type": "application/json"})
    assert ok.status_code == 200 and ok.json()["name"] == "\U0001f600"


def test_deep_nesting_is_refused_at_the_limit(client: TestClient) -> None:
    def nested(levels: int) -> bytes:
        return b'{"extra": ' + b"[" * (levels - 1) + b"]" * (levels - 1) + b"}"

    headers = {"content-type": "application/json"}
    assert client.post("/echo", content=nested(MAX_JSON_DEPTH), headers=headers).status_code == 200
    for levels in (MAX_JSON_DEPTH + 1, 100_000):  # the latter would exhaust the parser
        response = client.post("/echo", content=nested(levels), headers=headers)
        assert response.status_code == 422 and only_error(response)["type"] == "too_deep"


def test_bytes_that_are_not_utf8_are_refused(client: TestClient) -> None:
    response = client.post(
        "/echo", content=b'{"name": "\xff"}', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert only_error(response)["type"] == "invalid_encoding"


def test_a_body_of_another_type_gets_a_renderable_validation_error(client: TestClient) -> None:
    # The route gets raw bytes, not UTF-8: the 422 echoes them and must still render.
    response = client.post("/echo", content=b"\xff\xfe\x00", headers={"content-type": "text/plain"})
    assert response.status_code == 422


def test_out_of_range_integers_are_refused_in_bodies_paths_and_queries(
    client: TestClient,
) -> None:
    for value in (2**31, 2**63, -(2**31) - 1, 10**30):
        response = client.post("/echo", json={"position": value})
        assert response.status_code == 422 and only_error(response)["loc"] == ["body", "position"]
    for path in (f"/items/{2**63}", "/items/99999999999999999999", "/items/0"):
        response = client.get(path)
        assert response.status_code == 422 and only_error(response)["loc"] == ["path", "item_id"]
    assert client.get(f"/items/{2**63 - 1}").status_code == 200


def test_a_body_that_is_fine_goes_through_unchanged(client: TestClient) -> None:
    body = {"name": "tea \\u0000 set", "price": 1.5, "position": 2**31 - 1, "extra": [[1]]}
    assert client.post("/echo", json=body).json() == body


ECHOED = [
    float("nan"),
    float("-inf"),
    "\ud800",
    b"\xff\x00",
    10**5000,
    {"k\udfff": (1, 2)},
    object(),
]


@pytest.mark.parametrize("value", ECHOED, ids=[type(v).__name__ for v in ECHOED])
def test_renderable_turns_any_echoed_input_into_json(value: Any) -> None:
    json.dumps(renderable({"input": value}), allow_nan=False).encode("utf-8")


async def test_a_lone_surrogate_in_a_path_or_query_parameter_is_refused() -> None:
    # HTTP servers decode URLs with replacement characters; an ASGI server need not.
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/items/x",
        "query_string": b"",
        "headers": [],
        "path_params": {"name": "a\ud800"},
    }
    with pytest.raises(InvalidInputError) as refused:
        await refuse_unstorable_params(Request(scope))
    assert refused.value.loc == ("path", "name")
    assert refused.value.error_type == "invalid_unicode" and "U+D800" in refused.value.message


def test_an_integer_of_thousands_of_digits_is_refused_naming_the_limit(client: TestClient) -> None:
    raw = b'{"position": ' + b"9" * 5000 + b"}"
    response = client.post("/echo", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422
    error = only_error(response)
    assert error["type"] == "number_too_long" and "4300 digits" in error["msg"]
    assert "sys." not in error["msg"]
