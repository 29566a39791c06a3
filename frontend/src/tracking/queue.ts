/** The pure part of the event tracker: what is waiting, what goes in the next batch, what gets retried. */

/** What a page reports; the tracker adds the id, time and tab session. */
export type EventBody =
  | { type: "impression"; query_id: string; items: { product_id: number; position: number }[] }
  | { type: "click"; query_id: string; product_id: number; position: number }
  | { type: "product_view"; product_id: number; query_id?: string }
  | { type: "add_to_cart"; product_id: number; quantity: number; query_id?: string };

export type TrackedEvent = EventBody & { client_event_id: string; timestamp: string; session_id: string };

/** The API takes at most this many events in one batch ... */
export const MAX_BATCH = 500;
/** ... and this many product rows (an impression of N products is N rows); above either it answers 413. */
export const MAX_ROWS = 1000;

/** How many product rows an event is to the API. */
export const rowsOf = (event: TrackedEvent): number => (event.type === "impression" ? event.items.length : 1);
/** A batch is sent at most this often: once, then one retry. */
export const MAX_ATTEMPTS = 2;

export interface QueuedEvent {
  event: TrackedEvent;
  /** How many sends of this event have failed so far. */
  failures: number;
}

/** Events waiting to be sent, oldest first; a batch taken out comes back (once) if its send fails. */
export class EventQueue {
  private entries: QueuedEvent[] = [];

  get size(): number {
    return this.entries.length;
  }

  push(event: TrackedEvent): void {
    this.entries.push({ event, failures: 0 });
  }

  /** Take up to `max` of the oldest events (and at most MAX_ROWS product rows) out of the queue as one batch. */
  take(max = MAX_BATCH): QueuedEvent[] {
    let count = 0;
    let rows = 0;
    for (const entry of this.entries) {
      if (count >= Math.max(1, max)) break;
      rows += rowsOf(entry.event);
      if (count > 0 && rows > MAX_ROWS) break;
      count++;
    }
    return this.entries.splice(0, Math.max(1, count));
  }

  /** Put a failed batch back in front, unchanged (same ids), unless it has used its retry; returns how many were dropped. */
  failed(batch: QueuedEvent[]): number {
    const again = batch.map((entry) => ({ ...entry, failures: entry.failures + 1 })).filter((entry) => entry.failures < MAX_ATTEMPTS);
    this.entries.unshift(...again);
    return batch.length - again.length;
  }
}

/** The events of a batch, as the API takes them. */
export const eventsOf = (batch: QueuedEvent[]): TrackedEvent[] => batch.map((entry) => entry.event);

/** 1-based position of a result over all pages: the third hit of page 2 of 24 is 27. */
export const resultPosition = (page: number, size: number, index: number): number => (page - 1) * size + index + 1;
