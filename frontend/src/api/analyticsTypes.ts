/** Shapes of the analytics and experiments API (see the backend's report_schemas and experiments.schemas). */

export interface Latency {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface Metrics {
  searches: number;
  unique_queries: number;
  zero_result_rate: number;
  no_click_rate: number;
  ctr_at_1: number;
  ctr_at_5: number;
  ctr_at_10: number;
  avg_click_position: number | null;
  add_to_cart_rate: number;
  conversion_rate: number;
  revenue_per_search: number;
  latency_ms: Latency;
}

export interface QueryFigures {
  query: string;
  searches: number;
  ctr: number;
  conversion_rate: number;
  zero_result_rate: number;
}

export interface Report {
  since: string;
  until: string;
  variant: string | null;
  rolled_up_at: string | null;
  overall: Metrics;
  variants: { variant: string; metrics: Metrics }[];
  days: { day: string; metrics: Metrics }[];
  top_queries: QueryFigures[];
  zero_result_queries: { query: string; searches: number }[];
}

export interface QueryReport {
  query: string;
  since: string;
  until: string;
  searches: number;
  ctr: number;
  conversion_rate: number;
  zero_result_rate: number;
  clicked_products: { product_id: number; title: string | null; clicks: number }[];
  reformulations: { query: string; count: number }[];
  days: { day: string; searches: number }[];
}

export interface Segment {
  segment: number;
  size: number;
  top_types: string[];
  searches: number;
  ctr: number;
  add_to_cart_rate: number;
  conversion_rate: number;
}

export interface SegmentReport {
  refreshed_at: string | null;
  segments: Segment[];
}

export type Ranking = "bm25" | "ltr" | "ltr_personal";

export interface Arm {
  name: string;
  ranking: Ranking;
  model_id: number | null;
  merch_version: number | null;
  weight: number;
}

export interface Experiment {
  id: number;
  name: string;
  mode: "ab" | "interleave";
  status: "draft" | "running" | "stopped";
  traffic_percent: number;
  bucket_start: number | null;
  alpha: number;
  power: number;
  min_detectable_effect: number;
  baseline_ctr: number | null;
  /** The plan (fixed horizon): per-shopper spread of CTR, shoppers per arm, what it rests on. */
  baseline_shopper_sd: number | null;
  planned_shoppers_per_arm: number | null;
  plan_basis: string | null;
  /** Interleaving's plan: queries with a preference (not tied) for the sign test; null for A/B. */
  planned_preference_queries: number | null;
  arms: Arm[];
  created_by: string | null;
  created_at: string;
  started_at: string | null;
  stopped_at: string | null;
  promoted_arm: string | null;
}

export interface ExperimentCreate {
  name: string;
  mode: "ab" | "interleave";
  arms: { name: string; ranking: Ranking; model_id?: number; merch_version?: number; weight: number }[];
  traffic_percent: number;
  alpha: number;
  min_detectable_effect: number;
  /** Assumed CTR to plan with when the store has no recent searches. */
  baseline_ctr?: number;
}

export interface Comparison {
  metric: "ctr" | "conversion_rate" | "revenue_per_search";
  control: string;
  treatment: string;
  control_value: number;
  treatment_value: number;
  difference: number;
  relative_lift: number | null;
  ci_low: number;
  ci_high: number;
  p_value: number | null;
  significant: boolean;
  method: "delta method" | "shopper bootstrap";
}

/** Sample ratio mismatch: observed shoppers per arm against the planned shares. */
export interface SampleRatioCheck {
  arms: string[];
  shoppers: number[];
  expected_shares: number[];
  chi_square: number | null;
  p_value: number | null;
  threshold: number;
  passed: boolean | null;
  verdict: string;
}

/** The fixed-horizon stopping rule's state. */
export interface Stopping {
  rule: "fixed horizon";
  planned_shoppers_per_arm: number | null;
  smallest_arm_shoppers: number;
  reached: boolean;
  reached_at: string | null;
  state: string;
}

/** Interleaving's fixed horizon: the sign test is read once, at the planned queries with a preference. */
export interface PreferenceStopping {
  rule: "fixed horizon";
  planned_queries: number | null;
  /** Queries with a preference so far, including any after the horizon. */
  preference_queries: number;
  reached: boolean;
  reached_at: string | null;
  state: string;
}

/** Team-draft interleaving; counts and test are on the queries analysed (up to the horizon once reached). */
export interface Interleaving {
  arm_a: string;
  arm_b: string;
  queries: number;
  wins_a: number;
  wins_b: number;
  ties: number;
  b_share: number | null;
  ci_low: number | null;
  ci_high: number | null;
  p_value: number | null;
  significant: boolean;
  stopping: PreferenceStopping;
}

export interface Results {
  experiment: Experiment;
  arms: { arm: string; searches: number; shoppers: number; ctr: number; conversion_rate: number; revenue_per_search: number }[];
  comparisons: Comparison[];
  sample_ratio: SampleRatioCheck | null;
  stopping: Stopping | null;
  winner: string | null;
  decision: string;
  interleaving: Interleaving | null;
}
