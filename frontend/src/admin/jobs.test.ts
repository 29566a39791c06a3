import { describe, expect, it } from "vitest";
import type { Job } from "../api/types";
import {
  formatSeconds,
  isActive,
  jobDuration,
  jobIdIn,
  jobProgressText,
  jobResultSummary,
  jobStatusText,
  justEnded,
  nextJobPoll,
  nextListPoll,
  serviceOk,
} from "./jobs";

const job = (change: Partial<Job> = {}): Job => ({
  id: 7,
  kind: "rebuild",
  status: "running",
  triggered_by: "user:1",
  params: {},
  phase: "loading",
  done: 500,
  total: 1000,
  result: null,
  error: null,
  cancel_requested: false,
  created_at: "2025-03-12T14:00:00Z",
  started_at: "2025-03-12T14:00:02Z",
  finished_at: null,
  heartbeat_at: null,
  ...change,
});

describe("jobProgressText", () => {
  it("reads phase: done / total", () => {
    expect(jobProgressText(job())).toBe("loading: 500 / 1000");
    expect(jobProgressText(job({ phase: "swapping", done: 1000 }))).toBe("swapping: 1000 / 1000");
  });

  it("uses the status before a phase is reported", () => {
    expect(jobProgressText(job({ status: "queued", phase: null, done: 0, total: 0 }))).toBe("queued: 0 / 0");
  });
});

describe("jobStatusText", () => {
  it("names how a job ended, with the error of a failure", () => {
    expect(jobStatusText(job({ status: "succeeded" }))).toBe("succeeded");
    expect(jobStatusText(job({ status: "cancelled", cancel_requested: true }))).toBe("cancelled");
    expect(jobStatusText(job({ status: "failed", error: "index short of documents" }))).toBe("failed: index short of documents");
    expect(jobStatusText(job({ status: "failed" }))).toBe("failed");
  });

  it("says when a cancel is pending", () => {
    expect(jobStatusText(job({ cancel_requested: true }))).toBe("running (cancel requested)");
  });
});

describe("durations", () => {
  it("formats seconds, minutes and hours", () => {
    expect(formatSeconds(0)).toBe("0s");
    expect(formatSeconds(45.7)).toBe("45s");
    expect(formatSeconds(185)).toBe("3m 05s");
    expect(formatSeconds(7620)).toBe("2h 07m");
    expect(formatSeconds(null)).toBe("—");
    expect(formatSeconds(-1)).toBe("—");
  });

  it("measures a job from start to finish, or to now while it runs", () => {
    expect(jobDuration(job({ finished_at: "2025-03-12T14:01:07Z" }))).toBe("1m 05s");
    expect(jobDuration(job(), Date.parse("2025-03-12T14:00:12Z"))).toBe("10s");
    expect(jobDuration(job({ status: "queued", started_at: null }))).toBe("—");
  });
});

describe("polling", () => {
  it("follows one job only while it is queued or running", () => {
    expect(nextJobPoll(job())).toBe(1000);
    expect(nextJobPoll(job({ status: "queued" }), 250)).toBe(250);
    for (const status of ["succeeded", "failed", "cancelled"] as const) expect(nextJobPoll(job({ status }))).toBeNull();
    expect(nextJobPoll(null)).toBeNull();
  });

  it("refreshes a list while any listed job is active", () => {
    expect(nextListPoll([job({ status: "succeeded" }), job({ id: 8, status: "queued" })])).toBe(3000);
    expect(nextListPoll([job({ status: "succeeded" }), job({ id: 8, status: "failed" })])).toBeNull();
    expect(nextListPoll([])).toBeNull();
    expect(nextListPoll(null)).toBeNull();
  });

  it("notices the moment a followed job ends", () => {
    expect(justEnded(job(), job({ status: "succeeded" }))).toBe(true);
    expect(justEnded(job(), job())).toBe(false);
    expect(justEnded(null, job({ status: "succeeded" }))).toBe(false);
    expect(justEnded(job({ status: "failed" }), job({ status: "failed" }))).toBe(false);
    expect(justEnded(job(), job({ id: 8, status: "succeeded" }))).toBe(false);
    expect(isActive(job({ status: "queued" }))).toBe(true);
  });
});

describe("jobResultSummary", () => {
  it("counts a rebuild's documents", () => {
    const done = job({ status: "succeeded", result: { index: "products_v3", documents: 12000 } });
    expect(jobResultSummary(done)).toBe("12,000 documents into products_v3");
  });

  it("says whether a parity check found drift", () => {
    const verify = (result: Record<string, unknown>) => jobResultSummary(job({ kind: "verify", status: "succeeded", result }));
    expect(verify({ in_sync: true, postgres_count: 40, es_count: 40 })).toBe("in sync (40 products)");
    expect(verify({ in_sync: false, postgres_count: 40, es_count: 39, missing_in_es: [3], extra_in_es: [], stale: [5, 6], mismatched: [] })).toBe(
      "drift: Postgres 40 vs index 39, 1 missing, 0 extra, 2 stale, 0 mismatched",
    );
  });

  it("counts a sync's changes, and is empty without a result", () => {
    expect(jobResultSummary(job({ kind: "sync", result: { claimed: 3, applied: 2, failed: 1 } }))).toBe("2 changes applied, 1 failed");
    expect(jobResultSummary(job({ kind: "sync", result: { claimed: 1, applied: 1, failed: 0 } }))).toBe("1 change applied");
    expect(jobResultSummary(job())).toBe("");
  });
});

describe("small readers", () => {
  it("finds the job a 409 names", () => {
    expect(jobIdIn("a rebuild is already running: job 12 (running, started by user:1)")).toBe(12);
    expect(jobIdIn("no such thing")).toBeNull();
  });

  it("treats only ok as a healthy service", () => {
    expect(serviceOk("ok")).toBe(true);
    expect(serviceOk("unavailable: connection refused")).toBe(false);
  });
});
