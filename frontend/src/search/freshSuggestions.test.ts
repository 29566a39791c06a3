import { describe, expect, it } from "vitest";
import { continuesWord } from "./freshSuggestions";

describe("continuesWord", () => {
  it("keeps the list while the same word grows", () => {
    expect(continuesWord("lap", "lap")).toBe(true);
    expect(continuesWord("lap", "Lapto")).toBe(true);
    expect(continuesWord("drill b", "drill bi")).toBe(true);
  });

  it("drops the previous word's list when a new word starts", () => {
    expect(continuesWord("drill", "drill b")).toBe(false);
    expect(continuesWord("drill", "drill  ")).toBe(false);
  });

  it("drops it on deletions, other text, or before any answer", () => {
    expect(continuesWord("drill b", "drill")).toBe(false);
    expect(continuesWord("drill", "mouse")).toBe(false);
    expect(continuesWord("", "mouse")).toBe(false);
  });
});
