/** Typed calls of the analytics and experiments API. */

import type { Experiment, ExperimentCreate, QueryReport, Report, Results, SegmentReport } from "./analyticsTypes";
import { api, ok, queryString } from "./client";
import type { components } from "./schema";
import type { Job } from "./types";

/** The query string of a date range (and optional variant), leaving out what is empty. */
export function rangeQuery(fields: Record<string, string | undefined>): string {
  return queryString(fields);
}

export const getReport = (since: string, until: string, variant: string): Promise<Report> =>
  ok(api.GET("/api/analytics/report", { querySerializer: () => rangeQuery({ since, until, variant }) }));

export const getQueryReport = (q: string, since: string, until: string): Promise<QueryReport> =>
  ok(api.GET("/api/analytics/query", { params: { query: { q } }, querySerializer: () => rangeQuery({ q, since, until }) }));

export const getSegments = (): Promise<SegmentReport> => ok(api.GET("/api/analytics/segments"));

export const startRollup = (): Promise<components["schemas"]["RollupStarted"]> => ok(api.POST("/api/analytics/rollup"));

/** A roll-up job's progress (merchandisers may follow roll-ups, not every job). */
export const getRollup = (id: number): Promise<Job> =>
  ok(api.GET("/api/analytics/rollup/{job_id}", { params: { path: { job_id: id } } }));

export const listExperiments = (): Promise<components["schemas"]["ExperimentList"]> => ok(api.GET("/api/experiments"));

export const createExperiment = (body: ExperimentCreate): Promise<Experiment> => ok(api.POST("/api/experiments", { body }));

const experiment = (id: number) => ({ params: { path: { experiment_id: id } } });

export const getExperiment = (id: number): Promise<Experiment> => ok(api.GET("/api/experiments/{experiment_id}", experiment(id)));

export const deleteExperiment = (id: number): Promise<void> =>
  ok(api.DELETE("/api/experiments/{experiment_id}", experiment(id))).then(() => undefined);

/** Start or stop an experiment. */
export const changeExperiment = (id: number, action: "start" | "stop"): Promise<Experiment> =>
  action === "start"
    ? ok(api.POST("/api/experiments/{experiment_id}/start", experiment(id)))
    : ok(api.POST("/api/experiments/{experiment_id}/stop", experiment(id)));

export const getResults = (id: number): Promise<Results> =>
  ok(api.GET("/api/experiments/{experiment_id}/results", experiment(id)));

export const promoteArm = (id: number, arm: string): Promise<components["schemas"]["Promoted"]> =>
  ok(api.POST("/api/experiments/{experiment_id}/promote", { ...experiment(id), body: { arm } }));
