/** One product: picture, facts, description, specifications, add to cart, and related shelves. */

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { ApiError, errorText } from "../api/client";
import { useAppQueryClient } from "../api/queryClient";
import { getProduct, recommendations } from "../api/shop";
import type { ProductDetail } from "../api/types";
import { formatPrice } from "../search/format";
import { Rating } from "../search/ResultCard";
import { formatDay } from "../site/format";
import { SiteHeader } from "../site/SiteHeader";
import { track } from "../tracking/track";
import { AddToCart } from "./AddToCart";
import { ProductImage } from "./ProductImage";
import { ProductShelf } from "./ProductShelf";
import { AllSpecifications, KeySpecs } from "./Specifications";
import { StockNote } from "./StockNote";
import "./product.css";

export function ProductPage({ productId, queryId }: { productId: number; queryId: string | null }) {
  const client = useAppQueryClient();
  const query = useQuery({ queryKey: ["product", productId], queryFn: () => getProduct(productId) }, client);
  const product = query.data ?? null;
  const error = query.error ? { text: errorText(query.error), missing: query.error instanceof ApiError && query.error.status === 404 } : null;
  const viewed = useRef<number | null>(null);

  // The view is told to the tracker once per product shown, not once per render or refetch.
  useEffect(() => {
    if (product === null || viewed.current === productId) return;
    viewed.current = productId;
    track({ type: "product_view", product_id: productId, ...(queryId ? { query_id: queryId } : {}) });
  }, [product, productId, queryId]);

  useEffect(() => {
    document.title = `${product?.title ?? "Product"} — Aisle`;
  }, [product]);

  return (
    <div className="page">
      <SiteHeader />
      <main className="product-page">
        {error?.missing ? (
          <div className="empty">
            <h1>Product not found</h1>
            <p>
              <a href="/">Back to search</a>
            </p>
          </div>
        ) : error ? (
          <p className="notice error" role="alert">
            {error.text}
          </p>
        ) : product === null ? (
          <p aria-busy="true">Loading the product…</p>
        ) : (
          <ProductDetails product={product} queryId={queryId} />
        )}
        <ProductShelf title="Similar items" loadKey={["similar", productId]} load={() => recommendations("similar", 8, productId)} />
        <ProductShelf
          title="Often bought together"
          loadKey={["bought-together", productId]}
          load={() => recommendations("bought-together", 8, productId)}
        />
      </main>
    </div>
  );
}

/** The loaded product itself. */
function ProductDetails({ product, queryId }: { product: ProductDetail; queryId: string | null }) {
  return (
    <article className="product" data-testid="product">
      <div className="product-image thumb">
        <ProductImage productId={product.product_id} hint={product.product_type ?? product.brand} alt={product.title} lazy={false} />
      </div>
      <div className="product-info">
        <p className="meta">
          <span className="brand">{product.brand}</span>
          {product.product_type ? <span className="type"> · {product.product_type}</span> : null}
        </p>
        <h1>{product.title}</h1>
        <Rating rating={product.rating} reviews={product.review_count} />
        <p className="price-row">
          <span className="price" data-testid="price">
            {formatPrice(product.price, product.currency)}
          </span>
          <StockNote label={product.stock_label} />
        </p>
        <AddToCart product={product} queryId={queryId} />
        <p className="muted small-note">
          SKU {product.sku}
          {product.release_date ? <> · Released {formatDay(product.release_date)}</> : null}
        </p>
        <KeySpecs specs={product.specs.key_specs} />
      </div>
      <div className="product-more">
        {product.description ? (
          <section className="description" aria-labelledby="description-heading">
            <h2 id="description-heading">Description</h2>
            {product.description.split(/\n{2,}/).map((paragraph, i) => (
              <p key={i}>{paragraph}</p>
            ))}
          </section>
        ) : null}
        <AllSpecifications sheet={product.specs} />
      </div>
    </article>
  );
}
