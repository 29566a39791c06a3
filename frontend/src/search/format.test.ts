import { describe, expect, it } from "vitest";
import { facetLabel, formatMoney, formatPrice } from "./format";

describe("formatPrice", () => {
  it("formats in the result's currency", () => {
    expect(formatPrice(1234.5, "EUR")).toBe("€1,234.50");
    expect(formatPrice(19, "USD")).toBe("US$19.00");
    expect(formatPrice(0, "GBP")).toBe("£0.00");
  });

  it("says when there is no price", () => {
    expect(formatPrice(null, "EUR")).toBe("Price on request");
  });
});

describe("facetLabel", () => {
  it("reads price ranges, open at either end", () => {
    expect(facetLabel("price", "100-250")).toBe("€100 – €250");
    expect(facetLabel("price", "1000-")).toBe("€1,000 and more");
    expect(facetLabel("price", "-50")).toBe("Up to €50");
    expect(facetLabel("price", "0-50", "USD")).toBe("US$0 – US$50");
  });

  it("reads ratings and passes other values through", () => {
    expect(facetLabel("rating", "4")).toBe("4★ & up");
    expect(facetLabel("brand", "HP")).toBe("HP");
  });
});

describe("formatMoney", () => {
  it("formats the decimal strings of the cart and orders", () => {
    expect(formatMoney("1234.5", "EUR")).toBe("€1,234.50");
    expect(formatMoney("19.90", "EUR")).toBe("€19.90");
    expect(formatMoney("0", "GBP")).toBe("£0.00");
    expect(formatMoney("0.1", "USD")).toBe("US$0.10");
    expect(formatMoney("1000000.00", "EUR")).toBe("€1,000,000.00");
  });

  it("says when there is no price and passes odd strings through", () => {
    expect(formatMoney(null, "EUR")).toBe("Price on request");
    expect(formatMoney("", "EUR")).toBe("");
    expect(formatMoney("n/a", "EUR")).toBe("n/a");
  });
});
