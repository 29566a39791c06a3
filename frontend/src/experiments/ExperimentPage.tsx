/** One experiment: its settings and arms, start/stop/delete, results and, for admins, promotion. */

import { useState } from "react";
import { changeExperiment, deleteExperiment, getExperiment, getResults, promoteArm } from "../api/analytics";
import type { Experiment } from "../api/analyticsTypes";
import { errorText } from "../api/client";
import { percent } from "../analytics/format";
import { Refused } from "../site/Refused";
import { Table } from "../analytics/Table";
import { useMerchLoad } from "../merch/useMerchLoad";
import { formatDate } from "../site/format";
import { Notices } from "../site/forms";
import { PageShell } from "../site/PageShell";
import { useConfirm } from "../site/ConfirmDialog";
import { useSession } from "../site/useSession";
import { ResultsSection } from "./ResultsSection";

export function ExperimentPage({ id }: { id: number }) {
  const experiment = useMerchLoad(`experiment-${id}`, () => getExperiment(id));
  const results = useMerchLoad(`results-${id}-${experiment.data?.status ?? ""}`, () => getResults(id));
  const { session } = useSession();
  const { confirm, dialog } = useConfirm();
  const [notice, setNotice] = useState<{ error: string | null; message: string | null }>({ error: null, message: null });
  const path = `/experiments/view?id=${id}`;
  if (experiment.refused) {
    return (
      <PageShell title="Experiment" wide>
        <Refused status={experiment.refused} error={experiment.error} path={path} />
      </PageShell>
    );
  }
  const row = experiment.data;
  const act = (work: Promise<string | null>) =>
    work.then((message) => setNotice({ error: null, message })).catch((e: unknown) => setNotice({ error: errorText(e), message: null }));
  const change = (action: "start" | "stop") =>
    act(changeExperiment(id, action).then((next) => (experiment.set(next), null)));
  const remove = async () => {
    const sure = await confirm({
      title: `Delete the draft experiment “${experiment.data?.name ?? id}”?`,
      body: <p>It has not started, so no results are lost; the experiment and its arms are removed.</p>,
      confirmLabel: "Delete experiment",
      tone: "danger",
    });
    if (!sure) return;
    act(deleteExperiment(id).then(() => (window.location.assign("/experiments"), null)));
  };
  const winner = results.data?.winner ?? null;
  const promote = () =>
    winner &&
    act(
      promoteArm(id, winner).then((answer) => {
        experiment.set(answer.experiment);
        return answer.message;
      }),
    );
  const isAdmin = session?.user?.role === "admin";
  return (
    <PageShell title={row?.name ?? "Experiment"} wide>
      {dialog}
      <p>
        <a href="/experiments">All experiments</a>
      </p>
      <Notices error={notice.error ?? experiment.error} message={null} />
      {notice.message ? <p className="notice">{notice.message}</p> : null}
      {row ? (
        <>
          <p className={`status ${row.status}`}>Status: {row.status}</p>
          <Facts row={row} />
          <Table
            caption="Arms"
            headers={["Arm", "Ranking", "Model version", "Merch version", "Weight"]}
            rows={row.arms.map((a) => [a.name, a.ranking, a.model_id ?? "active", a.merch_version ?? "published", a.weight])}
          />
          <div className="actions">
            {row.status === "draft" ? (
              <>
                <button type="button" className="button" onClick={() => change("start")}>
                  Start
                </button>
                <button type="button" className="button secondary" onClick={() => void remove()}>
                  Delete
                </button>
              </>
            ) : null}
            {row.status === "running" ? (
              <button type="button" className="button" onClick={() => change("stop")}>
                Stop
              </button>
            ) : null}
            {isAdmin && winner && !row.promoted_arm ? (
              <button type="button" className="button" onClick={promote}>
                Promote {winner}
              </button>
            ) : null}
          </div>
          {row.status === "draft" ? (
            <section aria-labelledby="results-heading">
              <h2 id="results-heading">Results</h2>
              <p className="muted" data-testid="not-started">
                Not started: no shopper has been assigned yet, so there is nothing to compare. Start the experiment to
                collect results.
              </p>
            </section>
          ) : results.data ? (
            <ResultsSection results={results.data} onRefresh={results.reload} />
          ) : null}
        </>
      ) : (
        <p>Loading…</p>
      )}
    </PageShell>
  );
}

function Facts({ row }: { row: Experiment }) {
  const buckets = row.bucket_start === null ? "—" : `${row.bucket_start}–${row.bucket_start + row.traffic_percent - 1}`;
  return (
    <dl className="facts">
      <dt>Mode</dt>
      <dd>{row.mode === "ab" ? "A/B test" : "Interleaving"}</dd>
      <dt>Traffic</dt>
      <dd>
        {row.traffic_percent} % (buckets {buckets})
      </dd>
      <dt>Significance level / power</dt>
      <dd>
        {row.alpha} / {row.power}
      </dd>
      {row.mode === "interleave" ? (
        <>
          <dt>Preference margin</dt>
          <dd>{percent(row.min_detectable_effect)}</dd>
          <dt>Planned queries with a preference</dt>
          <dd>{row.planned_preference_queries === null ? "—" : row.planned_preference_queries.toLocaleString("en-GB")}</dd>
        </>
      ) : (
        <>
          <dt>Minimum detectable effect</dt>
          <dd>{percent(row.min_detectable_effect)}</dd>
          <dt>Baseline CTR</dt>
          <dd>{percent(row.baseline_ctr)}</dd>
          <dt>Planned shoppers per arm</dt>
          <dd>
            {row.planned_shoppers_per_arm === null
              ? "—"
              : `${row.planned_shoppers_per_arm.toLocaleString("en-GB")} (${row.plan_basis ?? "planned"})`}
          </dd>
        </>
      )}
      <dt>Started / stopped</dt>
      <dd>
        {formatDate(row.started_at, "—")} / {formatDate(row.stopped_at, "—")}
      </dd>
      {row.promoted_arm ? (
        <>
          <dt>Promoted</dt>
          <dd>{row.promoted_arm}</dd>
        </>
      ) : null}
    </dl>
  );
}
