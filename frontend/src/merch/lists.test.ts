import { describe, expect, it } from "vitest";
import { joinList, parseIds, parseList } from "./lists";

describe("comma lists", () => {
  it("splits, trims and drops empties and repeats", () => {
    expect(parseList(" Sony, LG ,,Sony, sony ")).toEqual(["Sony", "LG", "sony"]);
    expect(parseList("   ")).toEqual([]);
    expect(joinList(["Sony", "LG"])).toBe("Sony, LG");
    expect(parseList(joinList(["a b", "c"]))).toEqual(["a b", "c"]);
  });

  it("reads product ids, naming the first that is none", () => {
    expect(parseIds("12, 7 ,12")).toEqual({ ids: [12, 7], bad: null });
    expect(parseIds("")).toEqual({ ids: [], bad: null });
    expect(parseIds("3, x1, -2")).toEqual({ ids: null, bad: "x1" });
    expect(parseIds("0")).toEqual({ ids: null, bad: "0" });
    expect(parseIds("1.5")).toEqual({ ids: null, bad: "1.5" });
  });
});
