/** A fake of the API for component tests: `fetch` answers from per-route handlers and records each call. */

import { vi } from "vitest";

export interface FakeCall {
  method: string;
  url: URL;
  headers: Headers;
  /** The JSON body, parsed; null without one. */
  body: unknown;
}

/** Answer one call: a value is sent as JSON with 200, a Response as it is. */
export type FakeHandler = (call: FakeCall) => unknown;

/** Stub `fetch` with `routes` keyed "METHOD /path"; any other call gets a 404 naming it. Returns the calls so far. */
export function fakeApi(routes: Record<string, FakeHandler>): FakeCall[] {
  const calls: FakeCall[] = [];
  vi.stubGlobal("fetch", (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : input.toString(), window.location.href);
    const body = typeof init.body === "string" ? (JSON.parse(init.body) as unknown) : null;
    const call = { method: init.method ?? "GET", url, headers: new Headers(init.headers), body };
    calls.push(call);
    const handler = routes[`${call.method} ${url.pathname}`];
    if (!handler) return Promise.resolve(json({ detail: `no fake for ${call.method} ${url.pathname}` }, 404));
    const answer = handler(call);
    return Promise.resolve(answer instanceof Response ? answer : json(answer));
  });
  return calls;
}

/** A JSON response. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

/** The session of a signed-out visitor. */
export const ANONYMOUS = { user: null, csrf_token: "csrf-1", anonymous_id: "anon-1" };
