/** An experiment's results: the decision, the stopping rule and SRM check, figures per arm, comparisons, interleaving with its plan and horizon. */

import type { Experiment, Results, SampleRatioCheck, Stopping } from "../api/analyticsTypes";
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
          <RuleFacts experiment={results.experiment} stopping={results.stopping} sampleRatio={results.sample_ratio} />
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
        </>
      ) : null}
      {interleaving ? (
        <section aria-labelledby="interleaving-heading">
          <h3 id="interleaving-heading">Interleaving</h3>
          <dl className="facts">
            <dt>Plan</dt>
            <dd>{preferencePlan(results.experiment)}</dd>
            <dt>Stopping rule (fixed horizon)</dt>
            <dd>{interleaving.stopping.state}</dd>
            <dt>Clicked searches analysed</dt>
            <dd>{interleaving.queries}</dd>
            <dt>Wins</dt>
            <dd>
              {interleaving.arm_a} {interleaving.wins_a}, {interleaving.arm_b} {interleaving.wins_b}, ties {interleaving.ties}
            </dd>
            <dt>{interleaving.arm_b}'s share of wins</dt>
            <dd>
              {percent(interleaving.b_share)} [{percent(interleaving.ci_low)}, {percent(interleaving.ci_high)}]
            </dd>
            <dt>p-value (sign test{interleaving.stopping.reached ? "" : ", interim"})</dt>
            <dd>{pValue(interleaving.p_value)}</dd>
            <dt>Significant</dt>
            <dd>{interleaving.significant ? "yes" : "no"}</dd>
          </dl>
        </section>
      ) : null}
    </section>
  );
}

/** Interleaving's plan in queries with a preference, read from the experiment's preference margin. */
export function preferencePlan(experiment: Experiment): string {
  const planned = experiment.planned_preference_queries;
  if (planned === null) return "None: the preference margin must be below 50 %, so no winner can be declared";
  return `${planned.toLocaleString("en-GB")} queries with a preference to detect a ${percent(0.5 + experiment.min_detectable_effect)} share of wins for either ranker (sign test, α ${experiment.alpha}, power ${experiment.power})`;
}

/** The plan, where the stopping rule stands, and the sample ratio check. */
export function RuleFacts({
  experiment,
  stopping,
  sampleRatio,
}: {
  experiment: Experiment;
  stopping: Stopping | null;
  sampleRatio: SampleRatioCheck | null;
}) {
  const planned = experiment.planned_shoppers_per_arm;
  return (
    <dl className="facts">
      <dt>Plan</dt>
      <dd>
        {planned === null
          ? "None: no recent searches to plan from, so no winner can be declared"
          : `${planned.toLocaleString("en-GB")} shoppers per arm to detect a ${percent(experiment.min_detectable_effect)} CTR lift from ${percent(experiment.baseline_ctr)} (α ${experiment.alpha}, power ${experiment.power}; ${experiment.plan_basis ?? "planned"})`}
      </dd>
      <dt>Stopping rule (fixed horizon)</dt>
      <dd>{stopping === null ? "—" : stopping.state}</dd>
      <dt>Shoppers per arm</dt>
      <dd>{sampleRatio === null ? "—" : sampleRatio.arms.map((arm, i) => `${arm} ${(sampleRatio.shoppers[i] ?? 0).toLocaleString("en-GB")}`).join(", ")}</dd>
      <dt>Sample ratio check</dt>
      <dd>
        {sampleRatio === null ? "—" : `${sampleRatio.passed === false ? "Failed" : sampleRatio.passed ? "Passed" : "Not yet"}: ${sampleRatio.verdict}`}
      </dd>
    </dl>
  );
}
