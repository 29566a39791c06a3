/** The jobs table: one row a job, with a "Cancel" button while it is queued or running. */

import { useState } from "react";
import { cancelJob } from "../api/admin";
import { errorText } from "../api/client";
import type { Job } from "../api/types";
import { formatDate } from "../site/format";
import { JobOutcome } from "./JobOutcome";
import { isActive, jobDuration, jobProgressText } from "./jobs";

export function JobTable({ jobs, onChange }: { jobs: Job[]; onChange: (job: Job) => void }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">ID</th>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col">Progress</th>
            <th scope="col">Triggered by</th>
            <th scope="col">Created</th>
            <th scope="col">Duration</th>
            <th scope="col">Outcome</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <JobRow key={job.id} job={job} onChange={onChange} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function JobRow({ job, onChange }: { job: Job; onChange: (job: Job) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cancel = async () => {
    setBusy(true);
    setError(null);
    try {
      onChange(await cancelJob(job.id));
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };
  const hasProgress = job.phase !== null || job.total > 0;
  return (
    <tr>
      <td>{job.id}</td>
      <td>{job.kind}</td>
      <td>
        <span className={`badge ${job.status}`}>{job.status}</span>
        {job.cancel_requested && isActive(job) ? <span className="muted small-note">cancel requested</span> : null}
      </td>
      <td>{hasProgress ? jobProgressText(job) : "—"}</td>
      <td>{job.triggered_by}</td>
      <td>{formatDate(job.created_at)}</td>
      <td>{jobDuration(job)}</td>
      <td className="outcome">
        <JobOutcome job={job} />
        {error ? (
          <span className="inline-error" role="alert">
            {error}
          </span>
        ) : null}
      </td>
      <td>
        {isActive(job) ? (
          <button type="button" className="button secondary small" disabled={busy || job.cancel_requested} onClick={() => void cancel()}>
            Cancel
          </button>
        ) : null}
      </td>
    </tr>
  );
}
