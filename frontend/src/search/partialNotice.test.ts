import { describe, expect, it } from "vitest";
import { partialNotice } from "./partialNotice";

describe("partialNotice", () => {
  it("names the dropped words' remainder the results are for", () => {
    expect(partialNotice("iphone 11", { missing: [], dropped: ["11"], showing: "iphone" })).toBe(
      "No results for “iphone 11” — showing results for “iphone”.",
    );
  });

  it("says which words no product mentions", () => {
    expect(partialNotice("sony unicornium", { missing: ["unicornium"], dropped: ["unicornium"], showing: "sony" })).toBe(
      "No results for “sony unicornium” — showing results for “sony”. No product mentions “unicornium”.",
    );
  });

  it("says when the results are close spellings", () => {
    expect(partialNotice("labtop", { missing: ["labtop"], dropped: [], showing: "labtop" })).toBe(
      "No results for “labtop” — showing close spellings. No product mentions “labtop”.",
    );
  });

  it("falls back to the partial-words notice", () => {
    expect(partialNotice("red laptop", { missing: [], dropped: [], showing: "red laptop" })).toContain("every word");
  });
});
