/** A typed client of the search API. */

import type { ApiErrorDetail, SearchResponse } from "./types";
import { toApiQueryString, type SearchState } from "../search/urlState";

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** The `type` of each entry of the error's `detail`, e.g. "csrf_failed". */
    readonly types: string[] = [],
    /** Seconds from a 429's Retry-After header, when it gave a number. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

/** Run a search (with explanations when `state.explain`); rejects with an ApiError carrying the server's message. */
export async function searchProducts(state: SearchState, signal?: AbortSignal): Promise<SearchResponse> {
  const response = await fetch(`/api/search?${toApiQueryString(state)}`, { signal });
  if (!response.ok) {
    throw await readApiError(response, "search failed");
  }
  return (await response.json()) as SearchResponse;
}

/** Turn an error response into an ApiError: the detail msgs joined, else `what (status)`. */
export async function readApiError(response: Response, what = "request failed"): Promise<ApiError> {
  const retry = Number(response.headers.get("Retry-After") ?? "");
  const retryAfter = response.headers.has("Retry-After") && Number.isFinite(retry) ? retry : null;
  try {
    const body = (await response.json()) as { detail?: ApiErrorDetail[] | string };
    if (Array.isArray(body.detail)) {
      const message = body.detail.map((d) => d.msg).join("; ");
      const types = body.detail.map((d) => d.type);
      return new ApiError(message || `${what} (${response.status})`, response.status, types, retryAfter);
    }
    if (typeof body.detail === "string") return new ApiError(body.detail, response.status, [], retryAfter);
  } catch {
    // not JSON: fall through to the status text
  }
  return new ApiError(`${what} (${response.status})`, response.status, [], retryAfter);
}

/** A message to show for anything a request rejected with. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return "Could not reach the server; check your connection and try again.";
  return error instanceof Error ? error.message : String(error);
}
