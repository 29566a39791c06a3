/** A product's picture, served by Aisle itself (or a lettered placeholder if even that fails). */

import { useState } from "react";
import "./ProductImage.css";

/** The image route: the server fetches and caches the source, or draws a placeholder. */
export const productImageUrl = (productId: number) => `/api/products/${productId}/image`;

// The intrinsic size of every picture the route serves is unknown, but the box is fixed (4:3,
// like the placeholder), so nothing moves when it arrives.
const WIDTH = 400;
const HEIGHT = 300;

export function ProductImage({
  productId,
  hint,
  alt = "",
  lazy = true,
}: {
  productId: number;
  /** Its first letter fills the fallback when the image route itself fails (product type, else brand). */
  hint: string | null;
  alt?: string;
  lazy?: boolean;
}) {
  const [failed, setFailed] = useState(false);
  return failed ? (
    <span className="placeholder" aria-hidden="true">
      {(hint ?? "?").slice(0, 1)}
    </span>
  ) : (
    <img
      className="product-img"
      src={productImageUrl(productId)}
      alt={alt}
      width={WIDTH}
      height={HEIGHT}
      loading={lazy ? "lazy" : "eager"}
      decoding="async"
      onError={() => setFailed(true)}
    />
  );
}
