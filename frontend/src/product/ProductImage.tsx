/** A product's picture, or a lettered placeholder when it has none or it fails to load. */

import { useState } from "react";

export function ProductImage({
  src,
  hint,
  alt = "",
  lazy = true,
}: {
  src: string | null;
  /** Its first letter fills the placeholder (product type, else brand). */
  hint: string | null;
  alt?: string;
  lazy?: boolean;
}) {
  const [failed, setFailed] = useState(false);
  return src && !failed ? (
    <img src={src} alt={alt} loading={lazy ? "lazy" : undefined} onError={() => setFailed(true)} />
  ) : (
    <span className="placeholder" aria-hidden="true">
      {(hint ?? "?").slice(0, 1)}
    </span>
  );
}
