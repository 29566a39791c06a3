/** Parity check and outbox sync: start the job, then point at the jobs page for its outcome. */

import { useState } from "react";
import { startSync, startVerify } from "../api/admin";
import type { Job } from "../api/types";
import { Notices, useAction } from "../site/forms";

export function MaintenanceSection() {
  const action = useAction();
  const [queued, setQueued] = useState<{ what: string; job: Job } | null>(null);
  const begin = (what: string, start: () => Promise<Job>) =>
    void action.run(async () => {
      setQueued(null);
      setQueued({ what, job: await start() });
    });
  return (
    <section className="section" aria-labelledby="maintenance-heading">
      <h2 id="maintenance-heading">Maintenance</h2>
      <p className="muted">
        A parity check compares Postgres with the live index; a sync applies the pending outbox changes now.
      </p>
      <div className="actions">
        <button type="button" className="button secondary" disabled={action.busy} onClick={() => begin("Parity check", startVerify)}>
          Check parity
        </button>
        <button type="button" className="button secondary" disabled={action.busy} onClick={() => begin("Sync", startSync)}>
          Sync now
        </button>
      </div>
      <Notices error={action.error} message={null} />
      {queued ? (
        <p className="notice" role="status">
          {queued.what}: <a href={`/admin/jobs?kind=${queued.job.kind}`}>{`job ${queued.job.id} queued`}</a>; the jobs page shows its
          outcome.
        </p>
      ) : null}
    </section>
  );
}
