"""Fetch one image from the web, refusing anything that could turn Aisle against its network.

Only http(s) sources on public addresses are fetched (loopback, private, link-local and other
non-global addresses are refused unless the settings allow them, for tests), each redirect
hop is checked the same way, and the whole fetch is bounded in time and bytes. Only raster
image types are kept: an SVG from elsewhere could carry script, and it would be served from
this origin. Fetches are asynchronous, so a slow source holds no worker thread.

The address is checked where the connection is made (search_service.images.guarded): the
socket goes to the very address that was checked, so a name whose answer changes between a
check and the connect (DNS rebinding) cannot lead the fetch to another address.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

from core.links import is_web_address
from search_service.images.guarded import (
    AddressRefused,
    GuardedBackend,
    GuardedTransport,
    Resolver,
    checked_addresses,
    system_resolver,
)

# Raster formats browsers show in <img>; SVG is left out on purpose (see the module docstring).
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"})
MAX_REDIRECTS = 3
USER_AGENT = "Aisle image cache"


class ImageUnavailable(Exception):
    """The source cannot give an image we may serve; the message says why."""


@dataclass(frozen=True)
class FetchedImage:
    """An image's bytes and its content type, as its source sent them."""

    content_type: str
    body: bytes


@dataclass(frozen=True)
class FetchLimits:
    """How long, how big and where to: the bounds every fetch is held to."""

    timeout_s: float
    max_bytes: int
    allow_private: bool


async def check_source(
    url: str,
    *,
    allow_private: bool,
    timeout_s: float = 5.0,
    resolver: Resolver = system_resolver,
) -> None:
    """Raise ImageUnavailable unless `url` is http(s) and its host resolves to public addresses."""
    if not is_web_address(url):
        raise ImageUnavailable("not an http(s) address")
    parsed = httpx.URL(url)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        # Bounded: a resolver that does not answer would otherwise hold the request.
        async with asyncio.timeout(timeout_s):
            await checked_addresses(
                parsed.host, port, allow_private=allow_private, resolver=resolver
            )
    except TimeoutError as error:
        raise ImageUnavailable(f"cannot resolve {parsed.host!r}") from error
    except AddressRefused as error:
        raise ImageUnavailable(str(error)) from error


async def fetch_image(
    url: str,
    limits: FetchLimits,
    *,
    guard: GuardedBackend | None = None,
) -> FetchedImage:
    """Fetch the image at `url` within the limits, or raise ImageUnavailable saying why."""
    guard = guard or GuardedBackend(allow_private=limits.allow_private)
    try:
        # One bound for the whole fetch: names, redirects and a source that drips its bytes.
        async with asyncio.timeout(limits.timeout_s):
            return await _follow(url, limits, guard)
    except TimeoutError as error:
        raise ImageUnavailable(f"no image within {limits.timeout_s} s") from error
    except AddressRefused as error:
        raise ImageUnavailable(str(error)) from error


async def _follow(url: str, limits: FetchLimits, guard: GuardedBackend) -> FetchedImage:
    """Fetch `url`, following a few redirects; every connection is checked by the guard."""
    # trust_env=False: no proxy from the environment stands between the check and the fetch.
    async with httpx.AsyncClient(
        transport=GuardedTransport(guard),
        timeout=limits.timeout_s,
        follow_redirects=False,
        trust_env=False,
    ) as client:
        for _ in range(MAX_REDIRECTS + 1):
            # The scheme here; the address when (and each time) a connection is opened.
            if not is_web_address(url):
                raise ImageUnavailable("not an http(s) address")
            try:
                async with client.stream(
                    "GET", url, headers={"Accept": "image/*", "User-Agent": USER_AGENT}
                ) as response:
                    if response.is_redirect and "location" in response.headers:
                        url = str(response.url.join(response.headers["location"]))
                        continue
                    return await _read_image(response, limits.max_bytes)
            except httpx.HTTPError as error:
                raise ImageUnavailable(f"fetch failed: {type(error).__name__}") from error
    raise ImageUnavailable(f"more than {MAX_REDIRECTS} redirects")


async def _read_image(response: httpx.Response, max_bytes: int) -> FetchedImage:
    """Read an image answer's body, refusing a non-image or an oversize one."""
    if response.status_code != 200:
        raise ImageUnavailable(f"source answered {response.status_code}")
    content_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type not in IMAGE_TYPES:
        raise ImageUnavailable(f"source sent {content_type or 'no content type'}, not an image")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise ImageUnavailable(f"image of {declared} bytes is over {max_bytes}")
    body = bytearray()
    async for chunk in response.aiter_bytes():
        body.extend(chunk)
        if len(body) > max_bytes:
            raise ImageUnavailable(f"image is over {max_bytes} bytes")
    if not body:
        raise ImageUnavailable("source sent an empty body")
    return FetchedImage(content_type, bytes(body))
