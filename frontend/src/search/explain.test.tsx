import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { FeatureContribution, ProductHit } from "../api/types";
import { formatFeatureValue, rankingLabel, topContributions } from "./explain";
import { formatSigned } from "./format";
import { ResultCard } from "./ResultCard";
import { ExplainToggle, RankingNote } from "./SearchPage";

const feature = (name: string, contribution: number, value: number | null = 1): FeatureContribution => ({ name, value, contribution });

describe("topContributions", () => {
  it("sorts by absolute contribution, signs it, and keeps ties in the API's order", () => {
    const { lines, more } = topContributions([
      feature("bm25_title", 0.2, 12.5),
      feature("price", -0.9, 1299.99),
      feature("rating", 0.2, null),
      feature("in_stock", 0),
    ]);
    expect(lines.map((l) => l.name)).toEqual(["price", "bm25_title", "rating", "in_stock"]);
    expect(lines[0]).toEqual({ name: "price", value: "1,299.99", contribution: "\u22120.900", direction: "down" });
    expect(lines[1]).toMatchObject({ value: "12.5", contribution: "+0.200", direction: "up" });
    expect(lines[2]?.value).toBe("—");
    expect(lines[3]).toMatchObject({ contribution: "±0.000", direction: "none" });
    expect(more).toBe(0);
  });

  it("lists the top eight and counts the rest", () => {
    const features = Array.from({ length: 11 }, (_, i) => feature(`f${i}`, (i % 2 ? -1 : 1) * i));
    const { lines, more } = topContributions(features);
    expect(lines).toHaveLength(8);
    expect(lines[0]?.name).toBe("f10");
    expect(lines[7]?.name).toBe("f3");
    expect(more).toBe(3);
    expect(topContributions(features, 2).more).toBe(9);
    expect(topContributions([])).toEqual({ lines: [], more: 0 });
  });

  it("does not mutate its input", () => {
    const features = [feature("a", 0.1), feature("b", -0.5)];
    topContributions(features);
    expect(features.map((f) => f.name)).toEqual(["a", "b"]);
  });
});

describe("explanation formatting", () => {
  it("formats signed numbers, values and the ranking", () => {
    expect(formatSigned(0.0321)).toBe("+0.032");
    expect(formatSigned(-0.01)).toBe("\u22120.010");
    expect(formatSigned(-0.0004)).toBe("±0.000");
    expect(formatFeatureValue(3)).toBe("3");
    expect(formatFeatureValue(0.37549)).toBe("0.375");
    expect(formatFeatureValue(null)).toBe("—");
    expect(formatFeatureValue(Number.NaN)).toBe("—");
    expect(rankingLabel("bm25")).toBe("BM25");
    expect(rankingLabel("ltr:3")).toBe("ltr:3");
  });
});

const hit: ProductHit = {
  product_id: 7,
  sku: "SKU-7",
  title: "Laptop",
  brand: "HP",
  product_type: "Laptops",
  price: 999,
  currency: "EUR",
  rating: null,
  review_count: 0,
  in_stock: true,
  stock_left: null,
  stock_label: "In stock",
  image_url: null,
  score: 3.2,
  highlight: {},
  explanation: null,
  pinned: false,
  synonym: false,
};

describe("explanations on the results", () => {
  it("adds a 'Why here?' to a card only when given an explanation", () => {
    const features = Array.from({ length: 10 }, (_, i) => feature(`f${i}`, i / 10));
    const html = renderToStaticMarkup(
      <ResultCard hit={hit} queryId="q1" position={1} explanation={{ model: "ltr:3", score: 1.25, features }} />,
    );
    expect(html).toContain("<summary>Why here?</summary>");
    expect(html).toContain("ltr:3 score 1.25");
    expect(html).toContain('<th scope="row">f9</th>');
    expect(html).not.toContain('<th scope="row">f1</th>');
    expect(html).toContain("…and 2 more");
    expect(renderToStaticMarkup(<ResultCard hit={{ ...hit, explanation: { model: "bm25", score: 1, features } }} queryId="q1" position={1} />)).not.toContain(
      "Why here?",
    );
  });

  it("labels the toggle and the ranking", () => {
    expect(renderToStaticMarkup(<ExplainToggle checked onChange={() => undefined} />)).toMatch(/<input type="checkbox"[^>]*checked=""[^>]*\/> Explain ranking<\/label>/);
    expect(renderToStaticMarkup(<RankingNote ranking="bm25" />)).toContain("Ranked by BM25");
    expect(renderToStaticMarkup(<RankingNote ranking="ltr:3" />)).toContain("Ranked by ltr:3");
  });
});
