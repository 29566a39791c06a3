/** Links to product pages; `?q=` carries the search's query_id so the page can credit the search. */

export function productUrl(productId: number, queryId?: string | null): string {
  return queryId ? `/product/${productId}?${new URLSearchParams({ q: queryId })}` : `/product/${productId}`;
}

/** The product id of a "/product/123" path, or null. */
export function productIdFromPath(path: string): number | null {
  const match = /^\/product\/(\d{1,15})\/?$/.exec(path);
  return match?.[1] ? Number(match[1]) : null;
}
