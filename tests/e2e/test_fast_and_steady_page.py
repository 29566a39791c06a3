"""The search page as a browser loads it: same-origin images that keep their box, lazily
loaded, and a compressed, cached, console-free bundle."""

from __future__ import annotations

from playwright.sync_api import Page, Request, Response, expect

# What the shopper's first load may carry, compressed (issue 24's figure).
FIRST_LOAD_JS_LIMIT = 250 * 1024


def test_images_come_from_this_site_in_fixed_boxes(page: Page, live_app_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/search?q=laptop")
    cards = page.get_by_test_id("result-card")
    expect(cards.first).to_be_visible()
    images = page.locator("[data-testid=result-card] img")
    assert images.count() == cards.count() > 0
    for attribute, value in (("loading", "lazy"), ("decoding", "async"), ("width", "400")):
        assert {images.nth(n).get_attribute(attribute) for n in range(images.count())} == {value}
    first = images.first
    box_before = page.locator("[data-testid=result-card] .thumb").first.bounding_box()
    expect(first).to_have_js_property("complete", True)
    assert first.evaluate("img => img.naturalWidth") > 0, "the placeholder picture loaded"
    assert first.get_attribute("src", timeout=1000).startswith("/api/products/")
    assert page.locator("[data-testid=result-card] .thumb").first.bounding_box() == box_before
    assert all(url.startswith(live_app_url) for url in requested), "nothing left the site"


def test_the_first_load_is_compressed_cached_and_free_of_consoles(page: Page) -> None:
    scripts: list[Request] = []
    page.on("requestfinished", lambda r: scripts.append(r) if r.resource_type == "script" else None)
    with page.expect_response(lambda r: r.url.split("?")[0].endswith("/search")) as shell:
        page.goto("/search?q=laptop")
    expect(page.get_by_test_id("result-card").first).to_be_visible()
    page.wait_for_load_state("load")
    assert shell.value.headers["cache-control"] == "no-cache"
    assert scripts, "the page loaded its bundle"
    for request in scripts:
        response: Response | None = request.response()
        assert response is not None
        assert response.headers["content-encoding"] in ("br", "gzip"), request.url
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert not any(name in request.url for name in ("Analytics", "Rules", "Users", "Jobs"))
    assert sum(r.sizes()["responseBodySize"] for r in scripts) <= FIRST_LOAD_JS_LIMIT
    map_url = scripts[0].url + ".map"
    assert page.request.get(map_url).status == 404, "no public source map"
