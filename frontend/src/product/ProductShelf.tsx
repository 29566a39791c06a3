/** A titled, horizontally scrolling row of product tiles; not shown at all until it has items. */

import { useEffect, useId, useState } from "react";
import type { ProductSummary, Recommendations } from "../api/types";
import { ProductTile } from "./ProductTile";

export function ProductShelf({
  title,
  load,
  loadKey,
}: {
  title: string;
  load: () => Promise<Recommendations>;
  /** Names the request: the shelf reloads when it changes. */
  loadKey: string;
}) {
  const [items, setItems] = useState<ProductSummary[]>([]);
  const headingId = useId();

  useEffect(() => {
    let live = true;
    setItems([]);
    load()
      .then((answer) => live && setItems(answer.items))
      // Recommendations are extras: a shelf that fails to load is simply left out.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [loadKey]); // eslint-disable-line react-hooks/exhaustive-deps -- the key names the request

  if (items.length === 0) return null;
  return (
    <section className="shelf" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <div className="shelf-row">
        {items.map((product) => (
          <ProductTile key={product.product_id} product={product} />
        ))}
      </div>
    </section>
  );
}
