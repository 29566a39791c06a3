"""GET /api/products/{id}/image: the product's picture from this origin, or its placeholder.

The answer is the same for every shopper, so it is made for shared caches (CDNs) as well as
browsers: `public`, an ETag, and no cookie (search_service.app keeps the anonymous id's
Set-Cookie off this path). The hot path runs on the event loop: the product's image source
comes from an in-process cache (search_service.images.sources), the image from a local file,
and the placeholder is drawn once per type; a thread is taken only to read a product the
cache does not hold, or to write a newly fetched image.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from fastapi import APIRouter, Request, Response

from accounts.access import PUBLIC
from core.bounds import RowId
from search_service.images.placeholder import placeholder_svg
from search_service.images.service import ProductImages

router = APIRouter()

IMAGE_PATH = re.compile(r"^/api/products/[^/]+/image$")
# A fetched image is kept a day by browsers and shared caches (revalidated by ETag after): a
# product's image address rarely changes, and when it does the day bounds how long the old
# one shows.
IMAGE_CACHE = "public, max-age=86400"
# A placeholder stands in for a source that may come back (a failed source is retried after
# image_failure_ttl_s), so caches ask again soon and a recovered image shows within minutes.
PLACEHOLDER_CACHE = "public, max-age=300"
SVG = "image/svg+xml"


def is_image_path(path: str) -> bool:
    """Say whether `path` is a product image's (whose answers carry no cookie)."""
    return IMAGE_PATH.match(path) is not None


@router.get(
    "/api/products/{product_id}/image",
    tags=["products"],
    dependencies=[PUBLIC],
    response_class=Response,
    responses={
        200: {
            "content": {"image/*": {}, SVG: {}},
            "description": "The product's image, or a placeholder naming its type",
        },
        304: {"description": "The copy the browser holds (If-None-Match) is current"},
    },
)
async def product_image(product_id: RowId, request: Request) -> Response:
    """Serve a product's image over this origin; a placeholder when its source has none."""
    images: ProductImages = request.app.state.product_images
    # No request-wide database session: most requests need no query at all.
    source = await images.sources.get(request.app.state.session_factory, product_id)
    stored = await images.image(source.url)
    if stored is not None:
        return _answer(request, stored.body, stored.content_type, stored.etag, kind="source")
    drawn, etag = _placeholder(source.product_type)
    return _answer(request, drawn, SVG, etag, kind="placeholder")


@lru_cache(maxsize=1024)
def _placeholder(product_type: str | None) -> tuple[bytes, str]:
    """Return the placeholder for a type and its ETag (a catalog has few types: drawn once)."""
    drawn = placeholder_svg(product_type)
    return drawn, '"' + hashlib.sha256(drawn).hexdigest()[:32] + '"'


def _answer(request: Request, body: bytes, content_type: str, etag: str, *, kind: str) -> Response:
    """Send the picture, or 304 when the browser's copy (If-None-Match) is this one."""
    cache = IMAGE_CACHE if kind == "source" else PLACEHOLDER_CACHE
    # X-Aisle-Image says which it is, for tests and for anyone debugging a grey tile.
    headers = {"Cache-Control": cache, "ETag": etag, "X-Aisle-Image": kind}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=content_type, headers=headers)
