import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { header, json, mockFetch } from "./fetchMock";

type AccountModule = typeof import("./account");
type ShopModule = typeof import("./shop");

const session = { user: null, csrf_token: "tok-1", anonymous_id: "anon-1" };
const signedOut = () => json({ detail: [{ loc: [], msg: "sign in first", type: "not_authenticated" }] }, 401);

/** A browser page at `path`, whose navigations are recorded. */
function onPage(path: string) {
  const url = new URL(path, "http://aisle.invalid");
  const assign = vi.fn();
  vi.stubGlobal("window", { location: { origin: url.origin, pathname: url.pathname, search: url.search, assign } });
  return assign;
}

describe("the generated client's middleware", () => {
  let account: AccountModule;
  let shop: ShopModule;

  const load = async () => {
    vi.resetModules(); // a fresh client and session cache
    account = await import("./account");
    shop = await import("./shop");
  };
  beforeEach(load);
  afterEach(() => vi.unstubAllGlobals());

  it("sends the CSRF token on state-changing methods only, with JSON bodies", async () => {
    const calls = mockFetch((url) => (url === "/api/auth/session" ? json(session) : json({ items: [], item_count: 0, total: "0.00", currency: "EUR" })));
    await shop.getCart();
    await shop.setCartQuantity(7, 2);
    await shop.removeCartItem(7);
    const sent = calls.filter((c) => c.url !== "/api/auth/session");
    expect(sent.map((c) => [c.init.method, c.url, header(c, "X-CSRF-Token") ?? null, c.init.body ?? null])).toEqual([
      ["GET", "/api/cart", null, null],
      ["PUT", "/api/cart/items/7", "tok-1", '{"quantity":2}'],
      ["DELETE", "/api/cart/items/7", "tok-1", null],
    ]);
    expect(header(sent[1], "Content-Type")).toBe("application/json");
    expect(sent.every((c) => header(c, "Accept") === "application/json" && c.init.credentials === "same-origin")).toBe(true);
  });

  it("sends a 401 on a signed-in page to sign-in, coming back to the page", async () => {
    const assign = onPage("/admin/jobs?status=failed");
    await load();
    mockFetch(signedOut);
    const error = await account.listUsers({ q: "", role: "", status: "", page: 1, size: 20 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 401, message: "sign in first", redirecting: true });
    expect(assign).toHaveBeenCalledWith("/sign-in?next=/admin/jobs%3Fstatus%3Dfailed");
  });

  it("leaves a 401 elsewhere to the page (sign-in's wrong password, the consoles' refusal)", async () => {
    for (const path of ["/sign-in", "/merch/synonyms"]) {
      const assign = onPage(path);
      await load();
      mockFetch((url) => (url === "/api/auth/session" ? json(session) : signedOut()));
      await expect(account.signIn("a@example.com", "wrong")).rejects.toMatchObject({ status: 401, redirecting: false });
      expect(assign).not.toHaveBeenCalled();
    }
  });

  it("names the call in a failure without a message of its own", async () => {
    mockFetch(() => new Response("upstream timeout", { status: 502 }));
    await expect(shop.suggest("la")).rejects.toMatchObject({ status: 502, message: "suggestions failed (502)" });
    await expect(shop.getCart()).rejects.toMatchObject({ status: 502, message: "request failed (502)" });
  });

  it("takes a plain-string detail as the message", async () => {
    mockFetch(() => json({ detail: "Not Found" }, 404));
    await expect(shop.getProduct(9)).rejects.toMatchObject({ status: 404, message: "Not Found", types: [] });
  });
});
