/**
 * The generated client's one middleware: the CSRF token on state-changing requests (retried
 * once with a fresh session on csrf_failed), the sign-in redirect on a 401, error answers
 * turned into ApiError, and session answers stored as the session.
 */

import type { Middleware } from "openapi-fetch";
import { signInUrl } from "../site/next";
import { readApiError } from "./errors";
import { isSessionRead, loadSession, setSession } from "./session";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Pages that need a signed-in user: a 401 there goes to sign-in and back (consoles show their own refusal). */
const SIGNED_IN_PAGES = ["/account", "/orders", "/cart", "/admin"];

/** What a failed call was, for an error answer without a message of its own. */
const WHAT: Record<string, string> = {
  "/api/search": "search failed",
  "/api/suggest": "suggestions failed",
  "/api/events/batch": "events were not accepted",
};

/** Whether a 401 on the page at `pathname` sends the browser to sign-in. */
export function signInRequired(pathname: string): boolean {
  return SIGNED_IN_PAGES.some((page) => pathname === page || pathname.startsWith(`${page}/`));
}

/** The browser's location, or null outside one (tests, server rendering). */
function here(): Location | null {
  return typeof window === "undefined" ? null : window.location;
}

// Unsafe requests' copies (their bodies are spent once sent), kept for the csrf_failed retry.
const pending = new Map<string, Request>();

export const sessionMiddleware: Middleware = {
  async onRequest({ request, id }) {
    request.headers.set("Accept", "application/json");
    if (SAFE_METHODS.has(request.method)) return request;
    request.headers.set("X-CSRF-Token", (await loadSession()).csrf_token);
    pending.set(id, request.clone());
    return request;
  },

  async onResponse({ request, response, id, schemaPath, options }) {
    const copy = pending.get(id);
    pending.delete(id);
    let answer = response;
    if (!answer.ok) {
      let error = await readApiError(answer.clone(), WHAT[schemaPath]);
      if (copy && answer.status === 403 && error.types.includes("csrf_failed")) {
        // The token went stale (signed in or out in another tab): once more with a fresh session.
        copy.headers.set("X-CSRF-Token", (await loadSession(true)).csrf_token);
        answer = await options.fetch(copy);
        if (!answer.ok) error = await readApiError(answer.clone(), WHAT[schemaPath]);
      }
      if (!answer.ok) {
        const location = here();
        if (answer.status === 401 && location && signInRequired(location.pathname)) {
          error.redirecting = true;
          location.assign(signInUrl(location.pathname + location.search));
        }
        throw error;
      }
    }
    if (!SAFE_METHODS.has(request.method) && answer.headers.get("Content-Type")?.includes("application/json")) {
      const data: unknown = await answer
        .clone()
        .json()
        .catch(() => null);
      if (isSessionRead(data)) setSession(data);
    }
    return answer;
  },
};
