/** Typed calls of the analytics and experiments API. */

import type { Experiment, ExperimentCreate, QueryReport, Report, Results, SegmentReport } from "./analyticsTypes";
import { apiRequest } from "./session";
import type { Job } from "./types";

/** The query string of a date range (and optional variant), leaving out what is empty. */
export function rangeQuery(fields: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) if (value) params.set(key, value);
  return params.toString();
}

export const getReport = (since: string, until: string, variant: string) =>
  apiRequest<Report>("GET", `/api/analytics/report?${rangeQuery({ since, until, variant })}`);

export const getQueryReport = (q: string, since: string, until: string) =>
  apiRequest<QueryReport>("GET", `/api/analytics/query?${rangeQuery({ q, since, until })}`);

export const getSegments = () => apiRequest<SegmentReport>("GET", "/api/analytics/segments");

export const startRollup = () => apiRequest<{ job_id: number; message: string }>("POST", "/api/analytics/rollup");

/** A roll-up job's progress (merchandisers may follow roll-ups, not every job). */
export const getRollup = (id: number) => apiRequest<Job>("GET", `/api/analytics/rollup/${id}`);

export const listExperiments = () => apiRequest<{ experiments: Experiment[] }>("GET", "/api/experiments");

export const createExperiment = (body: ExperimentCreate) => apiRequest<Experiment>("POST", "/api/experiments", body);

export const getExperiment = (id: number) => apiRequest<Experiment>("GET", `/api/experiments/${id}`);

export const deleteExperiment = (id: number) => apiRequest<void>("DELETE", `/api/experiments/${id}`);

/** Start or stop an experiment. */
export const changeExperiment = (id: number, action: "start" | "stop") =>
  apiRequest<Experiment>("POST", `/api/experiments/${id}/${action}`);

export const getResults = (id: number) => apiRequest<Results>("GET", `/api/experiments/${id}/results`);

export const promoteArm = (id: number, arm: string) =>
  apiRequest<{ experiment: Experiment; message: string }>("POST", `/api/experiments/${id}/promote`, { arm });
