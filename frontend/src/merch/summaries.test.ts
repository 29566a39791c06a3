import { describe, expect, it } from "vitest";
import type { Consequence } from "../api/merchTypes";
import {
  conditionSummary,
  consequenceSummary,
  ctrText,
  evaluationText,
  movementText,
  ndcgText,
  suggestionText,
  versionSummary,
  windowSummary,
} from "./summaries";

const nothing: Consequence = { pins: [], hide: [], boosts: [], filter_brand: [], filter_type: [], redirect: null, banner: null };

describe("console wording", () => {
  it("words a condition with its context", () => {
    expect(conditionSummary({ match: "is", pattern: "tv", brand: [], type: [] })).toBe('is "tv"');
    expect(conditionSummary({ match: "starts_with", pattern: "4k", brand: ["Sony", "LG"], type: ["TV"] })).toBe(
      'starts with "4k" · brand Sony, LG · type TV',
    );
  });

  it("words what a rule does", () => {
    expect(consequenceSummary(nothing)).toBe("Nothing");
    const all: Consequence = {
      pins: [{ product_id: 1, position: 1 }, { product_id: 2, position: 2 }],
      hide: [3],
      boosts: [
        { field: "brand", name: null, value: "Sony", weight: 2 },
        { field: "brand", name: null, value: "Acme", weight: -3 },
      ],
      filter_brand: ["Sony"],
      filter_type: [],
      redirect: "/help",
      banner: { text: "Sale", link: null },
    };
    expect(consequenceSummary(all)).toBe(
      "Pins 2 products, hides 1 product, boosts 1, buries 1, filters brand Sony, redirects to /help, shows a banner",
    );
  });

  it("words a time window", () => {
    expect(windowSummary(null, null)).toBe("Always");
    expect(windowSummary("2025-03-01T09:00:00Z", null)).toMatch(/^From /);
    expect(windowSummary(null, "2025-03-01T09:00:00Z")).toMatch(/^Until /);
    expect(windowSummary("2025-03-01T09:00:00Z", "2025-03-08T09:00:00Z")).toContain(" – ");
  });

  it("words preview movements", () => {
    const change = (movement: "up" | "down" | "in" | "out" | "same", was: number | null, now: number | null) =>
      movementText({ movement, published_position: was, draft_position: now });
    expect(change("up", 5, 2)).toBe("up 3");
    expect(change("down", 1, 3)).toBe("down 2");
    expect(change("in", null, 4)).toBe("new");
    expect(change("out", 4, null)).toBe("gone");
    expect(change("same", 2, 2)).toBe("same");
  });

  it("words NDCG, evaluations, versions and suggestions", () => {
    expect(ndcgText({ published: 0.5123, draft: 0.6009, judged: 12 })).toBe("NDCG@10: published 0.512, draft 0.601 (12 judged)");
    expect(evaluationText({ queries: 40, published_ndcg: 0.5, draft_ndcg: 0.53 })).toBe(
      "Judged queries: 40 — published NDCG@10 0.500, draft NDCG@10 0.530",
    );
    expect(versionSummary({ synonym_sets: 1, synonyms: 14, rules: 0 })).toBe("1 set, 14 synonyms, 0 rules");
    expect(suggestionText({ query: "tellie", candidate: "tv" })).toBe("tellie → tv");
    expect(suggestionText({ query: "xyz", candidate: null })).toBe("xyz");
    expect(ctrText(0.125)).toBe("12.5%");
    expect(ctrText(null)).toBe("—");
  });
});
