import { describe, expect, it } from "vitest";
import { EMPTY_DRAFT, newArm, toRequest } from "./armForm";

describe("experiment form", () => {
  it("turns the form into a request, leaving out empty versions", () => {
    const body = toRequest({
      ...EMPTY_DRAFT,
      name: "  personal ",
      mde: "15",
      arms: [newArm("A", "bm25"), { ...newArm("B", "ltr"), modelId: "4", merchVersion: " ", weight: "25" }],
    });
    expect(body).toEqual({
      name: "personal",
      mode: "ab",
      traffic_percent: 100,
      alpha: 0.05,
      min_detectable_effect: 0.15,
      arms: [
        { name: "A", ranking: "bm25", weight: 50 },
        { name: "B", ranking: "ltr", weight: 25, model_id: 4 },
      ],
    });
  });

  it("sends an assumed baseline CTR only when one is typed", () => {
    expect(toRequest({ ...EMPTY_DRAFT, baseline: "12.5" }).baseline_ctr).toBe(0.125);
    expect("baseline_ctr" in toRequest(EMPTY_DRAFT)).toBe(false);
  });
});
