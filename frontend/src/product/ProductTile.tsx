/** A small product card for shelves of recommendations, linking to the product's page. */

import type { ProductSummary } from "../api/types";
import { formatPrice } from "../search/format";
import { productUrl } from "./links";
import { ProductImage } from "./ProductImage";
import { StockNote } from "./StockNote";

export function ProductTile({ product }: { product: ProductSummary }) {
  return (
    <article className="tile" data-testid="product-tile">
      <div className="thumb">
        <ProductImage src={product.image_url} hint={product.product_type ?? product.brand} />
      </div>
      <div className="tile-body">
        {product.brand ? <p className="meta brand">{product.brand}</p> : null}
        <h3 className="tile-title">
          <a className="card-link" href={productUrl(product.product_id)}>
            {product.title}
          </a>
        </h3>
        <p className="price-row">
          <span className="price">{formatPrice(product.price, product.currency)}</span>
          {product.stock_label === "In stock" ? null : <StockNote label={product.stock_label} />}
        </p>
      </div>
    </article>
  );
}
