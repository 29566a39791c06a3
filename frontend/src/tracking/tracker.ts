/** Queue events and send them as one batch every few seconds, or at once (keepalive) when the page goes away. */

import { EventQueue, eventsOf, MAX_BATCH, type EventBody, type TrackedEvent } from "./queue";

/** Send one batch; `keepalive` when the page may be unloading. Rejects when the batch was not accepted. */
export type SendBatch = (events: TrackedEvent[], keepalive: boolean) => Promise<void>;

export interface TrackerOptions {
  /** Milliseconds between a first queued event and the flush that sends it. */
  interval?: number;
  newId?: () => string;
  now?: () => Date;
  sessionId?: () => string;
}

/** A keepalive request body must stay under 64 KB, so unload flushes go in smaller batches. */
export const KEEPALIVE_BATCH = 50;

export interface Tracker {
  track(body: EventBody): TrackedEvent;
  /** Put back events that were already built (same ids), e.g. saved by a previous page. */
  restore(events: TrackedEvent[]): void;
  /** Send everything queued now; resolves when every batch has been answered. */
  flush(keepalive?: boolean): Promise<void>;
  /** Take every queued event out without sending it (to hand over to the next page). */
  drain(): TrackedEvent[];
  readonly pending: number;
}

export function createTracker(send: SendBatch, options: TrackerOptions = {}): Tracker {
  const { interval = 2000, newId = randomId, now = () => new Date(), sessionId = () => "" } = options;
  const queue = new EventQueue();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const schedule = () => {
    if (timer === null && queue.size > 0) timer = setTimeout(() => void flush(false), interval);
  };

  async function flush(keepalive = false): Promise<void> {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const batches = [];
    while (queue.size > 0) batches.push(queue.take(keepalive ? KEEPALIVE_BATCH : MAX_BATCH));
    await Promise.all(
      batches.map((batch) =>
        send(eventsOf(batch), keepalive).catch(() => {
          queue.failed(batch);
        }),
      ),
    );
    schedule(); // a failed batch is retried once, at the next tick
  }

  return {
    track(body) {
      const event = { ...body, client_event_id: newId(), timestamp: now().toISOString(), session_id: sessionId() };
      queue.push(event);
      schedule();
      return event;
    },
    restore(events) {
      for (const event of events) queue.push(event);
      schedule();
    },
    flush,
    drain() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      return eventsOf(queue.take(queue.size));
    },
    get pending() {
      return queue.size;
    },
  };
}

/** A random UUID; crypto.randomUUID exists only on https and localhost, so build one otherwise. */
export function randomId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
