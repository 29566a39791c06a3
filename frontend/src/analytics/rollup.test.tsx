import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { preloadPages } from "../site/lazyPage";
import { App } from "../App";
import type { Job } from "../api/types";
import { freshnessText, nextReload, RELOAD_TODAY_MS, rollupNotice } from "./rollup";

const job = (change: Partial<Job> = {}): Job => ({
  id: 12,
  kind: "rollup",
  status: "succeeded",
  triggered_by: "user 3",
  params: {},
  phase: null,
  done: 0,
  total: 0,
  result: { days: 8, searches: 40 },
  error: null,
  cancel_requested: false,
  created_at: "2026-12-02T04:00:00Z",
  started_at: "2026-12-02T04:00:01Z",
  finished_at: "2026-12-02T04:00:03Z",
  heartbeat_at: null,
  ...change,
});

// Console and account pages load lazily: load them first so they render in one pass.
beforeAll(preloadPages);

describe("dashboard freshness", () => {
  it("says how the roll-up it asked for ended", () => {
    expect(rollupNotice(job())).toEqual({ error: null, message: "Figures refreshed (roll-up job 12)." });
    expect(rollupNotice(job({ status: "failed", error: "database gone" }))).toEqual({
      error: "The roll-up failed: database gone.",
      message: null,
    });
    expect(rollupNotice(job({ status: "cancelled" })).message).toBe("The roll-up was cancelled.");
  });

  it("reloads on its own only while the range reaches today", () => {
    const now = new Date("2026-12-02T04:10:00Z");
    expect(nextReload("2026-12-02", now)).toBe(RELOAD_TODAY_MS);
    expect(nextReload("2026-12-01", now)).toBeNull();
  });

  it("never reads as empty without saying why", () => {
    expect(freshnessText("2 Dec 2026, 04:05")).toBe("Figures as of 2 Dec 2026, 04:05; today's are rolled up every few minutes.");
    expect(freshnessText(null)).toContain("today's are rolled up every few minutes");
  });

  it("offers a manual refresh on the dashboard", () => {
    expect(renderToStaticMarkup(<App path="/analytics" search="" />)).toContain(">Refresh figures</button>");
  });
});
