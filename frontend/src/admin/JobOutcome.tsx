/** A job's outcome: one readable sentence (or its error), with the raw result behind a details toggle. */

import type { Job } from "../api/types";
import "../site/console.css";
import { jobResultSummary } from "./jobs";

export function JobOutcome({ job }: { job: Job }) {
  const summary = job.status === "failed" ? null : jobResultSummary(job);
  return (
    <div className="job-outcome">
      {job.status === "failed" ? <span className="job-error">{job.error ?? "failed"}</span> : null}
      {summary ? <span className="job-summary">{summary}</span> : null}
      {job.result ? (
        <details className="job-raw">
          <summary>Raw result</summary>
          <pre>{JSON.stringify(job.result, null, 2)}</pre>
        </details>
      ) : null}
    </div>
  );
}
