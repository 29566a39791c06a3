/** The generated, typed client of the Aisle API (types from openapi.json via `make api-client`). */

import createClient from "openapi-fetch";
import { toApiQueryString, type SearchState } from "../search/urlState";
import { sessionMiddleware } from "./middleware";
import type { paths } from "./schema";
import type { SearchResponse } from "./types";

export { ApiError, errorText, readApiError } from "./errors";

export const api = createClient<paths>({
  // A Request needs an absolute URL outside a browser page (the unit tests).
  baseUrl: typeof window === "undefined" ? "http://aisle.invalid" : window.location.origin,
  credentials: "same-origin",
  // Looked up at each call, not when the module loads, so a test's stubbed fetch is used.
  fetch: (request: Request) => globalThis.fetch(request),
});
api.use(sessionMiddleware);

/**
 * The data of a call's answer. The middleware rejects every error answer with an ApiError,
 * so an answer that arrives here succeeded (a 204's data is undefined).
 */
export async function ok<T>(call: Promise<{ data?: T; response: Response }>): Promise<T> {
  return (await call).data as T;
}

/** Run a search (with explanations when `state.explain`); rejects with an ApiError carrying the server's message. */
export function searchProducts(state: SearchState, signal?: AbortSignal): Promise<SearchResponse> {
  // The URL state writes its own query (repeated filters, range syntax), kept as the search page's URLs have it.
  return ok(api.GET("/api/search", { querySerializer: () => toApiQueryString(state), signal }));
}

/** Build a query string, leaving out empty values (the API refuses an empty enum). */
export function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== "" && value !== undefined) search.set(key, String(value));
  return search.toString();
}
