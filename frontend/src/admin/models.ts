/** Pure helpers of the ranking models page: which metrics it shows and how they read. */

import type { RankingModelRead } from "../api/types";

/** The promotion gate: a model must beat the active one on this. */
export const GATE_METRIC = "validation_ndcg@10";
/** BM25 on the same validation queries, the baseline each model is measured against. */
export const BM25_METRIC = "bm25_validation_ndcg@10";
export const MRR_METRIC = "validation_mrr";
export const RECALL_METRIC = "validation_recall@10";

/** A metric as "0.412", or "—" when the model does not report it. */
export function formatMetric(value: unknown): string {
  return typeof value === "number" && Number.isFinite(value) ? value.toFixed(3) : "—";
}

/** How far the model's NDCG@10 is above (+) or below (−) BM25's, or null when either is missing. */
export function gainOverBm25(model: Pick<RankingModelRead, "metrics">): number | null {
  const ndcg = model.metrics[GATE_METRIC];
  const bm25 = model.metrics[BM25_METRIC];
  return typeof ndcg === "number" && typeof bm25 === "number" ? ndcg - bm25 : null;
}
