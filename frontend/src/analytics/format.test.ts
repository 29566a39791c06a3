import { describe, expect, it } from "vitest";
import { lastThirtyDays, millis, money, percent, pValue, signed } from "./format";

describe("analytics formatting", () => {
  it("shows rates as percentages with one decimal", () => {
    expect(percent(0.1234)).toBe("12.3 %");
    expect(percent(null)).toBe("—");
  });
  it("shows money, latency and p-values", () => {
    expect(money(20)).toBe("20.00");
    expect(millis(22.6)).toBe("23 ms");
    expect(millis(null)).toBe("—");
    expect(pValue(0.041389)).toBe("0.0414");
    expect(pValue(0.00003)).toBe("<0.001");
    expect(pValue(null)).toBe("—");
  });
  it("signs differences", () => {
    expect(signed(0.0123)).toBe("+0.0123");
    expect(signed(-0.05)).toBe("-0.0500");
    expect(signed(12.5)).toBe("+12.50");
  });
  it("defaults to the thirty days ending today", () => {
    expect(lastThirtyDays(new Date("2026-11-23T12:00:00Z"))).toEqual({ since: "2026-10-25", until: "2026-11-23" });
  });
});
