/** Pure helpers of the ranking explanations staff can ask for: which features to list and how they read. */

import type { FeatureContribution } from "../api/types";
import { formatSigned } from "./format";

/** How many features "Why here?" lists before "…and N more". */
export const TOP_FEATURES = 8;

export interface FeatureLine {
  name: string;
  /** The feature's value, or "—" when the product lacks it. */
  value: string;
  /** Its signed share of the score: "+0.412", "−0.031". */
  contribution: string;
  /** Which way it moved the result. */
  direction: "up" | "down" | "none";
}

/** The features with the largest absolute contribution first (ties keep the API's order), the top `limit` formatted. */
export function topContributions(
  features: readonly FeatureContribution[],
  limit = TOP_FEATURES,
): { lines: FeatureLine[]; more: number } {
  const size = (f: FeatureContribution) => (Number.isFinite(f.contribution) ? Math.abs(f.contribution) : 0);
  const sorted = [...features].sort((a, b) => size(b) - size(a));
  const lines = sorted.slice(0, Math.max(0, limit)).map((feature) => {
    const contribution = formatSigned(feature.contribution);
    return {
      name: feature.name,
      value: formatFeatureValue(feature.value),
      contribution,
      direction: contribution.startsWith("+") ? "up" : contribution.startsWith("±") ? "none" : "down",
    } satisfies FeatureLine;
  });
  return { lines, more: features.length - lines.length };
}

/** A feature value to at most three decimals ("12", "0.375", "1,204"), "—" when missing. */
export function formatFeatureValue(value: number | null | undefined): string {
  if (typeof value !== "number" || !Number.isFinite(value)) return "—";
  return value.toLocaleString("en", { maximumFractionDigits: 3 });
}

/** The response's `ranking` as shown: "BM25" for "bm25", else as given ("ltr:3"). */
export function rankingLabel(ranking: string): string {
  return ranking.trim().toLowerCase() === "bm25" ? "BM25" : ranking;
}
