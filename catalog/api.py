"""Product editing routes for merchandisers and admins."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from accounts.access import Admin, Merchandiser
from catalog.schemas import ProductRead, ProductUpdate
from catalog.service import delete_product, update_product
from core.bounds import RowId
from core.deps import DbSession

router = APIRouter()


@router.patch("/api/products/{product_id}", response_model=ProductRead, tags=["products"])
def edit_product(
    product_id: RowId, body: ProductUpdate, editor: Merchandiser, db: DbSession
) -> ProductRead:
    """Change a product's fields; the change reaches search through the outbox within seconds."""
    product = update_product(db, product_id, body.model_dump(exclude_unset=True))
    db.commit()
    return ProductRead.model_validate(product)


@router.delete(
    "/api/products/{product_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["products"]
)
def remove_product(product_id: RowId, admin: Admin, db: DbSession) -> Response:
    """Delete a product from the catalog (and, through the outbox, from search)."""
    delete_product(db, product_id)
    db.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
