/** Above the models table: train a new model (followed until it ends) and roll back to the previous one. */

import { rollbackModel, startTraining } from "../api/admin";
import type { Job } from "../api/types";
import { useConfirm } from "../site/ConfirmDialog";
import { Notices, useAction } from "../site/forms";
import { isActive, jobStatusText } from "./jobs";
import { useWatchedJob } from "./useWatchedJob";

export function ModelActions({ onChanged }: { onChanged: () => void }) {
  const train = useAction();
  const rollback = useAction();
  const { job, error, show } = useWatchedJob(onChanged, "/admin/models");

  const startTrain = () => void train.run(async () => show(await startTraining()));
  const { confirm, dialog } = useConfirm();
  const rollBack = async () => {
    const sure = await confirm({
      title: "Roll back to the previously active ranking model?",
      body: <p>Every search ranks with that model from its next request.</p>,
      confirmLabel: "Roll back",
      tone: "danger",
    });
    if (!sure) return;
    void rollback.run(async () => {
      const model = await rollbackModel();
      onChanged();
      return `Rolled back: model ${model.id} is active now.`;
    });
  };

  return (
    <>
      {dialog}
      <div className="actions">
        <button type="button" className="button" disabled={train.busy} onClick={startTrain}>
          Train new model
        </button>
        <button type="button" className="button secondary" disabled={rollback.busy} onClick={() => void rollBack()}>
          Roll back
        </button>
      </div>
      <Notices error={train.error ?? error} message={null} />
      <Notices error={rollback.error} message={rollback.message} />
      {job ? <TrainingNotice job={job} /> : null}
    </>
  );
}

/** "Training job N queued" with a link to the training jobs, then how it ended. */
function TrainingNotice({ job }: { job: Job }) {
  return (
    <p className="notice" role="status">
      Training job {job.id} queued; <a href="/admin/jobs?kind=train">follow it on the jobs page</a>.
      {isActive(job) ? null : <span className="small-note">{`It ended: ${jobStatusText(job)}.`}</span>}
    </p>
  );
}
