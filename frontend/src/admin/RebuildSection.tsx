/** Rebuild the index: start (or find) a rebuild job, show its live progress, cancel it. */

import { useEffect } from "react";
import { cancelJob, getJob, listJobs, startRebuild } from "../api/admin";
import { ApiError } from "../api/client";
import type { Job } from "../api/types";
import { Notices, useAction } from "../site/forms";
import { JobOutcome } from "./JobOutcome";
import { isActive, jobIdIn, jobProgressText, jobStatusText, POLL_HEALTH_MS } from "./jobs";
import { useWatchedJob } from "./useWatchedJob";

export function RebuildSection({ onEnded, onActive }: { onEnded: () => void; onActive?: (active: boolean) => void }) {
  const { job, error, show } = useWatchedJob(onEnded, "/admin/indexes");
  const start = useAction();
  const running = job !== null && isActive(job);
  useEffect(() => onActive?.(running), [onActive, running]);

  // A rebuild already queued or running (the newest rebuild job) is shown as if just started here:
  // looked for at once and then every few seconds, so one started elsewhere (CLI, another admin)
  // disables the button too. Once one is followed, useWatchedJob polls it instead.
  useEffect(() => {
    if (running) return;
    let live = true;
    const look = () =>
      listJobs({ kind: "rebuild", status: "", page: 1, size: 1 })
        .then((page) => {
          const newest = page.jobs[0];
          if (live && newest && isActive(newest)) show(newest);
        })
        .catch(() => undefined); // the page's own requests report access and connection problems
    void look();
    const timer = setInterval(() => void look(), POLL_HEALTH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [show, running]);

  const rebuild = () =>
    void start.run(async () => {
      try {
        show(await startRebuild());
      } catch (caught) {
        // 409 names the rebuild in the way: follow that one while showing why.
        const other = caught instanceof ApiError && caught.status === 409 ? jobIdIn(caught.message) : null;
        if (other !== null && other !== job?.id) void getJob(other).then(show, () => undefined);
        throw caught;
      }
    });

  return (
    <section className="section" aria-labelledby="rebuild-heading">
      <h2 id="rebuild-heading">Rebuild</h2>
      <p className="muted">Build a new index version from Postgres; the alias moves to it once it is complete.</p>
      <Notices error={start.error ?? error} message={null} />
      <button type="button" className="button" disabled={start.busy || running} aria-describedby="rebuild-state" onClick={rebuild}>
        {running ? (job.status === "queued" ? "Rebuild queued…" : "Rebuilding…") : "Rebuild index"}
      </button>
      <span id="rebuild-state" className="muted small-note" data-testid="rebuild-button-state">
        {running ? `Job ${job.id} is ${job.status}; the button comes back when it ends.` : start.busy ? "Starting…" : ""}
      </span>
      {job ? <RebuildJob job={job} onChange={show} /> : null}
    </section>
  );
}

function RebuildJob({ job, onChange }: { job: Job; onChange: (job: Job) => void }) {
  const cancel = useAction();
  const active = isActive(job);

  return (
    <div className="job-box" aria-live="polite">
      <p className="muted">
        Rebuild job {job.id}, started by {job.triggered_by}
      </p>
      {active ? (
        <div className="job-progress">
          <progress
            aria-label="Rebuild progress"
            value={job.total > 0 ? job.done : undefined}
            max={job.total > 0 ? job.total : undefined}
          />
          <span data-testid="rebuild-phase">{jobProgressText(job)}</span>
          <button
            type="button"
            className="button secondary small"
            disabled={cancel.busy || job.cancel_requested}
            onClick={() => void cancel.run(async () => onChange(await cancelJob(job.id)))}
          >
            Cancel rebuild
          </button>
          {job.cancel_requested ? <span className="muted">Cancel requested; stopping at the next safe step…</span> : null}
        </div>
      ) : (
        <div>
          <p>
            Result: <span data-testid="rebuild-status" className={`badge ${job.status}`}>{jobStatusText(job)}</span>
          </p>
          {job.status === "failed" ? null : <JobOutcome job={job} />}
        </div>
      )}
      <Notices error={cancel.error} message={null} />
    </div>
  );
}
