import { describe, expect, it } from "vitest";
import { facetLabel, formatPrice } from "./format";
import { decodeEntities, splitHighlight } from "./highlight";
import { EMPTY_STATE, parseQueryString, toQueryString, toggle } from "./urlState";

describe("url state", () => {
  it("round-trips through the query string", () => {
    const state = { ...EMPTY_STATE, q: "usb cable", brand: ["HP", "Dell"], price: "10-50", in_stock: true, sort: "price_asc" as const, page: 3 };
    expect(parseQueryString(toQueryString(state))).toEqual(state);
  });
  it("leaves defaults out and ignores junk", () => {
    expect(toQueryString(EMPTY_STATE)).toBe("");
    expect(parseQueryString("?sort=cheapest&page=-2").sort).toBe("relevance");
    expect(parseQueryString("?page=abc").page).toBe(1);
  });
  it("toggles values", () => {
    expect(toggle(["a"], "b")).toEqual(["a", "b"]);
    expect(toggle(["a", "b"], "a")).toEqual(["b"]);
  });
});

describe("highlight", () => {
  it("keeps only em as markup and decodes entities", () => {
    expect(splitHighlight("a &lt;b&gt; <em>Lap</em> x&#x2F;y")).toEqual([
      { text: "a <b> ", em: false },
      { text: "Lap", em: true },
      { text: " x/y", em: false },
    ]);
    expect(decodeEntities("&amp;lt;")).toBe("&lt;");
  });
});

describe("format", () => {
  it("formats prices and facet labels", () => {
    expect(formatPrice(1234.5, "EUR")).toBe("€1,234.50");
    expect(formatPrice(null, "EUR")).toBe("Price on request");
    expect(facetLabel("price", "1000-")).toBe("€1000 and more");
    expect(facetLabel("rating", "4")).toBe("4★ & up");
  });
});
