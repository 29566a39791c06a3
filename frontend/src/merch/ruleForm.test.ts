import { describe, expect, it } from "vitest";
import type { Rule } from "../api/merchTypes";
import { addHidden, addPin, buildRuleWrite, emptyRuleForm, fromLocalInput, newBoostRow, ruleToForm, toLocalInput, type RuleForm } from "./ruleForm";

const form = (change: Partial<RuleForm>): RuleForm => ({ ...emptyRuleForm(), name: "TV", pattern: "tv", ...change });

describe("rule form", () => {
  it("builds a minimal rule with empty lists and nulls", () => {
    expect(buildRuleWrite(form({}))).toEqual({
      error: null,
      rule: {
        name: "TV",
        enabled: true,
        priority: 0,
        condition: { match: "is", pattern: "tv", brand: [], type: [] },
        starts_at: null,
        ends_at: null,
        consequence: { pins: [], hide: [], boosts: [], filter_brand: [], filter_type: [], redirect: null, banner: null },
      },
    });
  });

  it("turns typed text into the API's arrays, numbers and ISO times", () => {
    const boost = { ...newBoostRow(), field: "attribute" as const, name: " size ", value: "55", weight: "-2.5" };
    const built = buildRuleWrite(
      form({
        priority: "5",
        brand: "Sony, LG",
        startsAt: "2025-03-01T09:00",
        pins: [{ product_id: 7, title: "A", position: "2" }],
        hide: "3, 4",
        boosts: [boost, { ...newBoostRow(), value: "Sony", name: "ignored" }],
        filterType: "TV",
        redirect: " /help ",
        bannerText: "Sale",
        bannerLink: "",
      }),
    );
    expect(built.error).toBeNull();
    const rule = built.rule!;
    expect(rule.priority).toBe(5);
    expect(rule.condition.brand).toEqual(["Sony", "LG"]);
    expect(rule.starts_at).toBe(new Date("2025-03-01T09:00").toISOString());
    expect(rule.consequence.pins).toEqual([{ product_id: 7, position: 2 }]);
    expect(rule.consequence.hide).toEqual([3, 4]);
    expect(rule.consequence.boosts).toEqual([
      { field: "attribute", name: "size", value: "55", weight: -2.5 },
      { field: "brand", name: null, value: "Sony", weight: 1 },
    ]);
    expect(rule.consequence.filter_type).toEqual(["TV"]);
    expect(rule.consequence.redirect).toBe("/help");
    expect(rule.consequence.banner).toEqual({ text: "Sale", link: null });
  });

  it("names what cannot be sent", () => {
    expect(buildRuleWrite(form({ priority: "1.5" })).error).toBe("Priority must be a whole number.");
    expect(buildRuleWrite(form({ hide: "3, abc" })).error).toBe("Hide product ids: “abc” is not a product id.");
    expect(buildRuleWrite(form({ pins: [{ product_id: 7, title: null, position: "101" }] })).error).toContain("product 7");
    expect(buildRuleWrite(form({ boosts: [{ ...newBoostRow(), value: "x", weight: "11" }] })).error).toContain("-10 to 10");
    expect(buildRuleWrite(form({ boosts: [{ ...newBoostRow(), field: "attribute", value: "x" }] })).error).toContain("attribute name");
    expect(buildRuleWrite(form({ bannerLink: "/sale" })).error).toBe("A banner link needs banner text.");
  });

  it("reads a saved rule back into the form", () => {
    const rule: Rule = {
      id: "r1",
      name: "TV",
      enabled: false,
      priority: 3,
      condition: { match: "contains", pattern: "tv", brand: ["Sony"], type: [] },
      starts_at: "2025-03-01T09:00:00.000Z",
      ends_at: null,
      consequence: {
        pins: [{ product_id: 7, position: 1 }],
        hide: [3, 4],
        boosts: [{ field: "brand", name: null, value: "Sony", weight: 2 }],
        filter_brand: [],
        filter_type: ["TV"],
        redirect: null,
        banner: { text: "Sale", link: "/sale" },
      },
    };
    const back = ruleToForm(rule);
    expect(back).toMatchObject({ id: "r1", priority: "3", brand: "Sony", hide: "3, 4", filterType: "TV", bannerLink: "/sale" });
    const { id, ...write } = rule;
    expect(id).toBe("r1");
    expect(buildRuleWrite(back).rule).toEqual(write);
  });

  it("converts datetime-local values both ways", () => {
    expect(fromLocalInput("")).toBeNull();
    expect(fromLocalInput("not a time")).toBeUndefined();
    expect(toLocalInput(null)).toBe("");
    expect(toLocalInput(fromLocalInput("2025-03-01T09:30") ?? null)).toBe("2025-03-01T09:30");
  });

  it("pins at the next free position and hides each product once", () => {
    const pins = addPin(addPin([], 7, "A"), 8, "B");
    expect(pins.map((p) => [p.product_id, p.position])).toEqual([[7, "1"], [8, "2"]]);
    expect(addPin(pins, 7, "A")).toBe(pins);
    expect(addHidden("", 3)).toBe("3");
    expect(addHidden("3, 4", 5)).toBe("3, 4, 5");
    expect(addHidden("3, 4", 4)).toBe("3, 4");
  });
});
