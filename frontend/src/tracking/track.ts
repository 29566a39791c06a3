/** The page's tracker: events go to POST /api/events/batch with the session's CSRF token. */

import { ApiError, readApiError } from "../api/client";
import type { components } from "../api/schema";
import { currentSession, loadSession } from "../api/session";
import type { EventBody, TrackedEvent } from "./queue";
import { createTracker, randomId, type Tracker } from "./tracker";

const TAB_KEY = "aisle.tab-session";
const HANDOVER_KEY = "aisle.unsent-events";

let tracker: Tracker | null = null;

/** Report one event; it goes out with the next batch. Does nothing outside a browser. */
export function track(body: EventBody): void {
  if (typeof window === "undefined") return;
  try {
    (tracker ??= startTracker()).track(body);
  } catch {
    // tracking must never break the page
  }
}

/** Start the tracker now, sending what the previous page of this tab left unsent. */
export function startTracking(): void {
  if (typeof window !== "undefined") tracker ??= startTracker();
}

/** One random id per browser tab, kept for the tab's life in sessionStorage. */
export function tabSessionId(storage: Storage = window.sessionStorage): string {
  let id = storage.getItem(TAB_KEY);
  if (!id) {
    id = randomId();
    storage.setItem(TAB_KEY, id);
  }
  return id;
}

/**
 * Send a batch, with keepalive so it survives the page being unloaded. A plain fetch, not the
 * generated client: on pagehide the request must leave at once, with a body keepalive accepts.
 */
export async function sendBatch(events: TrackedEvent[], keepalive: boolean): Promise<void> {
  const body: components["schemas"]["BatchIn"] = { events };
  const session = currentSession() ?? (await loadSession());
  const response = await fetch("/api/events/batch", {
    method: "POST",
    credentials: "same-origin",
    keepalive,
    headers: { Accept: "application/json", "Content-Type": "application/json", "X-CSRF-Token": session.csrf_token },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    const error: ApiError = await readApiError(response, "events were not accepted");
    // A stale token: fetch a fresh session so the retry carries the right one.
    if (error.types.includes("csrf_failed")) void loadSession(true).catch(() => undefined);
    throw error;
  }
}

function startTracker(): Tracker {
  let sessionId = "";
  try {
    sessionId = tabSessionId();
  } catch {
    sessionId = randomId(); // storage blocked: one id for this page at least
  }
  const created = createTracker(sendBatch, { sessionId: () => sessionId });
  created.restore(takeHandover());
  const leave = () => {
    // Without a CSRF token there is no time to fetch one: leave the events for the next page of this tab.
    if (currentSession()) void created.flush(true);
    else saveHandover(created.drain());
  };
  window.addEventListener("pagehide", leave);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") leave();
  });
  return created;
}

function takeHandover(): TrackedEvent[] {
  try {
    const saved = window.sessionStorage.getItem(HANDOVER_KEY);
    window.sessionStorage.removeItem(HANDOVER_KEY);
    const events: unknown = saved ? JSON.parse(saved) : [];
    return Array.isArray(events) ? (events as TrackedEvent[]) : [];
  } catch {
    return [];
  }
}

function saveHandover(events: TrackedEvent[]): void {
  if (events.length === 0) return;
  try {
    const earlier = JSON.parse(window.sessionStorage.getItem(HANDOVER_KEY) ?? "[]") as TrackedEvent[];
    window.sessionStorage.setItem(HANDOVER_KEY, JSON.stringify([...earlier, ...events].slice(-500)));
  } catch {
    // storage full or blocked: these events are lost
  }
}
