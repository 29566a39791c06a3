"""Product images: the address check, the disk cache and the placeholder, without a network."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest

from search_service.images.fetch import FetchedImage, ImageUnavailable, check_source
from search_service.images.placeholder import icon_for, placeholder_svg
from search_service.images.store import ImageStore

PNG = FetchedImage("image/png", b"\x89PNG fake")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/x.png",
        "http://localhost:8400/api/admin",
        "http://10.0.0.7/x.png",
        "http://192.168.1.1/x.png",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/x.png",
        "http://[::ffff:127.0.0.1]/x.png",
        "http://0.0.0.0/x.png",
        "http://100.64.0.1/x.png",
    ],
)
def test_private_and_loopback_sources_are_refused(url: str) -> None:
    with pytest.raises(ImageUnavailable, match="non-public"):
        asyncio.run(check_source(url, allow_private=False))
    asyncio.run(check_source(url, allow_private=True))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "//x.test/a.png"])
def test_only_web_addresses_are_fetched(url: str) -> None:
    with pytest.raises(ImageUnavailable, match="http"):
        asyncio.run(check_source(url, allow_private=True))


def test_a_public_address_passes() -> None:
    asyncio.run(check_source("http://93.184.215.14/a.png", allow_private=False))


def test_store_keeps_an_image_with_its_type_and_etag(tmp_path: Path) -> None:
    store = ImageStore(tmp_path, cap_bytes=10_000, failure_ttl_s=60)
    assert store.get("https://img.test/a.png") is None
    stored = store.put("https://img.test/a.png", PNG)
    again = store.get("https://img.test/a.png")
    assert again == stored and again.content_type == "image/png" and again.body == PNG.body
    assert stored.etag.startswith('"') and len(stored.etag) == 34
    assert store.get("https://img.test/b.png") is None


def test_a_failure_is_remembered_for_its_ttl_then_forgotten(tmp_path: Path) -> None:
    store = ImageStore(tmp_path, cap_bytes=10_000, failure_ttl_s=60)
    url = "https://down.test/a.png"
    assert not store.failed_recently(url)
    store.remember_failure(url)
    assert store.failed_recently(url)
    miss = next(tmp_path.glob("*.miss"))
    old = time.time() - 61
    os.utime(miss, (old, old))
    assert not store.failed_recently(url)
    store.remember_failure(url)
    store.put(url, PNG)
    assert not store.failed_recently(url), "a fetched image clears its failure"


def test_the_oldest_images_go_when_the_cache_is_over_its_cap(tmp_path: Path) -> None:
    store = ImageStore(tmp_path, cap_bytes=3_000, failure_ttl_s=60)
    for n in range(5):
        store.put(f"https://img.test/{n}.png", FetchedImage("image/png", bytes(1000)))
        path = next(p for p in tmp_path.glob("*.img") if p.stat().st_mtime > time.time() - 5)
        os.utime(path, (time.time() - 100 + n, time.time() - 100 + n))
    kept = [n for n in range(5) if store.get(f"https://img.test/{n}.png") is not None]
    assert sum(p.stat().st_size for p in tmp_path.glob("*.img")) <= 3_000
    assert kept and kept == list(range(5 - len(kept), 5)), "the newest are kept"


@pytest.mark.parametrize(
    ("product_type", "icon"),
    [
        ("Laptops", "laptop"),
        ("Notebook bags", "bag"),
        ("Headphones", "audio"),
        ("Smartphones", "phone"),
        ("TVs", "screen"),
        ("Batteries", "power"),
        ("Coffee machines", "kitchen"),
        ("Ink cartridges", "printer"),
        (None, "product"),
        ("Garden furniture", "product"),
    ],
)
def test_placeholder_icon_follows_the_type(product_type: str | None, icon: str) -> None:
    assert icon_for(product_type) == icon


def test_placeholder_names_the_type_escaped_and_carries_no_style_or_script() -> None:
    svg = placeholder_svg(
        'Cables & <script>"x"</script> adapters for every kind of device'
    ).decode()
    assert svg.startswith("<svg") and "&amp;" in svg and "<script" not in svg
    assert "style" not in svg and "href" not in svg and "…" in svg
    assert ">Product<" in placeholder_svg(None).decode()
