import { useState } from "react";
import type { ProductHit } from "../api/types";
import { formatPrice } from "./format";
import { Highlighted } from "./highlight";

export function ResultCard({ hit }: { hit: ProductHit }) {
  const [imageFailed, setImageFailed] = useState(false);
  return (
    <article className="card" data-testid="result-card" data-brand={hit.brand ?? ""} data-price={hit.price ?? ""}>
      <div className="thumb">
        {hit.image_url && !imageFailed ? (
          <img src={hit.image_url} alt="" loading="lazy" onError={() => setImageFailed(true)} />
        ) : (
          <span className="placeholder" aria-hidden="true">
            {(hit.product_type ?? hit.brand ?? "?").slice(0, 1)}
          </span>
        )}
      </div>
      <div className="card-body">
        <p className="meta">
          <span className="brand">{hit.brand}</span>
          {hit.product_type ? <span className="type"> · {hit.product_type}</span> : null}
        </p>
        <h2 className="title">
          <Highlighted fragment={hit.highlight.title} fallback={hit.title} />
        </h2>
        {hit.rating !== null ? (
          <p className="rating" aria-label={`Rated ${hit.rating} out of 5`}>
            <span className="stars" style={{ "--rating": hit.rating } as React.CSSProperties} />
            {hit.rating.toFixed(1)} <span className="reviews">({hit.review_count})</span>
          </p>
        ) : null}
        <p className="price-row">
          <span className="price" data-testid="price">
            {formatPrice(hit.price, hit.currency)}
          </span>
          <span className={hit.in_stock ? "stock in" : "stock out"}>{hit.in_stock ? "In stock" : "Out of stock"}</span>
        </p>
      </div>
    </article>
  );
}
