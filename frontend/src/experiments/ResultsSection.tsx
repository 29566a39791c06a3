/** An experiment's results: the decision, figures per arm, comparisons with intervals, interleaving. */

import type { Results } from "../api/analyticsTypes";
import { money, percent, pValue, signed } from "../analytics/format";
import { Table } from "../analytics/Table";

const METRICS = { ctr: "CTR", conversion_rate: "Conversion rate", revenue_per_search: "Revenue per search" } as const;

export function ResultsSection({ results, onRefresh }: { results: Results; onRefresh: () => void }) {
  const interleaving = results.interleaving;
  return (
    <section aria-labelledby="results-heading">
      <h2 id="results-heading">Results</h2>
      <p className="notice" role="status">
        {results.decision}
      </p>
      <button type="button" className="button secondary small" onClick={onRefresh}>
        Refresh results
      </button>
      {results.experiment.mode === "ab" ? (
        <>
          <Table
            caption="Arm figures"
            headers={["Arm", "Searches", "Shoppers", "CTR", "Conversion rate", "Revenue per search"]}
            rows={results.arms.map((a) => [a.arm, a.searches, a.shoppers, percent(a.ctr), percent(a.conversion_rate), money(a.revenue_per_search)])}
          />
          <Table
            caption="Comparisons"
            headers={["Metric", "Arms", "Values", "Difference", "Relative lift", "Interval", "p-value", "Significant", "Method"]}
            rows={results.comparisons.map((c) => [
              METRICS[c.metric],
              `${c.control} → ${c.treatment}`,
              `${c.control_value.toPrecision(3)} → ${c.treatment_value.toPrecision(3)}`,
              signed(c.difference),
              c.relative_lift === null ? "—" : percent(c.relative_lift),
              `[${signed(c.ci_low)}, ${signed(c.ci_high)}]`,
              pValue(c.p_value),
              c.significant ? "yes" : "no",
              c.method,
            ])}
          />
          <p>
            Sample size:{" "}
            {results.sample_size_per_arm === null
              ? "not planned (no recent CTR to plan from)"
              : `${results.sample_size_per_arm.toLocaleString("en-GB")} per arm (${results.sample_size_reached ? "reached" : "not reached yet"})`}
          </p>
        </>
      ) : null}
      {interleaving ? (
        <section aria-labelledby="interleaving-heading">
          <h3 id="interleaving-heading">Interleaving</h3>
          <dl className="facts">
            <dt>Clicked searches</dt>
            <dd>{interleaving.queries}</dd>
            <dt>Wins</dt>
            <dd>
              {interleaving.arm_a} {interleaving.wins_a}, {interleaving.arm_b} {interleaving.wins_b}, ties {interleaving.ties}
            </dd>
            <dt>{interleaving.arm_b}'s share of wins</dt>
            <dd>
              {percent(interleaving.b_share)} [{percent(interleaving.ci_low)}, {percent(interleaving.ci_high)}]
            </dd>
            <dt>p-value (sign test)</dt>
            <dd>{pValue(interleaving.p_value)}</dd>
            <dt>Significant</dt>
            <dd>{interleaving.significant ? "yes" : "no"}</dd>
          </dl>
        </section>
      ) : null}
    </section>
  );
}
