/** Pure helpers of the dashboard's freshness: what a finished roll-up says, when to reload on its own. */

import type { Job } from "../api/types";
import { isoDay } from "./format";

/** How often an open dashboard whose range includes today reloads (the worker rolls today up every few minutes). */
export const RELOAD_TODAY_MS = 60_000;

/** What the page says once the roll-up it asked for has ended. */
export function rollupNotice(job: Job): { error: string | null; message: string | null } {
  if (job.status === "succeeded") return { error: null, message: `Figures refreshed (roll-up job ${job.id}).` };
  if (job.status === "failed") return { error: `The roll-up failed: ${job.error ?? "no reason given"}.`, message: null };
  return { error: null, message: `The roll-up was ${job.status}.` };
}

/** When to reload the report on its own: every minute while the range reaches today, else never. */
export function nextReload(until: string, now = new Date(), every = RELOAD_TODAY_MS): number | null {
  return until >= isoDay(now) ? every : null;
}

/** The line above the figures: how fresh they are (the formatted roll-up time, if any), and what keeps them fresh. */
export function freshnessText(rolledUpAt: string | null): string {
  return rolledUpAt
    ? `Figures as of ${rolledUpAt}; today's are rolled up every few minutes.`
    : "No figures rolled up yet: today's are rolled up every few minutes, or press Refresh figures.";
}
