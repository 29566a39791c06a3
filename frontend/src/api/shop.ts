/** Typed calls of the product, suggestion, recommendation, cart and order API. */

import { readApiError } from "./client";
import { apiRequest } from "./session";
import type { Cart, Order, OrderRequest, ProductDetail, Recommendations, SuggestResponse } from "./types";

export const getProduct = (id: number) => apiRequest<ProductDetail>("GET", `/api/products/${id}`);

/** Suggestions for a typed prefix; aborted with `signal` when the text moves on. */
export async function suggest(prefix: string, signal?: AbortSignal): Promise<SuggestResponse> {
  const response = await fetch(`/api/suggest?${new URLSearchParams({ q: prefix })}`, {
    signal,
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  });
  if (!response.ok) throw await readApiError(response, "suggestions failed");
  return (await response.json()) as SuggestResponse;
}

export type ShelfKind = "similar" | "bought-together" | "trending" | "for-you" | "recently-viewed";

/** One recommendation list: per product ("similar", "bought-together") or for the shopper. */
export function recommendations(kind: ShelfKind, size: number, productId?: number): Promise<Recommendations> {
  const path = productId === undefined ? kind : `${kind}/${productId}`;
  return apiRequest<Recommendations>("GET", `/api/recommendations/${path}?size=${size}`);
}

export const getCart = () => apiRequest<Cart>("GET", "/api/cart");

/** Set a line's quantity (0 removes it); answers with the whole cart. */
export const setCartQuantity = (productId: number, quantity: number) =>
  apiRequest<Cart>("PUT", `/api/cart/items/${productId}`, { quantity });

export const removeCartItem = (productId: number) => apiRequest<Cart>("DELETE", `/api/cart/items/${productId}`);

export const clearCart = () => apiRequest<Cart>("DELETE", "/api/cart");

export const placeOrder = (reviewed: OrderRequest) => apiRequest<Order>("POST", "/api/orders", reviewed);

export const listOrders = () => apiRequest<Order[]>("GET", "/api/orders");
