import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Experiment, Results } from "../api/analyticsTypes";
import { ResultsSection, RuleFacts } from "./ResultsSection";

const experiment: Experiment = {
  id: 3,
  name: "bm25 vs ltr",
  mode: "ab",
  status: "running",
  traffic_percent: 100,
  bucket_start: 0,
  alpha: 0.05,
  power: 0.8,
  min_detectable_effect: 0.1,
  baseline_ctr: 0.3,
  baseline_shopper_sd: 0.41,
  planned_shoppers_per_arm: 1540,
  plan_basis: "812 shoppers' 3,120 searches over the last 30 days",
  planned_preference_queries: null,
  arms: [
    { name: "A", ranking: "bm25", model_id: null, merch_version: null, weight: 50 },
    { name: "B", ranking: "ltr", model_id: null, merch_version: null, weight: 50 },
  ],
  created_by: "cli",
  created_at: "2026-12-01T00:00:00Z",
  started_at: "2026-12-01T00:00:00Z",
  stopped_at: null,
  promoted_arm: null,
};

const results: Results = {
  experiment,
  arms: [
    { arm: "A", searches: 900, shoppers: 312, ctr: 0.3, conversion_rate: 0.02, revenue_per_search: 1.5 },
    { arm: "B", searches: 880, shoppers: 318, ctr: 0.33, conversion_rate: 0.02, revenue_per_search: 1.6 },
  ],
  comparisons: [],
  sample_ratio: {
    arms: ["A", "B"],
    shoppers: [312, 318],
    expected_shares: [0.5, 0.5],
    chi_square: 0.06,
    p_value: 0.81,
    threshold: 0.001,
    passed: true,
    verdict: "Shopper split 312 / 318 matches the planned 50% / 50% (chi-square p = 0.81 >= 0.001).",
  },
  stopping: {
    rule: "fixed horizon",
    planned_shoppers_per_arm: 1540,
    smallest_arm_shoppers: 312,
    reached: false,
    reached_at: null,
    state: "312 of 1,540 planned shoppers per arm",
  },
  winner: null,
  decision: "No winner yet: 312 of 1,540 planned shoppers per arm.",
  interleaving: null,
};

describe("experiment results", () => {
  it("shows the plan, the stopping rule's state, shoppers per arm and the SRM verdict", () => {
    const html = renderToStaticMarkup(<ResultsSection results={results} onRefresh={() => undefined} />);
    expect(html).toContain("1,540 shoppers per arm to detect a 10.0 % CTR lift from 30.0 %");
    expect(html).toContain("312 of 1,540 planned shoppers per arm");
    expect(html).toContain("A 312, B 318");
    expect(html).toContain("Passed: Shopper split 312 / 318");
    expect(html).toContain("No winner yet");
  });

  it("says when there is no plan and when the sample ratio check fails", () => {
    const html = renderToStaticMarkup(
      <RuleFacts
        experiment={{ ...experiment, planned_shoppers_per_arm: null }}
        stopping={results.stopping}
        sampleRatio={{ ...results.sample_ratio!, passed: false, verdict: "Sample ratio mismatch: 500 / 380" }}
      />,
    );
    expect(html).toContain("no winner can be declared");
    expect(html).toContain("Failed: Sample ratio mismatch");
  });

  it("shows interleaving's plan in queries with a preference and where its horizon stands", () => {
    const interleaved: Results = {
      ...results,
      experiment: { ...experiment, mode: "interleave", planned_shoppers_per_arm: null, planned_preference_queries: 194 },
      arms: [],
      sample_ratio: null,
      stopping: null,
      decision: "No winner yet: 6 of 194 planned queries with a preference.",
      interleaving: {
        arm_a: "A",
        arm_b: "B",
        queries: 6,
        wins_a: 1,
        wins_b: 5,
        ties: 0,
        b_share: 5 / 6,
        ci_low: 0.44,
        ci_high: 0.97,
        p_value: 0.21875,
        significant: false,
        stopping: {
          rule: "fixed horizon",
          planned_queries: 194,
          preference_queries: 6,
          reached: false,
          reached_at: null,
          state: "6 of 194 planned queries with a preference",
        },
      },
    };
    const html = renderToStaticMarkup(<ResultsSection results={interleaved} onRefresh={() => undefined} />);
    expect(html).toContain("194 queries with a preference to detect a 60.0 % share of wins");
    expect(html).toContain("6 of 194 planned queries with a preference");
    expect(html).toContain("sign test, interim");
    expect(html).not.toContain("Sample ratio check");
  });
});
