/** One search result; following its link reports a click at its position. Staff may see why it ranks here. */

import type { Explanation, ProductHit } from "../api/types";
import { productUrl } from "../product/links";
import { ProductImage } from "../product/ProductImage";
import { StockNote } from "../product/StockNote";
import { track } from "../tracking/track";
import { formatPrice } from "./format";
import { Highlighted } from "./highlight";
import { WhyHere } from "./WhyHere";

export function ResultCard({
  hit,
  queryId,
  position,
  explanation = null,
}: {
  hit: ProductHit;
  queryId: string;
  position: number;
  /** Shown only when given: the caller passes it for staff who asked for explanations. */
  explanation?: Explanation | null;
}) {
  const opened = () => track({ type: "click", query_id: queryId, product_id: hit.product_id, position });
  return (
    <article className="card" data-testid="result-card" data-brand={hit.brand ?? ""} data-price={hit.price ?? ""}>
      <div className="thumb">
        <ProductImage productId={hit.product_id} hint={hit.product_type ?? hit.brand} />
      </div>
      <div className="card-body">
        <p className="meta">
          <span className="brand">{hit.brand}</span>
          {hit.product_type ? <span className="type"> · {hit.product_type}</span> : null}
        </p>
        <h3 className="title">
          <a
            className="card-link"
            href={productUrl(hit.product_id, queryId)}
            onClick={opened}
            onAuxClick={(event) => event.button === 1 && opened()}
          >
            <Highlighted fragment={hit.highlight.title} fallback={hit.title} />
          </a>
        </h3>
        <Rating rating={hit.rating} reviews={hit.review_count} />
        <p className="price-row">
          <span className="price" data-testid="price">
            {formatPrice(hit.price, hit.currency)}
          </span>
          <StockNote label={hit.stock_label} />
        </p>
        {explanation ? <WhyHere explanation={explanation} /> : null}
      </div>
    </article>
  );
}

/** Stars and the number of reviews, or nothing without reviews (no "4.6 (0)"). */
export function Rating({ rating, reviews }: { rating: number | null; reviews: number }) {
  if (rating === null || reviews <= 0) return null;
  return (
    <p className="rating" aria-label={`Rated ${rating} out of 5`}>
      <span className="stars" style={{ "--rating": rating } as React.CSSProperties} />
      {rating.toFixed(1)} <span className="reviews">({reviews})</span>
    </p>
  );
}
