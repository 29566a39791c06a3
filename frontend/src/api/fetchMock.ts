/** Test helper: a stubbed global fetch that records each call as url, method, headers and body, whichever way it was called. */

import { vi } from "vitest";

export interface Call {
  /** Path and query, e.g. "/api/search?q=tv" (the generated client sends absolute URLs). */
  url: string;
  init: { method: string; headers: Record<string, string>; body: string | undefined; credentials: RequestCredentials | undefined; keepalive: boolean | undefined };
}

/** A fetch that answers from `handler` and records every call. */
export function mockFetch(handler: (url: string, init: Call["init"], calls: Call[]) => Response): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, given: RequestInit = {}) => {
      const request = input instanceof Request ? input : new Request(new URL(String(input), "http://aisle.invalid"), given);
      const url = new URL(request.url);
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
      const text = request.body === null ? undefined : await request.text();
      const init = { method: request.method, headers, body: text, credentials: input instanceof Request ? request.credentials : given.credentials, keepalive: input instanceof Request ? request.keepalive : given.keepalive };
      const call = { url: url.pathname + url.search, init };
      calls.push(call);
      return handler(call.url, init, calls);
    }),
  );
  return calls;
}

/** A request header of a recorded call (names are case-insensitive). */
export const header = (call: Call | undefined, name: string): string | undefined => call?.init.headers[name.toLowerCase()];

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
