/** The error every API call rejects with, built from the server's `detail`, and its message for the UI. */

import type { ApiErrorDetail } from "./types";

export class ApiError extends Error {
  /** Set when the middleware is taking the browser to sign-in for this 401 (show nothing more). */
  redirecting = false;

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
