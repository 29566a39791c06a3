import { describe, expect, it } from "vitest";
import { facetLabel, formatPrice } from "./format";

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
