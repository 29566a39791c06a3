/** The shopper's cart, shared by every page like the session: the header's count follows each change. */

import { getCart } from "../api/shop";
import type { Cart } from "../api/types";

let current: Cart | null = null;
let loading: Promise<Cart> | null = null;
const listeners = new Set<() => void>();

/** The latest cart seen, or null before the first one arrives. */
export function currentCart(): Cart | null {
  return current;
}

/** Call `listener` whenever the cart changes; returns the unsubscribe function. */
export function subscribeCart(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Replace the cart (from any answer that carries one) and tell the subscribers. */
export function setCart(cart: Cart): Cart {
  current = cart;
  for (const listener of listeners) listener();
  return cart;
}

/** The cart, fetched at first need (or again when `refresh`); concurrent callers share one request. */
export function loadCart(refresh = false): Promise<Cart> {
  if (current && !refresh) return Promise.resolve(current);
  loading ??= getCart()
    .then(setCart)
    .finally(() => {
      loading = null;
    });
  return loading;
}

/** How many of `productId` the cart holds. */
export function quantityInCart(cart: Cart | null, productId: number): number {
  return cart?.items.find((line) => line.product_id === productId)?.quantity ?? 0;
}
