"""Request limits and error answers, on a small app wired like Aisle's (no services needed)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig
from elasticsearch import ApiError, ConnectionTimeout
from elasticsearch import ConnectionError as EsConnectionError
from elasticsearch import NotFoundError as EsNotFound
from fastapi import Depends, FastAPI, Request
from fastapi.testclient import TestClient

from core.settings import Settings
from search_service.errors import install_error_handlers
from search_service.json_guard import JsonBodyGuardMiddleware
from search_service.limits import RequestLimitsMiddleware, refuse_unstorable_params

LIMITS = {"max_body_bytes": 1024, "max_large_body_bytes": 4096, "max_url_bytes": 300}
JSON = {"content-type": "application/json"}
SECRET = "postgresql://aisle:hunter2@db/internal"  # what must never reach a response


def es_meta(status: int) -> ApiResponseMeta:
    return ApiResponseMeta(
        status=status,
        http_version="1.1",
        headers=HttpHeaders(),
        duration=0.0,
        node=NodeConfig("http", "localhost", 9200),
    )


FAILURES: dict[str, Exception] = {
    "crash": RuntimeError(SECRET),
    "es-timeout": ConnectionTimeout(SECRET),
    "es-down": EsConnectionError(SECRET),
    "es-missing": EsNotFound(SECRET, es_meta(404), {"error": SECRET}),
    "es-refused": ApiError(SECRET, es_meta(400), {"error": SECRET}),
    "es-busy": ApiError(SECRET, es_meta(429), {"error": SECRET}),
}


def make_app() -> FastAPI:
    app = FastAPI(dependencies=[Depends(refuse_unstorable_params)])
    install_error_handlers(app)
    app.add_middleware(JsonBodyGuardMiddleware)
    app.add_middleware(RequestLimitsMiddleware, settings=Settings().model_copy(update=LIMITS))

    @app.post("/echo")
    def echo(body: dict[str, Any]) -> dict[str, Any]:
        return body

    @app.put("/api/merch/draft/synonym-sets/{name}")
    def big(name: str, body: dict[str, Any]) -> dict[str, int]:
        return {"size": len(str(body))}

    @app.post("/raw")
    async def raw(request: Request) -> dict[str, int]:
        return {"size": len(await request.body())}

    @app.get("/items/{name}")
    def item(name: str, q: str = "") -> dict[str, str]:
        return {"name": name, "q": q}

    @app.get("/fail/{kind}")
    def fail(kind: str) -> None:
        raise FAILURES[kind]

    return app


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(make_app(), raise_server_exceptions=False) as test_client:
        yield test_client


def only_error(response: Any) -> dict[str, Any]:
    """Return the single error of an answer in the app's shape."""
    body = response.json()
    assert set(body) == {"detail"} and len(body["detail"]) == 1
    error: dict[str, Any] = body["detail"][0]
    assert set(error) == {"loc", "msg", "type"}
    return error


def chunks(total: int, size: int = 256) -> Iterator[bytes]:
    """Yield a JSON body of `total` bytes in pieces (sent chunked, with no Content-Length)."""
    body = b'{"x": "' + b"a" * (total - 9) + b'"}'
    for start in range(0, len(body), size):
        yield body[start : start + size]


def test_a_body_over_the_limit_is_refused_by_its_declared_length(client: TestClient) -> None:
    response = client.post("/echo", json={"x": "a" * 2000})
    assert response.status_code == 413
    error = only_error(response)
    assert error["loc"] == ["body"] and "1024 bytes" in error["msg"]


def test_a_chunked_body_over_the_limit_is_refused_by_counting(client: TestClient) -> None:
    for path in ("/echo", "/raw"):
        response = client.post(path, content=chunks(3000), headers={"content-type": "x/json"})
        assert response.status_code == 413, path
        assert "1024 bytes" in only_error(response)["msg"]


def test_a_chunked_body_under_the_limit_goes_through(client: TestClient) -> None:
    response = client.post("/raw", content=chunks(900))
    assert response.status_code == 200 and response.json() == {"size": 900}


def test_routes_that_take_big_bodies_have_the_larger_limit(client: TestClient) -> None:
    ok = client.put("/api/merch/draft/synonym-sets/s", json={"text": "a" * 3000})
    assert ok.status_code == 200
    refused = client.put("/api/merch/draft/synonym-sets/s", json={"text": "a" * 5000})
    assert refused.status_code == 413 and "4096 bytes" in only_error(refused)["msg"]
    assert client.post("/echo", json={"text": "a" * 3000}).status_code == 413


def test_an_over_long_url_is_refused(client: TestClient) -> None:
    response = client.get("/items/x", params={"q": "a" * 400})
    assert response.status_code == 414
    error = only_error(response)
    assert error["loc"] == ["url"] and "300" in error["msg"]
    assert client.get("/items/x", params={"q": "a" * 100}).status_code == 200


@pytest.mark.parametrize(
    ("request_args", "loc"),
    [
        (("GET", "/items/a%00b"), ["path", "name"]),
        (("GET", "/items/x?q=a%00b"), ["query", "q"]),
        (("POST", "/echo", {"json": {"a": [1, {"b": "x\x00"}]}}), ["body", "a", 1, "b"]),
        (("POST", "/echo", {"json": {"k\x00": 1}}), ["body", "k\\x00"]),
        (("POST", "/echo", {"content": b'{"a": "\\u0000"}', "headers": JSON}), ["body", "a"]),
    ],
)
def test_nul_characters_are_refused_where_they_are(
    client: TestClient, request_args: tuple[Any, ...], loc: list[Any]
) -> None:
    method, url, *rest = request_args
    response = client.request(method, url, **(rest[0] if rest else {}))
    assert response.status_code == 422
    error = only_error(response)
    assert error["loc"] == loc and "NUL" in error["msg"]


def test_an_escaped_backslash_before_u0000_is_plain_text(client: TestClient) -> None:
    body = {"a": "\\u0000 is how JSON writes NUL"}
    assert client.post("/echo", json=body).json() == body


def test_an_unexpected_error_answers_500_with_a_reference_only(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="search_service.errors"):
        response = client.get("/fail/crash", headers={"X-Request-ID": "req-123"})
    assert response.status_code == 500
    error = only_error(response)
    assert error["type"] == "internal_error" and "req-123" in error["msg"]
    assert response.headers["X-Request-ID"] == "req-123"
    assert "hunter2" not in response.text and "Traceback" not in response.text
    logged = [r for r in caplog.records if "req-123" in r.getMessage()]
    assert logged and logged[0].exc_info is not None  # the traceback is in the log


def test_an_unsafe_request_id_is_not_echoed(client: TestClient) -> None:
    response = client.get("/fail/crash", headers={"X-Request-ID": "<script>" + "x" * 100})
    reference = response.headers["X-Request-ID"]
    assert "<" not in reference and len(reference) == 32
    assert reference in only_error(response)["msg"]


@pytest.mark.parametrize(
    ("kind", "status", "error_type"),
    [
        ("es-timeout", 504, "timeout"),
        ("es-down", 503, "service_unavailable"),
        ("es-missing", 503, "service_unavailable"),
        ("es-busy", 503, "service_unavailable"),
        # Elasticsearch refusing a request Aisle built is Aisle's bug, not an outage.
        ("es-refused", 500, "internal_error"),
    ],
)
def test_backend_failures_answer_without_their_text(
    client: TestClient, kind: str, status: int, error_type: str
) -> None:
    response = client.get(f"/fail/{kind}")
    assert response.status_code == status
    assert only_error(response)["type"] == error_type
    assert "hunter2" not in response.text and "postgresql" not in response.text
