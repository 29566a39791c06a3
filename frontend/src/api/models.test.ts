import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { header, json, mockFetch } from "./fetchMock";
import { EMPTY_STATE } from "../search/urlState";

type AdminModule = typeof import("./admin");
type ClientModule = typeof import("./client");


const session = { user: null, csrf_token: "tok-1", anonymous_id: "anon-1" };

describe("ranking model calls", () => {
  let admin: AdminModule;
  let client: ClientModule;

  beforeEach(async () => {
    vi.resetModules();
    admin = await import("./admin");
    client = await import("./client");
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("promotes with force and note, carrying the CSRF token", async () => {
    const calls = mockFetch((url) => (url === "/api/auth/session" ? json(session) : json({ id: 5, active: true })));
    await admin.promoteModel(5, true, "manual check");
    const post = calls.find((c) => c.url === "/api/admin/models/5/promote");
    expect(post?.init.method).toBe("POST");
    expect(header(post, "X-CSRF-Token")).toBe("tok-1");
    expect(JSON.parse(String(post?.init.body))).toEqual({ force: true, note: "manual check" });
    await admin.promoteModel(6);
    expect(JSON.parse(String(calls.at(-1)?.init.body))).toEqual({ force: false, note: null });
  });

  it("rejects with the gate's 409 message", async () => {
    mockFetch((url) =>
      url === "/api/auth/session"
        ? json(session)
        : json({ detail: [{ loc: ["body"], msg: "model 6 does not beat the active model 3", type: "conflict" }] }, 409),
    );
    await expect(admin.promoteModel(6)).rejects.toMatchObject({ status: 409, message: "model 6 does not beat the active model 3" });
  });

  it("rolls back, trains and lists with the right requests", async () => {
    const calls = mockFetch((url) => (url === "/api/auth/session" ? json(session) : url.endsWith("/train") ? json({ id: 9 }, 202) : json([])));
    await admin.listModels();
    await admin.rollbackModel();
    expect((await admin.startTraining()).id).toBe(9);
    const sent = calls.filter((c) => c.url !== "/api/auth/session").map((c) => [c.init.method, c.url, c.init.body]);
    expect(sent).toEqual([
      ["GET", "/api/admin/models", undefined],
      ["POST", "/api/admin/models/rollback", "{}"],
      ["POST", "/api/admin/models/train", "{}"],
    ]);
  });

  it("asks the search API for explanations with explain=true", async () => {
    const calls = mockFetch(() => json({ results: [], ranking: "ltr:3" }));
    const answer = await client.searchProducts({ ...EMPTY_STATE, q: "tv", explain: true });
    expect(calls[0]?.url).toBe("/api/search?q=tv&explain=true");
    expect(answer.ranking).toBe("ltr:3");
    await client.searchProducts({ ...EMPTY_STATE, q: "tv" });
    expect(calls[1]?.url).toBe("/api/search?q=tv");
  });
});
