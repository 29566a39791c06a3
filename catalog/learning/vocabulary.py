"""A catalog's learned vocabulary: brands and types its titles teach, filling what rows omit.

Explicit columns always win: a row's own brand or product type is kept, and a given brand is
also a known brand for the learner, so the catalog's own data steers what is learned.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from catalog.learning.brands import BrandVocabulary, learn_brands
from catalog.learning.types import TypeVocabulary, learn_types
from catalog.schemas import ProductIn


@dataclass(frozen=True)
class Vocabulary:
    """The brands and types learned from one catalog."""

    brands: BrandVocabulary
    types: TypeVocabulary

    def fill(self, product: ProductIn) -> ProductIn:
        """Return the product with a learned brand and type where it has none of its own."""
        brand = product.brand or self.brands.brand_of(product.title)
        product_type = product.product_type or self.types.type_of(product.title, brand)
        if brand == product.brand and product_type == product.product_type:
            return product
        learned = product.type_learned or product_type != product.product_type
        return product.model_copy(
            update={"brand": brand, "product_type": product_type, "type_learned": learned}
        )


def learn(titled: Iterable[tuple[str, str | None]]) -> Vocabulary:
    """Learn brands and types from (title, given brand or None) pairs of a whole catalog."""
    pairs = list(titled)
    brands = learn_brands((title for title, _ in pairs), known={b for _, b in pairs if b})
    branded = [(title, given or brands.brand_of(title)) for title, given in pairs]
    return Vocabulary(brands, learn_types(branded))
