/** The browser session and its CSRF token, shared by every page; all account calls go through `apiRequest`. */

import { readApiError } from "./client";
import type { SessionRead } from "./types";

let current: SessionRead | null = null;
let loading: Promise<SessionRead> | null = null;
const listeners = new Set<() => void>();

/** The latest session seen, or null before the first one arrives. */
export function currentSession(): SessionRead | null {
  return current;
}

/** Call `listener` whenever the session changes; returns the unsubscribe function. */
export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Replace the session (from any answer that carries one) and tell the subscribers. */
export function setSession(session: SessionRead): void {
  current = session;
  for (const listener of listeners) listener();
}

/** The session, fetched with GET /api/auth/session at first need (or again when `refresh`). */
export function loadSession(refresh = false): Promise<SessionRead> {
  if (current && !refresh) return Promise.resolve(current);
  loading ??= fetchSession().finally(() => {
    loading = null;
  });
  return loading;
}

async function fetchSession(): Promise<SessionRead> {
  const response = await fetch("/api/auth/session", {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  });
  if (!response.ok) throw await readApiError(response, "could not load the session");
  const session = (await response.json()) as SessionRead;
  setSession(session);
  return session;
}

function isSessionRead(value: unknown): value is SessionRead {
  return (
    typeof value === "object" &&
    value !== null &&
    "user" in value &&
    typeof (value as SessionRead).csrf_token === "string" &&
    typeof (value as SessionRead).anonymous_id === "string"
  );
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Send a JSON request; state-changing ones carry the CSRF token and are retried once,
 * with a fresh session, when the server answers 403 csrf_failed. Rejects with an ApiError.
 */
export async function apiRequest<T>(method: string, path: string, body?: unknown): Promise<T> {
  const unsafe = !SAFE_METHODS.has(method.toUpperCase());
  for (let attempt = 0; ; attempt++) {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (unsafe) headers["X-CSRF-Token"] = (await loadSession(attempt > 0)).csrf_token;
    const response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      const error = await readApiError(response);
      if (unsafe && attempt === 0 && response.status === 403 && error.types.includes("csrf_failed")) continue;
      throw error;
    }
    const text = response.status === 204 ? "" : await response.text();
    const data: unknown = text ? JSON.parse(text) : undefined;
    if (isSessionRead(data)) setSession(data);
    return data as T;
  }
}
