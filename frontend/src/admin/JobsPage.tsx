/** Admin: background jobs (rebuilds, parity checks, syncs), filtered, paged, refreshed while any runs. */

import { useState } from "react";
import { listJobs, type JobQuery } from "../api/admin";
import { JOB_KINDS, JOB_STATUSES, type Job, type JobPage, type JobStatus } from "../api/types";
import { Pagination } from "../search/Pagination";
import { Notices } from "../site/forms";
import { PageShell } from "../site/PageShell";
import { JobTable } from "./JobTable";
import { nextListPoll } from "./jobs";
import { usePolledAdminData } from "./usePolledAdminData";

const PAGE_SIZE = 25;

/** The first filters, from ?kind=…&status=… (unknown statuses are ignored). */
export function initialJobQuery(params: URLSearchParams): JobQuery {
  const status = params.get("status") ?? "";
  return {
    kind: (params.get("kind") ?? "").trim().slice(0, 40),
    status: (JOB_STATUSES as readonly string[]).includes(status) ? (status as JobStatus) : "",
    page: 1,
    size: PAGE_SIZE,
  };
}

export function JobsPage({ params = new URLSearchParams() }: { params?: URLSearchParams }) {
  const [query, setQuery] = useState<JobQuery>(() => initialJobQuery(params));
  const key = JSON.stringify(query);
  const { data, error, loading, update, reload } = usePolledAdminData(key, () => listJobs(query), "/admin/jobs", (page) =>
    nextListPoll(page?.jobs),
  );
  const replaceJob = (job: Job) => update((page: JobPage) => ({ ...page, jobs: page.jobs.map((j) => (j.id === job.id ? job : j)) }));
  const kinds = JOB_KINDS.includes(query.kind) || query.kind === "" ? JOB_KINDS : [...JOB_KINDS, query.kind];

  return (
    <PageShell title="Jobs" wide>
      <div className="filters">
        <div className="field">
          <label htmlFor="job-kind">Kind</label>
          <select id="job-kind" value={query.kind} onChange={(e) => setQuery({ ...query, kind: e.target.value, page: 1 })}>
            <option value="">Any kind</option>
            {kinds.map((kind) => (
              <option key={kind}>{kind}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="job-status">Status</label>
          <select
            id="job-status"
            value={query.status}
            onChange={(e) => setQuery({ ...query, status: e.target.value as JobStatus | "", page: 1 })}
          >
            <option value="">Any status</option>
            {JOB_STATUSES.map((status) => (
              <option key={status}>{status}</option>
            ))}
          </select>
        </div>
        <button type="button" className="button secondary" disabled={loading} onClick={reload}>
          Refresh
        </button>
      </div>
      <Notices error={error} message={null} />
      <section aria-live="polite" aria-busy={loading}>
        {data ? (
          <>
            <p className="muted">
              {data.total.toLocaleString("en")} {data.total === 1 ? "job" : "jobs"}
            </p>
            {data.jobs.length > 0 ? <JobTable jobs={data.jobs} onChange={replaceJob} /> : null}
            <Pagination page={data.page} size={data.size} total={data.total} onPage={(page) => setQuery({ ...query, page })} />
          </>
        ) : null}
      </section>
    </PageShell>
  );
}
