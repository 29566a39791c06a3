import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { header, json, mockFetch } from "./fetchMock";
import { productIdFromPath, productUrl } from "../product/links";
import { parseQuantity } from "../product/AddToCart";

const cart = (quantity: number) => ({
  items: quantity ? [{ product_id: 7, title: "Acme X", brand: "Acme", image_url: null, price: "10.00", currency: "EUR", quantity, line_total: `${10 * quantity}.00`, in_stock: true, stock_label: "In stock", max_quantity: 99, problem: null }] : [],
  item_count: quantity,
  total: `${10 * quantity}.00`,
  currency: "EUR",
  checkout_blocked: null,
});


describe("cart store and calls", () => {
  beforeEach(() => vi.resetModules());
  afterEach(() => vi.unstubAllGlobals());

  it("shares the cart and tells subscribers when a change answers with a new one", async () => {
    const store = await import("../cart/cartStore");
    const shop = await import("./shop");
    const calls = mockFetch((url, init) => {
      if (url === "/api/auth/session") return json({ user: null, csrf_token: "tok", anonymous_id: "a" });
      if (url === "/api/cart" && init.method === "GET") return json(cart(2));
      return init.method === "PUT" ? json(cart((JSON.parse(String(init.body)) as { quantity: number }).quantity)) : json(cart(0));
    });
    const seen: number[] = [];
    store.subscribeCart(() => seen.push(store.currentCart()?.item_count ?? -1));
    await Promise.all([store.loadCart(), store.loadCart()]);
    expect(calls.filter((c) => c.url === "/api/cart")).toHaveLength(1);
    expect(store.quantityInCart(store.currentCart(), 7)).toBe(2);
    store.setCart(await shop.setCartQuantity(7, 5));
    const put = calls.at(-1);
    expect([put?.url, put?.init.method, header(put, "X-CSRF-Token"), put?.init.body]).toEqual(["/api/cart/items/7", "PUT", "tok", '{"quantity":5}']);
    store.setCart(await shop.clearCart());
    expect(calls.at(-1)?.init.method).toBe("DELETE");
    expect(seen).toEqual([2, 5, 0]);
    expect(store.quantityInCart(store.currentCart(), 7)).toBe(0);
  });

  it("asks for recommendations and suggestions by the documented paths", async () => {
    const shop = await import("./shop");
    const calls = mockFetch(() => json({ items: [], source: "x", query: "la", suggestions: [] }));
    await shop.recommendations("similar", 8, 42);
    await shop.recommendations("trending", 12);
    await shop.suggest("la pt");
    expect(calls.map((c) => c.url)).toEqual(["/api/recommendations/similar/42?size=8", "/api/recommendations/trending?size=12", "/api/suggest?q=la%20pt"]);
  });

  it("places the reviewed order and reports a stock shortage", async () => {
    const shop = await import("./shop");
    const calls = mockFetch((url) =>
      url === "/api/auth/session"
        ? json({ user: null, csrf_token: "tok", anonymous_id: "a" })
        : json({ detail: [{ loc: [], msg: "Only 2 of Acme X are left, so you can buy at most 2.", type: "conflict" }] }, 409),
    );
    const reviewed = { lines: [{ product_id: 7, quantity: 3 }], total: "30.00" };
    await expect(shop.placeOrder(reviewed)).rejects.toMatchObject({ status: 409, message: "Only 2 of Acme X are left, so you can buy at most 2." });
    expect(calls.at(-1)?.init.body).toBe(JSON.stringify(reviewed));
  });
});

describe("sendBatch", () => {
  beforeEach(() => vi.resetModules());
  afterEach(() => vi.unstubAllGlobals());

  it("posts the batch with the CSRF token, keepalive when asked", async () => {
    const { sendBatch } = await import("../tracking/track");
    const calls = mockFetch((url) => (url === "/api/auth/session" ? json({ user: null, csrf_token: "tok", anonymous_id: "a" }) : new Response(null, { status: 202 })));
    const event = { type: "product_view" as const, product_id: 1, client_event_id: "e1", timestamp: "t", session_id: "s" };
    await sendBatch([event], true);
    const post = calls.at(-1);
    expect(post?.url).toBe("/api/events/batch");
    expect(post?.init.keepalive).toBe(true);
    expect(header(post, "X-CSRF-Token")).toBe("tok");
    expect(JSON.parse(String(post?.init.body))).toEqual({ events: [event] });
  });

  it("rejects when the batch is refused, so the tracker retries it", async () => {
    const { sendBatch } = await import("../tracking/track");
    mockFetch((url) => (url === "/api/auth/session" ? json({ user: null, csrf_token: "tok", anonymous_id: "a" }) : json({ detail: [] }, 503)));
    await expect(sendBatch([], false)).rejects.toMatchObject({ status: 503 });
  });
});

describe("product links and quantities", () => {
  it("carries the query_id to the product page and reads it back", () => {
    expect(productUrl(42, "q-1")).toBe("/product/42?q=q-1");
    expect(productUrl(42)).toBe("/product/42");
    expect(productIdFromPath("/product/42")).toBe(42);
    expect(productIdFromPath("/product/42/")).toBe(42);
    expect(productIdFromPath("/product/x")).toBeNull();
  });

  it("takes whole quantities from 1 (or 0 in the cart) to 99", () => {
    expect(["1", "99", " 3 "].map((t) => parseQuantity(t))).toEqual([1, 99, 3]);
    expect(["0", "100", "1.5", "", "-1", "e"].map((t) => parseQuantity(t))).toEqual([null, null, null, null, null, null]);
    expect(parseQuantity("0", 0)).toBe(0);
  });
});
