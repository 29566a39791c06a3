/** Typed calls of the admin index, jobs, health and ranking model API. */

import { queryString } from "./account";
import { apiRequest } from "./session";
import type { IndexStatus, Job, JobPage, JobStatus, RankingModelRead, RollbackRead, SystemHealth } from "./types";

export interface JobQuery {
  kind: string;
  status: JobStatus | "";
  page: number;
  size: number;
}

export const getIndexStatus = () => apiRequest<IndexStatus>("GET", "/api/admin/index");

/** Queue a full rebuild; rejects with a 409 ApiError naming the job when one is already queued or running. */
export const startRebuild = () => apiRequest<Job>("POST", "/api/admin/index/rebuild");

/** Point the alias at `to`, or at the previous version when left out. */
export const rollbackIndex = (to?: string) =>
  apiRequest<RollbackRead>("POST", "/api/admin/index/rollback", to === undefined ? {} : { to });

export const startVerify = () => apiRequest<Job>("POST", "/api/admin/index/verify");

export const startSync = () => apiRequest<Job>("POST", "/api/admin/index/sync");

export const listJobs = (query: JobQuery) => apiRequest<JobPage>("GET", `/api/admin/jobs?${queryString({ ...query })}`);

export const getJob = (id: number) => apiRequest<Job>("GET", `/api/admin/jobs/${id}`);

export const cancelJob = (id: number) => apiRequest<Job>("POST", `/api/admin/jobs/${id}/cancel`);

export const getHealth = () => apiRequest<SystemHealth>("GET", "/api/admin/health");

/** The ranking models, newest first. */
export const listModels = () => apiRequest<RankingModelRead[]>("GET", "/api/admin/models");

/** Make a model active; rejects with a 409 ApiError when it does not beat the active one (unless `force`). */
export const promoteModel = (id: number, force = false, note: string | null = null) =>
  apiRequest<RankingModelRead>("POST", `/api/admin/models/${id}/promote`, { force, note });

/** Make the previously active model active again; answers with it (409 when there is none). */
export const rollbackModel = () => apiRequest<RankingModelRead>("POST", "/api/admin/models/rollback", {});

/** Queue a training job; the new model is listed once it finishes. */
export const startTraining = () => apiRequest<Job>("POST", "/api/admin/models/train", {});
