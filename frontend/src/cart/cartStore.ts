/** The shopper's cart as query data under CART_KEY, shared by every page: the header's count follows each change. */

import { queryClient } from "../api/queryClient";
import { getCart } from "../api/shop";
import type { Cart } from "../api/types";

export const CART_KEY = ["cart"] as const;

/** The cart query; every cart call answers with the whole cart, which replaces it (see setCart). */
export const cartQuery = { queryKey: CART_KEY, queryFn: getCart } as const;

/** The latest cart seen, or null before the first one arrives. */
export function currentCart(): Cart | null {
  return queryClient.getQueryData<Cart>(CART_KEY) ?? null;
}

/** Call `listener` whenever the cart changes; returns the unsubscribe function. */
export function subscribeCart(listener: () => void): () => void {
  return queryClient.getQueryCache().subscribe((event) => {
    const key = event.query.queryKey as readonly unknown[];
    if (key[0] === CART_KEY[0] && event.type === "updated" && event.action.type === "success") listener();
  });
}

/** Replace the cart with a mutation's answer (the whole cart, so no refetch is needed) and tell the subscribers. */
export function setCart(cart: Cart): Cart {
  queryClient.setQueryData(CART_KEY, cart);
  return cart;
}

/** The cart, fetched at first need (or again when `refresh`); concurrent callers share one request. */
export function loadCart(refresh = false): Promise<Cart> {
  if (refresh) return queryClient.fetchQuery({ ...cartQuery, staleTime: 0 });
  return queryClient.ensureQueryData(cartQuery);
}

/** How many of `productId` the cart holds. */
export function quantityInCart(cart: Cart | null, productId: number): number {
  return cart?.items.find((line) => line.product_id === productId)?.quantity ?? 0;
}
