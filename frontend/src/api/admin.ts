/** Typed calls of the admin index, jobs, health and ranking model API. */

import { api, ok, queryString } from "./client";
import type { IndexStatus, Job, JobPage, JobStatus, RankingModelRead, RollbackRead, SystemHealth } from "./types";

export interface JobQuery {
  kind: string;
  status: JobStatus | "";
  page: number;
  size: number;
}

export const getIndexStatus = (): Promise<IndexStatus> => ok(api.GET("/api/admin/index"));

/** Queue a full rebuild; rejects with a 409 ApiError naming the job when one is already queued or running. */
export const startRebuild = (): Promise<Job> => ok(api.POST("/api/admin/index/rebuild"));

/** Point the alias at `to`, or at the previous version when left out. */
export const rollbackIndex = (to?: string): Promise<RollbackRead> =>
  ok(api.POST("/api/admin/index/rollback", { body: to === undefined ? {} : { to } }));

export const startVerify = (): Promise<Job> => ok(api.POST("/api/admin/index/verify"));

export const startSync = (): Promise<Job> => ok(api.POST("/api/admin/index/sync"));

export const listJobs = (query: JobQuery): Promise<JobPage> =>
  ok(api.GET("/api/admin/jobs", { querySerializer: () => queryString({ ...query }) }));

export const getJob = (id: number): Promise<Job> => ok(api.GET("/api/admin/jobs/{job_id}", { params: { path: { job_id: id } } }));

export const cancelJob = (id: number): Promise<Job> =>
  ok(api.POST("/api/admin/jobs/{job_id}/cancel", { params: { path: { job_id: id } } }));

export const getHealth = (): Promise<SystemHealth> => ok(api.GET("/api/admin/health"));

/** The ranking models, newest first. */
export const listModels = (): Promise<RankingModelRead[]> => ok(api.GET("/api/admin/models"));

/** Make a model active; rejects with a 409 ApiError when it does not beat the active one (unless `force`). */
export const promoteModel = (id: number, force = false, note: string | null = null): Promise<RankingModelRead> =>
  ok(api.POST("/api/admin/models/{model_id}/promote", { params: { path: { model_id: id } }, body: { force, note } }));

/** Make the previously active model active again; answers with it (409 when there is none). */
export const rollbackModel = (): Promise<RankingModelRead> => ok(api.POST("/api/admin/models/rollback", { body: {} }));

/** Queue a training job; the new model is listed once it finishes. */
export const startTraining = (): Promise<Job> => ok(api.POST("/api/admin/models/train", { body: {} }));
