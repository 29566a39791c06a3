/** A product's picture, or a lettered placeholder when it has none or it fails to load. */

import { useState } from "react";
import { safeImageSrc } from "../site/safeUrl";

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
  // Only http(s) images: a row stored before the server checked could hold "javascript:…".
  const safe = safeImageSrc(src);
  return safe && !failed ? (
    <img src={safe} alt={alt} loading={lazy ? "lazy" : undefined} onError={() => setFailed(true)} />
  ) : (
    <span className="placeholder" aria-hidden="true">
      {(hint ?? "?").slice(0, 1)}
    </span>
  );
}
