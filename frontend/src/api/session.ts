/** The browser session and its CSRF token, shared by every page as query data under SESSION_KEY. */

import { readApiError } from "./errors";
import { queryClient } from "./queryClient";
import type { SessionRead } from "./types";

export const SESSION_KEY = ["session"] as const;

/** The latest session seen, or null before the first one arrives. */
export function currentSession(): SessionRead | null {
  return queryClient.getQueryData<SessionRead>(SESSION_KEY) ?? null;
}

/** Call `listener` whenever the session changes; returns the unsubscribe function. */
export function subscribeSession(listener: () => void): () => void {
  return queryClient.getQueryCache().subscribe((event) => {
    const key = event.query.queryKey as readonly unknown[];
    if (key[0] === SESSION_KEY[0] && event.type === "updated" && event.action.type === "success") listener();
  });
}

/** Replace the session (from any answer that carries one) and tell the subscribers. */
export function setSession(session: SessionRead): void {
  queryClient.setQueryData(SESSION_KEY, session);
}

/**
 * GET /api/auth/session. A plain fetch, not the generated client: the client's middleware asks
 * for the session's CSRF token, so the session itself must not go through it.
 */
export async function fetchSession(): Promise<SessionRead> {
  const response = await fetch("/api/auth/session", {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  });
  if (!response.ok) throw await readApiError(response, "could not load the session");
  return (await response.json()) as SessionRead;
}

/** The session query: the session never goes stale by time, only when an answer replaces it. */
export const sessionQuery = { queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Infinity } as const;

/** The session, fetched at first need (or again when `refresh`); concurrent callers share one request. */
export function loadSession(refresh = false): Promise<SessionRead> {
  if (refresh) return queryClient.fetchQuery({ ...sessionQuery, staleTime: 0 });
  return queryClient.ensureQueryData(sessionQuery);
}

/** Whether a JSON answer is a session (sign-in, sign-out, password change answer with one). */
export function isSessionRead(value: unknown): value is SessionRead {
  return (
    typeof value === "object" &&
    value !== null &&
    "user" in value &&
    typeof (value as SessionRead).csrf_token === "string" &&
    typeof (value as SessionRead).anonymous_id === "string"
  );
}
