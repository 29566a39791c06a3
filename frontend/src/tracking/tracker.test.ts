import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EventQueue, MAX_BATCH, MAX_ROWS, resultPosition, type TrackedEvent } from "./queue";
import { createTracker, KEEPALIVE_BATCH, randomId } from "./tracker";

const event = (n: number): TrackedEvent => ({
  type: "product_view",
  product_id: n,
  client_event_id: `id-${n}`,
  timestamp: "2025-01-01T00:00:00.000Z",
  session_id: "tab",
});

describe("EventQueue", () => {
  it("hands out the oldest events in batches of at most 500", () => {
    const queue = new EventQueue();
    for (let n = 0; n < MAX_BATCH + 20; n++) queue.push(event(n));
    const first = queue.take();
    expect(first).toHaveLength(MAX_BATCH);
    expect(first[0]?.event.client_event_id).toBe("id-0");
    expect(queue.take().map((e) => e.event.client_event_id)).toEqual(Array.from({ length: 20 }, (_, i) => `id-${MAX_BATCH + i}`));
    expect(queue.size).toBe(0);
  });

  it("cuts a batch before it carries more product rows than the API takes", () => {
    const queue = new EventQueue();
    const items = Array.from({ length: 100 }, (_, i) => ({ product_id: i + 1, position: i + 1 }));
    for (let n = 0; n < 12; n++) {
      queue.push({ type: "impression", query_id: "q", items, client_event_id: `imp-${n}`, timestamp: "2025-01-01T00:00:00.000Z", session_id: "tab" });
    }
    expect(queue.take()).toHaveLength(MAX_ROWS / 100);
    expect(queue.take()).toHaveLength(2);
  });

  it("puts a failed batch back in front once, then drops it", () => {
    const queue = new EventQueue();
    queue.push(event(1));
    queue.push(event(2));
    const batch = queue.take(1);
    queue.push(event(3));
    expect(queue.failed(batch)).toBe(0);
    const retry = queue.take(1);
    expect(retry.map((e) => e.event.client_event_id)).toEqual(["id-1"]);
    expect(queue.failed(retry)).toBe(1);
    expect(queue.take().map((e) => e.event.client_event_id)).toEqual(["id-2", "id-3"]);
  });

  it("counts result positions over all pages, from 1", () => {
    expect(resultPosition(1, 24, 0)).toBe(1);
    expect(resultPosition(2, 24, 2)).toBe(27);
  });
});

describe("createTracker", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const setup = (answers: boolean[] = []) => {
    const sent: { ids: string[]; keepalive: boolean }[] = [];
    let n = 0;
    const send = vi.fn((events: TrackedEvent[], keepalive: boolean) => {
      sent.push({ ids: events.map((e) => e.client_event_id), keepalive });
      return answers.shift() === false ? Promise.reject(new Error("offline")) : Promise.resolve();
    });
    const tracker = createTracker(send, {
      newId: () => `e${++n}`,
      now: () => new Date("2025-05-01T10:00:00Z"),
      sessionId: () => "tab-1",
    });
    return { sent, tracker, send };
  };

  it("sends the events of two seconds as one batch", async () => {
    const { sent, tracker } = setup();
    const made = tracker.track({ type: "click", query_id: "q1", product_id: 7, position: 3 });
    expect(made).toEqual({
      type: "click",
      query_id: "q1",
      product_id: 7,
      position: 3,
      client_event_id: "e1",
      timestamp: "2025-05-01T10:00:00.000Z",
      session_id: "tab-1",
    });
    await vi.advanceTimersByTimeAsync(1000);
    tracker.track({ type: "product_view", product_id: 7, query_id: "q1" });
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual([{ ids: ["e1", "e2"], keepalive: false }]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent).toHaveLength(1); // nothing queued, nothing sent
  });

  it("retries a failed batch once with the same ids, then gives up", async () => {
    const { sent, tracker } = setup([false, false]);
    tracker.track({ type: "product_view", product_id: 1 });
    await vi.advanceTimersByTimeAsync(2000);
    tracker.track({ type: "product_view", product_id: 2 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent.map((s) => s.ids)).toEqual([["e1"], ["e1", "e2"]]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent.map((s) => s.ids)).toEqual([["e1"], ["e1", "e2"], ["e2"]]);
    expect(tracker.pending).toBe(0);
  });

  it("flushes at once with keepalive, in small batches, when the page goes away", async () => {
    const { sent, tracker } = setup();
    for (let i = 0; i < KEEPALIVE_BATCH + 1; i++) tracker.track({ type: "product_view", product_id: i });
    await tracker.flush(true);
    expect(sent.map((s) => [s.ids.length, s.keepalive])).toEqual([
      [KEEPALIVE_BATCH, true],
      [1, true],
    ]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent).toHaveLength(2);
  });

  it("keeps the ids of restored events and can hand its queue over", async () => {
    const { sent, tracker } = setup();
    tracker.restore([event(5)]);
    tracker.track({ type: "add_to_cart", product_id: 5, quantity: 2 });
    expect(tracker.drain().map((e) => e.client_event_id)).toEqual(["id-5", "e1"]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent).toEqual([]);
  });
});

describe("randomId", () => {
  it("makes distinct UUID-shaped ids", () => {
    const a = randomId();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(randomId()).not.toBe(a);
  });
});
