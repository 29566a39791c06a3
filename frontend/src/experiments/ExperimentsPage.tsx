/** Every experiment, and the form to create one. */

import { listExperiments } from "../api/analytics";
import { Refused } from "../site/Refused";
import { Table } from "../analytics/Table";
import { useMerchLoad } from "../merch/useMerchLoad";
import { formatDate } from "../site/format";
import { Notices } from "../site/forms";
import { PageShell } from "../site/PageShell";
import { ExperimentForm } from "./ExperimentForm";

export function ExperimentsPage() {
  const list = useMerchLoad("experiments", listExperiments);
  if (list.refused) {
    return (
      <PageShell title="Experiments" wide>
        <Refused status={list.refused} error={list.error} path="/experiments" />
      </PageShell>
    );
  }
  return (
    <PageShell title="Experiments" wide>
      <Notices error={list.error} message={null} />
      <Table
        caption="All experiments"
        headers={["Name", "Mode", "Status", "Traffic", "Arms", "Started"]}
        empty="No experiments yet"
        rows={(list.data?.experiments ?? []).map((e) => [
          <a href={`/experiments/view?id=${e.id}`}>{e.name}</a>,
          e.mode === "ab" ? "A/B test" : "Interleaving",
          e.status,
          `${e.traffic_percent} %`,
          e.arms.map((arm) => arm.name).join(", "),
          formatDate(e.started_at, "—"),
        ])}
      />
      <ExperimentForm />
    </PageShell>
  );
}
