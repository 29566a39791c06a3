/** Pure helpers of the index and jobs pages: how a job, an age or a service state reads, and when to poll. */

import type { Job } from "../api/types";

/** How often the pages ask again, in milliseconds. */
export const POLL_JOB_MS = 1000;
export const POLL_JOBS_MS = 3000;
export const POLL_HEALTH_MS = 5000;

/** True while a job is queued or running. */
export function isActive(job: Pick<Job, "status">): boolean {
  return job.status === "queued" || job.status === "running";
}

/** When to fetch one job again: soon while it is active, never once it has ended. */
export function nextJobPoll(job: Job | null, every = POLL_JOB_MS): number | null {
  return job !== null && isActive(job) ? every : null;
}

/** When to refresh a list of jobs: while any of them is active, else not at all. */
export function nextListPoll(jobs: readonly Job[] | null | undefined, every = POLL_JOBS_MS): number | null {
  return jobs?.some(isActive) ? every : null;
}

/** True when `after` is the same job as `before` and has just ended. */
export function justEnded(before: Job | null, after: Job): boolean {
  return before !== null && before.id === after.id && isActive(before) && !isActive(after);
}

/** "loading: 500 / 1000"; the status stands in for a phase not yet reported. */
export function jobProgressText(job: Job): string {
  return `${job.phase ?? job.status}: ${job.done} / ${job.total}`;
}

/** "succeeded", "failed: <error>", "cancelled", "running (cancel requested)". */
export function jobStatusText(job: Job): string {
  if (job.status === "failed") return job.error ? `failed: ${job.error}` : "failed";
  if (isActive(job) && job.cancel_requested) return `${job.status} (cancel requested)`;
  return job.status;
}

/** "45s", "3m 05s", "2h 07m"; "—" for a missing or negative span. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return "—";
  const s = Math.floor(seconds);
  if (s < 60) return `${s}s`;
  const pad = (n: number) => String(n).padStart(2, "0");
  if (s < 3600) return `${Math.floor(s / 60)}m ${pad(s % 60)}s`;
  return `${Math.floor(s / 3600)}h ${pad(Math.floor((s % 3600) / 60))}m`;
}

/** From start to finish, or to `now` while it runs; "—" before it starts. */
export function jobDuration(job: Job, now: number = Date.now()): string {
  if (!job.started_at) return "—";
  const start = Date.parse(job.started_at);
  const end = job.finished_at ? Date.parse(job.finished_at) : now;
  if (Number.isNaN(start) || Number.isNaN(end)) return "—";
  return formatSeconds((end - start) / 1000);
}

const count = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);
const listed = (value: unknown): number => (Array.isArray(value) ? value.length : 0);
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

/** One line about a job's result: documents of a rebuild, "in sync"/"drift" of a check, changes of a sync. */
export function jobResultSummary(job: Job): string {
  const result = job.result;
  if (!result) return "";
  if (job.kind === "rebuild") {
    const documents = count(result.documents);
    const index = typeof result.index === "string" ? ` into ${result.index}` : "";
    return documents === null ? "" : `${plural(documents, "document")}${index}`;
  }
  if (job.kind === "verify") {
    if (result.in_sync === true) return `in sync (${plural(count(result.postgres_count) ?? 0, "product")})`;
    const parts = [
      `Postgres ${count(result.postgres_count) ?? "?"} vs index ${count(result.es_count) ?? "?"}`,
      `${listed(result.missing_in_es)} missing`,
      `${listed(result.extra_in_es)} extra`,
      `${listed(result.stale)} stale`,
      `${listed(result.mismatched)} mismatched`,
    ];
    return `drift: ${parts.join(", ")}`;
  }
  if (job.kind === "sync") {
    const applied = count(result.applied) ?? 0;
    const failed = count(result.failed) ?? 0;
    return `${plural(applied, "change")} applied${failed ? `, ${failed} failed` : ""}`;
  }
  return otherResultSummary(job.kind, result);
}

/** The sentence for the kinds the index page does not start: training, roll-ups, segments, the rest. */
function otherResultSummary(kind: string, result: Record<string, unknown>): string {
  if (kind === "train" && count(result.model_id) !== null) {
    const verdict = result.promoted === true ? "promoted to active" : "kept inactive (it did not beat the active model)";
    return `Model ${result.model_id} trained on ${plural(count(result.queries) ?? 0, "query", "queries")}, ${verdict}`;
  }
  if (kind === "rollup" && count(result.days) !== null) {
    const from = typeof result.from === "string" ? ` from ${result.from}` : "";
    return `${plural(count(result.days) ?? 0, "day")} rolled up${from}: ${plural(count(result.searches) ?? 0, "search", "searches")}`;
  }
  if (kind === "segments" && count(result.owners) !== null) {
    const skipped = typeof result.skipped === "string" ? ` (skipped: ${result.skipped})` : "";
    return `${plural(count(result.clusters) ?? 0, "segment")} over ${plural(count(result.owners) ?? 0, "shopper")}${skipped}`;
  }
  return scalarSummary(result);
}

/** "Products 120, stale 0": the result's plain numbers and words, for kinds without their own sentence. */
export function scalarSummary(result: Record<string, unknown>): string {
  const parts = Object.entries(result)
    .filter(([, value]) => ["number", "string", "boolean"].includes(typeof value))
    .slice(0, 6)
    .map(([key, value]) => `${key.replace(/_/g, " ")} ${typeof value === "boolean" ? (value ? "yes" : "no") : String(value)}`);
  const text = parts.join(", ");
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : "Finished (details below)";
}

/** A service state is healthy only when it reads exactly "ok". */
export function serviceOk(state: string): boolean {
  return state.trim().toLowerCase() === "ok";
}

/** The job a 409 message names ("… running: job 12 (running, …)"), or null. */
export function jobIdIn(message: string): number | null {
  const match = /\bjob (\d+)\b/i.exec(message);
  return match ? Number(match[1]) : null;
}
