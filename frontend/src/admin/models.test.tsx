import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { RankingModelRead } from "../api/types";
import { ModelTable } from "./ModelTable";
import { formatMetric, gainOverBm25 } from "./models";

const model = (change: Partial<RankingModelRead> = {}): RankingModelRead => ({
  id: 3,
  created_at: "2025-03-12T14:00:00Z",
  trained_by: "user:1",
  features: ["bm25_title", "price", "rating"],
  metrics: { "validation_ndcg@10": 0.4123, "bm25_validation_ndcg@10": 0.38, validation_mrr: 0.51, "validation_recall@10": 0.7 },
  training_data: {},
  checksum: "abc",
  active: false,
  promoted_by: null,
  promoted_at: null,
  promotion_note: null,
  ...change,
});

describe("model metrics", () => {
  it("formats metrics to three decimals, with a dash when missing", () => {
    expect(formatMetric(0.41234)).toBe("0.412");
    expect(formatMetric(undefined)).toBe("—");
    expect(formatMetric(Number.NaN)).toBe("—");
  });

  it("measures NDCG@10 against BM25 on the same queries", () => {
    expect(gainOverBm25(model())).toBeCloseTo(0.0323);
    expect(gainOverBm25(model({ metrics: { "validation_ndcg@10": 0.4 } }))).toBeNull();
  });
});

describe("ModelTable", () => {
  it("badges the active model and offers Promote on the others only", () => {
    const html = renderToStaticMarkup(
      <ModelTable
        models={[
          model({ id: 4 }),
          model({ id: 3, active: true, promoted_by: "user:2", promoted_at: "2025-03-13T09:00:00Z", promotion_note: "better recall" }),
        ]}
        onPromoted={() => undefined}
      />,
    );
    expect(html.match(/>Promote<\/button>/g)).toHaveLength(1);
    expect(html).toContain('aria-describedby="model-4"');
    expect(html).toContain('<span class="badge active">active</span>');
    expect(html).toContain("0.412 <span class=\"muted\">vs 0.380</span>");
    expect(html).toContain("+0.032 over BM25");
    expect(html).toContain("0.510");
    expect(html).toContain("by user:2");
    expect(html).toContain("better recall");
    expect(html).toContain("3 features");
  });
});
