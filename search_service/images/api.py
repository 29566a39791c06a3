"""GET /api/products/{id}/image: the product's picture from this origin, or its placeholder."""

from __future__ import annotations

import hashlib

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from accounts.access import PUBLIC
from catalog import service as catalog_service
from core.bounds import RowId
from core.deps import DbSession
from search_service.images.placeholder import placeholder_svg
from search_service.images.service import ProductImages

router = APIRouter()

# A fetched image is kept a day by browsers (revalidated by ETag after): a product's image
# address rarely changes, and when it does the day bounds how long the old one shows.
IMAGE_CACHE = "public, max-age=86400"
# A placeholder stands in for a source that may come back, so browsers ask again soon.
PLACEHOLDER_CACHE = "public, max-age=300"
SVG = "image/svg+xml"


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
async def product_image(product_id: RowId, request: Request, db: DbSession) -> Response:
    """Serve a product's image over this origin; a placeholder when its source has none."""
    source, product_type = await run_in_threadpool(_source_of, db, product_id)
    images: ProductImages = request.app.state.product_images
    stored = await images.image(source)
    if stored is not None:
        return _answer(request, stored.body, stored.content_type, stored.etag, kind="source")
    drawn = placeholder_svg(product_type)
    etag = '"' + hashlib.sha256(drawn).hexdigest()[:32] + '"'
    return _answer(request, drawn, SVG, etag, kind="placeholder")


def _source_of(db: Session, product_id: int) -> tuple[str | None, str | None]:
    """Return the product's image address and type (404 if there is no such product)."""
    product = catalog_service.get_product(db, product_id)
    found = product.image_url, product.product_type
    # The fetch may take seconds: no database connection is held through it.
    db.close()
    return found


def _answer(request: Request, body: bytes, content_type: str, etag: str, *, kind: str) -> Response:
    """Send the picture, or 304 when the browser's copy (If-None-Match) is this one."""
    cache = IMAGE_CACHE if kind == "source" else PLACEHOLDER_CACHE
    # X-Aisle-Image says which it is, for tests and for anyone debugging a grey tile.
    headers = {"Cache-Control": cache, "ETag": etag, "X-Aisle-Image": kind}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=content_type, headers=headers)
