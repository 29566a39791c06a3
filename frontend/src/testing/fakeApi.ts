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
  // Callers pass (url, init) or, like openapi-fetch, one Request: read both the same way.
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const request = input instanceof Request ? input : new Request(new URL(input.toString(), window.location.href), init);
    const text = await request.text();
    const url = new URL(request.url);
    const body = text ? (JSON.parse(text) as unknown) : null;
    const call = { method: request.method, url, headers: request.headers, body };
    calls.push(call);
    const handler = routes[`${call.method} ${url.pathname}`];
    if (!handler) return json({ detail: `no fake for ${call.method} ${url.pathname}` }, 404);
    const answer = handler(call);
    return answer instanceof Response ? answer : json(answer);
  });
  return calls;
}

/** A JSON response. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

/** The session of a signed-out visitor. */
export const ANONYMOUS = { user: null, csrf_token: "csrf-1", anonymous_id: "anon-1" };
