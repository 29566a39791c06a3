/** Typed calls of the product, suggestion, recommendation, cart and order API. */

import { api, ok } from "./client";
import type { Cart, Order, OrderRequest, ProductDetail, Recommendations, SuggestResponse } from "./types";

export const getProduct = (id: number): Promise<ProductDetail> =>
  ok(api.GET("/api/products/{product_id}", { params: { path: { product_id: id } } }));

/** Suggestions for a typed prefix; aborted with `signal` when the text moves on. */
export const suggest = (prefix: string, signal?: AbortSignal): Promise<SuggestResponse> =>
  ok(api.GET("/api/suggest", { params: { query: { q: prefix } }, signal }));

export type ShelfKind = "similar" | "bought-together" | "trending" | "for-you" | "recently-viewed";

/** One recommendation list: per product ("similar", "bought-together") or for the shopper. */
export function recommendations(kind: ShelfKind, size: number, productId?: number): Promise<Recommendations> {
  const query = { size };
  if (kind === "similar" || kind === "bought-together") {
    const path = { product_id: productId ?? 0 };
    return kind === "similar"
      ? ok(api.GET("/api/recommendations/similar/{product_id}", { params: { path, query } }))
      : ok(api.GET("/api/recommendations/bought-together/{product_id}", { params: { path, query } }));
  }
  return ok(api.GET(`/api/recommendations/${kind}`, { params: { query } }));
}

export const getCart = (): Promise<Cart> => ok(api.GET("/api/cart"));

/** Set a line's quantity (0 removes it); answers with the whole cart. */
export const setCartQuantity = (productId: number, quantity: number): Promise<Cart> =>
  ok(api.PUT("/api/cart/items/{product_id}", { params: { path: { product_id: productId } }, body: { quantity } }));

export const removeCartItem = (productId: number): Promise<Cart> =>
  ok(api.DELETE("/api/cart/items/{product_id}", { params: { path: { product_id: productId } } }));

export const clearCart = (): Promise<Cart> => ok(api.DELETE("/api/cart"));

/** Order what the shopper reviewed; a 409 says the cart changed since. */
export const placeOrder = (reviewed: OrderRequest): Promise<Order> => ok(api.POST("/api/orders", { body: reviewed }));

export const listOrders = (): Promise<Order[]> => ok(api.GET("/api/orders"));
