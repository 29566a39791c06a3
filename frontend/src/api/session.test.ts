import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { header, json, mockFetch } from "./fetchMock";

type SessionModule = typeof import("./session");
type AccountModule = typeof import("./account");

const session = (csrf: string, user: unknown = null) => ({ user, csrf_token: csrf, anonymous_id: "anon-1" });
const csrfFailed = () => json({ detail: [{ loc: ["header", "X-CSRF-Token"], msg: "the CSRF token is missing or wrong", type: "csrf_failed" }] }, 403);


describe("session module", () => {
  let mod: SessionModule;
  let api: AccountModule;

  beforeEach(async () => {
    vi.resetModules(); // a fresh module: no session loaded yet
    mod = await import("./session");
    api = await import("./account");
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("loads the session at first need and sends its CSRF token", async () => {
    const calls = mockFetch((url) => (url === "/api/auth/session" ? json(session("tok-1")) : json({ message: "Check your inbox" }, 202)));
    const answer = await api.signUp({ email: "a@example.com", password: "pw", display_name: "A" });
    expect(answer.message).toBe("Check your inbox");
    expect(calls.map((c) => c.url)).toEqual(["/api/auth/session", "/api/auth/sign-up"]);
    const post = calls[1];
    expect(post?.init.method).toBe("POST");
    expect(post?.init.credentials).toBe("same-origin");
    expect(header(post, "X-CSRF-Token")).toBe("tok-1");
    expect(header(post, "Content-Type")).toBe("application/json");
    expect(JSON.parse(String(post?.init.body))).toEqual({ email: "a@example.com", password: "pw", display_name: "A" });

    await api.forgotPassword("a@example.com"); // the session is loaded only once
    expect(calls.filter((c) => c.url === "/api/auth/session")).toHaveLength(1);
  });

  it("shares one session request between concurrent callers", async () => {
    const calls = mockFetch((url) => (url === "/api/auth/session" ? json(session("tok-1")) : json({ message: "ok" }, 202)));
    await Promise.all([api.forgotPassword("a@example.com"), api.resendVerification("a@example.com")]);
    expect(calls.filter((c) => c.url === "/api/auth/session")).toHaveLength(1);
  });

  it("sends no token and loads no session for a GET", async () => {
    const calls = mockFetch(() => json([]));
    await api.listTokens();
    expect(calls).toHaveLength(1);
    expect(header(calls[0], "X-CSRF-Token")).toBeUndefined();
  });

  it("refetches the session and retries once on csrf_failed", async () => {
    let sessions = 0;
    const calls = mockFetch((url, init) => {
      if (url === "/api/auth/session") return json(session(`tok-${++sessions}`));
      return header({ url, init }, "X-CSRF-Token") === "tok-2" ? json({ message: "sent" }, 202) : csrfFailed();
    });
    await expect(api.forgotPassword("a@example.com")).resolves.toEqual({ message: "sent" });
    expect(calls.map((c) => [c.url, header(c, "X-CSRF-Token")])).toEqual([
      ["/api/auth/session", undefined],
      ["/api/auth/forgot-password", "tok-1"],
      ["/api/auth/session", undefined],
      ["/api/auth/forgot-password", "tok-2"],
    ]);
    expect(mod.currentSession()?.csrf_token).toBe("tok-2");
  });

  it("retries only once, and not for other 403s", async () => {
    const calls = mockFetch((url) => (url === "/api/auth/session" ? json(session("tok")) : csrfFailed()));
    await expect(api.signOut()).rejects.toMatchObject({ status: 403, message: "the CSRF token is missing or wrong" });
    expect(calls.filter((c) => c.url === "/api/auth/sign-out")).toHaveLength(2);

    const others = mockFetch((url) =>
      url === "/api/auth/session"
        ? json(session("tok"))
        : json({ detail: [{ loc: [], msg: "please confirm your email first", type: "email_not_verified" }] }, 403),
    );
    await expect(api.signIn("a@example.com", "pw")).rejects.toMatchObject({ status: 403, types: ["email_not_verified"] });
    expect(others.filter((c) => c.url === "/api/auth/sign-in")).toHaveLength(1);
  });

  it("takes the new session from any answer that carries one", async () => {
    const user = { id: 1, email: "a@example.com", display_name: "A", role: "shopper", status: "active", created_at: "2025-01-01T00:00:00Z", last_login_at: null };
    const calls = mockFetch((url) => {
      if (url === "/api/auth/session") return json(session("before"));
      if (url === "/api/auth/sign-in") return json(session("after", user));
      return new Response(null, { status: 204 });
    });
    const seen: (string | undefined)[] = [];
    mod.subscribeSession(() => seen.push(mod.currentSession()?.csrf_token));
    await api.signIn("a@example.com", "pw");
    expect(mod.currentSession()?.user?.email).toBe("a@example.com");
    await expect(api.revokeToken(3)).resolves.toBeUndefined();
    expect(header(calls.at(-1), "X-CSRF-Token")).toBe("after");
    expect(calls.at(-1)?.init.method).toBe("DELETE");
    expect(seen).toEqual(["before", "after"]);
  });

  it("joins the detail messages and keeps Retry-After", async () => {
    mockFetch((url) =>
      url === "/api/auth/session"
        ? json(session("tok"))
        : json({ detail: [{ loc: [], msg: "too many attempts", type: "rate_limited" }, { loc: [], msg: "try later", type: "x" }] }, 429, { "Retry-After": "30" }),
    );
    await expect(api.signIn("a@example.com", "pw")).rejects.toMatchObject({ status: 429, message: "too many attempts; try later", retryAfter: 30 });
  });
});
