/** A typed client of the search API. */

import type { ApiErrorDetail, SearchResponse } from "./types";
import { toQueryString, type SearchState } from "../search/urlState";

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Run a search; rejects with an ApiError carrying the server's message. */
export async function searchProducts(state: SearchState, signal?: AbortSignal): Promise<SearchResponse> {
  const response = await fetch(`/api/search?${toQueryString(state)}`, { signal });
  if (!response.ok) {
    throw new ApiError(await errorMessage(response), response.status);
  }
  return (await response.json()) as SearchResponse;
}

async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { detail?: ApiErrorDetail[] | string };
    if (Array.isArray(body.detail)) return body.detail.map((d) => d.msg).join("; ");
    if (typeof body.detail === "string") return body.detail;
  } catch {
    // not JSON: fall through to the status text
  }
  return `search failed (${response.status})`;
}
