/** A titled, horizontally scrolling row of product tiles; not shown at all until it has items. */

import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { useAppQueryClient } from "../api/queryClient";
import type { Recommendations } from "../api/types";
import { ProductTile } from "./ProductTile";

export function ProductShelf({
  title,
  load,
  loadKey,
}: {
  title: string;
  load: () => Promise<Recommendations>;
  /** Names the request (its query key under "recommendations"): the shelf reloads when it changes. */
  loadKey: readonly (string | number)[];
}) {
  const client = useAppQueryClient();
  const query = useQuery({ queryKey: ["recommendations", ...loadKey], queryFn: load }, client);
  const headingId = useId();

  // Recommendations are extras: a shelf that fails to load is simply left out.
  const items = query.data?.items ?? [];
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
