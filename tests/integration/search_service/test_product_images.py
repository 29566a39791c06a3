"""The image route on the real app and Postgres, its sources served by a local HTTP server."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from catalog.schemas import ProductIn
from catalog.service import import_products, update_product
from core.settings import Settings
from search_service.app import create_app
from search_service.images.guarded import Resolver, system_resolver
from search_service.images.service import ProductImages
from search_service.images.sources import POLL_S
from search_service.security_headers import APP_CSP
from tests.fixtures.services import free_port, reset_catalog

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
# Path on the source server -> (status, content type, body).
SOURCES = {
    "/kettle.png": (200, "image/png", PNG),
    "/kettle-new.png": (200, "image/png", PNG[::-1]),
    "/named.png": (200, "image/png", PNG),
    "/page.html": (200, "text/html", b"<html>not an image</html>"),
    "/broken.png": (500, "text/plain", b"oops"),
    "/huge.png": (200, "image/png", PNG * 100),
    "/slow.png": (200, "image/png", PNG),
}
# The app under test gives up on a source after this long, and above this many bytes.
FETCH_TIMEOUT_S = 1.0
MAX_BYTES = 64 * 1024


class SourceServer(ThreadingHTTPServer):
    """A local image host that counts the requests it gets."""

    hits: Counter[str]
    # The Host header of every request, in order.
    hosts: list[str]


class SourceHandler(BaseHTTPRequestHandler):
    """Answer from SOURCES."""

    server: SourceServer

    def do_GET(self) -> None:
        self.server.hits[self.path] += 1
        self.server.hosts.append(self.headers.get("Host", ""))
        status, content_type, body = SOURCES.get(self.path, (404, "text/plain", b"none"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.path == "/slow.png":  # headers at once, then the body long after the bound
            self.wfile.flush()
            time.sleep(FETCH_TIMEOUT_S * 3)
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture(scope="module")
def source() -> Iterator[SourceServer]:
    """Serve SOURCES on a free loopback port."""
    server = SourceServer(("127.0.0.1", 0), SourceHandler)
    server.hits = Counter()
    server.hosts = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def products(
    engine: Engine, session_factory: sessionmaker[Session], source: SourceServer
) -> dict[str, int]:
    """Store one product per kind of source; return their ids by sku."""
    base = f"http://127.0.0.1:{source.server_address[1]}"
    images = {
        "OK": f"{base}/kettle.png",
        "HTML": f"{base}/page.html",
        "DOWN": f"http://127.0.0.1:{free_port()}/gone.png",
        "ERR": f"{base}/broken.png",
        "HUGE": f"{base}/huge.png",
        "SLOW": f"{base}/slow.png",
        "NONE": None,
        "EDIT": f"{base}/kettle.png",
        # A name no DNS knows: only a resolver the test gives the app can answer it.
        "NAMED": f"http://images.rebind.test:{source.server_address[1]}/named.png",
    }
    reset_catalog(engine)
    import_products(
        [
            ProductIn(sku=sku, title=f"Item {sku}", product_type="Coffee machines", image_url=url)
            for sku, url in images.items()
        ],
        session_factory=session_factory,
    )
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT sku, id FROM products"))
        return {str(sku): int(product_id) for sku, product_id in rows}


def app_client(
    settings: Settings,
    state_dir: Path,
    *,
    allow_private: bool,
    resolver: Resolver = system_resolver,
) -> TestClient:
    """Return a client of the real app caching images under `state_dir`, resolving names with
    `resolver`."""
    update = {
        "state_dir": state_dir,
        "image_allow_private": allow_private,
        "image_fetch_timeout_s": FETCH_TIMEOUT_S,
        "image_max_bytes": MAX_BYTES,
    }
    app = create_app(settings.model_copy(update=update))
    built: ProductImages = app.state.product_images
    app.state.product_images = ProductImages(built.store, built.limits, resolver)
    return TestClient(app)


async def loopback_for_test_names(host: str, port: int) -> list[str]:
    """Resolve *.rebind.test to loopback (where the source server is), others as usual."""
    if host.endswith(".rebind.test"):
        return ["127.0.0.1"]
    return await system_resolver(host, port)


@pytest.fixture(scope="module")
def client(
    settings: Settings, products: dict[str, int], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """A client whose image fetches may reach loopback (where the source server is)."""
    state = tmp_path_factory.mktemp("state")
    with app_client(
        settings, state, allow_private=True, resolver=loopback_for_test_names
    ) as client:
        yield client


def test_a_source_image_is_fetched_once_then_served_from_the_cache(
    client: TestClient, products: dict[str, int], source: SourceServer
) -> None:
    first = client.get(f"/api/products/{products['OK']}/image")
    assert first.status_code == 200 and first.content == PNG
    assert first.headers["content-type"] == "image/png"
    assert first.headers["x-aisle-image"] == "source"
    assert first.headers["cache-control"] == "public, max-age=86400"
    assert first.headers["content-security-policy"] == APP_CSP
    again = client.get(f"/api/products/{products['OK']}/image")
    assert again.content == PNG and again.headers["etag"] == first.headers["etag"]
    assert source.hits["/kettle.png"] == 1, "the second answer came from the disk cache"
    unchanged = client.get(
        f"/api/products/{products['OK']}/image", headers={"If-None-Match": first.headers["etag"]}
    )
    assert unchanged.status_code == 304 and not unchanged.content


@pytest.mark.parametrize("sku", ["DOWN", "HTML", "ERR", "NONE", "HUGE"])
def test_a_source_without_an_image_gets_the_type_placeholder(
    client: TestClient, products: dict[str, int], sku: str
) -> None:
    answer = client.get(f"/api/products/{products[sku]}/image")
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/svg+xml"
    assert answer.headers["x-aisle-image"] == "placeholder"
    assert answer.headers["cache-control"] == "public, max-age=300"
    assert answer.text.startswith("<svg") and "Coffee machines" in answer.text


def test_a_failed_source_is_not_fetched_again_for_a_while(
    client: TestClient, products: dict[str, int], source: SourceServer
) -> None:
    for _ in range(3):
        client.get(f"/api/products/{products['ERR']}/image")
        client.get(f"/api/products/{products['HTML']}/image")
    assert source.hits["/broken.png"] == 1 and source.hits["/page.html"] == 1


def test_a_slow_source_is_given_up_within_the_bound(
    client: TestClient, products: dict[str, int]
) -> None:
    started = time.monotonic()
    answer = client.get(f"/api/products/{products['SLOW']}/image")
    assert answer.headers["x-aisle-image"] == "placeholder"
    assert time.monotonic() - started < FETCH_TIMEOUT_S * 2


def test_an_unknown_product_is_a_clear_404(client: TestClient) -> None:
    answer = client.get("/api/products/999999/image")
    assert answer.status_code == 404
    assert answer.json()["detail"][0]["loc"] == ["path", "product_id"]


def test_no_fetch_reaches_a_private_address_by_default(
    settings: Settings,
    products: dict[str, int],
    source: SourceServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    before = sum(source.hits.values())
    state = tmp_path_factory.mktemp("guarded")
    with app_client(settings, state, allow_private=False) as guarded:
        # The route takes no address from the client: a query parameter changes nothing.
        for query in ("", "?url=http://127.0.0.1/admin"):
            answer = guarded.get(f"/api/products/{products['OK']}/image{query}")
            assert answer.status_code == 200
            assert answer.headers["x-aisle-image"] == "placeholder"
    assert sum(source.hits.values()) == before, "nothing was fetched from loopback"
    assert not list((state / "images").glob("*.img"))


def test_the_fetch_connects_to_the_address_the_guard_resolved_under_the_original_name(
    client: TestClient, products: dict[str, int], source: SourceServer
) -> None:
    # The system's DNS cannot answer images.rebind.test: the image arrives only because the
    # connection went to the address the app's own resolver gave (and checked).
    answer = client.get(f"/api/products/{products['NAMED']}/image")
    assert answer.headers["x-aisle-image"] == "source" and answer.content == PNG
    assert source.hits["/named.png"] == 1
    assert f"images.rebind.test:{source.server_address[1]}" in source.hosts


def test_a_name_resolving_to_loopback_is_refused_by_default(
    settings: Settings,
    products: dict[str, int],
    source: SourceServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    before = source.hits["/named.png"]
    state = tmp_path_factory.mktemp("guarded-named")
    with app_client(
        settings, state, allow_private=False, resolver=loopback_for_test_names
    ) as guarded:
        answer = guarded.get(f"/api/products/{products['NAMED']}/image")
    assert answer.headers["x-aisle-image"] == "placeholder"
    assert source.hits["/named.png"] == before, "nothing was fetched from loopback"


@pytest.mark.parametrize("sku", ["OK", "NONE"])
def test_image_answers_carry_no_cookie_so_shared_caches_keep_them(
    client: TestClient, products: dict[str, int], sku: str
) -> None:
    client.cookies.clear()  # a first visit: no anonymous id yet
    answer = client.get(f"/api/products/{products[sku]}/image")
    assert answer.status_code == 200 and "set-cookie" not in answer.headers
    assert answer.headers["cache-control"].startswith("public, max-age=")
    client.cookies.clear()
    again = client.get(
        f"/api/products/{products[sku]}/image", headers={"If-None-Match": answer.headers["etag"]}
    )
    assert again.status_code == 304 and "set-cookie" not in again.headers
    assert again.headers["cache-control"] == answer.headers["cache-control"]
    client.cookies.clear()
    # Everything else still hands a first visitor its anonymous id.
    assert "aisle_anon=" in client.get("/api/auth/session").headers.get("set-cookie", "")


def test_a_changed_image_address_is_served_within_a_poll(
    client: TestClient,
    products: dict[str, int],
    source: SourceServer,
    session_factory: sessionmaker[Session],
) -> None:
    path = f"/api/products/{products['EDIT']}/image"
    assert client.get(path).content == PNG  # its source is now remembered in process
    base = f"http://127.0.0.1:{source.server_address[1]}"
    with session_factory.begin() as db:
        update_product(db, products["EDIT"], {"image_url": f"{base}/kettle-new.png"})
    time.sleep(POLL_S * 1.5)
    # The outbox moved: the remembered source is dropped and the new address fetched.
    assert client.get(path).content == PNG[::-1]
    assert source.hits["/kettle-new.png"] == 1
